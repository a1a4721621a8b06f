// The exit-code decision, apart from the CLI so it is testable: incomplete beats findings, because
// a partial scan must never look like a verdict (README "Exit codes").
import { ExitCode, type ExitCodeValue } from '../util/errors.js';
import type { ScanResult } from './scan.js';
import { severityRank, type Finding, type Severity } from './types.js';

export interface GateOptions {
  /** Exit 1 when a failing, unwaived finding is at or above this severity. */
  failOn?: Severity;
  /** The same, counting only findings new against the baseline. */
  failOnNew?: Severity;
  /** Treat an incomplete scan as complete for the exit code (the report still says it). */
  allowIncomplete?: boolean;
}

function breaches(findings: readonly Finding[], threshold: Severity, onlyNew: boolean): Finding[] {
  return findings.filter(
    (f) =>
      f.status === 'fail' &&
      !f.waiver &&
      severityRank(f.severity) >= severityRank(threshold) &&
      (!onlyNew || f.baseline !== 'unchanged'),
  );
}

export function gateFindings(result: ScanResult, options: GateOptions): Finding[] {
  const hits = new Map<string, Finding>();
  if (options.failOn)
    for (const f of breaches(result.findings, options.failOn, false)) hits.set(f.fingerprint, f);
  if (options.failOnNew)
    for (const f of breaches(result.findings, options.failOnNew, true)) hits.set(f.fingerprint, f);
  return [...hits.values()];
}

export function exitCodeFor(result: ScanResult, options: GateOptions): ExitCodeValue {
  if (!result.coverage.complete && !options.allowIncomplete) return ExitCode.Incomplete;
  return gateFindings(result, options).length > 0 ? ExitCode.Findings : ExitCode.Ok;
}
