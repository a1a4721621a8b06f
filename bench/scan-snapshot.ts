// The `scan-snapshot` rows of `npm run bench`: the built CLI's `scan --snapshot` end to end on a
// synthetic account written to a file (read, evaluate, JSON report), per `--workers` value, with
// the process's peak RSS (every thread included). Run `npm run build` first.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScaleName } from './generate.js';
import { fmtMiB, fmtMs, verdict, type Row } from './table.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CLI = join(ROOT, 'dist/src/cli/main.js');
const WRITE_SNAPSHOT = join(ROOT, 'bench/write-snapshot.ts');
const PRELOAD = join(ROOT, 'bench/rss-on-exit.mjs');

/** Issue 18: the 1M-resource snapshot scanned end to end in at most 2 GB (10⁹ bytes × 2). */
const HUGE_RSS_TARGET_BYTES = 2e9;

export interface ScanSnapshotResult {
  scale: ScaleName;
  workers: number;
  wallMs: number;
  peakRssMiB: number;
  resources: string;
}

function run(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { PATH: process.env.PATH, ...env },
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 || code === 1 || code === 3
        ? resolve(stdout)
        : reject(new Error(`node ${args.join(' ')} exited ${String(code)}`)),
    );
  });
}

/** Writes each scale once, then scans it with each `--workers` value, one process per scan. */
export async function measureScanSnapshot(
  scales: readonly ScaleName[],
  workers: readonly number[],
  seed: number,
): Promise<ScanSnapshotResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'aws-audit-bench-scan-'));
  const results: ScanSnapshotResult[] = [];
  try {
    for (const scale of scales) {
      const file = join(dir, `${scale}.json`);
      process.stderr.write(`bench: writing the ${scale} snapshot…\n`);
      const written = await run(['--import', 'tsx', WRITE_SNAPSHOT, scale, file, '--seed', String(seed)]);
      const resources = /: ([\d,]+) resources/.exec(written)?.[1] ?? '?';
      for (const count of workers) {
        process.stderr.write(`bench: scan --snapshot ${scale} --workers ${count}…\n`);
        const rssFile = join(dir, 'rss');
        const started = process.hrtime.bigint();
        await run(
          [
            '--import',
            PRELOAD,
            CLI,
            'scan',
            '--snapshot',
            file,
            '--format',
            'json',
            '--out-dir',
            join(dir, 'out'),
            '--quiet',
            '--workers',
            String(count),
          ],
          { AWS_AUDIT_BENCH_RSS: rssFile },
        );
        const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
        const peakRssMiB = Number(await readFile(rssFile, 'utf8')) / 1024;
        results.push({ scale, workers: count, wallMs, peakRssMiB, resources });
      }
      await rm(file, { force: true });
      await rm(join(dir, 'out'), { recursive: true, force: true });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return results;
}

export function scanSnapshotRows(results: readonly ScanSnapshotResult[]): Row[] {
  return results.map((result) => {
    const isHuge = result.scale === 'huge';
    return {
      benchmark: 'scan --snapshot end to end',
      input: `${result.scale} (${result.resources} resources), --workers ${result.workers}, JSON report`,
      result: `wall ${fmtMs(result.wallMs)}, peak RSS ${fmtMiB(result.peakRssMiB)} (every thread)`,
      target: isHuge ? 'RSS ≤ 2 GB' : '—',
      verdict: isHuge ? verdict(result.peakRssMiB * 1024 * 1024 <= HUGE_RSS_TARGET_BYTES) : '—',
    };
  });
}
