// Start-up (issue 18): commands that read no AWS account load neither the AWS SDK nor ajv's schema
// compiler, and the SDK's Node-version warning never reaches the user (issue 19 bug 3), including
// on the Organizations fan-out path, which makes its own STS and Organizations clients.
// Runs the built binary (`npm test` builds first) with a preload that lists the CommonJS modules
// the process loaded (test/support/loaded-modules.mjs): the SDK and ajv are CommonJS packages.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GlobalBuilder, RegionBuilder, buildAccount } from '../support/builders/index.js';
import { startFakeAws, type FakeAws } from '../fake-aws/index.js';
import { BUILT_CLI, tempDir, type CliRun } from '../support/cli.js';

const PRELOAD = join(process.cwd(), 'test/support/loaded-modules.mjs');

/** Module paths that must not load before a command needs AWS or a schema compile. */
const HEAVY: readonly [string, RegExp][] = [
  ['an AWS SDK client', /node_modules\/@aws-sdk\/client-/],
  ['an AWS credential provider', /node_modules\/@aws-sdk\/credential-provider/],
  ['ajv (compiler)', /node_modules\/ajv\/dist\/(?!runtime\/)/],
  ['the YAML parser', /node_modules\/yaml\//],
];

interface TracedRun extends CliRun {
  modules: string[];
}

function runTraced(args: string[], env: NodeJS.ProcessEnv = {}): Promise<TracedRun> {
  return tempDir().then(
    (dir) =>
      new Promise((resolve) => {
        const trace = join(dir, 'modules.txt');
        execFile(
          process.execPath,
          ['--import', PRELOAD, BUILT_CLI, ...args],
          { env: { PATH: process.env.PATH, AWS_AUDIT_LOADED_MODULES: trace, ...env } },
          (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
            readFile(trace, 'utf8').then(
              (text) => resolve({ code, stdout, stderr, modules: text.split('\n') }),
              () => resolve({ code, stdout, stderr, modules: [] }),
            );
          },
        );
      }),
  );
}

function heavyModules(modules: readonly string[]): string[] {
  return HEAVY.flatMap(([what, pattern]) => {
    const hit = modules.find((path) => pattern.test(path));
    return hit ? [`${what}: ${hit}`] : [];
  });
}

beforeAll(async () => {
  await access(BUILT_CLI).catch(() => {
    throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` (npm test does it first)`);
  });
});

describe('commands that read no AWS account', () => {
  it.each([
    [['--version'], /^0\.\d+\.\d+\n$/],
    [['--help'], /Usage: aws-audit/],
    [['rules'], /ec2-security-group-no-public-ssh/],
  ])('%j loads no SDK client, credential provider, ajv compiler or YAML parser', async (args, stdout) => {
    const result = await runTraced(args);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(stdout);
    // The trace itself worked: commander is CommonJS and always loads.
    expect(result.modules.some((path) => path.includes('node_modules/commander/'))).toBe(true);
    expect(heavyModules(result.modules)).toEqual([]);
  });

  it('scan --snapshot validates the demo snapshot with the build-time validators, not a compiled schema', async () => {
    const result = await runTraced([
      'scan',
      '--snapshot',
      'examples/demo-account.json',
      '--out-dir',
      await tempDir(),
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(heavyModules(result.modules)).toEqual([]);
    // ajv's run-time helpers are what the generated validators use instead.
    expect(result.modules.some((path) => path.includes('node_modules/ajv/dist/runtime/'))).toBe(true);
  });

  it('a snapshot that breaks the schema is still refused with the first problem (exit 2)', async () => {
    const dir = await tempDir();
    const demo = JSON.parse(await readFile('examples/demo-account.json', 'utf8')) as { collectedAt: string };
    demo.collectedAt = 'yesterday';
    const file = join(dir, 'bad.json');
    await import('node:fs/promises').then((fs) => fs.writeFile(file, JSON.stringify(demo)));
    const result = await runTraced(['scan', '--snapshot', file, '--out-dir', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`aws-audit: snapshot ${file}: /collectedAt: must match format "date-time"\n`);
  });
});

describe('a live Organizations fan-out on Node 20', () => {
  const MANAGEMENT = '111111111111';
  const MEMBER = '222222222222';
  let fake: FakeAws;

  beforeAll(async () => {
    const account = (id: string) => {
      const region = new RegionBuilder('us-east-1', id);
      region.vpc(`vpc-${id.slice(0, 4)}`);
      return { snapshot: buildAccount({ accountId: id, regions: [region], global: new GlobalBuilder(id) }) };
    };
    fake = await startFakeAws({
      accounts: [account(MANAGEMENT), account(MEMBER)],
      organization: {
        managementAccountId: MANAGEMENT,
        accounts: [
          { id: MANAGEMENT, name: 'management', status: 'ACTIVE' },
          { id: MEMBER, name: 'workloads', status: 'ACTIVE' },
        ],
      },
    });
  });
  afterAll(() => fake.close());

  it('prints no SDK Node-version warning, and loads the SDK only because it reads AWS', async () => {
    const out = await tempDir();
    const result = await runTraced(
      ['scan', '--org-role-name', 'aws-audit-member', '--out-dir', out, '--endpoint-url', fake.url],
      {
        AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKE',
        AWS_SECRET_ACCESS_KEY: 'fake',
        AWS_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/nonexistent/aws-audit-test/config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-audit-test/credentials',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    );
    expect(result.stderr).not.toMatch(/NodeVersionSupportWarning|will require node/);
    expect(result.code).toBe(0);
    expect(fake.stats().requests).toBeGreaterThan(0);
    expect(result.modules.some((path) => path.includes('node_modules/@aws-sdk/client-sts/'))).toBe(true);
  });
});
