// Evaluation in worker threads (src/engine/parallel) must be invisible in the output: the same
// findings in the same order, and every report byte for byte, as the main-thread path.
import { access, mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ruleRegistry } from '../../rules/index.js';
import { generateSnapshot, scalePlan } from '../../bench/generate.js';
import { evaluateSnapshotInWorkers, type ScanResult } from '../../src/engine/scan.js';
import { fullScope } from '../../src/engine/scan-scope.js';
import { resolveWorkerCount } from '../../src/engine/parallel/pool.js';
import { defineRegionalRule, pass, regionalRef } from '../../src/engine/define-rule.js';
import { SnapshotView } from '../../src/snapshot/view.js';
import sshRule from '../../rules/ec2-security-group-no-public-ssh.js';
import { parseSnapshot, writeSnapshotFile } from '../../src/snapshot/io.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { writeReports } from '../../src/report/write-reports.js';
import { BUILT_CLI, runBuiltCli, runCli, tempDir } from '../support/cli.js';

const DEMO = 'examples/demo-account.json';
const STARTED_AT = new Date('2026-11-21T21:00:00.000Z');
const FINISHED_AT = new Date('2026-11-21T21:00:02.000Z');
const FILE_FORMATS = ['json', 'sarif', 'csv', 'html', 'asff'];

async function demoSnapshot(): Promise<Snapshot> {
  return parseSnapshot(JSON.parse(await readFile(DEMO, 'utf8')) as unknown, DEMO);
}

/** Three accounts of three regions each, with the bench's mix of passing, failing and unknown results. */
function generatedSnapshot(): Snapshot {
  return generateSnapshot({ ...scalePlan('small'), accounts: 3, regions: 3 }, 7);
}

async function scan(snapshot: Snapshot, workers: number, progress?: { units: number; done: number }) {
  const result = await evaluateSnapshotInWorkers(
    snapshot,
    ruleRegistry,
    { kind: 'snapshot', file: 'test' },
    STARTED_AT,
    fullScope(ruleRegistry),
    progress && {
      planned: (units) => (progress.units += units),
      evaluated: () => void progress.done++,
    },
    workers,
  );
  // The clock is the only thing that differs between two runs; fix it as the report tests do.
  return { ...result, finishedAt: FINISHED_AT } satisfies ScanResult;
}

/** Every report file of `result`, by name, as bytes. */
async function reportBytes(result: ScanResult): Promise<Map<string, Buffer>> {
  const dir = await mkdtemp(join(tmpdir(), 'aws-audit-workers-'));
  await writeReports(result, FILE_FORMATS, dir);
  const files = new Map<string, Buffer>();
  for (const name of (await readdir(dir)).sort()) files.set(name, await readFile(join(dir, name)));
  return files;
}

describe.each([
  ['the demo account', demoSnapshot, [2, 3]],
  ['three generated accounts × three regions', () => Promise.resolve(generatedSnapshot()), [2, 4]],
])('%s: --workers N against --workers 1', (_label, load, counts) => {
  let snapshot: Snapshot;
  let inThread: ScanResult;
  let inThreadFiles: Map<string, Buffer>;

  beforeAll(async () => {
    snapshot = await load();
    inThread = await scan(snapshot, 1);
    inThreadFiles = await reportBytes(inThread);
  });

  it.each(counts)(
    '%i workers: the same findings in the same order, and every report byte for byte',
    async (n) => {
      // The pool really runs (more than one scope to hand out), so this compares two paths.
      expect(resolveWorkerCount(new SnapshotView(snapshot), ruleRegistry, n)).toBe(n);
      const progress = { units: 0, done: 0 };
      const parallel = await scan(snapshot, n, progress);
      expect(progress.done).toBe(progress.units);
      expect(progress.units).toBeGreaterThan(1);

      expect(parallel.findings.length).toBe(inThread.findings.length);
      expect(parallel.findings).toEqual(inThread.findings);
      expect(parallel.coverage).toEqual(inThread.coverage);
      expect(parallel.summary).toEqual(inThread.summary);
      // Every status is present, so the reports compare real mixes, not a page of passes.
      expect(Object.values(inThread.summary.byStatus).every((count) => count > 0)).toBe(true);

      const files = await reportBytes(parallel);
      expect([...files.keys()]).toEqual([...inThreadFiles.keys()]);
      expect(
        [...files.keys()].filter((name) => /\.(json|sarif|csv|html)$/.test(name)).length,
      ).toBeGreaterThan(4);
      for (const [name, bytes] of files) {
        expect({ name, size: bytes.length }).toEqual({ name, size: inThreadFiles.get(name)!.length });
        expect(bytes.equals(inThreadFiles.get(name)!)).toBe(true);
      }
    },
    120_000,
  );
});

