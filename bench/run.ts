// `npm run bench`: runs each measurement in its own child process and prints one table.
//   --quick               10k and 100k evaluation, 5,000-finding reports, no scan (about a minute)
//   --only a,b            benchmarks to run: startup, evaluate, report, html, scan, scavenge,
//                         scan-snapshot, reach, live-small, scan-10k (default: all; startup,
//                         scan-snapshot and live-small run the built CLI: run `npm run build` first)
//                         live-small: the demo account scanned end to end by the built CLI on the
//                           fake endpoint, 40 ms a request, two APIs answering HTML 500s, against its
//                           critical path (bench/critical-path.ts) + start-up (issue 18 item 2)
//                         scan-10k: the `10k` account at 20 ms with buckets on, with and without
//                           user data, against the API's lower bound (issue 18 item 3)
//   --sizes 10k,100k,huge evaluation sizes (default: 10k,100k,huge)
//   --rules a,b           evaluate only these rules (ids as `aws-audit rules` lists them)
//   --skip-rules a,b      evaluate every rule but these
//   --per-rule            evaluate each (chosen) rule alone, in its own process, and add them up
//   --workers 1,2         evaluate through the worker pool with each thread count (default: the
//                         main-thread path only); scan-snapshot uses them too (default: 1 and the cores)
//   --findings 5000,25000 report sizes (default: 5000,25000)
//   --seed N              generator seed (default 1)
//   --json FILE           also write the raw figures as JSON
//   --cpu-prof DIR        write a V8 CPU profile of every child into DIR
//   --retry-mode MODE     scan with the SDK's standard or adaptive retries (default: the CLI's)
//   --baseline DIR        `regression`: another checkout, built (`npm run build` there), whose
//                         evaluation this tree's is compared with on the same snapshot (issue 20:
//                         ≤ ×1.10); only with `--only regression` (sizes, --rules, --per-rule apply)
import { spawn, spawnSync } from 'node:child_process';
import { access, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isScaleName, type ScaleName } from './generate.js';
import { fmtBytes, fmtInt, fmtMiB, fmtMs, renderTable, verdict, type Row } from './table.js';
import type { ChildTask, EvaluateResult, ReachBenchResult, ReportResult, ScanResult } from './tasks.js';
import type { PathEngineRuleId } from './path-answers.js';
import { LARGE_SCAN, SCAN_10K, scanRows } from './live-scan.js';
import { liveSmallRows, measureLiveSmall } from './live-small.js';
import type { BallastLayout, ScavengeProbeResult } from './scavenge-probe.js';
import { ruleRegistry } from '../rules/index.js';
import { benchRuleIds } from './rule-choice.js';
import { perRuleSummary, usPerFinding } from './per-rule.js';
import { UserError } from '../src/util/errors.js';
import { startupRows } from './startup.js';
import { htmlRows, measureHtml } from './html.js';
import { measureScanSnapshot, scanSnapshotRows } from './scan-snapshot.js';
import { regressionRows, type RegressionResult } from './regression.js';

const BENCHMARKS = [
  'startup',
  'evaluate',
  'report',
  'html',
  'scan',
  'scavenge',
  'scan-snapshot',
  'reach',
  'live-small',
  'scan-10k',
  'regression',
] as const;
type Benchmark = (typeof BENCHMARKS)[number];

