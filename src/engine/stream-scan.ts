// The evaluate → review step with the findings streamed: each (rule, account, region) unit's
// findings are reviewed (waivers, baseline marks, --min-severity: all per finding) as soon as the
// unit is evaluated and handed to a sink (the report files' spill, report/finding-spill.ts, from
// which the JSON, CSV, ASFF and HTML files are joined); only the failing and unknown ones are kept
// as objects. At 1M resources two thirds of the 1.38M findings are passes, which the in-memory
// path held until the reports were written (issue 18 item 4, BENCHMARKS.md "Streaming findings").
// In worker threads (`streamScanInWorkers`) the passes come back already rendered into the report
// text (parallel/rendered-pass.ts). The result is the in-memory path's
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
import { EvaluationPool, resolveWorkerCount, type WorkerEntry } from './parallel/pool.js';
import type { UnitOutcome } from './parallel/protocol.js';
import { isRenderedPass, type RenderedPass } from './parallel/rendered-pass.js';
import { severityRank, type Finding, type Rule, type RuleError, type Severity } from './types.js';
import type { ReviewInputs } from './waivers-and-baseline.js';
import { waiverMarker } from './waivers.js';
import type { Snapshot } from '../snapshot/types.js';

/** Where a streamed scan hands each reviewed finding the report lists. */
export interface FindingSink {
  /**
   * One finding of `rules[ruleIndex]`. Within a rule the calls (this and `addRendered`) come in
   * report order (account → region → the rule's order); the report joins the rules in `rules` order.
   */
  add(ruleIndex: number, finding: Finding): void;
  /**
   * Consecutive passes of `rules[ruleIndex]` a worker thread rendered with this sink's renderer
   * (`streamScanInWorkers`): their text in each of the renderer's formats, as UTF-8.
   */
  addRendered(ruleIndex: number, text: readonly Uint8Array[]): void;
  /** Each pass among those `addRendered` wrote, in order, for what the sink counts. */
  passed(pass: RenderedPass): void;
}

/** How a streamed scan in worker threads starts them: an entry that renders passes, and its options. */
export interface StreamWorkers {
  /** Threads asked for; fewer when the snapshot has fewer scopes (parallel/pool.ts `resolveWorkerCount`). */
  count: number;
  worker: WorkerEntry;
  render: unknown;
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
    /** `review` for a pass rendered in a worker thread: false when `--min-severity` leaves it out. */
    reviewPass(pass: RenderedPass): boolean {
      baseline?.markPass(pass.fingerprint);
      if (minimum !== undefined && severityRank(pass.severity) < minimum) {
        hidden += 1;
        return false;
      }
      return true;
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
 * What a streamed scan does with each unit's outcomes, and the result it adds up to: every
 * finding reviewed and handed to `sink`, the failing and unknown ones kept (unless `keep` is
 * `none`), the summary counted, the rule errors gathered.
 */
function streamer(input: StreamScanInputs, sink: FindingSink) {
  const { rules } = input;
  const ruleIds = rules.map((rule) => rule.meta.id);
  const review = reviewer(input, ruleIds);
  const keep = input.keep ?? 'failing-and-unknown';
  const counter = new SummaryCounter(ruleIds);
  // Per rule, in account → region order: joined rule by rule, that is the report's order.
  const kept: Finding[][] = rules.map(() => []);
  const errors: RuleError[][] = rules.map(() => []);
  return {
    /** One unit's outcomes (`outcomes[i]` is rule i's), units in account → region order. */
    drain(outcomes: readonly UnitOutcome[]): void {
      outcomes.forEach((outcome, ruleIndex) => {
        // Passes rendered in a worker thread: their text is written a run of consecutive passes
        // at a time, a range [start, end) of each format's buffer, cut where a finding the main
        // thread renders (or a pass --min-severity hides) comes between.
        const rendered = outcome.rendered ?? [];
        let start: readonly number[] = rendered.map(() => 0);
        let end = start;
        const flush = (): void => {
          if (end.some((offset, format) => offset > start[format]!))
            sink.addRendered(
              ruleIndex,
              rendered.map((bytes, format) => bytes.subarray(start[format], end[format])),
            );
          start = end;
        };
        for (const item of outcome.findings) {
          if (isRenderedPass(item)) {
            if (!review.reviewPass(item)) {
              flush();
              start = end = item.ends;
              continue;
            }
            counter.addPass(item.ruleId);
            sink.passed(item);
            end = item.ends;
            continue;
          }
          flush();
          const reviewed = review.review(item);
          if (reviewed === undefined) continue;
          counter.add(reviewed);
          sink.add(ruleIndex, reviewed);
          if (keep !== 'none' && reviewed.status !== 'pass') kept[ruleIndex]!.push(reviewed);
        }
        flush();
        errors[ruleIndex]!.push(...outcome.errors);
      });
    },
    result(view: SnapshotView): ScanResult {
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
    },
  };
}

/**
 * Evaluates `input.snapshot` scope by scope (account → its global rules, then each readable
 * region → its regional rules, as `evaluateRules` does) in this thread and streams each reviewed
 * finding to `sink`.
 */
export function streamScan(input: StreamScanInputs, sink: FindingSink): ScanResult {
  const { rules, progress } = input;
  const view = new SnapshotView(input.snapshot);
  const now = view.collectedAt;
  const stream = streamer(input, sink);
  const fresh = (): Outcome[] => rules.map(() => ({ findings: [], errors: [] }));
  progress?.planned(plannedUnits(view, rules));
  for (const account of view.accounts) {
    const accountOutcomes = fresh();
    evaluateAccountScope(account, rules, now, accountOutcomes, progress);
    stream.drain(accountOutcomes);
    for (const { data } of account.regions) {
      if (!isReadableRegion(data)) continue;
      const regionOutcomes = fresh();
      evaluateRegionScope(account, data, rules, now, regionOutcomes, progress);
      stream.drain(regionOutcomes);
    }
  }
  return stream.result(view);
}

/**
 * `streamScan` with the scopes evaluated in worker threads (parallel/pool.ts `streamUnits`), which
 * render the passes themselves (`workers.worker`, made with the sink's renderer); the units are
 * drained in the same order, so the sink sees the same findings in the same order, and the
 * report files are the same bytes. One thread when the snapshot has one scope or `count` is 1.
 */
export async function streamScanInWorkers(
  input: StreamScanInputs,
  sink: FindingSink,
  workers: StreamWorkers,
): Promise<ScanResult> {
  const view = new SnapshotView(input.snapshot);
  const size = resolveWorkerCount(view, input.rules, workers.count);
  if (size === 1) return streamScan(input, sink);
  const stream = streamer(input, sink);
  const pool = new EvaluationPool(input.rules, size, { worker: workers.worker, render: workers.render });
  try {
    await pool.streamUnits(view, (outcomes) => stream.drain(outcomes), input.progress);
  } finally {
    await pool.close();
  }
  return stream.result(view);
}
