// Why evaluation time at 1M resources grows faster than the resources (BENCHMARKS.md, "Why one
// heap is superlinear"): V8's young-generation collection (the scavenge) costs more the larger the old
// generation is, even when nothing old points at anything young. This probe shows it without any
// aws-audit code: it fills the old generation with `oldGenMiB` of ballast, then runs the same
// fixed allocation workload (a finding-like object, a tenth of them kept) and times the scavenges.
//
// The ballast comes in two layouts. Many small objects occupy many regular old-space pages, like a
// snapshot's resources and the findings do; a few large arrays hold as many bytes in large-object
// space. Only the first slows the scavenge down: the cost follows the number of old-space pages.
import { constants } from 'node:perf_hooks';
import { gcPauses } from './gc-pauses.js';
import { collectGarbage } from './memory.js';

export type BallastLayout = 'small-objects' | 'large-arrays';

export interface ScavengeProbeResult {
  task: 'scavenge';
  layout: BallastLayout;
  /** The old generation asked for. */
  oldGenMiB: number;
  /** V8's used heap once the ballast is built and collected into the old generation. */
  heapUsedMiB: number;
  /** Arrays the ballast is made of: chunks of 100,000 small objects, or large arrays. */
  ballastParts: number;
  /** Objects the workload allocated (all of them pass through the young generation). */
  allocated: number;
  scavenges: number;
  scavengeMs: number;
  workloadMs: number;
}

const MIB = 1024 * 1024;
/** Objects the workload allocates: about 1 GB, enough for some sixty scavenges. */
export const WORKLOAD_OBJECTS = 3_000_000;
/** Elements per large array: 8 MB each on 64-bit Node, far above V8's large-object threshold. */
const LARGE_ARRAY_LENGTH = 1_000_000;

const heapUsedMiB = (): number => process.memoryUsage().heapUsed / MIB;

/** Builds about `mib` MiB of live heap in the given layout and returns it (the caller keeps it alive). */
export function buildBallast(layout: BallastLayout, mib: number): unknown[][] {
  const ballast: unknown[][] = [];
  const start = heapUsedMiB();
  for (let i = 0; heapUsedMiB() - start < mib; i++) {
    if (layout === 'large-arrays') {
      ballast.push(new Array<number>(LARGE_ARRAY_LENGTH).fill(i));
      continue;
    }
    // Small objects in chunks of 100,000 (no single giant array), checking the heap per chunk.
    const chunk: unknown[] = [];
    ballast.push(chunk);
    for (let j = 0; j < 100_000; j++) chunk.push({ id: i * 100_000 + j, name: `r-${j}`, tags: [j] });
  }
  return ballast;
}

/** Runs the workload and returns the young-generation pauses it caused. */
async function timedWorkload(): Promise<{ scavenges: number; scavengeMs: number; workloadMs: number }> {
  const pauses = gcPauses(constants.NODE_PERFORMANCE_GC_MINOR);
  await pauses.take(); // whatever collected before the workload
  const kept: unknown[] = [];
  const start = performance.now();
  for (let i = 0; i < WORKLOAD_OBJECTS; i++) {
    const finding = {
      id: `r-${i}`,
      message: `resource ${i} is fine (${i % 97})`,
      evidence: [{ summary: `e${i}` }],
    };
    if (i % 10 === 0) kept.push(finding);
  }
  const workloadMs = performance.now() - start;
  const { count, ms } = await pauses.take();
  pauses.stop();
  return { scavenges: count, scavengeMs: ms, workloadMs };
}

export async function scavengeProbe(layout: BallastLayout, oldGenMiB: number): Promise<ScavengeProbeResult> {
  const ballast = buildBallast(layout, oldGenMiB);
  // Two full collections promote the ballast, so the workload starts with it all old.
  collectGarbage();
  const heapUsed = heapUsedMiB();
  const measured = await timedWorkload();
  return {
    task: 'scavenge',
    layout,
    oldGenMiB,
    heapUsedMiB: heapUsed,
    // Read after the workload, which keeps the ballast alive through it.
    ballastParts: ballast.length,
    allocated: WORKLOAD_OBJECTS,
    ...measured,
  };
}
