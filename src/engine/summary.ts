// Counts for the report and the console.
import type { Finding, Severity, Status } from './types.js';
import { SEVERITIES } from './types.js';

export interface Summary {
  total: number;
  byStatus: Record<Status, number>;
  /** Failing, not waived findings by severity. */
  failingBySeverity: Record<Severity, number>;
  byRule: Record<string, Record<Status, number>>;
  waived: number;
}

const zeroStatus = (): Record<Status, number> => ({ pass: 0, fail: 0, unknown: 0 });

export function summarise(findings: readonly Finding[], ruleIds: readonly string[]): Summary {
  const byStatus = zeroStatus();
  const failingBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const byRule: Record<string, Record<Status, number>> = {};
  for (const id of ruleIds) byRule[id] = zeroStatus();
  let waived = 0;
  for (const finding of findings) {
    byStatus[finding.status] += 1;
    const ruleCounts = (byRule[finding.ruleId] ??= zeroStatus());
    ruleCounts[finding.status] += 1;
    if (finding.waiver) waived += 1;
    else if (finding.status === 'fail') failingBySeverity[finding.severity] += 1;
  }
  return { total: findings.length, byStatus, failingBySeverity, byRule, waived };
}
