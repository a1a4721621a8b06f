// A streamed scan in worker threads (engine/stream-scan.ts `streamScanInWorkers`, through the
// scan command's own wiring in cli/scan-pipeline/evaluate.ts) must be invisible in the output:
// the workers render the passes (cli/scan-pipeline/stream-worker.ts) and the main thread reviews
// the rest, so the report files must be the in-thread streamed scan's bytes, and every count,
// review section and kept finding the same, with waivers, a baseline and --min-severity applied.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ruleRegistry } from '../../rules/index.js';
import { generateSnapshot, scalePlan } from '../../bench/generate.js';
import { evaluateSnapshot, type ScanResult } from '../../src/engine/scan.js';
import { resolveWorkerCount } from '../../src/engine/parallel/pool.js';
import type { ReviewInputs } from '../../src/engine/waivers-and-baseline.js';
import type { Finding, Severity } from '../../src/engine/types.js';
import { parseSnapshot } from '../../src/snapshot/io.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { SnapshotView } from '../../src/snapshot/view.js';
import { FindingSpill } from '../../src/report/finding-spill.js';
import { writeReports } from '../../src/report/write-reports.js';
import { evaluateAndReview } from '../../src/cli/scan-pipeline/evaluate.js';
import { STREAM_TEST_SOURCE, streamInputs } from '../support/stream-inputs.js';

const DEMO = 'examples/demo-account.json';
const STARTED_AT = new Date('2026-11-21T21:00:00.000Z');
const FINISHED_AT = new Date('2026-11-21T21:00:02.000Z');
const FORMATS = ['json', 'csv', 'sarif', 'html', 'asff'];

const outputDirs: string[] = [];
afterAll(async () => {
  await Promise.all(outputDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function demoSnapshot(): Promise<Snapshot> {
  return parseSnapshot(JSON.parse(await readFile(DEMO, 'utf8')) as unknown, DEMO);
}

function generatedSnapshot(): Snapshot {
  return generateSnapshot({ ...scalePlan('small'), accounts: 3, regions: 3 }, 7);
}

/** The scan command's streamed evaluation with `workers` threads, and the report files it writes. */
async function streamedWith(
  workers: number,
  snapshot: Snapshot,
  review: ReviewInputs,
  minSeverity: Severity | undefined,
  formats = FORMATS,
): Promise<{ result: ScanResult; files: Map<string, Buffer> }> {
  const dir = await mkdtemp(join(tmpdir(), 'aws-audit-stream-workers-'));
  outputDirs.push(dir);
  const spill = FindingSpill.open(dir, ruleRegistry, formats, { startedAt: STARTED_AT, snapshot });
  let result: ScanResult;
  try {
    const scanned = await evaluateAndReview(
      { ...streamInputs(snapshot, STARTED_AT, review, minSeverity), workers },
      spill,
    );
    result = { ...scanned, finishedAt: FINISHED_AT };
    spill.close();
    await writeReports(result, formats, dir, undefined, { spill });
  } finally {
    await spill.discard();
  }
  const files = new Map<string, Buffer>();
  for (const name of (await readdir(dir)).sort()) files.set(name, await readFile(join(dir, name)));
  return { result, files };
}

function reviewCases(findings: readonly Finding[]): [string, ReviewInputs, Severity | undefined][] {
  const failing = findings.filter((f) => f.status === 'fail');
  const passing = findings.filter((f) => f.status === 'pass');
  return [
    ['no review', { now: STARTED_AT }, undefined],
    [
      'waivers, a baseline with failures that now pass, and --min-severity medium',
      {
        now: STARTED_AT,
        waivers: {
          file: 'waivers.yaml',
          entries: [{ index: 0, ruleId: failing[0]!.ruleId, resource: '*', reason: 'accepted' }],
        },
        baseline: {
          file: 'previous.json',
          // Passes a worker rendered must still count as fixed (baseline.ts `markPass`).
          findings: [
            ...failing.slice(0, 4),
            ...passing.slice(0, 4).map((f) => ({ ...f, status: 'fail' as const })),
          ],
        },
      },
      'medium',
    ],
  ];
}

describe.each([
  ['the demo account', demoSnapshot, [2, 3]],
  ['three generated accounts × three regions', () => Promise.resolve(generatedSnapshot()), [2, 4]],
])('%s: streamed in worker threads against streamed in one', (_label, load, counts) => {
  let snapshot: Snapshot;
  let cases: [string, ReviewInputs, Severity | undefined][];

  beforeAll(async () => {
    snapshot = await load();
    const plain = evaluateSnapshot(snapshot, ruleRegistry, STREAM_TEST_SOURCE, STARTED_AT);
    cases = reviewCases(plain.findings);
    for (const n of counts)
      // The pool really runs (more than one scope to hand out), so this compares two paths.
      expect(resolveWorkerCount(new SnapshotView(snapshot), ruleRegistry, n)).toBe(n);
  });

  it.each(counts)(
    '%i workers: the same files byte for byte, the same counts, review sections and kept findings',
    async (n) => {
      for (const [, review, minSeverity] of cases) {
        const one = await streamedWith(1, snapshot, review, minSeverity);
        const many = await streamedWith(n, snapshot, review, minSeverity);
        expect(many.result.summary).toEqual(one.result.summary);
        expect(many.result.summary.byStatus.pass).toBeGreaterThan(0);
        expect(many.result.findings).toEqual(one.result.findings);
        expect(many.result.coverage).toEqual(one.result.coverage);
        expect(many.result.waivers).toEqual(one.result.waivers);
        expect(many.result.baseline).toEqual(one.result.baseline);
        expect(many.result.belowMinimum).toEqual(one.result.belowMinimum);
        if (review.baseline) expect(many.result.baseline!.fixed.length).toBeGreaterThan(0);
        if (minSeverity !== undefined) expect(many.result.belowMinimum!.hidden).toBeGreaterThan(0);
        expect([...many.files.keys()]).toEqual([...one.files.keys()]);
        expect(many.files.size).toBe(10);
        for (const [name, bytes] of many.files) {
          expect({ name, size: bytes.length }).toEqual({ name, size: one.files.get(name)!.length });
          expect(bytes.equals(one.files.get(name)!)).toBe(true);
        }
      }
    },
    180_000,
  );
});

describe('a streamed scan in worker threads', () => {
  it('writes the same files when only SARIF is asked for (nothing spilled, passes sent as no text)', async () => {
    const snapshot = generatedSnapshot();
    const one = await streamedWith(1, snapshot, { now: STARTED_AT }, undefined, ['sarif']);
    const many = await streamedWith(2, snapshot, { now: STARTED_AT }, undefined, ['sarif']);
    expect(many.result.summary).toEqual(one.result.summary);
    expect([...many.files.keys()]).toEqual([...one.files.keys()]);
    for (const [name, bytes] of many.files) expect(bytes.equals(one.files.get(name)!)).toBe(true);
  }, 120_000);
});
