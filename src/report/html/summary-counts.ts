// The counts the HTML page's summary shows (render.ts `summaries`), gathered one finding at a time:
// the in-memory page feeds it its list, a streamed scan feeds it each finding as the spill takes it
// (report/spilled-html.ts), so the page's summary needs no list of every finding.
import { SEVERITIES, type Finding, type Severity, type Status } from '../../engine/types.js';

export type StatusCounts = Record<Status, number>;
export const zeroCounts = (): StatusCounts => ({ pass: 0, fail: 0, unknown: 0 });

function countInto(map: Map<string, StatusCounts>, key: string, status: Status): void {
  let counts = map.get(key);
  if (!counts) map.set(key, (counts = zeroCounts()));
  counts[status] += 1;
}

function sortedByKey(map: Map<string, StatusCounts>): Map<string, StatusCounts> {
  return new Map([...map].sort(([a], [b]) => a.localeCompare(b)));
}

export class HtmlSummaryCounts {
  /** Every finding of the page. */
  findings = 0;
  readonly total = zeroCounts();
  /** Findings with a waiver, whatever their status. */
  waived = 0;
  /** Failing findings without a waiver, by severity. */
  readonly failingBySeverity = new Map<Severity, number>(SEVERITIES.map((severity) => [severity, 0]));
  private readonly rules = new Map<string, StatusCounts>();
  private readonly accounts = new Map<string, StatusCounts>();
  private readonly regions = new Map<string, StatusCounts>();

  add(finding: Finding): void {
    if (finding.waiver) this.waived += 1;
    else if (finding.status === 'fail')
      this.failingBySeverity.set(finding.severity, (this.failingBySeverity.get(finding.severity) ?? 0) + 1);
    this.countPlaced(finding.status, finding.ruleId, finding.resource.accountId, finding.resource.region);
  }

  /** `add` for a pass known by its rule, account and region only: a pass is never waived or counted by severity. */
  addPass(ruleId: string, accountId: string, region: string): void {
    this.countPlaced('pass', ruleId, accountId, region);
  }

  private countPlaced(status: Status, ruleId: string, accountId: string, region: string): void {
    this.findings += 1;
    this.total[status] += 1;
    countInto(this.rules, ruleId, status);
    countInto(this.accounts, accountId, status);
    countInto(this.regions, region, status);
  }

  /** Counts by rule id, account and region, each sorted by key as the tables list them. */
  byRule(): Map<string, StatusCounts> {
    return sortedByKey(this.rules);
  }

  byAccount(): Map<string, StatusCounts> {
    return sortedByKey(this.accounts);
  }

  byRegion(): Map<string, StatusCounts> {
    return sortedByKey(this.regions);
  }

  static of(findings: Iterable<Finding>): HtmlSummaryCounts {
    const counts = new HtmlSummaryCounts();
    for (const finding of findings) counts.add(finding);
    return counts;
  }
}