interface Options {
  only: Benchmark[];
  sizes: ScaleName[];
  /** Rule ids to evaluate; absent: the whole rule pack. */
  rules?: string[];
  /** Each rule evaluated alone (bench/per-rule.ts). */
  perRule: boolean;
  /** Thread counts for the worker pool (`--workers`); absent: evaluation in the main thread only. */
  workers?: number[];
  findings: number[];
  seed: number;
  json?: string;
  cpuProfDir?: string;
  retryMode?: 'standard' | 'adaptive';
  /** `regression`: the other checkout's root. */
  baseline?: string;
}

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = {
    only: [...BENCHMARKS],
    sizes: ['10k', '100k', 'huge'],
    findings: [5000, 25000],
    seed: 1,
    perRule: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) fail(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--quick':
        options.sizes = ['10k', '100k'];
        options.findings = [5000];
        options.only = options.only.filter(
          (b) =>
            b !== 'scan' &&
            b !== 'scavenge' &&
            b !== 'scan-snapshot' &&
            b !== 'scan-10k' &&
            b !== 'live-small',
        );
        break;
      case '--rules':
        options.rules = ruleIdsFlag(value().split(','), 'include', flag);
        break;
      case '--skip-rules':
        options.rules = ruleIdsFlag(value().split(','), 'skip', flag);
        break;
      case '--per-rule':
        options.perRule = true;
        break;
      case '--workers':
        options.workers = value()
          .split(',')
          .map((n) => {
            const count = Number(n);
            if (!Number.isInteger(count) || count < 1 || count > 64) fail(`--workers: "${n}" is not 1 to 64`);
            return count;
          });
        break;
      case '--only':
        options.only = value()
          .split(',')
          .map((name) => {
            if (!(BENCHMARKS as readonly string[]).includes(name))
              fail(`--only: unknown benchmark "${name}" (${BENCHMARKS.join(', ')})`);
            return name as Benchmark;
          });
        break;
      case '--sizes':
        options.sizes = value()
          .split(',')
          .map((name) => {
            const scale = name === '1m' ? 'huge' : name;
            if (!isScaleName(scale)) fail(`--sizes: unknown size "${name}" (10k, 100k, huge)`);
            return scale;
          });
        break;
      case '--findings':
        options.findings = value()
          .split(',')
          .map((n) => {
            const count = Number(n);
            if (!Number.isInteger(count) || count <= 0) fail(`--findings: "${n}" is not a positive integer`);
            return count;
          });
        break;
      case '--seed': {
        const seed = Number(value());
        if (!Number.isInteger(seed)) fail('--seed must be an integer');
        options.seed = seed;
        break;
      }
      case '--json':
        options.json = value();
        break;
      case '--retry-mode': {
        const mode = value();
        if (mode !== 'standard' && mode !== 'adaptive') fail('--retry-mode must be standard or adaptive');
        options.retryMode = mode;
        break;
      }
      case '--cpu-prof':
        options.cpuProfDir = value();
        break;
      case '--baseline':
        options.baseline = resolve(value());
        break;
      default:
        fail(`unknown flag ${flag ?? ''}`);
    }
  }
  // `regression` needs another checkout, so it runs only when asked for by name.
  if (options.only.includes('regression') && options.baseline === undefined) {
    if (options.only.length === 1)
      fail('--only regression needs --baseline DIR (a built checkout to compare with)');
    options.only = options.only.filter((b) => b !== 'regression');
  }
  return options;
}

/** `benchRuleIds` for a flag, a usage error ending the bench. */
function ruleIdsFlag(ids: readonly string[], mode: 'include' | 'skip', flag: string): string[] {
  try {
    return benchRuleIds(ruleRegistry, ids, mode, flag);
  } catch (error) {
    if (error instanceof UserError) fail(error.message);
    throw error;
  }
}

// Run from sources by tsx (`npm run bench`) or from dist after `npm run build`.
const CHILD = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? './child.ts' : './child.js', import.meta.url),
);
const TSX = import.meta.resolve('tsx');
/**
 * Worker-pool measurements run the built child: from the sources each worker would transpile the
 * rule pack with tsx on start-up, which the CLI (dist/) never pays.
 */
const BUILT_CHILD = import.meta.url.endsWith('.ts')
  ? fileURLToPath(new URL('../dist/bench/child.js', import.meta.url))
  : CHILD;

async function builtChild(): Promise<string> {
  await access(BUILT_CHILD).catch(() =>
    fail(`--workers measures the built code: run \`npm run build\` first`),
  );
  return BUILT_CHILD;
}

/** Runs one task in a fresh Node process and returns its JSON line. */
export function runChild<T>(
  task: ChildTask,
  options: Pick<Options, 'cpuProfDir'>,
  script = CHILD,
): Promise<T> {
  // Node's default heap limit, as `aws-audit` runs: a larger --max-old-space-size lets V8 defer
  // collection and inflates peak RSS (BENCHMARKS.md), which would misstate what users see.
  const flags = ['--import', TSX, '--expose-gc'];
  if (options.cpuProfDir) flags.push('--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...flags, script, JSON.stringify(task)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${task.task} child exited with ${code}`));
      try {
        resolve(JSON.parse(line) as T);
      } catch {
        reject(new Error(`${task.task} child printed no result: ${stdout.slice(0, 200)}`));
      }
    });
  });
}

