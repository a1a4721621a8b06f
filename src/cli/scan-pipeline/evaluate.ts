// The evaluate → review step every scan runs, whatever the snapshot's source: rules over the
// snapshot, then waivers and baseline, then `--min-severity`. One function, so a single account
// and each account of a fan-out are judged identically.
import { atOrAbove } from '../../engine/min-severity.js';
import type { EvaluationProgress } from '../../engine/run.js';
import { evaluateSnapshotInWorkers, type ScanResult, type ScanSource } from '../../engine/scan.js';
import type { ScanScope } from '../../engine/scan-scope.js';
import type { Rule, Severity } from '../../engine/types.js';
import { reviewScan, type ReviewInputs } from '../../engine/waivers-and-baseline.js';
import type { Snapshot } from '../../snapshot/types.js';

export interface EvaluateInputs {
  snapshot: Snapshot;
  rules: readonly Rule[];
  source: ScanSource;
  startedAt: Date;
  scope: ScanScope;
  review: ReviewInputs;
  minSeverity: Severity | undefined;
  progress?: EvaluationProgress | undefined;
  /** Evaluation threads (engine/parallel/pool.ts); 1 is the main thread. */
  workers: number;
}

export async function evaluateAndReview(input: EvaluateInputs): Promise<ScanResult> {
  const evaluated = await evaluateSnapshotInWorkers(
    input.snapshot,
    input.rules,
    input.source,
    input.startedAt,
    input.scope,
    input.progress,
    input.workers,
  );
  return atOrAbove(reviewScan(evaluated, input.review), input.minSeverity);
}
