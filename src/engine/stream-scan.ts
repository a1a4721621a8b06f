// The evaluate → review step with the findings streamed: each (rule, account, region) unit's
// findings are reviewed (waivers, baseline marks, --min-severity: all per finding) as soon as the
// unit is evaluated and handed to a sink (the report files' spill, report/finding-spill.ts, from
// which the JSON, CSV, ASFF and HTML files are joined); only the failing and unknown ones are kept
// as objects. At 1M resources two thirds of the 1.38M findings are passes, which the in-memory
// path held until the reports were written (issue 18 item 4, BENCHMARKS.md "Streaming findings").
// The result is the in-memory path's
// (evaluate.ts → reviewScan → atOrAbove) minus the passes in `findings`; the sink sees every
// finding the report lists, in report order within each rule.
import { SnapshotView } from '../snapshot/view.js';
import { baselineMarker } from './baseline.js';
import { computeCoverage } from './coverage.js';
import {
  evaluateAccountScope,
  evaluateRegionScope,
  isReadableRegion,
  plannedUnits,
  type EvaluationProgress,
  type Outcome,
} from './run.js';
import type { FindingsKept, ScanResult, ScanSource } from './scan.js';
import type { ScanScope } from './scan-scope.js';
import { SummaryCounter } from './summary.js';
import { severityRank, type Finding, type Rule, type RuleError, type Severity } from './types.js';
import type { ReviewInputs } from './waivers-and-baseline.js';
import { waiverMarker } from './waivers.js';
import type { Snapshot } from '../snapshot/types.js';

/** Where a streamed scan hands each reviewed finding the report lists. */
export interface FindingSink {
  /**
   * One finding of `rules[ruleIndex]`. Within a rule the calls come in report order (account →
   * region → the rule's order); the report joins the rules in `rules` order.
   */
  add(ruleIndex: number, finding: Finding): void;
}

export interface StreamScanInputs {
  snapshot: Snapshot;
  rules: readonly Rule[];
  source: ScanSource;
  startedAt: Date;
  scope: ScanScope;
  review: ReviewInputs;
  minSeverity: Severity | undefined;
  progress?: EvaluationProgress | undefined;
  /**
   * `none` when no reader of this run needs the failing and unknown findings as objects (no SARIF,
   * no console, no --fail-on / --fail-on-new): at 1M resources they are most of what a streamed
   * scan still holds, the path rules' evidence above all. Default `failing-and-unknown`.
   */
  keep?: FindingsKept;
}

/** The per-finding review of `reviewScan` and `atOrAbove`, applied one finding at a time. */
function reviewer(input: StreamScanInputs, ruleIds: readonly string[]) {
  const { review, minSeverity } = input;
  const waivers =
    review.waivers &&
    waiverMarker(review.waivers.entries, {
      file: review.waivers.file,
      now: review.now,
      evaluatedRuleIds: new Set(ruleIds),
    });
  const baseline = review.baseline && baselineMarker(review.baseline.findings, review.baseline.file);
  const minimum = minSeverity === undefined ? undefined : severityRank(minSeverity);
  let hidden = 0;
  return {
    /** The finding as the report lists it, or undefined when `--min-severity` leaves it out. */
    review(finding: Finding): Finding | undefined {
      let reviewed = finding;
      if (waivers) reviewed = waivers.mark(reviewed);
      if (baseline) reviewed = baseline.mark(reviewed);
      if (minimum !== undefined && severityRank(reviewed.severity) < minimum) {
        hidden += 1;
        return undefined;
      }
      return reviewed;
    },
    /** The report sections the review adds, once every finding went through `review`. */
    sections(result: Pick<ScanResult, 'rules' | 'snapshot' | 'coverage'>): Partial<ScanResult> {
      const sections: Partial<ScanResult> = {};
      if (waivers) sections.waivers = waivers.report();
      if (baseline) sections.baseline = baseline.report(result);
      if (minSeverity !== undefined) sections.belowMinimum = { minSeverity, hidden };
      return sections;
    },
  };
}

/**
 * Evaluates `input.snapshot` scope by scope (account → its global rules, then each readable
 * region → its regional rules, as `evaluateRules` does) and streams each reviewed finding to
 * `sink`. In-thread only: the worker pool (engine/parallel) still returns findings as objects.
 */
export function streamScan(input: StreamScanInputs, sink: FindingSink): ScanResult {
  const { rules, progress } = input;
  const view = new SnapshotView(input.snapshot);
  const now = view.collectedAt;
  const ruleIds = rules.map((rule) => rule.meta.id);
  const review = reviewer(input, ruleIds);
  const keep = input.keep ?? 'failing-and-unknown';
  const counter = new SummaryCounter(ruleIds);
  // Per rule, in account → region order: joined rule by rule, that is the report's order.
  const kept: Finding[][] = rules.map(() => []);
  const errors: RuleError[][] = rules.map(() => []);
  const fresh = (): Outcome[] => rules.map(() => ({ findings: [], errors: [] }));
  const drain = (outcomes: readonly Outcome[]): void =>
    outcomes.forEach((outcome, ruleIndex) => {
      for (const finding of outcome.findings) {
        const reviewed = review.review(finding);
        if (reviewed === undefined) continue;
        counter.add(reviewed);
        sink.add(ruleIndex, reviewed);
        if (keep !== 'none' && reviewed.status !== 'pass') kept[ruleIndex]!.push(reviewed);
      }
      errors[ruleIndex]!.push(...outcome.errors);
    });
  progress?.planned(plannedUnits(view, rules));
  for (const account of view.accounts) {
    const accountOutcomes = fresh();
    evaluateAccountScope(account, rules, now, accountOutcomes, progress);
    drain(accountOutcomes);
    for (const { data } of account.regions) {
      if (!isReadableRegion(data)) continue;
      const regionOutcomes = fresh();
      evaluateRegionScope(account, data, rules, now, regionOutcomes, progress);
      drain(regionOutcomes);
    }
  }
  const coverage = computeCoverage(view, rules, errors.flat());
  const evaluated = { rules, snapshot: view.snapshot, coverage };
  return {
    startedAt: input.startedAt,
    finishedAt: new Date(),
    source: input.source,
    ...evaluated,
    findings: kept.flat(),
    scope: input.scope,
    summary: counter.result(),
    ...review.sections(evaluated),
    findingsKept: keep,
  };
}
