// `aws-audit compliance` logic: per-control counts on the demo report, the controls no rule covers,
// a control's status from its findings, and the reader's refusal of bad input (exit-2 wording).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FRAMEWORKS } from '../../src/report/compliance-frameworks.js';
import { complianceOfReportFile, complianceSummary, tallyFindings } from '../../src/report/compliance.js';
import { buildJsonReport, type JsonReport } from '../../src/report/json-report.js';
import { buildSarifLog, renderSarif } from '../../src/report/sarif.js';
import { UserError } from '../../src/util/errors.js';
import { tempDir } from '../support/cli.js';
import { demoScan } from './sarif-fixtures.js';

async function demoReportFile(): Promise<{ path: string; report: JsonReport }> {
  const report = buildJsonReport(await demoScan());
  const path = join(await tempDir(), 'aws-audit-report.json');
  await writeFile(path, JSON.stringify(report, null, 2));
  return { path, report };
}

const counts = (c: { id: string; passed: number; failed: number; unknown: number; status: string }) =>
  [c.id, c.status, c.passed, c.failed, c.unknown] as const;

describe('compliance summary of the demo report', () => {
  it('FSBP: counts each control over the findings of every rule that names it', async () => {
    const { path } = await demoReportFile();
    const summary = await complianceOfReportFile(path, 'fsbp');
    expect(summary.framework.id).toBe('fsbp');
    expect(summary.controls.map(counts)).toEqual([
      ['EC2.8', 'failed', 9, 2, 0],
      ['EC2.19', 'failed', 19, 2, 0],
      // Both security-group rules name EC2.53/54: their findings add up (ssh 15/6, rdp 19/2).
      ['EC2.53', 'failed', 34, 8, 0],
      ['EC2.54', 'failed', 34, 8, 0],
      ['EC2.57', 'failed', 2, 7, 1],
      ['IAM.3', 'failed', 2, 2, 0],
      ['IAM.22', 'failed', 2, 2, 0],
      ['RDS.2', 'failed', 1, 2, 0],
      ['SSM.1', 'failed', 2, 7, 1],
      // Named by a rule but not in our FSBP list: shown, after the listed ones, without a title.
      ['EC2.13', 'failed', 15, 6, 0],
      ['EC2.14', 'failed', 19, 2, 0],
    ]);
    const ec253 = summary.controls.find((c) => c.id === 'EC2.53')!;
    expect(ec253.rules).toEqual(['ec2-security-group-no-public-rdp', 'ec2-security-group-no-public-ssh']);
    expect(ec253.title).toMatch(/0\.0\.0\.0\/0 to remote server administration ports/);
    expect(summary.controls.find((c) => c.id === 'EC2.13')!.title).toBeNull();
    expect(summary.notCovered.map((c) => c.id)).toEqual([
      'EC2.2',
      'EC2.6',
      'EC2.7',
      'EC2.9',
      'EC2.10',
      'EC2.15',
      'EC2.18',
      'EC2.21',
      'IAM.4',
      'IAM.5',
      'IAM.8',
    ]);
    expect(summary.totals).toEqual({ failed: 11, unknown: 0, passed: 0, 'no-resources': 0, notCovered: 11 });
  });

  it('CIS v5.0.0: reads only the v5.0.0 references (not v1.x/v3.0.0 numbers)', async () => {
    const { path } = await demoReportFile();
    const summary = await complianceOfReportFile(path, 'cis-5.0');
    expect(summary.controls.map(counts)).toEqual([
      ['1.11', 'failed', 2, 2, 0],
      ['1.13', 'failed', 2, 2, 0],
      ['1.17', 'failed', 8, 3, 0],
      ['2.2.3', 'failed', 1, 2, 0],
      ['5.3', 'failed', 34, 8, 0],
      ['5.4', 'failed', 34, 8, 0],
      ['5.7', 'failed', 9, 2, 0],
    ]);
    expect(summary.notCovered.map((c) => c.id)).toEqual([
      '1.3',
      '1.9',
      '1.10',
      '1.12',
      '3.7',
      '5.1.1',
      '5.2',
      '5.5',
      '5.6',
    ]);
  });

  it('every in-scope control is either named by a rule or listed as not covered, never both', async () => {
    const { path } = await demoReportFile();
    for (const framework of ['fsbp', 'cis-5.0'] as const) {
      const summary = await complianceOfReportFile(path, framework);
      const named = new Set(summary.controls.map((c) => c.id));
      const notCovered = new Set(summary.notCovered.map((c) => c.id));
      for (const control of FRAMEWORKS[framework].controls)
        expect(`${control.id}: ${named.has(control.id) !== notCovered.has(control.id)}`).toBe(
          `${control.id}: true`,
        );
    }
  });
});

