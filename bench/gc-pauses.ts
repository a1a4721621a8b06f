// Main-thread garbage-collection pauses, from Node's `gc` performance entries: the evaluation
// benchmark sums all of them, the scavenge probe only the young-generation ones.
import { PerformanceObserver } from 'node:perf_hooks';

export interface GcPauseTotals {
  count: number;
  ms: number;
}

export interface GcPauses {
  /** The pauses since the last `take` (or since the start), once their entries have arrived. */
  take(): Promise<GcPauseTotals>;
  stop(): void;
}

/** Starts counting pauses; `kind` (a `perf_hooks.constants.NODE_PERFORMANCE_GC_*`) keeps one kind. */
export function gcPauses(kind?: number): GcPauses {
  let count = 0;
  let ms = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (kind !== undefined && (entry as { detail?: { kind?: number } }).detail?.kind !== kind) continue;
      count += 1;
      ms += entry.duration;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return {
    // Entries arrive asynchronously, hundreds at once after a long synchronous run: one
    // setImmediate let in only a quarter of them at 1M resources; 100 ms lets in all (checked
    // against --trace-gc: 574 entries, 7.3 s, both ways).
    take: async () => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const totals = { count, ms };
      count = 0;
      ms = 0;
      return totals;
    },
    stop: () => observer.disconnect(),
  };
}
