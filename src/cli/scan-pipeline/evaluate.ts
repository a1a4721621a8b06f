// The evaluate → review step every scan runs, whatever the snapshot's source: rules over the
// snapshot, then waivers and baseline, then `--min-severity`. One function, so a single account
// and each account of a fan-out are judged identically.
import { atOrAbove } from '../../engine/min-severity.js';
import type { EvaluationProgress } from '../../engine/run.js';
import {
  evaluateSnapshotInWorkers,
  type FindingsKept,
  type ScanResult,
  type ScanSource,
} from '../../engine/scan.js';
import type { ScanScope } from '../../engine/scan-scope.js';
import type { Rule, Severity } from '../../engine/types.js';
import { reviewScan, type ReviewInputs } from '../../engine/waivers-and-baseline.js';
import type { Snapshot } from '../../snapshot/types.js';
import { streamScan, type FindingSink } from '../../engine/stream-scan.js';

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
  /** With a sink: which findings to keep as objects (engine/stream-scan.ts). */
  keep?: FindingsKept;
}

/**
 * The report formats a streamed scan (engine/stream-scan.ts) can write: JSON and CSV joined from
 * the spill files, SARIF and the console from the failing and unknown findings it keeps. HTML and
 * ASFF list the passes too and are still rendered from every finding in memory.
 */
const STREAMABLE_FORMATS: ReadonlySet<string> = new Set(['json', 'csv', 'sarif', 'console']);

/** Whether this scan streams its findings: one thread, and only formats that can be streamed. */
export function streamsFindings(formats: readonly string[], workers: number): boolean {
  return workers === 1 && formats.every((format) => STREAMABLE_FORMATS.has(format));
}

/**
 * With `sink`, the findings are streamed to it as each scope is evaluated and the result keeps
 * only the failing and unknown ones (`findingsKept`); only in one thread (`streamsFindings`).
 */
export async function evaluateAndReview(input: EvaluateInputs, sink?: FindingSink): Promise<ScanResult> {
  if (sink !== undefined) {
    if (input.workers !== 1) throw new Error('internal error: findings are streamed only in one thread');
    return streamScan(input, sink);
  }
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