// One run at 1M: a second run in the same process starts from pages V8 keeps after freeing the first
// run's findings, which raised the measured peak from 2.7 to 3.7 GiB.
const REPEATS: Record<ScaleName, number> = { small: 20, '10k': 15, '100k': 5, large: 5, huge: 1 };

/** The rules a result covers, as a table cell: "10 rules", their ids, or "all but …". */
function ruleText(result: EvaluateResult): string {
  const left = ruleRegistry.map((rule) => rule.meta.id).filter((id) => !result.ruleIds.includes(id));
  if (left.length === 0) return `${result.rules} rules`;
  return result.ruleIds.length <= left.length
    ? result.ruleIds.join(', ')
    : `${result.rules} rules (all but ${left.join(', ')})`;
}

/**
 * The rules that judge each workload's paths through the path engine (src/analysis/path), with the
 * workloads each judges (counted by bench/child.ts). Their cost is also shown per workload (issue 14)
 * and per path answer (bench/path-answers.ts).
 */
const PATH_ENGINE_RULES: ReadonlyMap<string, { count: (r: EvaluateResult) => number; what: string }> =
  new Map<PathEngineRuleId, { count: (r: EvaluateResult) => number; what: string }>([
    ['ssm-agent-endpoint-reachable', { count: (r) => r.runningInstances, what: 'running instances' }],
    ['ec2-instance-aws-service-reachable', { count: (r) => r.runningInstances, what: 'running instances' }],
    [
      'lambda-function-vpc-service-reachable',
      { count: (r) => r.vpcLambdaFunctions, what: 'Lambda functions in a VPC' },
    ],
    ['ecs-service-private-image-pull', { count: (r) => r.awsvpcEcsServices, what: 'awsvpc ECS services' }],
  ]);
/** The path rules' cost per workload may be at most this multiple of the SSM rule's (issue 14 item 5). */
const PATH_RULE_VS_SSM = 1.2;

interface PathWorkloads {
  count: number;
  what: string;
  /** Placement × service pairs the rule asked the engine for; 0 when the result has no count. */
  answers: number;
}

/** The workloads a single path-engine rule's run judged, or undefined for any other run. */
function pathWorkloads(result: EvaluateResult): PathWorkloads | undefined {
  const ruleId = result.ruleIds.length === 1 ? (result.ruleIds[0] ?? '') : '';
  const rule = PATH_ENGINE_RULES.get(ruleId);
  // Results written before a count existed have none: no per-workload (or per-answer) figure then.
  const count = rule?.count(result) ?? 0;
  const answers = (result.pathAnswers as Record<string, number> | undefined)?.[ruleId] ?? 0;
  return rule && count > 0 ? { count, what: rule.what, answers } : undefined;
}

function usPerWorkload(result: EvaluateResult, workloads: number): number {
  return (result.evaluateCpuMs * 1000) / workloads;
}

/** CPU time per path answer: the same division as per workload, by the answers instead. */
const usPerAnswer = usPerWorkload;

function evaluationRow(result: EvaluateResult, benchmark: string): Row {
  // The 1M target is for the whole rule pack; a subset's figures say where the time goes.
  const isHuge = result.resources >= 900_000 && result.rules === ruleRegistry.length;
  if (result.workers !== undefined) return workersRow(result, benchmark, isHuge);
  const perFinding =
    result.findings > 0
      ? ` (${usPerFinding(result.evaluateCpuMs, result.findings).toFixed(1)} µs per finding)`
      : '';
  const workloads = pathWorkloads(result);
  const perAnswer =
    workloads && workloads.answers > 0
      ? `; ${usPerAnswer(result, workloads.answers).toFixed(1)} µs per answer, ${fmtInt(workloads.answers)} path answers`
      : '';
  const perWorkload = workloads
    ? ` (${usPerWorkload(result, workloads.count).toFixed(1)} µs per workload, ${fmtInt(workloads.count)} ${workloads.what}${perAnswer})`
    : '';
  return {
    benchmark,
    input: `${fmtInt(result.resources)} resources, ${ruleText(result)} → ${fmtInt(result.findings)} findings`,
    result:
      `CPU ${fmtMs(result.evaluateCpuMs)}${perFinding}${perWorkload}, wall ${fmtMs(result.evaluateMs)} (median of ${result.repeats}), ` +
      `of which GC pauses ${fmtMs(result.evaluateGcMs)}; ` +
      `peak RSS ${fmtMiB(result.peakRssMiB)} (snapshot ${fmtMiB(result.rssBeforeMiB)})`,
    target: isHuge ? 'CPU < 10 s, RSS < 4 GB' : '—',
    // 4 GB = 4 × 10⁹ bytes; CPU time because wall time on a shared machine measures the neighbours.
    verdict: isHuge ? verdict(result.evaluateCpuMs < 10_000 && result.peakRssMiB * 1024 * 1024 < 4e9) : '—',
  };
}

