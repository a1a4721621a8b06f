// `live-small` (issue 18 item 2): the built CLI's `scan` of the demo account (examples/
// demo-account.json) on the fake endpoint at 40 ms a request, two APIs answering an HTML 500 page
// every time, end to end as a user runs it (process start to exit: collect, evaluate, write the
// reports). Judged against the critical path (bench/critical-path.ts): dependent round trips × 40 ms
// + start-up, with the start-up term taken two ways, both in the same run and interleaved with the
// scans so machine load affects all alike:
//   - time to first request (the target's bound): from spawning the scan's process to its first
//     request reaching the endpoint (the endpoint's `firstArrivalAt`, before any latency), median
//     of the runs. It is what this scan must do before any round trip can start: Node, the CLI, the
//     SDK packages and clients, the credentials. Work it does later (the rest of the SDK if loaded
//     lazily, parsing answers, evaluation, reports) is not in it, so it stays a lower bound.
//   - `aws-audit --version` (kept for comparison with earlier rounds): loads no SDK, so it is not a
//     live scan's start-up, and the ratio against it mostly measures SDK loading.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ruleRegistry } from '../rules/index.js';
import { readSnapshotFile } from '../src/snapshot/io.js';
import { kindsRequiredBy } from '../src/snapshot/required-kinds.js';
import { scanChain } from './critical-path.js';
import { countResources } from './generate.js';
import { requestsByOperation, startFakeServer, type FakeStats } from './live-scan.js';
import { median } from './stats.js';
import { CLI, timeOnce } from './startup.js';
import { fmtInt, fmtMs, verdict, type Row } from './table.js';

export const DEMO_FILE = 'examples/demo-account.json';
export const LIVE_SMALL_LATENCY_MS = 40;
/** The APIs that answer an HTML 500 page (an emulator or proxy without them): SSM and ECS reads. */
export const HTML_500_OPERATIONS = [
  { service: 'ssm', operation: 'DescribeInstanceInformation' },
  { service: 'ecs', operation: 'ListClusters' },
] as const;
export const LIVE_SMALL_RUNS = 7;
/** Issue 18 item 2: wall ≤ 1.5 s and ≤ 1.5 × the critical-path bound. */
const MAX_WALL_MS = 1500;
const MAX_RATIO = 1.5;

export interface LiveSmallResult {
  scanMs: number[];
  /** Per scan: process spawn → its first request at the endpoint (the bound's start-up term). */
  firstRequestMs: number[];
  versionMs: number[];
  exitCodes: number[];
  requests: number[];
  htmlErrors: number[];
  stats: FakeStats;
  rounds: number;
  wavesRounds: number;
  path: string;
  resources: number;
}

