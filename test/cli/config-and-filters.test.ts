// --services, --skip-rules, --min-severity; the config file (found in the working directory or
// given by --config; flags win; bad keys and values in one line, exit 2); `aws-audit init`.
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { JsonReport } from '../../src/report/json-report.js';
import { runCli, tempDir } from '../support/cli.js';

const DEMO = resolve('examples/demo-account.json');

async function report(dir: string): Promise<JsonReport> {
  return JSON.parse(await readFile(join(dir, 'aws-audit-report.json'), 'utf8')) as JsonReport;
}

const ruleIds = (r: JsonReport): string[] => [...new Set(r.findings.map((f) => f.ruleId))].sort();

describe('scan filters', () => {
  it('--services keeps only those services, --skip-rules drops rules', async () => {
    const out = await tempDir();
    const run = await runCli(['scan', '--snapshot', DEMO, '--out-dir', out, '-q', '--services', 'iam,rds']);
    expect(run.code).toBe(0);
    expect(ruleIds(await report(out))).toEqual([
      'iam-user-no-stale-access-keys',
      'rds-instance-not-publicly-accessible',
      'rds-instance-private-admin-path',
    ]);
    const skipped = await runCli([
      'scan',
      '--snapshot',
      DEMO,
      '--out-dir',
      out,
      '-q',
      '--services',
      'iam,rds',
      '--skip-rules',
      'rds-instance-not-publicly-accessible,rds-instance-private-admin-path',
    ]);
    expect(skipped.code).toBe(0);
    expect(ruleIds(await report(out))).toEqual(['iam-user-no-stale-access-keys']);
  });

  it('rejects an unknown service and an unknown skipped rule in one line, exit 2', async () => {
    const bad = await runCli(['scan', '--snapshot', DEMO, '--services', 'ec3']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.split('\n')[0]).toMatch(
      /--services .*unknown value ec3; expected ec2, ecs, iam, lambda, rds, ssm, vpc/,
    );
    const skip = await runCli(['scan', '--snapshot', DEMO, '--skip-rules', 'nope']);
    expect(skip.code).toBe(2);
    expect(skip.stderr).toBe(
      "aws-audit: unknown rule id in --skip-rules: nope (run 'aws-audit rules' to list them)\n",
    );
    const empty = await runCli([
      'scan',
      '--snapshot',
      DEMO,
      '--services',
      'iam',
      '--skip-rules',
      'iam-user-no-stale-access-keys',
    ]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/^aws-audit: no rule left to run/);
  });

  it('--min-severity leaves lower results out of the report, the console and the gate', async () => {
    const out = await tempDir();
    const run = await runCli([
      'scan',
      '--snapshot',
      DEMO,
      '--out-dir',
      out,
      '--min-severity',
      'critical',
      '--fail-on',
      'low',
    ]);
    const written = await report(out);
    expect(written.findings.length).toBeGreaterThan(0);
    expect(written.findings.every((f) => f.severity === 'critical')).toBe(true);
    expect(written.summary.total).toBe(written.findings.length);
    expect(run.stdout).toMatch(/^Left out: \d+ results below critical \(--min-severity critical\)$/m);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(
      'exit 1: 6 failing findings at or above low (--fail-on low)',
    );
  });
});

