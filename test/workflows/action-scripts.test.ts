// The shell steps of action.yml, run for real with bash: run-scan.sh (arguments, outputs, never a
// stale report, only complete full-scope SARIF gathered), verdict.sh (an incomplete scan fails
// visibly), fetch-baseline.sh (previous run's artifact through a fake `gh` on PATH; only this
// repository's own runs, only a complete full-scope report becomes a baseline, never a failed
// scan for want of one), upload-sarif.sh (each file with its category, at most 20 runs per upload)
// and publish-security-hub.sh (complete reports only, under the publishing role; a failed import
// fails the verdict).
import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BUILT_CLI, listFiles, tempDir } from '../support/cli.js';
import { existsSync } from 'node:fs';
import { parse } from 'yaml';

const SCRIPTS = join(process.cwd(), 'docs/deploy/github');
/** For the tests that run the built CLI or many jq calls: slow on a loaded machine. */
const SLOW_TEST_MS = 120_000;

interface ScriptRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

async function runScript(script: string, env: Record<string, string>, dir: string): Promise<ScriptRun> {
  const outputFile = join(dir, `github-output-${Math.random().toString(16).slice(2)}`);
  await writeFile(outputFile, '');
  const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      'bash',
      [join(SCRIPTS, script)],
      { cwd: dir, env: { PATH: process.env.PATH, HOME: dir, GITHUB_OUTPUT: outputFile, ...env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
  const outputs: Record<string, string> = {};
  for (const line of (await readFile(outputFile, 'utf8')).split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return { ...result, outputs };
}

/** A stand-in for the scanner: records its arguments, writes a report as told, exits as told. */
const STUB_SCANNER = `
import { mkdirSync, writeFileSync } from 'node:fs';
const args = process.argv.slice(2);
writeFileSync(process.env.STUB_ARGS, JSON.stringify(args));
const outDir = args[args.indexOf('--out-dir') + 1];
if (process.env.STUB_COMPLETE !== 'none') {
  mkdirSync(outDir, { recursive: true });
  // What the real scanner records (engine/scan-scope.ts): the --region / --rules asked for.
  const asked = (flag) => (args.includes(flag) ? args[args.indexOf(flag) + 1].split(',').sort() : 'all');
  const scope = { regions: asked('--region'), rules: asked('--rules'), rulesInPack: 33 };
  scope.full = scope.regions === 'all' && scope.rules === 'all';
  const report = {
    scan: { complete: process.env.STUB_COMPLETE === 'true', scope },
    summary: { failingBySeverity: { critical: 2, high: 1, medium: 0, low: 4 } },
  };
  writeFileSync(outDir + '/aws-audit-report.json', JSON.stringify(report));
  // Past GitHub's limits the scanner writes one file per category instead (issue 19).
  const sarifNames = process.env.STUB_SPLIT
    ? process.env.STUB_SPLIT.split(',').map((slug) => 'aws-audit-report.' + slug + '.sarif')
    : ['aws-audit-report.sarif'];
  for (const name of sarifNames) writeFileSync(outDir + '/' + name, '{}');
}
process.exit(Number(process.env.STUB_EXIT));
`;

async function stubSetup(): Promise<{ dir: string; bin: string; argsFile: string }> {
  const dir = await tempDir();
  const bin = join(dir, 'stub-scanner.mjs');
  await writeFile(bin, STUB_SCANNER);
  return { dir, bin, argsFile: join(dir, 'args.json') };
}

/** run-scan.sh over the stub scanner in a fresh folder (out dir `reports`); `prepare` seeds it. */
async function stubScan(
  complete: string,
  exit: string,
  env: Record<string, string> = {},
  prepare: (dir: string) => Promise<void> = async () => {},
): Promise<{ dir: string; argsFile: string; run: ScriptRun }> {
  const { dir, bin, argsFile } = await stubSetup();
  await prepare(dir);
  const base = { AWS_AUDIT_BIN: bin, OUT_DIR: 'reports', STUB_ARGS: argsFile };
  const run = await runScript(
    'run-scan.sh',
    { ...base, STUB_COMPLETE: complete, STUB_EXIT: exit, ...env },
    dir,
  );
  return { dir, argsFile, run };
}

describe('run-scan.sh', () => {
  it('records exit code, completeness, report paths and failing counts', async () => {
    const { dir, bin, argsFile } = await stubSetup();
    const run = await runScript(
      'run-scan.sh',
      { AWS_AUDIT_BIN: bin, OUT_DIR: 'reports', STUB_ARGS: argsFile, STUB_COMPLETE: 'true', STUB_EXIT: '1' },
      dir,
    );
    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({
      'exit-code': '1',
      complete: 'true',
      'full-scope': 'true',
      'json-report': 'reports/aws-audit-report.json',
      'sarif-report': 'reports/sarif-upload',
      'sarif-complete': 'true',
      'per-account': 'false',
      'failing-critical': '2',
      'failing-high': '1',
      'failing-medium': '0',
      'failing-low': '4',
    });
    expect(JSON.parse(await readFile(argsFile, 'utf8'))).toEqual([
      'scan',
      '--format',
      'json,sarif,console',
      '--out-dir',
      'reports',
    ]);
  });

  it('passes every input as its flag; fail-on-new only together with a baseline', async () => {
    const { dir, bin, argsFile } = await stubSetup();
    const common = {
      AWS_AUDIT_BIN: bin,
      OUT_DIR: 'out',
      STUB_ARGS: argsFile,
      STUB_COMPLETE: 'true',
      STUB_EXIT: '0',
      REGIONS: 'eu-west-1,us-east-1',
      RULES: 'ec2-security-group-no-public-ssh',
      WAIVERS: 'waivers.yaml',
      ACCOUNT_ROLE_ARN: 'arn:aws:iam::222222222222:role/aws-audit-member',
      FAIL_ON: 'critical',
      FAIL_ON_NEW: 'high',
    };
    const withBaseline = await runScript('run-scan.sh', { ...common, BASELINE_FILE: 'base.json' }, dir);
    expect(withBaseline.code).toBe(0);
    expect(JSON.parse(await readFile(argsFile, 'utf8'))).toEqual([
      'scan',
      '--format',
      'json,sarif,console',
      '--out-dir',
      'out',
      '--region',
      'eu-west-1,us-east-1',
      '--rules',
      'ec2-security-group-no-public-ssh',
      '--waivers',
      'waivers.yaml',
      '--role-arn',
      'arn:aws:iam::222222222222:role/aws-audit-member',
      '--fail-on',
      'critical',
      '--baseline',
      'base.json',
      '--fail-on-new',
      'high',
    ]);
    const withoutBaseline = await runScript('run-scan.sh', common, dir);
    const args = JSON.parse(await readFile(argsFile, 'utf8')) as string[];
    expect(args).not.toContain('--fail-on-new');
    expect(args).not.toContain('--baseline');
    expect(args).toContain('--fail-on');
    expect(withoutBaseline.stdout).toContain('::notice title=aws-audit::no baseline');
  });

  it('never takes a stale report for this run: a scan that wrote nothing is incomplete', async () => {
    const { dir, run } = await stubScan('none', '2', {}, async (seeded) => {
      await mkdir(join(seeded, 'reports'));
      await writeFile(
        join(seeded, 'reports/aws-audit-report.json'),
        JSON.stringify({ scan: { complete: true } }),
      );
      await writeFile(join(seeded, 'reports/aws-audit-report.sarif'), '{}');
    });
    expect(run.outputs).toMatchObject({
      'exit-code': '2',
      complete: 'false',
      'full-scope': 'false',
      'json-report': '',
      'sarif-report': '',
      'sarif-complete': 'false',
    });
    expect(existsSync(join(dir, 'reports/sarif-upload'))).toBe(false);
  });

  it('gathers no SARIF from an incomplete scan', async () => {
    const { run } = await stubScan('false', '3');
    expect(run.outputs).toMatchObject({ complete: 'false', 'sarif-report': '', 'sarif-complete': 'false' });
  });

  // Defect 1 of issue 21: a scan narrowed by region or rule used to go up under the account's
  // category, closing every alert of the regions and rules it left out.
  it.each([
    ['a region override', { REGIONS: 'eu-west-1' }],
    ['a rule selection', { RULES: 'ec2-security-group-no-public-ssh' }],
    [
      'fewer regions than the configured ones',
      { REGIONS: 'eu-west-1', FULL_SCOPE_REGIONS: 'eu-west-1,us-east-1' },
    ],
  ])('keeps a complete scan narrowed by %s out of code scanning, with a notice', async (_name, env) => {
    const { dir, run } = await stubScan('true', '0', env);
    expect(run.outputs).toMatchObject({
      'exit-code': '0',
      complete: 'true',
      'full-scope': 'false',
      'sarif-report': '',
      'sarif-complete': 'false',
    });
    expect(run.stdout).toContain('::notice title=aws-audit: narrowed scan::');
    expect(existsSync(join(dir, 'reports/sarif-upload'))).toBe(false);
  });

  it('uploads a scan of exactly the configured regions (in any order)', async () => {
    const { dir, run } = await stubScan('true', '0', {
      REGIONS: 'us-east-1,eu-west-1',
      FULL_SCOPE_REGIONS: 'eu-west-1, us-east-1',
    });
    expect(run.outputs).toMatchObject({ 'full-scope': 'true', 'sarif-report': 'reports/sarif-upload' });
    expect(await listFiles(join(dir, 'reports/sarif-upload'))).toEqual(['aws-audit-report.sarif']);
  });

  it('gathers every per-category file of a split SARIF, and removes stale ones first', async () => {
    const split = { STUB_SPLIT: 'aws-audit-111111111111-ec2,aws-audit-111111111111-rds' };
    const { dir, run } = await stubScan('true', '1', split, async (seeded) => {
      await mkdir(join(seeded, 'reports'));
      await writeFile(join(seeded, 'reports/aws-audit-report.aws-audit-111111111111-iam.sarif'), '{}');
    });
    expect(run.outputs).toMatchObject({ 'sarif-complete': 'true', 'sarif-report': 'reports/sarif-upload' });
    expect(await listFiles(join(dir, 'reports/sarif-upload'))).toEqual([
      'aws-audit-report.aws-audit-111111111111-ec2.sarif',
      'aws-audit-report.aws-audit-111111111111-rds.sarif',
    ]);
  });

  it('passes the run-stamped session name to the scanner', async () => {
    const { argsFile } = await stubScan('true', '0', { ROLE_SESSION_NAME: 'aws-audit-4242-1' });
    const args = JSON.parse(await readFile(argsFile, 'utf8')) as string[];
    expect(args.slice(args.indexOf('--role-session-name'))).toEqual([
      '--role-session-name',
      'aws-audit-4242-1',
    ]);
  });

  it(
    'reads completeness from the report the real CLI wrote',
    async () => {
      // The built binary exists after `npm run build` (part of `npm test`).
      if (!existsSync(BUILT_CLI)) throw new Error(`run npm run build first (${BUILT_CLI} missing)`);
      const dir = await tempDir();
      const run = await runScript(
        'run-scan.sh',
        {
          AWS_AUDIT_BIN: BUILT_CLI,
          OUT_DIR: 'reports',
          FORMATS: 'json',
          SNAPSHOT: join(process.cwd(), 'examples/demo-account.json'),
        },
        dir,
      );
      expect(run.code).toBe(0);
      expect(run.outputs).toMatchObject({
        'exit-code': '0',
        complete: 'true',
        'full-scope': 'true',
        'json-report': 'reports/aws-audit-report.json',
        'sarif-report': '',
      });
      const report = JSON.parse(await readFile(join(dir, 'reports/aws-audit-report.json'), 'utf8')) as {
        summary: { failingBySeverity: Record<string, number> };
      };
      expect(run.outputs['failing-critical']).toBe(String(report.summary.failingBySeverity.critical));
    },
    SLOW_TEST_MS,
  );

  it(
    'the real CLI: a --rules scan of the demo is complete but narrowed, so its SARIF stays home',
    async () => {
      if (!existsSync(BUILT_CLI)) throw new Error(`run npm run build first (${BUILT_CLI} missing)`);
      const snapshot = join(process.cwd(), 'examples/demo-account.json');
      const full = await tempDir();
      const fullRun = await runScript(
        'run-scan.sh',
        { AWS_AUDIT_BIN: BUILT_CLI, OUT_DIR: 'reports', FORMATS: 'json,sarif', SNAPSHOT: snapshot },
        full,
      );
      expect(fullRun.outputs).toMatchObject({
        complete: 'true',
        'full-scope': 'true',
        'sarif-complete': 'true',
      });
      expect(await listFiles(join(full, 'reports/sarif-upload'))).toEqual(['aws-audit-report.sarif']);

      const narrowed = await tempDir();
      const narrowedRun = await runScript(
        'run-scan.sh',
        {
          AWS_AUDIT_BIN: BUILT_CLI,
          OUT_DIR: 'reports',
          FORMATS: 'json,sarif',
          SNAPSHOT: snapshot,
          RULES: 'ec2-security-group-no-public-ssh',
        },
        narrowed,
      );
      expect(narrowedRun.outputs).toMatchObject({
        complete: 'true',
        'full-scope': 'false',
        'sarif-report': '',
        'sarif-complete': 'false',
      });
      const report = JSON.parse(await readFile(join(narrowed, 'reports/aws-audit-report.json'), 'utf8')) as {
        scan: { scope: unknown };
      };
      expect(report.scan.scope).toEqual({
        full: false,
        regions: 'all',
        rules: ['ec2-security-group-no-public-ssh'],
        rulesInPack: expect.any(Number) as number,
      });
    },
    SLOW_TEST_MS,
  );
});

describe('run-scan.sh with Organizations fan-out', () => {
  /** A stand-in for `scan --org-role-name`: per-account reports and the merged summary. */
  const ORG_STUB = `
import { mkdirSync, writeFileSync } from 'node:fs';
const args = process.argv.slice(2);
writeFileSync(process.env.STUB_ARGS, JSON.stringify(args));
const out = args[args.indexOf('--out-dir') + 1];
const scope = { full: true, regions: 'all', rules: 'all', rulesInPack: 33 };
const write = (account, complete, withSarif, sarifNames = ['aws-audit-report.sarif']) => {
  mkdirSync(out + '/' + account, { recursive: true });
  writeFileSync(out + '/' + account + '/aws-audit-report.json', JSON.stringify({ scan: { complete, scope } }));
  if (withSarif) for (const name of sarifNames) writeFileSync(out + '/' + account + '/' + name, '{}');
};
write('111111111111', true, true);
// Split past GitHub's limits (issue 19): one file per category.
write('222222222222', true, true, [
  'aws-audit-report.aws-audit-222222222222-ec2.sarif',
  'aws-audit-report.aws-audit-222222222222-iam.sarif',
]);
// Incomplete, yet with a SARIF: the script's own check must still keep it out of the upload.
write('333333333333', false, true);
writeFileSync(out + '/aws-audit-summary.json', JSON.stringify({
  coverage: { complete: false },
  summary: { failingBySeverity: { critical: 1, high: 0, medium: 2, low: 0 } },
}));
process.exit(3);
`;

  it('gathers only completely covered accounts for upload and reads completeness from the summary', async () => {
    const dir = await tempDir();
    const bin = join(dir, 'org-stub.mjs');
    await writeFile(bin, ORG_STUB);
    const argsFile = join(dir, 'args.json');
    // Reports left over from an earlier run, of an account not scanned tonight.
    await mkdir(join(dir, 'reports/444444444444'), { recursive: true });
    await writeFile(join(dir, 'reports/444444444444/aws-audit-report.sarif'), '{}');
    await writeFile(join(dir, 'reports/444444444444/aws-audit-report.json'), '{"scan":{"complete":true}}');
    const run = await runScript(
      'run-scan.sh',
      {
        AWS_AUDIT_BIN: bin,
        OUT_DIR: 'reports',
        STUB_ARGS: argsFile,
        ORG_ROLE_NAME: 'aws-audit-member',
        ACCOUNTS: '111111111111,222222222222,333333333333',
        SHARD: '1/1',
      },
      dir,
    );
    expect(run.outputs).toEqual({
      'exit-code': '3',
      complete: 'false',
      'full-scope': 'true',
      'json-report': 'reports/aws-audit-summary.json',
      'sarif-report': 'reports/sarif-upload',
      'sarif-complete': 'true',
      'per-account': 'true',
      'failing-critical': '1',
      'failing-high': '0',
      'failing-medium': '2',
      'failing-low': '0',
    });
    expect(await listFiles(join(dir, 'reports/sarif-upload'))).toEqual([
      '111111111111.sarif',
      '222222222222.aws-audit-222222222222-ec2.sarif',
      '222222222222.aws-audit-222222222222-iam.sarif',
    ]);
    const args = JSON.parse(await readFile(argsFile, 'utf8')) as string[];
    expect(args).toEqual(expect.arrayContaining(['--org-role-name', 'aws-audit-member', '--shard', '1/1']));
  });

  it('uploads nothing when no account was covered completely', async () => {
    const dir = await tempDir();
    const bin = join(dir, 'none.mjs');
    await writeFile(
      bin,
      `import { mkdirSync, writeFileSync } from 'node:fs';
const out = process.argv[process.argv.indexOf('--out-dir') + 1];
mkdirSync(out, { recursive: true });
writeFileSync(out + '/aws-audit-summary.json', JSON.stringify({ coverage: { complete: false }, summary: { failingBySeverity: {} } }));
process.exit(3);`,
    );
    const run = await runScript(
      'run-scan.sh',
      { AWS_AUDIT_BIN: bin, OUT_DIR: 'reports', ORG_ROLE_NAME: 'aws-audit-member' },
      dir,
    );
    expect(run.outputs).toMatchObject({ complete: 'false', 'sarif-report': '', 'sarif-complete': 'false' });
  });
});

describe('publish-security-hub.sh', () => {
  /** A stand-in for `aws-audit publish`: records its arguments, exits as told. */
  const STUB_PUBLISHER = `
import { writeFileSync } from 'node:fs';
writeFileSync(process.env.STUB_ARGS, JSON.stringify(process.argv.slice(2)));
process.exit(Number(process.env.STUB_EXIT ?? '0'));
`;
  async function publishRun(
    env: Record<string, string>,
    reports: Record<string, boolean>,
  ): Promise<{ run: ScriptRun; args: string[] | undefined }> {
    const dir = await tempDir();
    const bin = join(dir, 'stub-publisher.mjs');
    await writeFile(bin, STUB_PUBLISHER);
    for (const [path, complete] of Object.entries(reports)) {
      await mkdir(join(dir, path, '..'), { recursive: true });
      await writeFile(join(dir, path), JSON.stringify({ scan: { complete } }));
    }
    const argsFile = join(dir, 'args.json');
    const run = await runScript(
      'publish-security-hub.sh',
      { AWS_AUDIT_BIN: bin, OUT_DIR: 'reports', STUB_ARGS: argsFile, ...env },
      dir,
    );
    const args = existsSync(argsFile)
      ? (JSON.parse(await readFile(argsFile, 'utf8')) as string[])
      : undefined;
    return { run, args };
  }

  it('publishes a complete report under the publishing role, to the aggregation region', async () => {
    const { run, args } = await publishRun(
      {
        EXIT_CODE: '1',
        PUBLISH_ROLE_ARN: 'arn:aws:iam::111111111111:role/aws-audit-publisher',
        PUBLISH_REGION: 'eu-west-1',
      },
      { 'reports/aws-audit-report.json': true },
    );
    expect(run.code).toBe(0);
    expect(args).toEqual([
      'publish',
      'security-hub',
      '--report',
      'reports/aws-audit-report.json',
      '--region',
      'eu-west-1',
      '--role-arn',
      'arn:aws:iam::111111111111:role/aws-audit-publisher',
    ]);
    expect(run.outputs).toEqual({ published: 'true', 'publish-exit-code': '0' });
  });

  it('publishes nothing from an incomplete scan or one that did not run', async () => {
    const incomplete = await publishRun({ EXIT_CODE: '3' }, { 'reports/aws-audit-report.json': false });
    expect(incomplete.args).toBeUndefined();
    expect(incomplete.run.stdout).toMatch(/::notice title=aws-audit Security Hub::The scan was incomplete/);
    expect(incomplete.run.outputs).toEqual({ published: 'false', 'publish-exit-code': '' });
    const failed = await publishRun({ EXIT_CODE: '2' }, { 'reports/aws-audit-report.json': true });
    expect(failed.args).toBeUndefined();
    expect(failed.run.outputs.published).toBe('false');
  });

  it('with fan-out, publishes the complete accounts inside each account', async () => {
    const { run, args } = await publishRun(
      { EXIT_CODE: '3', PER_ACCOUNT: 'true', PUBLISH_ORG_ROLE_NAME: 'aws-audit-publisher' },
      {
        'reports/111111111111/aws-audit-report.json': true,
        'reports/222222222222/aws-audit-report.json': false,
        'reports/333333333333/aws-audit-report.json': true,
      },
    );
    expect(args).toEqual([
      'publish',
      'security-hub',
      '--report',
      'reports/111111111111/aws-audit-report.json,reports/333333333333/aws-audit-report.json',
      '--org-role-name',
      'aws-audit-publisher',
    ]);
    expect(run.stdout).toContain('222222222222: incomplete scan, not published.');
  });

  it('refuses fan-out without a role to publish from inside each account', async () => {
    const { run, args } = await publishRun(
      { EXIT_CODE: '0', PER_ACCOUNT: 'true' },
      { 'reports/111111111111/aws-audit-report.json': true },
    );
    expect(args).toBeUndefined();
    expect(run.stdout).toMatch(/::error title=aws-audit Security Hub::publish-org-role-name is required/);
    expect(run.outputs['publish-exit-code']).toBe('2');
  });

  it('records a refused import for the verdict, which fails the job', async () => {
    const { run } = await publishRun(
      { EXIT_CODE: '0', STUB_EXIT: '3' },
      { 'reports/aws-audit-report.json': true },
    );
    expect(run.code).toBe(0);
    expect(run.outputs).toEqual({ published: 'false', 'publish-exit-code': '3' });
    const dir = await tempDir();
    const verdict = await runScript(
      'verdict.sh',
      { EXIT_CODE: '0', COMPLETE: 'true', PUBLISH_EXIT_CODE: '3' },
      dir,
    );
    expect(verdict.code).toBe(1);
    expect(verdict.stdout).toMatch(/::error title=aws-audit: Security Hub import failed::.*exited 3/);
    // The scan's own verdict is still said.
    expect(verdict.stdout).toContain('scan complete, no finding at or above the gate');
    const fine = await runScript(
      'verdict.sh',
      { EXIT_CODE: '0', COMPLETE: 'true', PUBLISH_EXIT_CODE: '0' },
      dir,
    );
    expect(fine.code).toBe(0);
  });
});

describe('verdict.sh', () => {
  const cases: [string, string, number, RegExp][] = [
    ['0', 'true', 0, /scan complete/],
    ['1', 'true', 1, /::error title=aws-audit: failing findings::/],
    ['3', 'false', 1, /::error title=aws-audit: scan incomplete::.*SARIF was NOT uploaded/],
    ['0', 'false', 1, /::error title=aws-audit: scan incomplete::/],
    ['2', 'false', 1, /::error title=aws-audit: usage, input or credential error::/],
    ['', '', 1, /::error title=aws-audit: scan incomplete::/],
    ['70', 'true', 1, /::error title=aws-audit: internal error::/],
  ];
  it('says which accounts were uploaded when fan-out was partly complete', async () => {
    const dir = await tempDir();
    const run = await runScript(
      'verdict.sh',
      { EXIT_CODE: '3', COMPLETE: 'false', SARIF_UPLOADED: 'true' },
      dir,
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/scan incomplete::.*SARIF of the completely covered accounts was uploaded/);
  });
  it.each([
    [
      '0',
      0,
      /scan complete, no finding at or above the gate \(narrowed scan: not uploaded to code scanning, not a baseline\)\./,
    ],
    [
      '1',
      1,
      /failing findings::.*They are in the reports artifact \(a narrowed scan is not uploaded to code scanning\)\./,
    ],
  ])(
    'a narrowed scan exiting %p says it went nowhere near code scanning',
    async (exitCode, expected, message) => {
      const dir = await tempDir();
      const run = await runScript(
        'verdict.sh',
        { EXIT_CODE: exitCode, COMPLETE: 'true', FULL_SCOPE: 'false' },
        dir,
      );
      expect(run.code).toBe(expected);
      expect(run.stdout).toMatch(message);
    },
  );
  it.each(cases)('exit %p complete %p → step exit %p', async (exitCode, complete, expected, message) => {
    const dir = await tempDir();
    const run = await runScript('verdict.sh', { EXIT_CODE: exitCode, COMPLETE: complete }, dir);
    expect(run.code).toBe(expected);
    expect(run.stdout).toMatch(message);
  });
});

describe('fetch-baseline.sh', () => {
  const FULL = { full: true, regions: 'all', rules: 'all', rulesInPack: 33 };
  /** A report's scan section; `null` scope: a report written before scopes were recorded. */
  const report = (complete: boolean, scope: object | null = FULL) => ({
    scan: { complete, ...(scope && { scope }) },
  });
  /** Runs as the REST API lists them, newest first: a fork's pull request from a branch named main,
   * a push, then this repository's scheduled run. */
  const RUNS = [
    { id: 99, event: 'pull_request', head_branch: 'main', head_repository: { full_name: 'mallory/infra' } },
    { id: 98, event: 'push', head_branch: 'main', head_repository: { full_name: 'octo/infra' } },
    { id: 42, event: 'schedule', head_branch: 'main', head_repository: { full_name: 'octo/infra' } },
  ];

  interface FakeGhOptions {
    /** Files of the artifact zip: path → JSON content. */
    files?: Record<string, object>;
    artifacts?: object[];
    runs?: object[];
    /** An endpoint substring the fake answers with HTTP 403 (rate limit). */
    fail?: string;
  }

  /** A fake `gh` that answers the REST calls from files and logs each call. */
  async function fakeGh(dir: string, options: FakeGhOptions = {}): Promise<string> {
    const bin = join(dir, 'bin');
    await mkdir(bin);
    const artifactDir = join(dir, 'artifact');
    const files = options.files ?? { 'aws-audit-report.json': report(true) };
    for (const [path, content] of Object.entries(files)) {
      await mkdir(join(artifactDir, path, '..'), { recursive: true });
      await writeFile(join(artifactDir, path), JSON.stringify(content));
    }
    await new Promise<void>((resolve, reject) =>
      execFile('zip', ['-q', '-r', join(dir, 'artifact.zip'), '.'], { cwd: artifactDir }, (e) =>
        e ? reject(new Error(e.message)) : resolve(),
      ),
    );
    const artifacts = options.artifacts ?? [{ id: 7, expired: false }];
    await writeFile(
      join(bin, 'gh'),
      `#!/usr/bin/env bash
echo "$*" >> "${join(dir, 'gh.log')}"
endpoint="$2"; filter=""
[ "\${3:-}" = "--jq" ] && filter="$4"
fail='${options.fail ?? ''}'
if [ -n "$fail" ] && [[ "$endpoint" == *"$fail"* ]]; then echo "gh: API rate limit exceeded (HTTP 403)" >&2; exit 1; fi
case "$endpoint" in
  repos/octo/infra) body='{"default_branch":"main"}' ;;
  */workflows/*/runs*) body='${JSON.stringify({ workflow_runs: options.runs ?? RUNS })}' ;;
  */runs/42/artifacts*) body='${JSON.stringify({ artifacts })}' ;;
  */artifacts/7/zip) cat "${join(dir, 'artifact.zip')}"; exit 0 ;;
  *) echo "unexpected $endpoint" >&2; exit 1 ;;
esac
if [ -n "$filter" ]; then jq -r "$filter" <<<"$body"; else echo "$body"; fi
`,
    );
    await chmod(join(bin, 'gh'), 0o755);
    return bin;
  }

  const env = (dir: string, bin: string, extra: Record<string, string> = {}) => ({
    PATH: `${bin}:${process.env.PATH}`,
    BASELINE: 'previous-run',
    GITHUB_REPOSITORY: 'octo/infra',
    GITHUB_WORKFLOW_REF: 'octo/infra/.github/workflows/nightly-scan.yml@refs/heads/main',
    GITHUB_REF_NAME: 'main',
    ARTIFACT_NAME: 'aws-audit-111111111111',
    BASELINE_DIR: join(dir, 'baseline'),
    ...extra,
  });

  const calls = async (dir: string): Promise<string[]> =>
    (await readFile(join(dir, 'gh.log'), 'utf8')).trim().split('\n');

  it("takes this repository's own scheduled run, never a fork's same-named branch, and its complete report", async () => {
    const dir = await tempDir();
    const bin = await fakeGh(dir);
    const run = await runScript('fetch-baseline.sh', env(dir, bin), dir);
    expect(run.code).toBe(0);
    expect(run.outputs.file).toBe(join(dir, 'baseline/aws-audit-report.json'));
    expect(await calls(dir)).toEqual([
      // No default branch in a schedule event's payload: asked once.
      'api repos/octo/infra --jq .default_branch',
      'api repos/octo/infra/actions/workflows/nightly-scan.yml/runs?status=completed&branch=main&per_page=30',
      expect.stringContaining('repos/octo/infra/actions/runs/42/artifacts?name=aws-audit-111111111111'),
      'api repos/octo/infra/actions/artifacts/7/zip',
    ]);
  });

  it('finds no baseline when only a fork or a push ran on the branch', async () => {
    const dir = await tempDir();
    const bin = await fakeGh(dir, { runs: RUNS.slice(0, 2) });
    const run = await runScript('fetch-baseline.sh', env(dir, bin, { DEFAULT_BRANCH: 'main' }), dir);
    expect(run.code).toBe(0);
    expect(run.outputs.file).toBeUndefined();
    expect(run.stdout).toContain('no previous scheduled or dispatched run of this repository');
    expect(await calls(dir)).toHaveLength(1);
  });

  it("with the plan job's `none`, looks nothing up", async () => {
    const dir = await tempDir();
    const bin = await fakeGh(dir);
    const run = await runScript('fetch-baseline.sh', env(dir, bin, { BASELINE_RUN_ID: 'none' }), dir);
    expect(run.code).toBe(0);
    expect(run.outputs.file).toBeUndefined();
    expect(existsSync(join(dir, 'gh.log'))).toBe(false);
  });

  it('with a run id given, spends two API calls', async () => {
    const dir = await tempDir();
    const bin = await fakeGh(dir);
    const run = await runScript('fetch-baseline.sh', env(dir, bin, { BASELINE_RUN_ID: '42' }), dir);
    expect(run.outputs.file).toBeDefined();
    expect(await calls(dir)).toHaveLength(2);
  });

  it.each([
    ['incomplete', { files: { 'aws-audit-report.json': report(false) } }, /incomplete or narrowed/],
    [
      'narrowed to one rule',
      { files: { 'aws-audit-report.json': report(true, { ...FULL, full: false, rules: ['x'] }) } },
      /incomplete or narrowed/,
    ],
    ['without a recorded scope', { files: { 'aws-audit-report.json': report(true, null) } }, /narrowed/],
    ['missing (no artifact)', { artifacts: [] }, /has no artifact aws-audit-111111111111/],
  ])('uses no baseline when the previous report is %s, with a notice', async (_name, options, message) => {
    const dir = await tempDir();
    const bin = await fakeGh(dir, options);
    const run = await runScript('fetch-baseline.sh', env(dir, bin, { BASELINE_RUN_ID: '42' }), dir);
    expect(run.code).toBe(0);
    expect(run.outputs.file).toBeUndefined();
    expect(run.stdout).toMatch(/::notice title=aws-audit baseline::/);
    expect(run.stdout).toMatch(message);
  });

  it('takes a report narrowed to exactly the configured regions', async () => {
    const dir = await tempDir();
    const scope = { ...FULL, full: false, regions: ['eu-west-1', 'us-east-1'] };
    const bin = await fakeGh(dir, { files: { 'aws-audit-report.json': report(true, scope) } });
    const extra = { BASELINE_RUN_ID: '42', FULL_SCOPE_REGIONS: 'us-east-1,eu-west-1' };
    const run = await runScript('fetch-baseline.sh', env(dir, bin, extra), dir);
    expect(run.outputs.file).toBe(join(dir, 'baseline/aws-audit-report.json'));
  });

  // Defect 4 of issue 21: a failed baseline download used to stop the account from being scanned.
  it.each([
    ['the run lookup', '/runs?', {}],
    ['the artifact list', '/artifacts?name=', { BASELINE_RUN_ID: '42' }],
    ['the download', '/zip', { BASELINE_RUN_ID: '42' }],
  ])('falls back to no baseline when %s fails (HTTP 403)', async (_name, fail, extra) => {
    const dir = await tempDir();
    const bin = await fakeGh(dir, { fail });
    const run = await runScript(
      'fetch-baseline.sh',
      env(dir, bin, { DEFAULT_BRANCH: 'main', ...extra }),
      dir,
    );
    expect(run.code).toBe(0);
    expect(run.outputs.file).toBeUndefined();
    expect(run.stdout).toMatch(
      /::notice title=aws-audit baseline::could not .*; scanning without a baseline\./,
    );
  });

  // Defect 5 of issue 21: fan-out artifacts hold <account>/aws-audit-report.json.
  it('hands over an Organizations fan-out directory with only the accounts whose report qualifies', async () => {
    const dir = await tempDir();
    const bin = await fakeGh(dir, {
      files: {
        'aws-audit-summary.json': { coverage: { complete: false } },
        '111111111111/aws-audit-report.json': report(true),
        '222222222222/aws-audit-report.json': report(false),
        '333333333333/aws-audit-report.json': report(true),
      },
    });
    const run = await runScript('fetch-baseline.sh', env(dir, bin, { BASELINE_RUN_ID: '42' }), dir);
    expect(run.code).toBe(0);
    expect(run.outputs.file).toBe(join(dir, 'baseline'));
    expect(existsSync(join(dir, 'baseline/111111111111/aws-audit-report.json'))).toBe(true);
    expect(existsSync(join(dir, 'baseline/222222222222/aws-audit-report.json'))).toBe(false);
    expect(existsSync(join(dir, 'baseline/333333333333/aws-audit-report.json'))).toBe(true);
    expect(run.stdout).toContain('accounts 222222222222 have no complete, full-scope report');
  });

  it('passes an explicit baseline file through untouched, without calling GitHub', async () => {
    const dir = await tempDir();
    const run = await runScript('fetch-baseline.sh', { BASELINE: 'previous/aws-audit-report.json' }, dir);
    expect(run.code).toBe(0);
    expect(run.outputs.file).toBe('previous/aws-audit-report.json');
  });
});

describe("nightly-scan.yml plan step (the account matrix), run from the workflow's own YAML", () => {
  async function planScript(dir: string): Promise<string> {
    const workflow = parse(
      await readFile(join(process.cwd(), '.github/workflows/nightly-scan.yml'), 'utf8'),
    ) as {
      jobs: { plan: { steps: { id?: string; run?: string }[] } };
    };
    const step = workflow.jobs.plan.steps.find((s) => s.id === 'accounts')!;
    const path = join(dir, 'plan.sh');
    // GitHub runs `run:` with `bash --noprofile --norc -eo pipefail`.
    await writeFile(path, `set -eo pipefail\n${step.run!}`);
    return path;
  }

  async function plan(env: Record<string, string>): Promise<ScriptRun> {
    const dir = await tempDir();
    const script = await planScript(dir);
    const outputFile = join(dir, 'out');
    await writeFile(outputFile, '');
    const result = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        'bash',
        ['--noprofile', '--norc', script],
        {
          env: {
            PATH: process.env.PATH,
            GITHUB_OUTPUT: outputFile,
            INPUT_ACCOUNTS: '',
            VAR_ACCOUNTS: '',
            MEMBER_ROLE_NAME: '',
            API_BUDGET: '',
            ...env,
          },
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
      );
    });
    const outputs = Object.fromEntries(
      (await readFile(outputFile, 'utf8'))
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
    );
    return { ...result, outputs };
  }

  const ROLE = 'arn:aws:iam::999999999999:role/aws-audit-scanner';
  function ids(n: number): string[] {
    return Array.from({ length: n }, (_, i) => String(100000000000 + i));
  }
  it.each([
    ['no list: the role account', {}, ['999999999999']],
    [
      'a comma/space list, deduplicated',
      { VAR_ACCOUNTS: '222222222222, 111111111111 222222222222', MEMBER_ROLE_NAME: 'aws-audit-member' },
      ['111111111111', '222222222222'],
    ],
    [
      'a JSON array',
      { VAR_ACCOUNTS: '["333333333333","444444444444"]', MEMBER_ROLE_NAME: 'aws-audit-member' },
      ['333333333333', '444444444444'],
    ],
    ['one listed account without a member role', { VAR_ACCOUNTS: '555555555555' }, ['555555555555']],
    [
      '110 accounts: 992 calls, within the default budget of 1,000',
      { VAR_ACCOUNTS: ids(110).join(','), MEMBER_ROLE_NAME: 'm' },
      ids(110),
    ],
    [
      '256 accounts with a raised budget (GitHub Enterprise Cloud)',
      { VAR_ACCOUNTS: ids(256).join(','), MEMBER_ROLE_NAME: 'm', API_BUDGET: '15000' },
      ids(256),
    ],
    [
      'the dispatch input over the variable',
      { VAR_ACCOUNTS: '111111111111', INPUT_ACCOUNTS: '555555555555' },
      ['555555555555'],
    ],
  ])('%s', async (_name, env, expected) => {
    const run = await plan({ ROLE_ARN: ROLE, ...env });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.outputs.accounts!)).toEqual(expected);
  });

  it.each([
    ['a malformed id', { ROLE_ARN: ROLE, VAR_ACCOUNTS: '12345' }, /Account ids must be 12 digits/],
    ['no role variable', { ROLE_ARN: '' }, /AWS_AUDIT_ROLE_ARN is not set/],
    [
      'more than a matrix holds',
      { ROLE_ARN: ROLE, VAR_ACCOUNTS: ids(257).join(','), MEMBER_ROLE_NAME: 'm', API_BUDGET: '99999' },
      /More than 256 accounts/,
    ],
    // Defect 8 of issue 21: ',' passed as [] and the matrix failed; several accounts without a
    // member role each scanned the role's own account.
    [
      'a list of no account',
      { ROLE_ARN: ROLE, VAR_ACCOUNTS: ',' },
      /No account to scan: ',' lists no account id/,
    ],
    ['a dispatch input of blanks', { ROLE_ARN: ROLE, INPUT_ACCOUNTS: ' , ' }, /No account to scan/],
    [
      'several accounts without AWS_AUDIT_MEMBER_ROLE_NAME',
      { ROLE_ARN: ROLE, VAR_ACCOUNTS: '111111111111,222222222222' },
      /2 accounts but AWS_AUDIT_MEMBER_ROLE_NAME is not set/,
    ],
    // Defect 4 of issue 21: the GitHub API budget, refused in plan rather than half-way through.
    [
      'a night over the GitHub API budget',
      { ROLE_ARN: ROLE, VAR_ACCOUNTS: ids(111).join(','), MEMBER_ROLE_NAME: 'm' },
      /111 accounts need up to 1001 GitHub API calls, over the budget of 1000 per hour/,
    ],
    [
      'a budget that is not a number',
      { ROLE_ARN: ROLE, API_BUDGET: 'lots' },
      /AWS_AUDIT_API_BUDGET must be a number/,
    ],
    // Publishing writes to AWS: never with the scan role, and each account needs its own role.
    [
      'publishing to Security Hub without AWS_AUDIT_PUBLISH_ROLE_NAME',
      { ROLE_ARN: ROLE, PUBLISH: 'true', PUBLISH_ROLE_NAME: '' },
      /Publishing to Security Hub is on but AWS_AUDIT_PUBLISH_ROLE_NAME is not set/,
    ],
  ])('fails the run for %s, with an annotation', async (_name, env, message) => {
    const run = await plan(env);
    expect(run.code).not.toBe(0);
    expect(run.stdout).toMatch(message);
    expect(run.outputs.accounts).toBeUndefined();
  });

  it('looks the previous run up with previous-run.sh, and scans without baselines when GitHub fails', async () => {
    const workflow = parse(
      await readFile(join(process.cwd(), '.github/workflows/nightly-scan.yml'), 'utf8'),
    ) as { jobs: { plan: { steps: { id?: string; run?: string; env?: Record<string, string> }[] } } };
    const step = workflow.jobs.plan.steps.find((s) => s.id === 'previous')!;
    expect(step.env).toMatchObject({ WORKFLOW_FILE: 'nightly-scan.yml' });
    const dir = await tempDir();
    await mkdir(join(dir, 'docs/deploy/github'), { recursive: true });
    for (const name of ['previous-run.sh'])
      await writeFile(join(dir, 'docs/deploy/github', name), await readFile(join(SCRIPTS, name), 'utf8'));
    await mkdir(join(dir, 'bin'));
    await writeFile(join(dir, 'bin/gh'), '#!/usr/bin/env bash\necho "HTTP 403: rate limit" >&2\nexit 1\n');
    await chmod(join(dir, 'bin/gh'), 0o755);
    await writeFile(join(dir, 'step.sh'), `set -eo pipefail\n${step.run!}`);
    const outputFile = join(dir, 'out');
    await writeFile(outputFile, '');
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(
        'bash',
        ['--noprofile', '--norc', join(dir, 'step.sh')],
        {
          cwd: dir,
          env: {
            PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
            GITHUB_OUTPUT: outputFile,
            GITHUB_REPOSITORY: 'octo/infra',
            WORKFLOW_FILE: 'nightly-scan.yml',
            DEFAULT_BRANCH: 'main',
          },
        },
        (error, out) => resolve({ code: error ? 1 : 0, stdout: out }),
      ),
    );
    expect(code).toBe(0);
    expect(stdout).toContain('::notice title=aws-audit baseline::could not look up the previous run');
    expect(await readFile(outputFile, 'utf8')).toBe('run-id=none\n');
  });
});