/**
 * Evaluation through the worker pool (the CLI's `--workers N`). Issue 18 judges wall time here:
 * at 1M, at most 10 s on 2 cores; CPU is every thread's, copying to and from the workers included.
 */
function workersRow(result: EvaluateResult, benchmark: string, isHuge: boolean): Row {
  return {
    benchmark: `${benchmark}, --workers ${result.workers}`,
    input: `${fmtInt(result.resources)} resources, ${ruleText(result)} → ${fmtInt(result.findings)} findings`,
    result:
      `wall ${fmtMs(result.evaluateMs)} (median of ${result.repeats}), CPU ${fmtMs(result.evaluateCpuMs)} (every thread), ` +
      `main-thread GC pauses ${fmtMs(result.evaluateGcMs)}; peak RSS ${fmtMiB(result.peakRssMiB)} ` +
      `(snapshot ${fmtMiB(result.rssBeforeMiB)})`,
    target: isHuge ? `wall ≤ 10 s on ${cpus().length} cores` : '—',
    verdict: isHuge ? verdict(result.evaluateMs <= 10_000) : '—',
  };
}

/** This checkout's root: bench/ from the sources, dist/bench/ when built. */
const ROOT = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '..' : '../..', import.meta.url));

/** The baseline's short commit id (or its folder's name, outside git), to name the rows. */
function checkoutName(dir: string): string {
  const run = spawnSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  return run.status === 0 ? run.stdout.trim() : dir;
}

async function regressionBenchRows(options: Options, baseline: string, raw: unknown[]): Promise<Row[]> {
  for (const [what, root] of [
    ['this checkout', ROOT],
    ['--baseline', baseline],
  ] as const)
    await access(`${root}/dist/rules/index.js`).catch(() =>
      fail(`regression compares built trees: ${what} (${root}) has no dist/; run \`npm run build\` there`),
    );
  const rows: Row[] = [];
  for (const scale of options.sizes) {
    process.stderr.write(`bench: ${scale} evaluated by this tree and by ${baseline}, alternating…\n`);
    const result = await runChild<RegressionResult>(
      {
        task: 'regression',
        scale,
        seed: options.seed,
        // An even count, so each tree goes first as often as the other.
        repeats: REPEATS[scale] + (REPEATS[scale] % 2),
        current: ROOT,
        baseline,
        ...(options.rules ? { rules: options.rules } : {}),
        perRule: options.perRule,
      },
      options,
    );
    raw.push(result);
    rows.push(...regressionRows(result, checkoutName(baseline)));
  }
  return rows;
}

/** Growth from each size to the next larger one. */
function growthRows(results: readonly EvaluateResult[], benchmark: string): Row[] {
  const rows: Row[] = [];
  const sorted = [...results].sort((a, b) => a.resources - b.resources);
  for (let i = 1; i < sorted.length; i++) {
    const small = sorted[i - 1] as EvaluateResult;
    const big = sorted[i] as EvaluateResult;
    const resourceRatio = big.resources / small.resources;
    const timeRatio = big.evaluateCpuMs / small.evaluateCpuMs;
    const wallRatio = big.evaluateMs / small.evaluateMs;
    // Target: 10× the resources costs at most 12× the time, i.e. time grows ≤ 1.2 × resources.
    rows.push({
      benchmark,
      input: `${small.scale} → ${big.scale}`,
      result:
        `resources ×${resourceRatio.toFixed(1)}, CPU ×${timeRatio.toFixed(1)} (wall ×${wallRatio.toFixed(1)}), ` +
        `peak RSS ×${(big.peakRssMiB / small.peakRssMiB).toFixed(1)}`,
      target: `CPU ≤ ×${(resourceRatio * 1.2).toFixed(1)}`,
      verdict: verdict(timeRatio <= resourceRatio * 1.2),
    });
  }
  return rows;
}

