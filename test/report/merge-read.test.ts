import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildJsonReport } from '../../src/report/json-report.js';
import { loadedReport, mergeReports, readReportFile } from '../../src/report/merge.js';
import { buildSarifLog, renderSarif } from '../../src/report/sarif.js';
import { UserError } from '../../src/util/errors.js';
import { tempDir } from '../support/cli.js';
import { demoScan } from './sarif-fixtures.js';

const MERGED_AT = { mergedAt: new Date('2026-11-22T00:00:00Z') };

describe('readReportFile', () => {
  it('merges a report read from disk exactly as the same report in memory, keeping no findings', async () => {
    const report = buildJsonReport(await demoScan());
    const path = join(await tempDir(), 'report.json');
    await writeFile(path, JSON.stringify(report, null, 2));
    const read = await readReportFile(path);
    expect(read.report).not.toHaveProperty('findings');
    expect(read.tally.failures).toHaveLength(report.findings.filter((f) => f.status === 'fail').length);
    expect(mergeReports([read], MERGED_AT)).toEqual(mergeReports([loadedReport(path, report)], MERGED_AT));
  });

  it('names the real index of a bad finding, though findings are dropped as they are read', async () => {
    const report = buildJsonReport(await demoScan());
    const bad = JSON.parse(JSON.stringify(report)) as { findings: { severity: unknown }[] };
    bad.findings[57]!.severity = 'urgent';
    const path = join(await tempDir(), 'bad.json');
    await writeFile(path, JSON.stringify(bad));
    const reading = readReportFile(path);
    await expect(reading).rejects.toThrow(UserError);
    await expect(reading).rejects.toThrow(
      /^report .*bad\.json: \/findings\/57\/severity: must be equal to one of the allowed values/,
    );
  });

  it('given the SARIF file instead of the JSON report, says it expects JSON reports', async () => {
    const path = join(await tempDir(), 'aws-audit-report.sarif');
    await writeFile(path, renderSarif(buildSarifLog(await demoScan())));
    await expect(readReportFile(path)).rejects.toThrow(
      new UserError(
        `report ${path}: is a SARIF log; this command expects aws-audit JSON reports (aws-audit-report.json)`,
      ),
    );
  });

  it('merges a report with hundreds of thousands of failures', async () => {
    const report = buildJsonReport(await demoScan());
    const failing = report.findings.find((f) => f.status === 'fail')!;
    // More than a spread call's argument list can hold on V8's default stack.
    const findings = Array.from({ length: 200_000 }, (_, i) => ({ ...failing, fingerprint: `f${i}` }));
    const merged = mergeReports([loadedReport('big.json', { ...report, findings })], MERGED_AT);
    expect(merged.failures).toHaveLength(200_000);
    expect(merged.summary.byStatus.fail).toBe(200_000);
  });
});