// Defect 6 of issue 21: upload-sarif merged a directory into one upload, and GitHub refuses an
// upload of more than 20 runs whole. Each file now keeps its category, uploads hold ≤ 20 runs.
describe('upload-sarif.sh', () => {
  interface Upload {
    commit_sha: string;
    ref: string;
    runs: { automationDetails?: { id?: string } }[];
  }

  /** A fake `gh` that keeps each POSTed body and answers the status polls with `status`. */
  async function fakeUploadGh(dir: string, status = 'complete', refuse = ''): Promise<string> {
    const bin = join(dir, 'bin');
    await mkdir(join(dir, 'posted'), { recursive: true });
    await mkdir(bin, { recursive: true });
    await writeFile(
      join(bin, 'gh'),
      `#!/usr/bin/env bash
echo "$*" >> "${join(dir, 'gh.log')}"
if [ "$2" = "-X" ]; then
  n=$(ls "${join(dir, 'posted')}" | wc -l)
  input="$6"
  if [ -n '${refuse}' ] && grep -q '${refuse}' <(jq -r .sarif "$input" | base64 -d | gunzip); then
    echo "gh: HTTP 413: payload too large" >&2; exit 1
  fi
  cp "$input" "${join(dir, 'posted')}/$n.json"
  echo "upload-$n"
  exit 0
fi
case "$2" in
  */code-scanning/sarifs/*) body='{"processing_status":"${status}","errors":["invalid SARIF: runs[0]"]}' ;;
  *) echo "unexpected $2" >&2; exit 1 ;;
esac
jq -r "$4" <<<"$body"
`,
    );
    await chmod(join(bin, 'gh'), 0o755);
    return bin;
  }

  /** The uploads the fake received, decoded (gzip + base64 → SARIF). */
  async function uploads(dir: string): Promise<Upload[]> {
    const names = (await listFiles(join(dir, 'posted'))).sort((a, b) => parseInt(a) - parseInt(b));
    const { gunzipSync } = await import('node:zlib');
    return Promise.all(
      names.map(async (name) => {
        const body = JSON.parse(await readFile(join(dir, 'posted', name), 'utf8')) as {
          commit_sha: string;
          ref: string;
          sarif: string;
        };
        const sarif = JSON.parse(gunzipSync(Buffer.from(body.sarif, 'base64')).toString('utf8')) as {
          runs: Upload['runs'];
        };
        return { commit_sha: body.commit_sha, ref: body.ref, runs: sarif.runs };
      }),
    );
  }

  const sarif = (...categories: (string | undefined)[]) =>
    JSON.stringify({
      version: '2.1.0',
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      runs: categories.map((id) => ({
        tool: { driver: { name: 'aws-audit' } },
        ...(id !== undefined && { automationDetails: { id } }),
        results: [],
      })),
    });

  async function setup(files: Record<string, string>, status?: string, refuse?: string) {
    const dir = await tempDir();
    const bin = await fakeUploadGh(dir, status, refuse);
    await mkdir(join(dir, 'upload'));
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, 'upload', name), text);
    const env = {
      PATH: `${bin}:${process.env.PATH}`,
      SARIF_DIR: join(dir, 'upload'),
      GITHUB_REPOSITORY: 'octo/infra',
      GITHUB_SHA: 'a'.repeat(40),
      GITHUB_REF: 'refs/heads/main',
      SARIF_POLL_SECONDS: '0',
    };
    return { dir, env };
  }

  const accounts = (n: number): Record<string, string> =>
    Object.fromEntries(
      Array.from({ length: n }, (_, i) => {
        const id = String(100000000000 + i);
        return [`${id}.sarif`, sarif(`aws-audit/${id}/`)];
      }),
    );

  it(
    'packs 41 one-run account files into uploads of 20, 20 and 1 runs, each run keeping its category',
    async () => {
      const { dir, env } = await setup(accounts(41));
      const run = await runScript('upload-sarif.sh', env, dir);
      expect(run.code).toBe(0);
      expect(run.outputs.uploads).toBe('3');
      const sent = await uploads(dir);
      expect(sent.map((u) => u.runs.length)).toEqual([20, 20, 1]);
      const categories = sent.flatMap((u) => u.runs.map((r) => r.automationDetails?.id));
      expect(categories).toEqual(
        Object.keys(accounts(41)).map((f) => `aws-audit/${f.replace('.sarif', '')}/`),
      );
      expect(sent[0]).toMatchObject({ commit_sha: 'a'.repeat(40), ref: 'refs/heads/main' });
    },
    SLOW_TEST_MS,
  );

  it('uploads the per-category files of a split scan, never two runs of one category together', async () => {
    const { dir, env } = await setup({
      'aws-audit-report.aws-audit-111111111111-ec2.sarif': sarif('aws-audit/111111111111/ec2/'),
      'aws-audit-report.aws-audit-111111111111-iam.sarif': sarif('aws-audit/111111111111/iam/'),
      'zz-duplicate.sarif': sarif('aws-audit/111111111111/iam/'),
    });
    const run = await runScript('upload-sarif.sh', env, dir);
    expect(run.code).toBe(0);
    expect((await uploads(dir)).map((u) => u.runs.map((r) => r.automationDetails?.id))).toEqual([
      ['aws-audit/111111111111/ec2/', 'aws-audit/111111111111/iam/'],
      ['aws-audit/111111111111/iam/'],
    ]);
  });

  it('fills in the fallback category (with its trailing /) for a run without one', async () => {
    const { dir, env } = await setup({ 'aws-audit-report.sarif': sarif(undefined) });
    const run = await runScript('upload-sarif.sh', { ...env, SARIF_CATEGORY: 'aws-audit/111111111111' }, dir);
    expect(run.code).toBe(0);
    expect((await uploads(dir))[0]!.runs[0]!.automationDetails?.id).toBe('aws-audit/111111111111/');
  });

  it('refuses a file of more than 20 runs clearly, still uploads the others, and fails the step', async () => {
    const big = sarif(
      ...Array.from({ length: 21 }, (_, i) => `aws-audit/1111111111${String(i).padStart(2, '0')}/`),
    );
    const { dir, env } = await setup({ 'a.sarif': big, 'b.sarif': sarif('aws-audit/222222222222/') });
    const run = await runScript('upload-sarif.sh', env, dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '::error title=aws-audit: SARIF upload::a.sarif holds 21 runs, more than the 20 GitHub accepts in one upload',
    );
    expect((await uploads(dir)).map((u) => u.runs.length)).toEqual([1]);
  });

  it('fails the step with GitHub’s reasons when code scanning rejects an upload', async () => {
    const { dir, env } = await setup(accounts(1), 'failed');
    const run = await runScript('upload-sarif.sh', env, dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /::error title=aws-audit: SARIF upload::code scanning rejected 100000000000\.sarif .*invalid SARIF/,
    );
  });

  it('keeps uploading the other files when GitHub refuses one upload', async () => {
    const { dir, env } = await setup(
      { 'a.sarif': sarif('aws-audit/111111111111/'), 'b.sarif': sarif('aws-audit/222222222222/') },
      'complete',
      'aws-audit/111111111111/',
    );
    // One file per upload here: the second cannot join a refused batch.
    const run = await runScript('upload-sarif.sh', { ...env, MAX_RUNS: '1' }, dir);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('GitHub refused the upload of a.sarif');
    expect((await uploads(dir)).map((u) => u.runs[0]!.automationDetails?.id)).toEqual([
      'aws-audit/222222222222/',
    ]);
  });

  it('notes, without failing, an upload still processing after the last poll', async () => {
    const { dir, env } = await setup(accounts(1), 'pending');
    const run = await runScript('upload-sarif.sh', { ...env, SARIF_POLLS: '2' }, dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('code scanning was still processing it');
  });
});