/** Every size for one choice of rules, each in its own child. */
async function evaluateSizes(
  options: Options,
  rules: string[] | undefined,
  raw: unknown[],
): Promise<EvaluateResult[]> {
  const results: EvaluateResult[] = [];
  for (const scale of options.sizes)
    for (const workers of options.workers ?? [undefined]) {
      const how = workers === undefined ? '' : ` with --workers ${workers}`;
      process.stderr.write(
        `bench: evaluating ${scale}${rules?.length === 1 ? ` with ${rules[0]} alone` : ''}${how}…\n`,
      );
      const result = await runChild<EvaluateResult>(
        {
          task: 'evaluate',
          scale,
          seed: options.seed,
          repeats: REPEATS[scale],
          ...(rules ? { rules } : {}),
          ...(workers !== undefined && { workers }),
        },
        options,
        workers === undefined ? CHILD : await builtChild(),
      );
      raw.push(result);
      results.push(result);
    }
  return results;
}

/** What the rules evaluated one by one add up to at one size, and the engine's floor for that many findings. */
function perRuleSummaryRow(results: readonly EvaluateResult[]): Row {
  const first = results[0] as EvaluateResult;
  const summary = perRuleSummary(
    results.map((r) => ({ ruleId: r.ruleIds[0] ?? '?', findings: r.findings, cpuMs: r.evaluateCpuMs })),
  );
  const floor =
    summary.cheapest && summary.floorMs !== undefined
      ? `; cheapest per finding: ${summary.cheapest.ruleId} at ${summary.cheapest.usPerFinding.toFixed(1)} µs, ` +
        `so ${fmtInt(summary.findings)} findings cost at least ${fmtMs(summary.floorMs)} were every rule that cheap`
      : '';
  return {
    benchmark: 'rules one by one',
    input: `${fmtInt(first.resources)} resources, ${results.length} rules → ${fmtInt(summary.findings)} findings`,
    result: `CPU summed ${fmtMs(summary.cpuMs)}${floor}`,
    target: '—',
    verdict: '—',
  };
}

/**
 * Each path-engine rule's cost per workload (a running instance, a Lambda function, an ECS
 * service) against the SSM rule's per running instance, at one size: the issue 14 target. Then the
 * same per path answer (placement × service), for information: a function or service asks for
 * more answers than an instance asks the SSM rule, which the per-workload figure includes.
 */
function pathRuleRows(results: readonly EvaluateResult[]): Row[] {
  const ssm = results.find((r) => r.ruleIds[0] === 'ssm-agent-endpoint-reachable');
  const ssmWorkloads = ssm ? pathWorkloads(ssm) : undefined;
  if (!ssm || !ssmWorkloads) return [];
  const ssmUs = usPerWorkload(ssm, ssmWorkloads.count);
  const ssmPerAnswer = ssmWorkloads.answers > 0 ? usPerAnswer(ssm, ssmWorkloads.answers) : undefined;
  const rows: Row[] = [];
  for (const r of results) {
    const workloads = pathWorkloads(r);
    if (r === ssm || !workloads) continue;
    const us = usPerWorkload(r, workloads.count);
    const ratio = us / ssmUs;
    // Each finding of a path rule is one judged workload; rules skip some (no role, not running).
    const judged =
      r.findings > 0 && ssm.findings > 0
        ? usPerFinding(r.evaluateCpuMs, r.findings) / usPerFinding(ssm.evaluateCpuMs, ssm.findings)
        : undefined;
    rows.push({
      benchmark: 'path engine per workload',
      input: `${fmtInt(r.resources)} resources, ${fmtInt(workloads.count)} ${workloads.what}`,
      result:
        `${r.ruleIds[0]} ${us.toFixed(1)} µs per workload vs ssm-agent-endpoint-reachable ${ssmUs.toFixed(1)} µs per running instance: ×${ratio.toFixed(2)}` +
        (judged === undefined ? '' : `; per judged workload (finding) ×${judged.toFixed(2)}`),
      target: `≤ ×${PATH_RULE_VS_SSM}`,
      verdict: verdict(ratio <= PATH_RULE_VS_SSM),
    });
    if (ssmPerAnswer === undefined || workloads.answers === 0) continue;
    const perAnswer = usPerAnswer(r, workloads.answers);
    rows.push({
      benchmark: 'path engine per answer (informational)',
      input: `${fmtInt(r.resources)} resources, ${fmtInt(workloads.answers)} path answers (placement × service)`,
      result:
        `${r.ruleIds[0]} ${perAnswer.toFixed(1)} µs per answer vs ssm-agent-endpoint-reachable ${ssmPerAnswer.toFixed(1)} µs ` +
        `(${fmtInt(ssmWorkloads.answers)} answers): ×${(perAnswer / ssmPerAnswer).toFixed(2)}`,
      target: '—',
      verdict: '—',
    });
  }
  return rows;
}

