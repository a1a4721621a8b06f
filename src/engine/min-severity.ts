// `--min-severity`: leave out results below a severity, so a team starting out sees only what it
// has decided to act on. Applied after waivers and the baseline are matched against every finding,
// so a waiver is not called stale and a finding not called fixed merely because it is hidden.
import type { ScanResult } from './scan.js';
import { summarise } from './summary.js';
import { severityRank, type Severity } from './types.js';

export function atOrAbove(result: ScanResult, minimum: Severity | undefined): ScanResult {
  if (!minimum) return result;
  const findings = result.findings.filter((f) => severityRank(f.severity) >= severityRank(minimum));
  return {
    ...result,
    findings,
    belowMinimum: { minSeverity: minimum, hidden: result.findings.length - findings.length },
    summary: summarise(
      findings,
      result.rules.map((rule) => rule.meta.id),
    ),
  };
}
