// Evaluating a snapshot end to end: rules → findings → coverage → summary. Pure apart from the
// clock; collection, waivers and baselines plug in before and after without changing this.
import type { Snapshot } from '../snapshot/types.js';
import { SnapshotView } from '../snapshot/view.js';
import { computeCoverage, type Coverage } from './coverage.js';
import { evaluateRules, type Evaluation, type EvaluationProgress } from './run.js';
import { evaluateRulesInWorkers } from './parallel/pool.js';
import { summarise, type Summary } from './summary.js';
import type { Finding, Rule, Severity } from './types.js';
import type { BaselineReport } from './baseline.js';
import type { WaiverReport } from './waivers.js';
import { fullScope, type ScanScope } from './scan-scope.js';

export type ScanSource =
  | {
      kind: 'snapshot';
      file: string;
      /** The rules came from the snapshot's own `rules` (collected with `collect --rules`). */
      rulesFromSnapshot?: boolean;
    }
  | { kind: 'live' };

/** Which findings a streamed scan keeps as objects (engine/stream-scan.ts). */
export type FindingsKept = 'failing-and-unknown' | 'none';

export interface ScanResult {
  startedAt: Date;
  finishedAt: Date;
  source: ScanSource;
  snapshot: Snapshot;
  rules: readonly Rule[];
  findings: Finding[];
  coverage: Coverage;
  /** What the scan was asked to cover (engine/scan-scope.ts). */
  scope: ScanScope;
  summary: Summary;
  /** Set by `--waivers` (engine/waivers.ts). */
  waivers?: WaiverReport;
  /** Set by `--baseline` (engine/baseline.ts). */
  baseline?: BaselineReport;
  /** Set by `--min-severity` (engine/min-severity.ts): how many results were left out. */
  belowMinimum?: { minSeverity: Severity; hidden: number };
  /**
   * Set by a streamed scan (engine/stream-scan.ts): every finding went to a sink as it was
   * evaluated and `findings` holds only the failing and unknown ones (what SARIF, the console,
   * the gate and a baseline read), or none when nothing of this run reads them. The summary
   * still counts every finding. A writer that needs the passes too must read them from the
   * sink's output, never from `findings`.
   */
  findingsKept?: FindingsKept;
}

export function evaluateSnapshot(
  snapshot: Snapshot,
  rules: readonly Rule[],
  source: ScanSource,
  startedAt: Date = new Date(),
  scope: ScanScope = fullScope(rules),
  progress?: EvaluationProgress,
): ScanResult {
  const view = new SnapshotView(snapshot);
  return scanResult(view, rules, evaluateRules(view, rules, progress), source, startedAt, scope);
}

/**
 * `evaluateSnapshot` with the scopes spread over `workers` threads (engine/parallel/pool.ts); 1 is
 * the in-thread path. The result is the same, finding for finding, whatever the number.
 */
export async function evaluateSnapshotInWorkers(
  snapshot: Snapshot,
  rules: readonly Rule[],
  source: ScanSource,
  startedAt: Date,
  scope: ScanScope,
  progress: EvaluationProgress | undefined,
  workers: number,
): Promise<ScanResult> {
  const view = new SnapshotView(snapshot);
  const evaluation = await evaluateRulesInWorkers(view, rules, workers, progress);
  return scanResult(view, rules, evaluation, source, startedAt, scope);
}

function scanResult(
  view: SnapshotView,
  rules: readonly Rule[],
  { findings, ruleErrors }: Evaluation,
  source: ScanSource,
  startedAt: Date,
  scope: ScanScope,
): ScanResult {
  const coverage = computeCoverage(view, rules, ruleErrors);
  const ruleIds = rules.map((rule) => rule.meta.id);
  return {
    startedAt,
    finishedAt: new Date(),
    source,
    snapshot: view.snapshot,
    rules,
    findings,
    coverage,
    scope,
    summary: summarise(findings, ruleIds),
  };
}