describe('when the threads are not used', () => {
  it('a rule outside the registry runs in the main thread (workers import the registry by id)', () => {
    const own = defineRegionalRule({
      meta: { ...sshRule.meta, id: 'ec2-test-own' },
      *evaluate({ region }) {
        for (const group of region.data.securityGroups)
          yield pass(regionalRef(region, 'AWS::EC2::SecurityGroup', group), 'ok');
      },
    });
    expect(resolveWorkerCount(new SnapshotView(generatedSnapshot()), [own], 4)).toBe(1);
  });

  it('never more threads than scopes', () => {
    const view = new SnapshotView(generatedSnapshot());
    // 3 accounts: 3 global scopes + 9 regions.
    expect(resolveWorkerCount(view, ruleRegistry, 64)).toBe(12);
    expect(resolveWorkerCount(view, ruleRegistry, 1)).toBe(1);
  });
});

describe('--workers on the command line', () => {
  it.each([
    ['0', 'expected a whole number from 1 to 64'],
    ['65', 'expected a whole number from 1 to 64'],
    ['two', 'expected a whole number from 1 to 64'],
    ['1.5', 'expected a whole number from 1 to 64'],
  ])('rejects %s with exit 2, naming the flag and the allowed values', async (value, expected) => {
    const result = await runCli([
      'scan',
      '--snapshot',
      DEMO,
      '--workers',
      value,
      '--out-dir',
      await tempDir(),
    ]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`option '--workers <1-64>' argument '${value}' is invalid`);
    expect(result.stderr).toContain(expected);
  });

  it('lists the flag with its range and default in scan --help', async () => {
    const result = await runCli(['scan', '--help']);
    expect(result.stdout).toMatch(/--workers <1-64>\s+evaluate accounts and regions in N worker threads/);
    expect(result.stdout.replace(/\s+/g, ' ')).toContain(
      '(default 1: the main thread; same findings and reports for any N)',
    );
  });

  it('the built CLI writes the same findings with --workers 1 and --workers 3 (dist/ worker script)', async () => {
    await access(BUILT_CLI).catch(() => {
      throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` (npm test does it first)`);
    });
    const dir = await tempDir();
    const file = join(dir, 'generated.json');
    await writeSnapshotFile(file, generatedSnapshot());
    const reports: string[] = [];
    for (const workers of ['1', '3']) {
      const out = join(dir, `w${workers}`);
      const run = await runBuiltCli(
        ['scan', '--snapshot', file, '--workers', workers, '--out-dir', out, '--format', 'json,csv', '-q'],
        {},
        { timeoutMs: 60_000 },
      );
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
      const report = JSON.parse(await readFile(join(out, 'aws-audit-report.json'), 'utf8')) as {
        findings: unknown[];
      };
      expect(report.findings.length).toBeGreaterThan(1000);
      reports.push(
        JSON.stringify(report.findings) + (await readFile(join(out, 'aws-audit-report.csv'), 'utf8')),
      );
    }
    expect(reports[1]).toBe(reports[0]);
  }, 120_000);
});
