// A streamed scan (engine/stream-scan.ts + report/finding-spill.ts) must be invisible in the
// output: the JSON, CSV, SARIF, ASFF and HTML files byte for byte, the console text, the exit decision and
// every count as the in-memory path (evaluate → reviewScan → atOrAbove → render), with waivers,
// a baseline and --min-severity applied per finding instead of over one list.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ruleRegistry } from '../../rules/index.js';
import { generateSnapshot, scalePlan } from '../../bench/generate.js';
import { evaluateSnapshot, type FindingsKept, type ScanResult } from '../../src/engine/scan.js';
import { fullScope } from '../../src/engine/scan-scope.js';
import { streamScan } from '../../src/engine/stream-scan.js';
import { reviewScan, type ReviewInputs } from '../../src/engine/waivers-and-baseline.js';
import { atOrAbove } from '../../src/engine/min-severity.js';
import { exitDecision } from '../../src/engine/gate.js';
import type { Finding, Severity } from '../../src/engine/types.js';
import type { Waiver } from '../../src/engine/waivers.js';
import { parseSnapshot } from '../../src/snapshot/io.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { FindingSpill } from '../../src/report/finding-spill.js';
import { writeReports } from '../../src/report/write-reports.js';
import { renderConsoleSummary } from '../../src/report/console.js';
import { pendingTemporaryFiles } from '../../src/util/atomic-file.js';
import { STREAM_TEST_SOURCE, streamInputs } from '../support/stream-inputs.js';

const DEMO = 'examples/demo-account.json';
const STARTED_AT = new Date('2026-11-21T21:00:00.000Z');
const FINISHED_AT = new Date('2026-11-21T21:00:02.000Z');
const FORMATS = ['json', 'csv', 'sarif', 'asff', 'html'];
/** The formats joined from spill files (SARIF is rendered from the kept findings). */
const SPILLED = ['json', 'csv', 'asff', 'html'];

async function demoSnapshot(): Promise<Snapshot> {
  return parseSnapshot(JSON.parse(await readFile(DEMO, 'utf8')) as unknown, DEMO);
}

function generatedSnapshot(): Snapshot {
  return generateSnapshot({ ...scalePlan('small'), accounts: 3, regions: 3 }, 7);
}

/** The path every scan took before streaming: one list of every finding, reviewed as a whole. */
/**
 * An output folder removed after the file's tests: each holds a generated account's reports (tens
 * of megabytes), and a mutation run executes this file once per mutant, which filled the disk.
 */
const outputDirs: string[] = [];
async function outputDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  outputDirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(outputDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

function inMemory(snapshot: Snapshot, review: ReviewInputs, minSeverity?: Severity): ScanResult {
  const evaluated = evaluateSnapshot(
    snapshot,
    ruleRegistry,
    STREAM_TEST_SOURCE,
    STARTED_AT,
    fullScope(ruleRegistry),
  );
  return { ...atOrAbove(reviewScan(evaluated, review), minSeverity), finishedAt: FINISHED_AT };
}

async function filesOf(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const name of (await readdir(dir)).sort()) files.set(name, await readFile(join(dir, name)));
  return files;
}

async function inMemoryFiles(result: ScanResult, formats = FORMATS): Promise<Map<string, Buffer>> {
  const dir = await outputDir('aws-audit-in-memory-');
  await writeReports(result, formats, dir);
  return filesOf(dir);
}

async function streamed(
  snapshot: Snapshot,
  review: ReviewInputs,
  minSeverity?: Severity,
  { keep, formats = FORMATS }: { keep?: FindingsKept; formats?: string[] } = {},
): Promise<{ result: ScanResult; files: Map<string, Buffer>; spillFiles: number }> {
  const dir = await outputDir('aws-audit-streamed-');
  const spill = FindingSpill.open(dir, ruleRegistry, formats, { startedAt: STARTED_AT, snapshot });
  // One spill file per rule and spilled format, each known to the signal handler.
  const spillFiles = pendingTemporaryFiles().filter((path) => path.startsWith(dir)).length;
  let result: ScanResult;
  try {
    const scanned = streamScan(streamInputs(snapshot, STARTED_AT, review, minSeverity, keep), spill);
    result = { ...scanned, finishedAt: FINISHED_AT };
    spill.close();
    await writeReports(result, formats, dir, undefined, { spill });
    // Each spill file goes once its report has read it, before the reports are renamed into place.
    expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  } finally {
    await spill.discard();
  }
  expect(pendingTemporaryFiles().filter((path) => path.startsWith(dir))).toEqual([]);
  return { result, files: await filesOf(dir), spillFiles };
}

