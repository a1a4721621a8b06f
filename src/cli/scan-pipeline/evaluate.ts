// The evaluate → review step every scan runs, whatever the snapshot's source: rules over the
// snapshot, then waivers and baseline, then `--min-severity`. One function, so a single account
// and each account of a fan-out are judged identically.
import { atOrAbove } from '../../engine/min-severity.js';
import { evaluateSnapshotInWorkers, type ScanResult } from '../../engine/scan.js';
import { reviewScan } from '../../engine/waivers-and-baseline.js';
import { streamScanInWorkers, type StreamScanInputs } from '../../engine/stream-scan.js';
import { workerEntryBeside } from '../../engine/parallel/pool.js';
import type { FindingSpill } from '../../report/finding-spill.js';

/** What `streamScan` takes (engine/stream-scan.ts: `keep` says which findings stay objects), plus the threads. */
export interface EvaluateInputs extends StreamScanInputs {
  /** Evaluation threads (engine/parallel/pool.ts); 1 is the main thread. */
  workers: number;
}

/**
 * The report formats a streamed scan (engine/stream-scan.ts) can write: every one. JSON, CSV, ASFF
 * and HTML are joined from the spill files (report/finding-spill.ts), SARIF and the console are
 * rendered from the failing and unknown findings it keeps.
 */
const STREAMABLE_FORMATS: ReadonlySet<string> = new Set(['json', 'csv', 'asff', 'html', 'sarif', 'console']);

/** Whether this scan streams its findings: only formats that can be streamed, in any number of threads. */
export function streamsFindings(formats: readonly string[]): boolean {
  return formats.every((format) => STREAMABLE_FORMATS.has(format));
}

/**
 * With `spill`, the findings are streamed to it as each scope is evaluated and the result keeps
 * only the failing and unknown ones (`findingsKept`). In worker threads, each renders its passes
 * with the spill's renderer (stream-worker.ts) and the main thread writes the text it gets back.
 */
export async function evaluateAndReview(input: EvaluateInputs, spill?: FindingSpill): Promise<ScanResult> {
  if (spill !== undefined)
    return streamScanInWorkers(input, spill, {
      count: input.workers,
      worker: workerEntryBeside(import.meta.url, 'stream-worker'),
      render: spill.rendering,
    });
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
