// What the streamed-scan tests (test/engine/stream-scan.test.ts, stream-workers.test.ts) hand the
// engine: the whole rule pack over a snapshot read from a file, with the review each case asks for.
import { ruleRegistry } from '../../rules/index.js';
import { fullScope } from '../../src/engine/scan-scope.js';
import type { FindingsKept } from '../../src/engine/scan.js';
import type { StreamScanInputs } from '../../src/engine/stream-scan.js';
import type { Severity } from '../../src/engine/types.js';
import type { ReviewInputs } from '../../src/engine/waivers-and-baseline.js';
import type { Snapshot } from '../../src/snapshot/types.js';

export const STREAM_TEST_SOURCE = { kind: 'snapshot', file: 'test' } as const;

export function streamInputs(
  snapshot: Snapshot,
  startedAt: Date,
  review: ReviewInputs,
  minSeverity?: Severity,
  keep?: FindingsKept,
): StreamScanInputs {
  return {
    snapshot,
    rules: ruleRegistry,
    source: STREAM_TEST_SOURCE,
    startedAt,
    scope: fullScope(ruleRegistry),
    review,
    minSeverity,
    ...(keep !== undefined && { keep }),
  };
}
