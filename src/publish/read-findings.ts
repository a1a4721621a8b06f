// What `publish` sends: the ASFF findings of one or more saved JSON reports (a scan's report, or
// each account's report of an organisation scan), built by the same code as `--format asff`.
import { buildAsffFindings, type AsffFinding } from '../report/asff.js';
import { readCheckedReport } from '../report/validate-report.js';
import { UserError } from '../util/errors.js';

export async function readPublishableFindings(
  files: readonly string[],
  options: { region?: string } = {},
): Promise<AsffFinding[]> {
  const findings: AsffFinding[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const report = await readCheckedReport(file, () => true, {
      read: (reason) => `cannot read report ${file}: ${reason}`,
      parse: (reason) => `report ${file} is not valid JSON (${reason}); pass an aws-audit-report.json`,
      shape: (problem) => `report ${file} is not an aws-audit JSON report: ${problem}`,
    });
    for (const finding of buildAsffFindings(report, options)) {
      // The same finding twice (one report passed twice) would be imported twice in one call.
      const other = seen.get(`${finding.ProductArn} ${finding.Id}`);
      if (other !== undefined)
        throw new UserError(`report ${file} repeats finding ${finding.Id} already read from ${other}`);
      seen.set(`${finding.ProductArn} ${finding.Id}`, file);
      findings.push(finding);
    }
  }
  return findings;
}