async function evaluateRows(options: Options, raw: unknown[]): Promise<Row[]> {
  if (!options.perRule) {
    const results = await evaluateSizes(options, options.rules, raw);
    // Growth compares sizes on the same path: per thread count.
    const paths = [...new Set(results.map((result) => result.workers))];
    return [
      ...results.map((result) => evaluationRow(result, 'rule evaluation')),
      ...paths.flatMap((workers) =>
        growthRows(
          results.filter((result) => result.workers === workers),
          workers === undefined ? 'evaluation growth' : `evaluation growth, --workers ${workers}`,
        ),
      ),
    ];
  }
  const ruleIds = options.rules ?? ruleRegistry.map((rule) => rule.meta.id);
  const rows: Row[] = [];
  const bySize = new Map<ScaleName, EvaluateResult[]>();
  for (const ruleId of ruleIds) {
    const results = await evaluateSizes(options, [ruleId], raw);
    for (const result of results) bySize.set(result.scale, [...(bySize.get(result.scale) ?? []), result]);
    rows.push(
      ...results.map((result) => evaluationRow(result, 'one rule')),
      ...growthRows(results, `growth, ${ruleId}`),
    );
  }
  for (const results of bySize.values()) {
    rows.push(perRuleSummaryRow(results));
    rows.push(...pathRuleRows(results));
  }
  return rows;
}

/** Old-generation ballast the scavenge probe runs over: none, then 1 and 2 GiB of each layout. */
const SCAVENGE_PROBES: readonly { layout: BallastLayout; oldGenMiB: number }[] = [
  { layout: 'small-objects', oldGenMiB: 0 },
  { layout: 'small-objects', oldGenMiB: 1024 },
  { layout: 'small-objects', oldGenMiB: 2048 },
  { layout: 'large-arrays', oldGenMiB: 2048 },
];

async function scavengeRows(options: Options, raw: unknown[]): Promise<Row[]> {
  const rows: Row[] = [];
  for (const probe of SCAVENGE_PROBES) {
    process.stderr.write(`bench: scavenge probe over ${probe.oldGenMiB} MiB of ${probe.layout}…\n`);
    const result = await runChild<ScavengeProbeResult>({ task: 'scavenge', ...probe }, options);
    raw.push(result);
    rows.push({
      benchmark: 'V8 scavenge probe',
      input: `${fmtInt(result.allocated)} finding-like objects over ${fmtMiB(result.heapUsedMiB)} of ${result.layout}`,
      result:
        `${result.scavenges} scavenges, ${(result.scavengeMs / Math.max(1, result.scavenges)).toFixed(1)} ms each ` +
        `(${fmtMs(result.scavengeMs)} of ${fmtMs(result.workloadMs)})`,
      target: '—',
      verdict: '—',
    });
  }
  return rows;
}