describe('config file', () => {
  it('is read from the working directory; flags win over it', async () => {
    const dir = await tempDir();
    await writeFile(
      join(dir, 'aws-audit.config.yaml'),
      'fail-on: critical\nservices: [iam]\nout-dir: out\nformat: json\n',
    );
    const fromFile = await runCli(['scan', '--snapshot', DEMO], {}, false, dir);
    expect(fromFile.stderr).toBe('');
    // iam only: its worst finding is high, below the configured critical gate.
    expect(fromFile.code).toBe(0);
    expect(ruleIds(await report(join(dir, 'out')))).toEqual(['iam-user-no-stale-access-keys']);
    const flagWins = await runCli(['scan', '--snapshot', DEMO, '--fail-on', 'high'], {}, false, dir);
    expect(flagWins.code).toBe(1);
  });

  it('--config names another file; its relative paths are relative to it', async () => {
    const dir = await tempDir();
    await writeFile(
      join(dir, 'team.yaml'),
      'rules: [ec2-security-group-no-public-ssh]\nout-dir: team-reports\nformat: [json]\n',
    );
    const run = await runCli(['scan', '--snapshot', DEMO, '--config', join(dir, 'team.yaml')]);
    expect(run.code).toBe(0);
    expect(ruleIds(await report(join(dir, 'team-reports')))).toEqual(['ec2-security-group-no-public-ssh']);
  });

  const bad: [string, string, RegExp][] = [
    [
      'a bad value',
      'fail-on: hgh\n',
      /^aws-audit: config aws-audit\.config\.yaml: fail-on: expected one of low, medium, high, critical\.\n$/,
    ],
    [
      'an unknown key',
      'fail_on: high\n',
      /^aws-audit: config aws-audit\.config\.yaml: unknown key 'fail_on'; allowed: .*fail-on, fail-on-new, .*min-severity/,
    ],
    [
      'a list of services with a typo',
      'services: [ec2, iamm]\n',
      /^aws-audit: config aws-audit\.config\.yaml: services: unknown value iamm; expected ec2, ecs, iam, lambda, rds, ssm, vpc\.\n$/,
    ],
    [
      'a mapping where a flag value belongs',
      'format: { json: true }\n',
      /^aws-audit: config aws-audit\.config\.yaml: format: expected a value or a list of values, not a mapping\n$/,
    ],
    [
      'a non-boolean switch',
      'allow-incomplete: yes please\n',
      /^aws-audit: config aws-audit\.config\.yaml: allow-incomplete: expected true or false\n$/,
    ],
    [
      'broken YAML',
      'fail-on: [high\n',
      /^aws-audit: config aws-audit\.config\.yaml line \d+: not valid YAML: /,
    ],
    [
      'a list at the top',
      '- fail-on\n',
      /^aws-audit: config aws-audit\.config\.yaml: expected a mapping of flag names to values\n$/,
    ],
  ];
  for (const [name, text, message] of bad) {
    it(`${name}: one line naming the file and key, exit 2, no report`, async () => {
      const dir = await tempDir();
      await writeFile(join(dir, 'aws-audit.config.yaml'), text);
      const run = await runCli(['scan', '--snapshot', DEMO, '--out-dir', join(dir, 'r')], {}, false, dir);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
      expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(run.stdout).toBe('');
    });
  }

  it('a missing --config file is exit 2', async () => {
    const run = await runCli(['scan', '--snapshot', DEMO, '--config', 'nope.yaml']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('aws-audit: cannot read config nope.yaml: no such file or directory\n');
  });
});

describe('aws-audit init', () => {
  it('writes a starter config and waivers file that a scan accepts, and never overwrites without --force', async () => {
    const dir = await tempDir();
    const first = await runCli(['init'], {}, false, dir);
    expect(first.code).toBe(0);
    const config = await readFile(join(dir, 'aws-audit.config.yaml'), 'utf8');
    expect(config).toMatch(/^# aws-audit configuration/);
    expect(config).toContain('fail-on: high');
    expect(config).toContain('# services: [ec2, iam]');
    // The starter files are valid: the scan reads both (the demo has high findings: exit 1).
    const scan = await runCli(['scan', '--snapshot', DEMO], {}, false, dir);
    expect(scan.stderr).toBe('');
    expect(scan.code).toBe(1);
    expect(scan.stdout).toContain(`Waivers ${join(dir, 'aws-audit.waivers.yaml')}: 0 applied`);

    await writeFile(join(dir, 'aws-audit.waivers.yaml'), 'waivers: [] # mine\n');
    const again = await runCli(['init'], {}, false, dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(
      'aws-audit: aws-audit.config.yaml and aws-audit.waivers.yaml already exist; use --force to overwrite\n',
    );
    expect(await readFile(join(dir, 'aws-audit.waivers.yaml'), 'utf8')).toBe('waivers: [] # mine\n');
    expect((await runCli(['init', '--force'], {}, false, dir)).code).toBe(0);
    expect(await readFile(join(dir, 'aws-audit.waivers.yaml'), 'utf8')).toMatch(/^# Accepted risks/);
  });
});
