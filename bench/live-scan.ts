// Live scans of generated accounts on the fake endpoint (bench/fake-server.ts), judged against the
// API's lower bound (bench/api-model.ts): `scan` (the `large` account, ≤ ×1.5) and `scan-10k`
// (issue 18 item 3: the `10k` account with and without user data, ≤ ×1.15 each, with the requests
// by operation and a check that access keys come from the credential report, not a call per user).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { MAX_PAGE, PER_RESOURCE, lowerBound, minimumPages } from './api-model.js';
import type { FakeServerArgs, FakeServerReady } from './fake-server.js';
import type { ScaleName } from './generate.js';
import { fmtInt, fmtMiB, fmtMs, verdict, type Row } from './table.js';
import type { ScanResult, ScanTask } from './tasks.js';
// What the fake endpoint counts per operation and region (its process sends them as JSON).
import type { OperationStats } from '../test/fake-aws/types.js';

export interface FakeStats {
  requests: number;
  throttled: number;
  errors: number;
  dropped: number;
  byOperation: OperationStats[];
  /** CPU time of the fake endpoint's process (serving is not free: XML for every page). */
  serverCpuMs: number;
  /** When the first request since the last reset arrived, epoch ms (test/fake-aws FakeAwsStats). */
  firstArrivalAt?: number;
}

