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

/**
 * The summary counted one finding at a time, so a scan that streams its findings to the report
 * files (engine/stream-scan.ts) can count what it does not keep.
 */
export class SummaryCounter {
  private readonly summary: Summary;

  constructor(ruleIds: readonly string[]) {
    const byRule: Record<string, Record<Status, number>> = {};
    for (const id of ruleIds) byRule[id] = zeroStatus();
    this.summary = {
      total: 0,
      byStatus: zeroStatus(),
      failingBySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>,
      byRule,
      waived: 0,
    };
  }

  add(finding: Finding): void {
    const { summary } = this;
    this.countStatus(finding.ruleId, finding.status);
    if (finding.waiver) summary.waived += 1;
    else if (finding.status === 'fail') summary.failingBySeverity[finding.severity] += 1;
  }

  /** `add` for a pass a worker thread rendered: a pass is never waived and has no severity count. */
  addPass(ruleId: string): void {
    this.countStatus(ruleId, 'pass');
  }

  private countStatus(ruleId: string, status: Status): void {
    const { summary } = this;
    summary.total += 1;
    summary.byStatus[status] += 1;
    (summary.byRule[ruleId] ??= zeroStatus())[status] += 1;
  }

  result(): Summary {
    return this.summary;
  }
}

export function summarise(findings: readonly Finding[], ruleIds: readonly string[]): Summary {
  const counter = new SummaryCounter(ruleIds);
  for (const finding of findings) counter.add(finding);
  return counter.result();
}