export async function measureLiveSmall(seed: number): Promise<LiveSmallResult> {
  const snapshot = await readSnapshotFile(DEMO_FILE);
  const account = snapshot.accounts[0];
  if (!account) throw new Error(`${DEMO_FILE} holds no account`);
  const chain = scanChain(account, kindsRequiredBy(ruleRegistry), {
    describeRegions: true,
    faulted: new Set(HTML_500_OPERATIONS.map((f) => f.operation)),
  });
  const server = await startFakeServer({
    snapshotFile: DEMO_FILE,
    seed,
    latencyMs: LIVE_SMALL_LATENCY_MS,
    throttling: true,
    faults: HTML_500_OPERATIONS.map((f) => ({ ...f, kind: 'html-error', status: 500 })),
  });
  const dir = await mkdtemp(join(tmpdir(), 'aws-audit-bench-live-'));
  const rssFile = join(dir, 'rss');
  const env = {
    AWS_ACCESS_KEY_ID: 'AKIAFAKEBENCH0000000',
    AWS_SECRET_ACCESS_KEY: 'fake',
    AWS_REGION: 'us-east-1',
  };
  const result: Omit<LiveSmallResult, 'stats'> & { stats?: FakeStats } = {
    scanMs: [],
    firstRequestMs: [],
    versionMs: [],
    exitCodes: [],
    requests: [],
    htmlErrors: [],
    rounds: chain.rounds,
    wavesRounds: chain.wavesRounds,
    path: chain.path,
    resources: countResources({ ...snapshot, accounts: [account] }),
  };
  try {
    for (let run = 0; run < LIVE_SMALL_RUNS; run += 1) {
      result.versionMs.push((await timeOnce([CLI, '--version'], rssFile)).ms);
      await server.reset();
      const out = join(dir, `reports-${run}`);
      // Every enabled region (no --region), as a user's first scan; exit 3: the two APIs' kinds
      // could not be read, which the report says.
      const scan = await timeOnce(
        [CLI, 'scan', '--endpoint-url', server.ready.url, '--out-dir', out, '--quiet'],
        rssFile,
        env,
        [0, 1, 3],
      );
      if ((await readdir(out)).length === 0) throw new Error('live-small: the scan wrote no report');
      const stats = await server.stats();
      if (stats.firstArrivalAt === undefined) throw new Error('live-small: no request reached the endpoint');
      result.firstRequestMs.push(stats.firstArrivalAt - scan.startedAt);
      result.scanMs.push(scan.ms);
      result.exitCodes.push(scan.code);
      result.requests.push(stats.requests);
      result.htmlErrors.push(stats.errors);
      result.stats = stats;
    }
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
  return result as LiveSmallResult;
}

/** The two bounds of one measurement (see the header): rounds × latency + a start-up term. */
export function liveSmallBounds(result: Pick<LiveSmallResult, 'rounds' | 'firstRequestMs' | 'versionMs'>): {
  network: number;
  firstRequest: number;
  version: number;
  byFirstRequest: number;
  byVersion: number;
} {
  const network = result.rounds * LIVE_SMALL_LATENCY_MS;
  const firstRequest = median(result.firstRequestMs);
  const version = median(result.versionMs);
  return {
    network,
    firstRequest,
    version,
    byFirstRequest: network + firstRequest,
    byVersion: network + version,
  };
}

export function liveSmallRows(result: LiveSmallResult): Row[] {
  const wall = median(result.scanMs);
  const bounds = liveSmallBounds(result);
  const ratio = wall / bounds.byFirstRequest;
  const versionRatio = wall / bounds.byVersion;
  const runs = result.scanMs.length;
  const faults = HTML_500_OPERATIONS.map((f) => `${f.service}:${f.operation}`).join(' and ');
  const input = `demo (${fmtInt(result.resources)} resources, 2 regions), ${LIVE_SMALL_LATENCY_MS} ms, HTML 500 from ${faults}`;
  const range = (values: readonly number[]): string =>
    Math.min(...values) === Math.max(...values)
      ? fmtInt(values[0] ?? 0)
      : `${fmtInt(Math.min(...values))}–${fmtInt(Math.max(...values))}`;
  const msRange = (values: readonly number[]): string =>
    `${fmtMs(Math.min(...values))}–${fmtMs(Math.max(...values))}`;
  return [
    {
      benchmark: 'live scan, small',
      input,
      result:
        `wall ${fmtMs(wall)} (median of ${runs}; ${msRange(result.scanMs)}), ${range(result.requests)} requests of which ` +
        `${range(result.htmlErrors)} HTML 500s, exit ${[...new Set(result.exitCodes)].join('/')}; ` +
        `bound (time to first request) ${fmtMs(bounds.byFirstRequest)}: ×${ratio.toFixed(2)}; ` +
        `bound (--version start-up, earlier rounds) ${fmtMs(bounds.byVersion)}: ×${versionRatio.toFixed(2)}`,
      target: `≤ ${fmtMs(MAX_WALL_MS)} and ≤ ×${MAX_RATIO} bound (time to first request)`,
      verdict: verdict(wall <= MAX_WALL_MS && ratio <= MAX_RATIO),
    },
    {
      benchmark: 'live scan, small: bound',
      input,
      result:
        `${result.rounds} dependent round trips × ${LIVE_SMALL_LATENCY_MS} ms = ${fmtMs(bounds.network)}, plus ` +
        `start-up as time to first request (spawn → first request at the endpoint) ${fmtMs(bounds.firstRequest)} ` +
        `(median of ${result.firstRequestMs.length}; ${msRange(result.firstRequestMs)}) = ${fmtMs(bounds.byFirstRequest)}, ` +
        `or as aws-audit --version ${fmtMs(bounds.version)} (median of ${result.versionMs.length}) = ` +
        `${fmtMs(bounds.byVersion)}; after the first request the scan took ${fmtMs(wall - bounds.firstRequest)} ` +
        `more (median wall − median time to first request); longest chain ${result.path}; ` +
        `kinds in whole waves: ${result.wavesRounds} round trips`,
      target: '—',
      verdict: '—',
    },
    {
      benchmark: 'live scan, small: requests',
      input,
      result: requestsByOperation(result.stats, 6),
      target: '—',
      verdict: '—',
    },
  ];
}