/** Waivers that apply, match by scope, have expired, and match nothing, from a scan's failures. */
function waiversFor(findings: readonly Finding[]): Waiver[] {
  const failing = findings.filter((f) => f.status === 'fail');
  const first = failing[0]!;
  const other = failing.find((f) => f.ruleId !== first.ruleId) ?? first;
  return [
    { index: 0, ruleId: first.ruleId, resource: first.resource.arn, reason: 'accepted', owner: 'team' },
    { index: 1, ruleId: other.ruleId, resource: { accountId: other.resource.accountId }, reason: 'scoped' },
    { index: 2, ruleId: other.ruleId, resource: '*', reason: 'old', expires: '2000-01-01' },
    { index: 3, ruleId: first.ruleId, resource: 'arn:aws:nothing:*', reason: 'stale' },
  ];
}

/** A previous report: some of today's failures, some of today's passes and unknowns as failures, one gone. */
function baselineFor(findings: readonly Finding[]): Finding[] {
  const failing = findings.filter((f) => f.status === 'fail').slice(0, 5);
  const nowPassing = findings.filter((f) => f.status === 'pass').slice(0, 3);
  const nowUnknown = findings.filter((f) => f.status === 'unknown').slice(0, 2);
  const gone = { ...failing[0]!, fingerprint: 'f'.repeat(64) };
  return [
    ...failing,
    ...[...nowPassing, ...nowUnknown].map((f) => ({ ...f, status: 'fail' as const })),
    gone,
  ];
}

describe.each([
  ['the demo account', demoSnapshot],
  ['three generated accounts × three regions', () => Promise.resolve(generatedSnapshot())],
])('%s: streamed against in memory', (_label, load) => {
  let snapshot: Snapshot;
  let plain: ScanResult;

  beforeAll(async () => {
    snapshot = await load();
    plain = inMemory(snapshot, { now: STARTED_AT });
  });

  const cases: [string, () => ReviewInputs, Severity | undefined][] = [
    ['no review', () => ({ now: STARTED_AT }), undefined],
    [
      'waivers, a baseline and --min-severity medium',
      () => ({
        now: STARTED_AT,
        waivers: { file: 'waivers.yaml', entries: waiversFor(plain.findings) },
        baseline: { file: 'previous.json', findings: baselineFor(plain.findings) },
      }),
      'medium',
    ],
    [
      'a baseline alone',
      () => ({ now: STARTED_AT, baseline: { file: 'previous.json', findings: baselineFor(plain.findings) } }),
      undefined,
    ],
  ];

  it.each(cases)(
    '%s: the same report files byte for byte, counts, console text and exit decision',
    async (_case, reviewOf, minSeverity) => {
      const review = reviewOf();
      const expected = inMemory(snapshot, review, minSeverity);
      const { result, files, spillFiles } = await streamed(snapshot, review, minSeverity);
      expect(spillFiles).toBe(SPILLED.length * ruleRegistry.length);

      // Only what SARIF, the console, the gate and the baseline read is kept as objects.
      expect(result.findingsKept).toBe('failing-and-unknown');
      expect(result.findings).toEqual(expected.findings.filter((f) => f.status !== 'pass'));
      expect(expected.findings.some((f) => f.status === 'pass')).toBe(true);
      expect(result.summary).toEqual(expected.summary);
      expect(result.coverage).toEqual(expected.coverage);
      expect(result.waivers).toEqual(expected.waivers);
      expect(result.baseline).toEqual(expected.baseline);
      expect(result.belowMinimum).toEqual(expected.belowMinimum);
      if (review.baseline) {
        // The baseline's shapes are all exercised: unchanged, fixed (now passing) and unverified.
        expect(result.baseline!.unchanged).toBeGreaterThan(0);
        expect(result.baseline!.fixed.length).toBeGreaterThan(0);
      }
      if (review.waivers) expect(result.summary.waived).toBeGreaterThan(0);

      const expectedFiles = await inMemoryFiles(expected);
      expect([...files.keys()]).toEqual([...expectedFiles.keys()]);
      // A stable and a stamped file of each format (ASFF's end in .asff.json).
      expect([...files.keys()].filter((name) => /\.(json|csv|sarif|html)$/.test(name)).length).toBe(10);
      expect([...files.keys()].filter((name) => name.endsWith('.asff.json')).length).toBe(2);
      for (const [name, bytes] of files) {
        expect({ name, size: bytes.length }).toEqual({ name, size: expectedFiles.get(name)!.length });
        expect(bytes.equals(expectedFiles.get(name)!)).toBe(true);
      }

      const gate = { failOn: 'low' as const, failOnNew: 'high' as const, allowIncomplete: true };
      expect(exitDecision(result, gate)).toEqual(exitDecision(expected, gate));
      const options = { color: false, exit: exitDecision(expected, gate) };
      expect(renderConsoleSummary(result, options)).toBe(renderConsoleSummary(expected, options));
    },
    120_000,
  );
});

