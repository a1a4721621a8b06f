// Reads a previous JSON report for `--baseline`; the engine then compares this scan's findings with
// the ones read here (src/engine/baseline.ts).
import type { JsonReport } from './json-report.js';
import { readCheckedReport } from './validate-report.js';

export async function readBaselineFile(file: string): Promise<JsonReport> {
  // Only the previous failures matter (compareWithBaseline): the others are dropped while reading,
  // so a million-finding baseline does not sit in memory beside the scan (BENCHMARKS.md).
  return readCheckedReport(file, (finding) => finding.status === 'fail', {
    read: (reason) => `cannot read baseline ${file}: ${reason}`,
    parse: (reason) =>
      `baseline ${file} is not valid JSON (${reason}); pass a previous aws-audit-report.json`,
    shape: (problem) => `baseline ${file} is not an aws-audit JSON report: ${problem}`,
  });
}
