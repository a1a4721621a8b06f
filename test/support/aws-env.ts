// In-process CLI tests that talk to the fake AWS endpoint need dummy credentials and no way to
// reach real AWS settings (shared config, profiles, instance metadata). Call at module level: the
// environment is set before the file's own beforeAll hooks and restored after the file.

const ENV_KEYS = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_EC2_METADATA_DISABLED',
  'AWS_ENDPOINT_URL',
  'AWS_REGION',
];

export function useDummyAwsEnvironment(): void {
  const saved: Record<string, string | undefined> = {};
  beforeAll(() => {
    for (const key of ENV_KEYS) saved[key] = process.env[key];
    process.env.AWS_ACCESS_KEY_ID = 'AKIAFAKEFAKEFAKE';
    process.env.AWS_SECRET_ACCESS_KEY = 'fake';
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_ENDPOINT_URL;
    delete process.env.AWS_REGION;
    process.env.AWS_CONFIG_FILE = '/nonexistent/aws-audit-test/config';
    process.env.AWS_SHARED_CREDENTIALS_FILE = '/nonexistent/aws-audit-test/credentials';
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
  });
  afterAll(() => {
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });
}