describe('control status', () => {
  it('any failure fails a control; else unknown beats pass (missing data is no verdict); no findings: no-resources', async () => {
    const { report } = await demoReportFile();
    const imds = report.findings.filter((f) => f.ruleId === 'ec2-instance-imdsv2-required');
    const rules = report.rules;
    const statusOf = (findings: typeof report.findings) =>
      complianceSummary({ rules, counts: tallyFindings(findings) }, FRAMEWORKS.fsbp, 'r.json').controls.find(
        (c) => c.id === 'EC2.8',
      )!;
    const passed = imds.map((f) => ({ ...f, status: 'pass' as const }));
    expect(counts(statusOf(passed))).toEqual(['EC2.8', 'passed', imds.length, 0, 0]);
    const oneUnknown = [{ ...passed[0]!, status: 'unknown' as const }, ...passed.slice(1)];
    expect(counts(statusOf(oneUnknown))).toEqual(['EC2.8', 'unknown', imds.length - 1, 0, 1]);
    const alsoFailing = [...oneUnknown, { ...passed[0]!, status: 'fail' as const }];
    expect(statusOf(alsoFailing).status).toBe('failed');
    expect(counts(statusOf([]))).toEqual(['EC2.8', 'no-resources', 0, 0, 0]);
  });

  it('a waived failure still fails the control, and is counted as waived', async () => {
    const { report } = await demoReportFile();
    const imds = report.findings.filter((f) => f.ruleId === 'ec2-instance-imdsv2-required');
    const failing = imds.filter((f) => f.status === 'fail');
    const waiver = { reason: 'legacy AMI', owner: 'team-a', waiverIndex: 0 };
    const findings = imds.map((f) => (f === failing[0] ? { ...f, waiver } : f));
    const control = complianceSummary(
      { rules: report.rules, counts: tallyFindings(findings) },
      FRAMEWORKS['cis-5.0'],
      'r.json',
    ).controls.find((c) => c.id === '5.7')!;
    expect([control.status, control.failed, control.waived]).toEqual(['failed', failing.length, 1]);
  });
});

describe('bad input (exit 2 wording shared with merge)', () => {
  it('a missing file', async () => {
    const path = join(await tempDir(), 'missing.json');
    await expect(complianceOfReportFile(path, 'fsbp')).rejects.toThrow(
      new UserError(`report ${path}: cannot read: no such file or directory`),
    );
  });

  it('not JSON, and JSON that is not a report', async () => {
    const dir = await tempDir();
    const notJson = join(dir, 'notes.json');
    await writeFile(notJson, 'hello');
    await expect(complianceOfReportFile(notJson, 'fsbp')).rejects.toThrow(
      /^report .*notes\.json: not valid JSON: /,
    );
    const notReport = join(dir, 'other.json');
    await writeFile(notReport, '{"hello": 1}');
    await expect(complianceOfReportFile(notReport, 'fsbp')).rejects.toThrow(UserError);
    await expect(complianceOfReportFile(notReport, 'fsbp')).rejects.toThrow(/^report .*other\.json: /);
  });

  it('the SARIF file instead of the JSON report says it expects a JSON report', async () => {
    const path = join(await tempDir(), 'aws-audit-report.sarif');
    await writeFile(path, renderSarif(buildSarifLog(await demoScan())));
    await expect(complianceOfReportFile(path, 'cis-5.0')).rejects.toThrow(
      new UserError(
        `report ${path}: is a SARIF log; this command expects aws-audit JSON reports (aws-audit-report.json)`,
      ),
    );
  });
});