/** `snapshot` streamed into `spill` with no review. */
function streamPlainly(snapshot: Snapshot, spill: FindingSpill): ScanResult {
  return streamScan(streamInputs(snapshot, STARTED_AT, { now: STARTED_AT }), spill);
}

describe('a streamed result', () => {
  it('keeps no finding as an object when nothing reads them, and writes the same JSON, CSV, ASFF and HTML', async () => {
    const snapshot = generatedSnapshot();
    const review = { now: STARTED_AT, baseline: { file: 'b.json', findings: [] as Finding[] } };
    const expected = inMemory(snapshot, review);
    const { result, files } = await streamed(snapshot, review, undefined, {
      keep: 'none',
      formats: SPILLED,
    });
    expect(result.findingsKept).toBe('none');
    expect(result.findings).toEqual([]);
    expect(result.summary).toEqual(expected.summary);
    expect(result.baseline).toEqual(expected.baseline);
    const expectedFiles = await inMemoryFiles(expected, SPILLED);
    expect(expectedFiles.size).toBe(2 * SPILLED.length);
    expect([...files.keys()]).toEqual([...expectedFiles.keys()]);
    for (const [name, bytes] of files) expect(bytes.equals(expectedFiles.get(name)!)).toBe(true);
  }, 120_000);

  it('refuses to render a format that needs the passes from the kept findings', async () => {
    const dir = await outputDir('aws-audit-streamed-');
    const snapshot = await demoSnapshot();
    const spill = FindingSpill.open(dir, ruleRegistry, ['json'], { startedAt: STARTED_AT, snapshot });
    try {
      const result = streamPlainly(snapshot, spill);
      spill.close();
      // CSV, HTML and ASFF were not spilled: each would silently lose the passes.
      await expect(writeReports(result, ['csv'], dir, undefined, { spill })).rejects.toThrow(
        /the CSV report needs every finding/,
      );
      for (const format of ['html', 'asff'])
        await expect(writeReports(result, [format], dir, undefined, { spill })).rejects.toThrow(
          /needs every finding/,
        );
      await expect(writeReports(result, ['json'], dir)).rejects.toThrow(/needs every finding/);
    } finally {
      await spill.discard();
    }
    // Nothing of the refused writes and no spill file is left behind.
    expect(await readdir(dir)).toEqual([]);
  });

  it('an empty scan writes an empty findings list, as in memory', async () => {
    const empty: Snapshot = { ...(await demoSnapshot()), accounts: [] };
    const { files } = await streamed(empty, { now: STARTED_AT });
    const expected = await inMemoryFiles(inMemory(empty, { now: STARTED_AT }));
    const json = [...files.entries()].find(([name]) => /report\.json$/.test(name))![1];
    expect(json.toString()).toMatch(/"findings": \[\]\n\}\n$/);
    const asff = [...files.entries()].find(([name]) => /report\.asff\.json$/.test(name))![1];
    expect(asff.toString()).toBe('[]\n');
    expect([...files.keys()]).toEqual([...expected.keys()]);
    for (const [name, bytes] of files) expect(bytes.equals(expected.get(name)!)).toBe(true);
  });

  it("refuses to join ASFF findings spilled for another scan's start or snapshot", async () => {
    const snapshot = await demoSnapshot();
    const dir = await outputDir('aws-audit-streamed-');
    const otherStart = new Date(STARTED_AT.getTime() - 1000);
    const spill = FindingSpill.open(dir, ruleRegistry, ['asff'], { startedAt: otherStart, snapshot });
    try {
      const result = streamPlainly(snapshot, spill);
      spill.close();
      await expect(writeReports(result, ['asff'], dir, undefined, { spill })).rejects.toThrow(
        /spilled with another scan's start or snapshot/,
      );
    } finally {
      await spill.discard();
    }
    expect(await readdir(dir)).toEqual([]);
  });
});
