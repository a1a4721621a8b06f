// Request accounting that stays bounded for a million-request benchmark: counters per
// service + operation + region that never grow with traffic, and a capped log of recent records.
import type { FakeAwsStats, OperationStats, RequestRecord } from './types.js';

export class Recorder {
  readonly requests: RequestRecord[] = [];
  private readonly counters = new Map<string, OperationStats>();
  private discarded = 0;
  private firstArrivalAt: number | undefined;

  constructor(private readonly limit: number) {}

  /** A request reached the server (called on arrival, before latency, parsing or faults). */
  arrived(at: number): void {
    this.firstArrivalAt ??= at;
  }

  record(entry: RequestRecord, dropped: boolean): void {
    const key = `${entry.service}|${entry.operation}|${entry.region}`;
    let stats = this.counters.get(key);
    if (!stats) {
      stats = {
        service: entry.service,
        operation: entry.operation,
        region: entry.region,
        requests: 0,
        ok: 0,
        throttled: 0,
        errors: 0,
        dropped: 0,
        items: 0,
        totalDurationMs: 0,
        maxDurationMs: 0,
      };
      this.counters.set(key, stats);
    }
    stats.requests += 1;
    if (dropped) stats.dropped += 1;
    else if (entry.throttled) stats.throttled += 1;
    else if (entry.status < 300) stats.ok += 1;
    else stats.errors += 1;
    stats.items += entry.items ?? 0;
    stats.totalDurationMs += entry.durationMs;
    stats.maxDurationMs = Math.max(stats.maxDurationMs, entry.durationMs);

    if (this.limit <= 0) {
      this.discarded += 1;
      return;
    }
    this.requests.push(entry);
    // Drop the oldest half at once so trimming stays amortised O(1).
    if (this.requests.length > this.limit) {
      const excess = this.requests.length - Math.floor(this.limit / 2);
      this.requests.splice(0, excess);
      this.discarded += excess;
    }
  }

  stats(): FakeAwsStats {
    const byOperation = [...this.counters.values()].map((s) => ({ ...s }));
    const sum = (pick: (s: OperationStats) => number): number => byOperation.reduce((n, s) => n + pick(s), 0);
    return {
      requests: sum((s) => s.requests),
      throttled: sum((s) => s.throttled),
      errors: sum((s) => s.errors),
      dropped: sum((s) => s.dropped),
      recordsDiscarded: this.discarded,
      byOperation,
      ...(this.firstArrivalAt === undefined ? {} : { firstArrivalAt: this.firstArrivalAt }),
    };
  }

  reset(): void {
    this.requests.length = 0;
    this.counters.clear();
    this.discarded = 0;
    this.firstArrivalAt = undefined;
  }
}
