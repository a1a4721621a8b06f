// Every way to hold the CLI wrong: a usage error naming the flag, exit 2, no stack trace, nothing
// written. Table-driven over the flags `aws-audit scan --help` lists (and collect/rules/merge).
import { join } from 'node:path';
import { listFiles, runBuiltCli, runCli, tempDir } from '../support/cli.js';

const DEMO = 'examples/demo-account.json';
const snap = ['scan', '--snapshot', DEMO];

// [case, arguments (the out dir is appended), what the first stderr line must say]
const CASES: [string, string[], RegExp][] = [
  ['unknown flag', [...snap, '--frobnicate'], /^aws-audit scan: unknown option '--frobnicate'$/],
  ['unknown command', ['scna'], /^aws-audit: unknown command 'scna'$/],
  ['unknown flag on rules', ['rules', '--bogus'], /^aws-audit rules: unknown option '--bogus'$/],
  ['stray argument', [...snap, 'extra'], /^aws-audit scan: too many arguments for 'scan'/],
  [
    'bad format',
    [...snap, '--format', 'xml'],
    /'--format <formats>' argument 'xml' is invalid\. unknown value xml/,
  ],
  [
    'one bad format of several',
    [...snap, '--format', 'json,pdf'],
    /'--format <formats>' .* unknown value pdf/,
  ],
  ['empty format list', [...snap, '--format', ''], /'--format <formats>' argument '' is invalid/],
  [
    'bad severity',
    [...snap, '--fail-on', 'severe'],
    /'--fail-on <low\|medium\|high\|critical>' argument 'severe' is invalid\. expected one of low, medium, high, critical/,
  ],
  [
    'bad severity for new findings',
    [...snap, '--fail-on-new', 'urgent'],
    /'--fail-on-new <low\|medium\|high\|critical>' argument 'urgent' is invalid/,
  ],
  [
    'severity flag without its value',
    [...snap, '--fail-on'],
    /'--fail-on <low\|medium\|high\|critical>' argument '--out-dir' is invalid|'--fail-on <low\|medium\|high\|critical>' argument missing/,
  ],
  [
    'upper-case region',
    ['scan', '--region', 'US-EAST-1'],
    /'--region <regions>' argument 'US-EAST-1' is invalid\. 'US-EAST-1' is not a region name/,
  ],
  [
    'region with underscores',
    ['scan', '--region', 'us_east_1'],
    /'--region <regions>' argument 'us_east_1' is invalid/,
  ],
  [
    'one bad region in a list',
    ['scan', '--region', 'us-east-1,mars-1'],
    /'--region <regions>' argument 'us-east-1,mars-1' is invalid\. 'mars-1' is not a region name/,
  ],
  ['shard beyond the count', [...snap, '--shard', '3/2'], /'--shard <k\/n>' argument '3\/2' is invalid/],
  ['shard zero', [...snap, '--shard', '0/2'], /'--shard <k\/n>' argument '0\/2' is invalid/],
  ['shard of zero', [...snap, '--shard', '1/0'], /'--shard <k\/n>' argument '1\/0' is invalid/],
  ['shard not numbers', [...snap, '--shard', 'a/b'], /'--shard <k\/n>' argument 'a\/b' is invalid/],
  ['shard without slash', [...snap, '--shard', '2'], /'--shard <k\/n>' argument '2' is invalid/],
  ['zero concurrency', ['scan', '--concurrency', '0'], /'--concurrency <n>' argument '0' is invalid/],
  [
    'negative concurrency',
    ['scan', '--concurrency', '-4'],
    /'--concurrency <n>' argument '-4' is invalid|unknown option '-4'/,
  ],
  [
    'endpoint not http',
    ['scan', '--endpoint-url', 'ftp://127.0.0.1'],
    /'--endpoint-url <url>' argument 'ftp:\/\/127\.0\.0\.1' is invalid/,
  ],
  [
    'endpoint not a URL',
    ['scan', '--endpoint-url', 'localhost:4566'],
    /'--endpoint-url <url>' argument 'localhost:4566' is invalid/,
  ],
  [
    'role that is not an ARN',
    ['scan', '--role-arn', 'admin'],
    /'--role-arn <arn>' argument 'admin' is invalid/,
  ],
  [
    '--snapshot with --region',
    [...snap, '--region', 'us-east-1'],
    /^aws-audit: --region cannot be used with --snapshot/,
  ],
  [
    '--snapshot with --profile',
    [...snap, '--profile', 'dev'],
    /^aws-audit: --profile cannot be used with --snapshot/,
  ],
  [
    '--snapshot with --role-arn',
    [...snap, '--role-arn', 'arn:aws:iam::123456789012:role/audit'],
    /^aws-audit: --role-arn cannot be used with --snapshot/,
  ],
  [
    '--snapshot with --endpoint-url',
    [...snap, '--endpoint-url', 'http://127.0.0.1:9'],
    /^aws-audit: --endpoint-url cannot be used with --snapshot/,
  ],
  [
    '--snapshot with --skip-user-data',
    [...snap, '--skip-user-data'],
    /^aws-audit: --skip-user-data cannot be used with --snapshot/,
  ],
  [
    '--snapshot with --concurrency',
    [...snap, '--concurrency', '4'],
    /^aws-audit: --concurrency cannot be used with --snapshot/,
  ],
  [
    '--snapshot with --org-role-name',
    [...snap, '--org-role-name', 'aws-audit'],
    /^aws-audit: --org-role-name cannot be used with --snapshot/,
  ],
  [
    '--accounts without --org-role-name',
    ['scan', '--accounts', '123456789012'],
    /^aws-audit: --accounts needs --org-role-name/,
  ],
  [
    'an account id that is not 12 digits',
    ['scan', '--org-role-name', 'r', '--accounts', '12'],
    /^aws-audit: --accounts: '12' is not a 12-digit account id/,
  ],
  [
    'a role name with a space',
    ['scan', '--org-role-name', 'bad role'],
    /'--org-role-name <name>' argument 'bad role' is invalid/,
  ],
  [
    'zero account concurrency',
    ['scan', '--account-concurrency', '0'],
    /'--account-concurrency <n>' argument '0' is invalid/,
  ],
  [
    'unknown rule id',
    [...snap, '--rules', 'no-such-rule'],
    /^aws-audit: unknown rule id in --rules: no-such-rule/,
  ],
  [
    'collect without --out',
    ['collect'],
    /^aws-audit(?: collect)?: required option '--out <file>' not specified$/,
  ],
  [
    'collect with --snapshot',
    ['collect', '--out', 'x.json', '--snapshot', DEMO],
    /^aws-audit collect: unknown option '--snapshot'$/,
  ],
];

describe.each(CASES)('%s', (_name, args, firstLine) => {
  it('usage error naming the flag, exit 2, no stack, nothing written', async () => {
    const out = join(await tempDir(), 'reports');
    const result = await runCli([...args, '--out-dir', out]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toMatch(firstLine);
    expect(result.stderr).not.toMatch(/\n\s+at |internal error/);
    expect(await listFiles(out)).toEqual([]);
  });
});

describe('through the built binary', () => {
  it.each([
    [[...snap, '--format', 'xml'], /--format/],
    [[...snap, '--region', 'us-east-1'], /--region cannot be used with --snapshot/],
    [[...snap, '--shard', '9/3'], /--shard/],
  ])('%j: exit 2, no stack trace, nothing written', async (args, pattern) => {
    const out = join(await tempDir(), 'reports');
    const result = await runBuiltCli([...args, '--out-dir', out]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(pattern);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await listFiles(out)).toEqual([]);
  });
});
