// Start-up rows of `npm run bench` (issue 18 "Start-up"): the built CLI's `--version`, `--help`,
// `rules` and a demo `scan --snapshot`, each the median of 10 runs, against bare `node -e 0` measured
// in the same run (interleaved, so machine load affects both alike), with peak RSS.
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fmtMs, verdict, type Row } from './table.js';
import { median } from './stats.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const CLI = join(ROOT, 'dist/src/cli/main.js');
const PRELOAD = join(ROOT, 'bench/rss-on-exit.mjs');
export const STARTUP_RUNS = 10;

export interface Sample {
  ms: number;
  rssMiB: number;
}

/** Now on the epoch clock with sub-ms precision, comparable across processes of this machine. */
export const epochMs = (): number => performance.timeOrigin + performance.now();

export interface StartupCase {
  name: string;
  args: string[];
  /** Wall time as a multiple of bare Node, and peak RSS; absent: not targeted. */
  maxRatio?: number;
  maxRssMiB?: number;
  /** An absolute wall-time target. */
  maxMs?: number;
}

export const STARTUP_CASES = (outDir: string): StartupCase[] => [
  { name: '--version', args: ['--version'], maxRatio: 3, maxRssMiB: 70 },
  { name: '--help', args: ['--help'], maxRatio: 3, maxRssMiB: 70 },
  { name: 'rules', args: ['rules'], maxRatio: 4 },
  {
    name: 'scan --snapshot (demo)',
    args: ['scan', '--snapshot', 'examples/demo-account.json', '--out-dir', outDir, '--quiet'],
    maxMs: 500,
  },
];

/**
 * Wall time and peak RSS of one `node ARGS` run from the repository root, with only PATH (and
 * `env`) in its environment; `okCodes` are the exit codes that count as a run (default: 0).
 * `startedAt` is when the process was spawned, on the epoch clock (`epochMs`).
 */
export async function timeOnce(
  args: readonly string[],
  rssFile: string,
  env: Record<string, string> = {},
  okCodes: readonly number[] = [0],
): Promise<Sample & { code: number; startedAt: number }> {
  const startedAt = epochMs();
  const started = process.hrtime.bigint();
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', PRELOAD, ...args], {
      cwd: ROOT,
      stdio: 'ignore',
      env: { PATH: process.env.PATH, AWS_AUDIT_BENCH_RSS: rssFile, ...env },
    });
    child.on('error', reject);
    child.on('exit', resolve);
  });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (code === null || !okCodes.includes(code))
    throw new Error(`node ${args.join(' ')} exited ${String(code)}`);
  return { ms, rssMiB: Number(await readFile(rssFile, 'utf8')) / 1024, code, startedAt };
}

export async function startupRows(): Promise<{ rows: Row[]; raw: unknown }> {
  const dir = await mkdtemp(join(tmpdir(), 'aws-audit-bench-startup-'));
  const rssFile = join(dir, 'rss');
  try {
    const cases = STARTUP_CASES(join(dir, 'reports'));
    const bare: Sample[] = [];
    const samples = new Map<string, Sample[]>(cases.map((c) => [c.name, []]));
    for (let run = 0; run < STARTUP_RUNS; run += 1) {
      bare.push(await timeOnce(['-e', '0'], rssFile));
      for (const c of cases) samples.get(c.name)!.push(await timeOnce([CLI, ...c.args], rssFile));
    }
    const bareMs = median(bare.map((s) => s.ms));
    const rows: Row[] = [
      {
        benchmark: 'start-up',
        input: `node -e 0 (bare Node, ${STARTUP_RUNS} runs)`,
        result: `${fmtMs(bareMs)}, ${median(bare.map((s) => s.rssMiB)).toFixed(0)} MiB RSS`,
        target: '—',
        verdict: '—',
      },
    ];
    const raw: Record<string, unknown> = { bareMs, runs: STARTUP_RUNS };
    for (const c of cases) {
      const ms = median(samples.get(c.name)!.map((s) => s.ms));
      const rss = median(samples.get(c.name)!.map((s) => s.rssMiB));
      const ratio = ms / bareMs;
      const targets: string[] = [];
      let ok = true;
      if (c.maxRatio !== undefined) {
        targets.push(`≤ ${c.maxRatio}× bare`);
        ok &&= ratio <= c.maxRatio;
      }
      if (c.maxRssMiB !== undefined) {
        targets.push(`≤ ${c.maxRssMiB} MB RSS`);
        ok &&= rss <= c.maxRssMiB;
      }
      if (c.maxMs !== undefined) {
        targets.push(`≤ ${fmtMs(c.maxMs)}`);
        ok &&= ms <= c.maxMs;
      }
      raw[c.name] = { ms, rssMiB: rss, ratio };
      rows.push({
        benchmark: 'start-up',
        input: `aws-audit ${c.name} (median of ${STARTUP_RUNS})`,
        result: `${fmtMs(ms)} = ${ratio.toFixed(1)}× bare, ${rss.toFixed(0)} MiB RSS`,
        target: targets.join(', '),
        verdict: verdict(ok),
      });
    }
    return { rows, raw };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
