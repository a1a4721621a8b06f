// `aws-audit compliance` as a user runs it: the built binary scans the demo account to a JSON
// report, then summarises it (table on stdout, --json for scripts); bad files and flags exit 2
// with one line and nothing on stdout.
import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ComplianceSummary } from '../../src/report/compliance.js';
import { BUILT_CLI, runBuiltCli, runCli, tempDir } from '../support/cli.js';

let report: string;

beforeAll(async () => {
  await access(BUILT_CLI).catch(() => {
    throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` (npm test does it first)`);
  });
  const out = await tempDir();
  const scan = await runBuiltCli([
    'scan',
    '--snapshot',
    'examples/demo-account.json',
    '--out-dir',
    out,
    '--format',
    'json',
  ]);
  expect(scan.code).toBe(0);
  report = join(out, 'aws-audit-report.json');
});

describe('aws-audit compliance', () => {
  it('prints a per-control table for FSBP by default, with the rules and the not covered controls', async () => {
    const run = await runBuiltCli(['compliance', report]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`AWS Foundational Security Best Practices (Security Hub controls): ${report}`);
    expect(lines).toContain('CONTROL  STATUS        PASS  FAIL  UNKNOWN  TITLE');
    expect(run.stdout).toMatch(
      /^EC2\.53 +FAILED +34 +8 +0 +EC2 security groups should not allow ingress from 0\.0\.0\.0\/0 to remote server administration ports\n +rules: ec2-security-group-no-public-rdp, ec2-security-group-no-public-ssh$/m,
    );
    expect(run.stdout).toMatch(
      /^SSM\.1 +FAILED +2 +7 +1 +EC2 instances should be managed by AWS Systems Manager$/m,
    );
    expect(run.stdout).toContain('Not covered by any rule (11):\n  EC2.2   VPC default security groups');
    expect(lines.filter(Boolean).at(-1)).toBe(
      'Controls: 11 failed, 0 unknown, 0 passed, 0 with no resources; 11 not covered.',
    );
  });

  it('--framework cis-5.0 --json prints the summary as JSON', async () => {
    const run = await runBuiltCli(['compliance', '--framework', 'cis-5.0', '--json', report]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as ComplianceSummary;
    expect(Object.keys(summary)).toEqual(['framework', 'report', 'controls', 'notCovered', 'totals']);
    expect(summary.framework).toEqual({ id: 'cis-5.0', name: 'CIS AWS Foundations Benchmark v5.0.0' });
    expect(summary.report).toBe(report);
    expect(Object.keys(summary.controls[0]!)).toEqual([
      'id',
      'title',
      'status',
      'passed',
      'failed',
      'unknown',
      'waived',
      'rules',
    ]);
    expect(summary.controls.find((c) => c.id === '1.17')).toEqual({
      id: '1.17',
      title: 'IAM instance roles are used for AWS resource access from instances',
      status: 'failed',
      passed: 8,
      failed: 3,
      unknown: 0,
      waived: 0,
      rules: ['ec2-instance-iam-role-attached'],
    });
    expect(summary.notCovered).toContainEqual({
      id: '5.5',
      title: 'The default security group of every VPC restricts all traffic',
      service: 'vpc',
    });
    expect(summary.totals).toEqual({ failed: 7, unknown: 0, passed: 0, 'no-resources': 0, notCovered: 9 });
  });

  it('exits 2 with one line for an unknown framework, a missing file, and the SARIF file', async () => {
    const framework = await runCli(['compliance', '--framework', 'pci', report]);
    expect(framework.code).toBe(2);
    expect(framework.stdout).toBe('');
    expect(framework.stderr.split('\n')[0]).toBe(
      "aws-audit compliance: option '--framework <id>' argument 'pci' is invalid. Allowed choices are fsbp, cis-5.0.",
    );

    const missing = await runCli(['compliance', 'missing.json']);
    expect(missing).toEqual({
      code: 2,
      stdout: '',
      stderr: 'aws-audit: report missing.json: cannot read: no such file or directory\n',
    });

    const dir = await tempDir();
    const sarif = join(dir, 'aws-audit-report.sarif');
    const scan = await runCli([
      'scan',
      '--snapshot',
      'examples/demo-account.json',
      '--out-dir',
      dir,
      '--format',
      'sarif',
    ]);
    expect(scan.code).toBe(0);
    const given = await runCli(['compliance', sarif]);
    expect(given).toEqual({
      code: 2,
      stdout: '',
      stderr: `aws-audit: report ${sarif}: is a SARIF log; this command expects aws-audit JSON reports (aws-audit-report.json)\n`,
    });

    const truncated = join(dir, 'cut.json');
    await writeFile(truncated, (await readFile(report, 'utf8')).slice(0, 200));
    const cut = await runCli(['compliance', truncated]);
    expect(cut.code).toBe(2);
    expect(cut.stdout).toBe('');
    expect(cut.stderr).toMatch(new RegExp(`^aws-audit: report ${truncated}: not valid JSON: [^\\n]+\\n$`));
  });
});
