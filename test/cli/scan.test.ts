import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { reportProblem } from '../../src/report/validate-report.js';
import type { JsonReport } from '../../src/report/json-report.js';
import { listFiles, runCli, tempDir } from '../support/cli.js';

const DEMO = 'examples/demo-account.json';
const ANSI = new RegExp(String.fromCharCode(27) + '\\[');

describe('aws-audit scan --snapshot', () => {
  it('writes a schema-valid JSON report (stable name + timestamped copy) and prints the summary', async () => {
    const out = await tempDir();
    const result = await runCli(['scan', '--snapshot', DEMO, '--out-dir', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const files = await listFiles(out);
    expect(files).toHaveLength(2);
    expect(files).toContain('aws-audit-report.json');
    expect(files.find((f) => /^aws-audit-report-\d{8}T\d{6}Z\.json$/.test(f))).toBeDefined();
    const report = JSON.parse(await readFile(join(out, 'aws-audit-report.json'), 'utf8')) as JsonReport;
    expect(reportProblem(report)).toBeUndefined();
    expect(report.scan).toMatchObject({ source: 'snapshot', snapshotFile: DEMO, complete: true });
    expect(report.scan.accounts).toEqual([
      { accountId: '123456789012', partition: 'aws', regions: ['us-east-1', 'eu-west-1'] },
    ]);
    const bastion = report.findings.find((f) => f.resource.id === 'sg-0a11bast');
    expect(bastion).toMatchObject({
      ruleId: 'ec2-security-group-no-public-ssh',
      status: 'fail',
      severity: 'critical',
      resource: {
        arn: 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-0a11bast',
        type: 'AWS::EC2::SecurityGroup',
        accountId: '123456789012',
        region: 'us-east-1',
        name: 'prod-bastion',
      },
    });
    expect(report.summary.byStatus.fail).toBe(report.findings.filter((f) => f.status === 'fail').length);
    expect(result.stdout).toContain('Failing findings, worst first, by rule:');
    expect(result.stdout).toContain('CRITICAL');
    expect(result.stdout).toContain('Coverage: complete.');
    expect((await stat(join(out, 'aws-audit-report.json'))).mode & 0o777).toBe(0o600);
  });

  it('exits 1 when a failing finding is at or above --fail-on, 0 below', async () => {
    const out = await tempDir();
    expect(
      (await runCli(['scan', '--snapshot', DEMO, '--out-dir', out, '--fail-on', 'critical', '-q'])).code,
    ).toBe(1);
    const clean = await runCli([
      'scan',
      '--snapshot',
      DEMO,
      '--out-dir',
      out,
      '--rules',
      'ec2-security-group-no-public-ssh',
      '--format',
      'json',
    ]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe('');
  });

  it('an empty shard writes its JSON report and no SARIF, and exits 0', async () => {
    const out = await tempDir();
    const result = await runCli([
      'scan',
      '--snapshot',
      DEMO,
      '--shard',
      '2/2',
      '--format',
      'json,sarif',
      '--out-dir',
      out,
    ]);
    expect(result.stderr).toBe('aws-audit: shard 2/2 holds none of the accounts; nothing to scan.\n');
    expect(result.code).toBe(0);
    const files = await listFiles(out);
    expect(files.filter((f) => f.endsWith('.sarif'))).toEqual([]);
    expect(files).toContain('aws-audit-report.json');
  });

  it('prints no colour codes without a TTY or with NO_COLOR, and colour on a TTY', async () => {
    const out = await tempDir();
    const plain = await runCli(['scan', '--snapshot', DEMO, '--out-dir', out], {}, false);
    expect(plain.stdout).not.toMatch(ANSI);
    const noColor = await runCli(['scan', '--snapshot', DEMO, '--out-dir', out], { NO_COLOR: '1' }, true);
    expect(noColor.stdout).not.toMatch(ANSI);
    const tty = await runCli(['scan', '--snapshot', DEMO, '--out-dir', out], {}, true);
    expect(tty.stdout).toMatch(ANSI);
  });

  describe('bad input: one clear line, exit 2, no report left behind', () => {
    const cases: [string, (dir: string) => string[] | Promise<string[]>, RegExp][] = [
      [
        'a missing snapshot',
        () => ['--snapshot', 'missing.json'],
        /^aws-audit: cannot read snapshot missing\.json: no such file or directory\n$/,
      ],
      [
        'a truncated snapshot',
        async (dir) => {
          const path = join(dir, 'truncated.json');
          await writeFile(path, (await readFile(DEMO, 'utf8')).slice(0, 5000));
          return ['--snapshot', path];
        },
        /^aws-audit: snapshot .*truncated\.json is not valid JSON .*\n$/,
      ],
      [
        'a wrong schemaVersion',
        async (dir) => {
          const path = join(dir, 'v9.json');
          await writeFile(
            path,
            JSON.stringify({ ...(JSON.parse(await readFile(DEMO, 'utf8')) as object), schemaVersion: 9 }),
          );
          return ['--snapshot', path];
        },
        /^aws-audit: snapshot .*v9\.json: schemaVersion 9 is not supported; this aws-audit reads schemaVersion 1\n$/,
      ],
      [
        'an unknown --rules id',
        () => ['--snapshot', DEMO, '--rules', 'ec2-nope'],
        /^aws-audit: unknown rule id in --rules: ec2-nope \(run 'aws-audit rules' to list them\)\n$/,
      ],
      [
        'a bad --fail-on',
        () => ['--snapshot', DEMO, '--fail-on', 'severe'],
        /--fail-on <low\|medium\|high\|critical>' argument 'severe' is invalid\. expected one of low, medium, high, critical/,
      ],
      [
        'a bad --format',
        () => ['--snapshot', DEMO, '--format', 'json,html5'],
        /--format <formats>' argument 'json,html5' is invalid\. unknown value html5/,
      ],
      ['an unknown flag', () => ['--snapshot', DEMO, '--frobnicate'], /unknown option '--frobnicate'/],
    ];
    it.each(cases)('%s', async (_name, args, pattern) => {
      const dir = await tempDir();
      const out = join(dir, 'reports');
      const result = await runCli(['scan', ...(await args(dir)), '--out-dir', out]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(pattern);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(await listFiles(out)).toEqual([]);
    });
  });
});

describe('aws-audit rules, --help, --version', () => {
  it('lists every rule with severity and title', async () => {
    const result = await runCli(['rules']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^ec2-security-group-no-public-ssh\s+high\s+Security groups do not allow SSH/m,
    );
  });

  it('prints help and version with exit 0', async () => {
    const help = await runCli(['scan', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--snapshot <file>');
    const version = await runCli(['--version']);
    expect(version).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
  });
});