async function reportRows(options: Options, raw: unknown[]): Promise<Row[]> {
  const formats = ['json', 'sarif'];
  const rows: Row[] = [];
  for (const findings of options.findings) {
    process.stderr.write(`bench: writing reports of ${findings} findings…\n`);
    const result = await runChild<ReportResult>(
      { task: 'report', findings, formats, seed: options.seed },
      options,
    );
    raw.push(result);
    for (const format of result.formats) {
      rows.push({
        benchmark: `${format.format.toUpperCase()} report`,
        input: `${fmtInt(result.findings)} findings (${fmtInt(result.notPassing)} fail/unknown)`,
        result:
          'refused' in format
            ? `refused, as designed: ${format.refused}`
            : `render ${fmtMs(format.renderMs)} + write ${fmtMs(format.writeMs)}, ${fmtBytes(format.bytes)}, peak RSS ${fmtMiB(format.peakRssMiB)}`,
        target: '—',
        verdict: '—',
      });
    }
  }
  return rows;
}

/** `reach --to <db>` on the large account: under 1 s once loaded (issue 15); load shown apart. */
const REACH_TARGET_MS = 1000;

async function reachRows(options: Options, raw: unknown[]): Promise<Row[]> {
  process.stderr.write('bench: reach --to <db> on the large account…\n');
  const result = await runChild<ReachBenchResult>({ task: 'reach', seed: options.seed, repeats: 5 }, options);
  raw.push(result);
  return [
    {
      benchmark: 'reach --to <db> --why-not',
      input: `large, ${result.region}: DB ${result.db}, ${fmtInt(result.workloads)} workloads, ${fmtInt(result.rows)} rows`,
      result: `query ${fmtMs(result.firstMs)} first, ${fmtMs(result.medianMs)} median; snapshot load ${fmtMs(result.loadMs)} (apart)`,
      target: `< ${fmtMs(REACH_TARGET_MS)} after load`,
      verdict: verdict(result.firstMs < REACH_TARGET_MS),
    },
  ];
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const raw: unknown[] = [];
  const rows: Row[] = [];
  const started = Date.now();
  const loadAtStart = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  if (options.only.includes('startup')) {
    process.stderr.write('bench: start-up of the built CLI…\n');
    const startup = await startupRows();
    raw.push({ startup: startup.raw });
    rows.push(...startup.rows);
  }
  if (options.only.includes('evaluate')) rows.push(...(await evaluateRows(options, raw)));
  if (options.only.includes('report')) rows.push(...(await reportRows(options, raw)));
  if (options.only.includes('html')) {
    process.stderr.write('bench: HTML report of the large account in Chromium…\n');
    const measured = await measureHtml(options.seed);
    raw.push({ task: 'html', ...measured });
    rows.push(...htmlRows(measured));
  }
  const runScan = (task: ChildTask): Promise<ScanResult> => runChild<ScanResult>(task, options);
  if (options.only.includes('scan')) rows.push(...(await scanRows(LARGE_SCAN, options, runScan, raw)));
  if (options.only.includes('scavenge')) rows.push(...(await scavengeRows(options, raw)));
  if (options.only.includes('scan-snapshot')) {
    const measured = await measureScanSnapshot(
      options.sizes.filter((scale) => scale !== '10k'),
      options.workers ?? [1, cpus().length],
      options.seed,
    );
    raw.push(...measured.map((result) => ({ task: 'scan-snapshot', ...result })));
    rows.push(...scanSnapshotRows(measured));
  }
  if (options.only.includes('reach')) rows.push(...(await reachRows(options, raw)));
  if (options.only.includes('live-small')) {
    process.stderr.write('bench: the demo account scanned by the built CLI on the fake endpoint…\n');
    const measured = await measureLiveSmall(options.seed);
    raw.push({ task: 'live-small', ...measured });
    rows.push(...liveSmallRows(measured));
  }
  if (options.only.includes('scan-10k'))
    for (const scan of SCAN_10K) rows.push(...(await scanRows(scan, options, runScan, raw)));
  if (options.only.includes('regression') && options.baseline !== undefined)
    rows.push(...(await regressionBenchRows(options, options.baseline, raw)));
  console.log(renderTable(rows));
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  console.log(
    `\n${((Date.now() - started) / 1000).toFixed(0)} s; seed ${options.seed}; node ${process.version}; ` +
      `${cpus().length} CPUs; load average at start ${loadAtStart}, at end ${load}`,
  );
  if (options.json) await writeFile(options.json, `${JSON.stringify(raw, null, 2)}\n`);
}

await main();