export interface FakeServer {
  ready: FakeServerReady;
  stats(): Promise<FakeStats>;
  /** Clears the endpoint's counters (not its token buckets). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

const TSX = import.meta.resolve('tsx');

/** Starts the fake endpoint in its own process; resolves once it prints its URL. */
export function startFakeServer(args: FakeServerArgs): Promise<FakeServer> {
  const script = fileURLToPath(
    new URL(import.meta.url.endsWith('.ts') ? './fake-server.ts' : './fake-server.js', import.meta.url),
  );
  const child = spawn(
    process.execPath,
    ['--import', TSX, '--max-old-space-size=8192', script, JSON.stringify(args)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string> => {
    const next = await lines.next();
    if (next.done) throw new Error('the fake endpoint exited early');
    return next.value;
  };
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return nextLine().then((line) => ({
    ready: JSON.parse(line) as FakeServerReady,
    stats: async () => {
      child.stdin.write('stats\n');
      return JSON.parse(await nextLine()) as FakeStats;
    },
    reset: async () => {
      child.stdin.write('reset\n');
      await nextLine();
    },
    close: async () => {
      child.stdin.end('close\n');
      await exited;
    },
  }));
}

/** Requests summed over regions per operation, most first: the `top` of them and the rest. */
export function requestsByOperation(stats: FakeStats, top: number): string {
  const byOp = new Map<string, number>();
  for (const op of stats.byOperation) byOp.set(op.operation, (byOp.get(op.operation) ?? 0) + op.requests);
  const sorted = [...byOp].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = sorted.slice(0, top).map(([op, n]) => `${op} ${fmtInt(n)}`);
  const rest = sorted.slice(top);
  if (rest.length > 0)
    shown.push(`${rest.length} more operations ${fmtInt(rest.reduce((sum, [, n]) => sum + n, 0))}`);
  return shown.join(', ');
}

export interface LiveScanCase {
  scale: ScaleName;
  latencyMs: number;
  skipUserData: boolean;
  /** Wall time (collect + evaluate + reports) may be at most this multiple of the bound. */
  maxRatio: number;
  /** Also print the requests by operation and the access-key check (issue 18 item 3). */
  detail: boolean;
}

/** The `scan` benchmark: the `large` account, 20 ms, buckets on. */
export const LARGE_SCAN: LiveScanCase = {
  scale: 'large',
  latencyMs: 20,
  skipUserData: false,
  maxRatio: 1.5,
  detail: false,
};

/** `scan-10k` (issue 18 item 3): the `10k` account at 20 ms, buckets on, with and without user data. */
export const SCAN_10K: readonly LiveScanCase[] = [false, true].map((skipUserData) => ({
  scale: '10k',
  latencyMs: 20,
  skipUserData,
  maxRatio: 1.15,
  detail: true,
}));

/** IAM access keys: from the credential report, never one ListAccessKeys call per user. */
function accessKeyRow(stats: FakeStats, users: number, label: string, input: string): Row {
  const count = (operation: string): number =>
    stats.byOperation.filter((o) => o.operation === operation).reduce((sum, o) => sum + o.requests, 0);
  const perUser = count('ListAccessKeys');
  return {
    benchmark: `${label}: access keys`,
    input,
    result:
      `ListAccessKeys ${fmtInt(perUser)}, GetAccessKeyLastUsed ${fmtInt(count('GetAccessKeyLastUsed'))} ` +
      `for ${fmtInt(users)} users; GenerateCredentialReport ${fmtInt(count('GenerateCredentialReport'))}, ` +
      `GetCredentialReport ${fmtInt(count('GetCredentialReport'))}`,
    target: 'no call per user (credential report)',
    verdict: verdict(perUser === 0),
  };
}

export async function scanRows(
  scan: LiveScanCase,
  options: { seed: number; retryMode?: 'standard' | 'adaptive' },
  runScan: (task: ScanTask) => Promise<ScanResult>,
  raw: unknown[],
): Promise<Row[]> {
  const what = `${scan.scale}${scan.skipUserData ? ', --skip-user-data' : ''}`;
  process.stderr.write(`bench: scanning ${what} on the fake endpoint (${scan.latencyMs} ms, buckets on)…\n`);
  const server = await startFakeServer({
    scale: scan.scale,
    seed: options.seed,
    latencyMs: scan.latencyMs,
    throttling: true,
  });
  let result: ScanResult;
  let stats: FakeStats;
  try {
    result = await runScan({
      task: 'scan',
      url: server.ready.url,
      ...(options.retryMode ? { retryMode: options.retryMode } : {}),
      ...(scan.skipUserData ? { skipUserData: true } : {}),
    });
    stats = await server.stats();
  } finally {
    await server.close();
  }
  raw.push({ scan: result, stats, ready: server.ready, case: scan });

  // Minimum calls: pages per listing for list operations, resources for per-resource ones, one
  // for anything else (STS, DescribeRegions, service settings, the credential report).
  const key = (operation: string, region: string): string => `${operation}|${region}`;
  const listMinimum = new Map<string, number>();
  for (const listing of server.ready.listings) {
    const k = key(listing.operation, listing.region);
    listMinimum.set(k, (listMinimum.get(k) ?? 0) + minimumPages(listing));
  }
  const perResourceMin = new Map(server.ready.perResource);
  let listCalls = 0;
  let listMin = 0;
  let resourceCalls = 0;
  let resourceMin = 0;
  let otherCalls = 0;
  const perResourceByOp = new Map<string, { calls: number; minimum: number }>();
  const boundInputs: Parameters<typeof lowerBound>[0] = [];
  for (const op of stats.byOperation) {
    const k = key(op.operation, op.region);
    if (MAX_PAGE[op.operation] !== undefined) {
      const minimum = listMinimum.get(k) ?? Math.max(1, Math.ceil(op.items / (MAX_PAGE[op.operation] ?? 1)));
      listCalls += op.requests;
      listMin += minimum;
      boundInputs.push({ ...op, minimum, perResource: false });
    } else if (PER_RESOURCE[op.operation] !== undefined) {
      const minimum = perResourceMin.get(k) ?? op.ok;
      resourceCalls += op.requests;
      resourceMin += minimum;
      const agg = perResourceByOp.get(op.operation) ?? { calls: 0, minimum: 0 };
      agg.calls += op.requests;
      agg.minimum += minimum;
      perResourceByOp.set(op.operation, agg);
      boundInputs.push({ ...op, minimum, perResource: true });
    } else {
      otherCalls += op.requests;
    }
  }
  const bound = lowerBound(boundInputs, scan.latencyMs);
  const failedCalls = Object.values(result.errors).reduce((a, b) => a + b, 0);
  const retries = stats.throttled + stats.errors + stats.dropped - failedCalls;
  const wallRatio = result.totalMs / 1000 / bound.seconds;
  const collectRatio = result.collectMs / 1000 / bound.seconds;
  const label = scan.scale === 'large' ? 'scan' : `scan ${what}`;
  const input =
    `${scan.scale}: ${result.regions} regions, ${fmtInt(result.resources)} resources, ${scan.latencyMs} ms, buckets on` +
    (scan.skipUserData ? ', --skip-user-data' : '');
  const rows: Row[] = [
    {
      benchmark: `${label}: list calls`,
      input,
      result: `${fmtInt(listCalls)} calls for ${fmtInt(listMin)} minimum pages (×${(listCalls / listMin).toFixed(3)})`,
      target: '≤ ×1.05',
      verdict: verdict(listCalls <= listMin * 1.05),
    },
    {
      benchmark: `${label}: per-resource calls`,
      input,
      result:
        [...perResourceByOp].map(([op, v]) => `${op} ${fmtInt(v.calls)}/${fmtInt(v.minimum)}`).join(', ') +
        `${perResourceByOp.size > 0 ? '; ' : ''}other ${fmtInt(otherCalls)}`,
      target: `= resources (${fmtInt(resourceMin)})`,
      verdict: verdict(resourceCalls <= resourceMin * 1.05),
    },
    {
      benchmark: `${label}: wall time`,
      input,
      result:
        `${fmtMs(result.totalMs)} (collect ${fmtMs(result.collectMs)}, evaluate ${fmtMs(result.evaluateMs)}, ` +
        `reports ${fmtMs(result.reportMs)}) vs bound ${bound.seconds.toFixed(2)} s: ×${wallRatio.toFixed(2)} ` +
        `(collect ×${collectRatio.toFixed(2)}); CPU: scanner ${fmtMs(result.totalCpuMs)} ` +
        `(collect ${fmtMs(result.collectCpuMs)}), endpoint ${fmtMs(stats.serverCpuMs)}`,
      target: `≤ ×${scan.maxRatio} bound`,
      verdict: verdict(wallRatio <= scan.maxRatio),
    },
    {
      benchmark: `${label}: lower bound`,
      input,
      result: bound.dominant
        ? `${bound.seconds.toFixed(2)} s, set by ${bound.dominant.region} ${bound.dominant.operation}: ${bound.dominant.why}`
        : `${bound.seconds.toFixed(2)} s`,
      target: '—',
      verdict: '—',
    },
  ];
  if (scan.detail) {
    rows.push({
      benchmark: `${label}: requests by operation`,
      input,
      result: `${fmtInt(stats.requests)} in all: ${requestsByOperation(stats, 8)}`,
      target: '—',
      verdict: '—',
    });
    rows.push(accessKeyRow(stats, result.kinds.users ?? 0, label, input));
  }
  rows.push(
    {
      benchmark: `${label}: throttling`,
      input,
      result:
        `${fmtInt(stats.throttled)} throttled responses, ${fmtInt(retries)} retries, ` +
        `${fmtInt(stats.requests)} requests in all; collection errors ${JSON.stringify(result.errors)}; ` +
        `complete ${String(result.complete)}`,
      target: '0 failed by throttling',
      verdict: verdict((result.errors.throttled ?? 0) === 0),
    },
    {
      benchmark: `${label}: peak memory`,
      input,
      result: `peak RSS ${fmtMiB(result.peakRssMiB)} (collect + evaluate + reports, ${fmtInt(result.findings)} findings)`,
      target: '—',
      verdict: '—',
    },
  );
  return rows;
}
