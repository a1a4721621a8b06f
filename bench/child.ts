// One benchmark measurement, run in its own Node process by bench/run.ts so sizes never share a
// heap or a high-water mark. Argument: one JSON task; output: one JSON line on stdout.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ruleRegistry } from '../rules/index.js';
import {
  evaluateSnapshot,
  evaluateSnapshotInWorkers,
  type ScanResult as EngineResult,
} from '../src/engine/scan.js';
import { fullScope } from '../src/engine/scan-scope.js';
import { selectRules } from '../src/engine/select-rules.js';
import { summarise } from '../src/engine/summary.js';
import type { Finding } from '../src/engine/types.js';
import { collectSnapshot } from '../src/collect/index.js';
import { kindsRequiredBy } from '../src/snapshot/required-kinds.js';
import { fileRenderers, writeReports } from '../src/report/write-reports.js';
import { writeFileAtomic, type FileContent } from '../src/util/atomic-file.js';
import { UserError } from '../src/util/errors.js';
import {
  COLLECTED_AT,
  REGION_ARRAY_KEYS,
  countResources,
  generateSnapshot,
  scalePlan,
  warmUpScale,
  type ScaleName,
} from './generate.js';
import { gcPauses } from './gc-pauses.js';
import { countPathAnswers } from './path-answers.js';
import { collectGarbage, phasePeakMiB, processPeakMiB, rssMiB, startPhase } from './memory.js';
import { reachTask } from './reach.js';
import { regressionTask } from './regression.js';
import { scavengeProbe } from './scavenge-probe.js';
import type { ChildTask, EvaluateResult, ReportResult, ScanResult, ScanTask } from './tasks.js';
import { median } from './stats.js';

const SOURCE = { kind: 'snapshot', file: 'bench' } as const;

async function evaluateTask(
  scale: ScaleName,
  seed: number,
  repeats: number,
  ruleIds: readonly string[] | undefined,
  workers: number | undefined,
): Promise<EvaluateResult> {
  const rules = selectRules(ruleRegistry, ruleIds);
  const generateStart = performance.now();
  const snapshot = generateSnapshot(scale, seed);
  const generateMs = performance.now() - generateStart;
  const resources = countResources(snapshot);
  let runningInstances = 0;
  let vpcLambdaFunctions = 0;
  let awsvpcEcsServices = 0;
  for (const account of snapshot.accounts)
    for (const region of account.regions) {
      for (const instance of region.instances) if (instance.state === 'running') runningInstances++;
      for (const fn of region.lambdaFunctions) if (fn.vpcConfig) vpcLambdaFunctions++;
      for (const service of region.ecsServices)
        if (service.awsvpc && service.status !== 'INACTIVE') awsvpcEcsServices++;
    }
  // Warm the JIT on another account first so the first timed run is not mostly compilation.
  evaluateSnapshot(generateSnapshot(warmUpScale(scale), seed + 1), ruleRegistry, SOURCE);
  const phaseReset = startPhase();
  const rssBeforeMiB = rssMiB();
  const times: number[] = [];
  const cpuTimes: number[] = [];
  const gcTimes: number[] = [];
  const gc = gcPauses();
  let findings = 0;
  let byStatus = { pass: 0, fail: 0, unknown: 0 };
  for (let i = 0; i < repeats; i++) {
    collectGarbage(); // each run starts from the same heap, not the previous run's garbage
    await gc.take();
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    // With `workers`, the CLI's path (threads started and ended inside the timed run, as a scan
    // pays them); CPU time and peak RSS are the process's, every thread included.
    const result =
      workers === undefined
        ? evaluateSnapshot(snapshot, rules, SOURCE)
        : await evaluateSnapshotInWorkers(
            snapshot,
            rules,
            SOURCE,
            new Date(),
            fullScope(rules),
            undefined,
            workers,
          );
    times.push(performance.now() - start);
    const cpu = process.cpuUsage(cpuStart);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
    gcTimes.push((await gc.take()).ms);
    findings = result.findings.length;
    byStatus = result.summary.byStatus;
  }
  const peakRssMiB = phasePeakMiB();
  const childPeakMiB = processPeakMiB();
  // After the timed runs and their peaks: counting resolves every role's needs, which the rules
  // memoise per role, so counting first would have warmed the first timed run.
  const pathAnswers = countPathAnswers(snapshot);
  return {
    task: 'evaluate',
    scale,
    resources,
    rules: rules.length,
    ruleIds: rules.map((rule) => rule.meta.id),
    ...(workers !== undefined && { workers }),
    findings,
    runningInstances,
    vpcLambdaFunctions,
    awsvpcEcsServices,
    pathAnswers,
    byStatus,
    repeats,
    generateMs,
    evaluateMs: median(times),
    evaluateMsAll: times,
    evaluateCpuMs: median(cpuTimes),
    evaluateCpuMsAll: cpuTimes,
    evaluateGcMs: median(gcTimes),
    rssBeforeMiB,
    peakRssMiB,
    phaseReset,
    processPeakMiB: childPeakMiB,
  };
}

/**
 * Evenly spaced picks of `count` findings, failing and unknown ones first (they are what SARIF
 * carries), so both formats hold the same `count` results with the real mix of rules.
 */
function pickFindings(all: readonly Finding[], count: number): Finding[] {
  const notPassing = all.filter((f) => f.status !== 'pass');
  const passing = all.filter((f) => f.status === 'pass');
  const spaced = (items: readonly Finding[], n: number): Finding[] => {
    if (n >= items.length) return [...items];
    const step = items.length / n;
    return Array.from({ length: n }, (_, i) => items[Math.floor(i * step)] as Finding);
  };
  const chosen = spaced(notPassing, count);
  return chosen.length >= count ? chosen : [...chosen, ...spaced(passing, count - chosen.length)];
}

/** A JSON report renders lazily, piece by piece: take all the pieces, so rendering is timed apart from writing. */
function materialise(content: FileContent): string | Uint8Array | string[] {
  if (typeof content === 'string' || content instanceof Uint8Array) return content;
  if (!(Symbol.iterator in content)) throw new Error('a streamed report cannot be materialised here');
  return [...content];
}

async function reportTask(
  findingsWanted: number,
  formats: readonly string[],
  seed: number,
): Promise<ReportResult> {
  // `large` accounts until there are enough findings to choose from.
  let accounts = 1;
  let result: EngineResult;
  for (;;) {
    const snapshot = generateSnapshot({ ...scalePlan('large'), accounts }, seed);
    result = evaluateSnapshot(snapshot, ruleRegistry, SOURCE);
    if (result.findings.filter((f) => f.status !== 'pass').length >= findingsWanted || accounts >= 4) break;
    accounts += 1;
  }
  const findings = pickFindings(result.findings, findingsWanted);
  const subset: EngineResult = {
    ...result,
    findings,
    summary: summarise(
      findings,
      result.rules.map((r) => r.meta.id),
    ),
  };
  const dir = await mkdtemp(join(tmpdir(), 'aws-audit-bench-'));
  const out: ReportResult = {
    task: 'report',
    findings: findings.length,
    notPassing: findings.filter((f) => f.status !== 'pass').length,
    formats: [],
  };
  try {
    for (const format of formats) {
      const render = fileRenderers[format];
      if (!render) continue;
      try {
        materialise(render(subset).content); // warm-up, untimed
      } catch (error) {
        // SARIF refuses what GitHub would reject (over 10 MiB gzipped): that is the writer working.
        if (!(error instanceof UserError)) throw error;
        out.formats.push({ format, refused: error.message });
        continue;
      }
      startPhase();
      const renderStart = performance.now();
      const rendered = render(subset);
      const content = materialise(rendered.content);
      const renderMs = performance.now() - renderStart;
      const path = join(dir, `report.${rendered.extension}`);
      const writeStart = performance.now();
      await writeFileAtomic(path, content);
      const writeMs = performance.now() - writeStart;
      out.formats.push({
        format,
        renderMs,
        writeMs,
        bytes: (await stat(path)).size,
        peakRssMiB: phasePeakMiB(),
      });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return out;
}

/** A live scan as `aws-audit scan` runs it: collect every kind the rules need, evaluate, write. */
async function scanTask({ url, retryMode, skipUserData }: ScanTask): Promise<ScanResult> {
  // As the CLI does (src/cli/program.ts, before any command runs): the SDK's Node 22 notice is not a benchmark figure.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  startPhase();
  const cpuAt = (): number => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  const startCpu = cpuAt();
  const start = performance.now();
  const snapshot = await collectSnapshot({
    kinds: kindsRequiredBy(ruleRegistry),
    credentials: { accessKeyId: 'AKIAFAKEBENCH0000000', secretAccessKey: 'fake' },
    endpoint: url,
    now: new Date(COLLECTED_AT),
    ...(retryMode ? { retryMode } : {}),
    ...(skipUserData ? { skipUserData } : {}),
  });
  const collected = performance.now();
  const collectedCpu = cpuAt();
  const result = evaluateSnapshot(snapshot, ruleRegistry, { kind: 'live' });
  const evaluated = performance.now();
  const evaluatedCpu = cpuAt();
  const dir = await mkdtemp(join(tmpdir(), 'aws-audit-bench-'));
  try {
    await writeReports(result, ['json', 'sarif'], dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const done = performance.now();
  const kinds: Record<string, number> = {};
  for (const account of snapshot.accounts) {
    const g = account.global;
    Object.assign(kinds, {
      users: g.users.length,
      roles: g.roles.length,
      instanceProfiles: g.instanceProfiles.length,
      policies: g.policies.length,
    });
    for (const region of account.regions)
      for (const key of REGION_ARRAY_KEYS) kinds[key] = (kinds[key] ?? 0) + region[key].length;
  }
  const errors: Record<string, number> = {};
  for (const account of snapshot.accounts)
    for (const error of account.errors) errors[error.category] = (errors[error.category] ?? 0) + 1;
  return {
    task: 'scan',
    collectMs: collected - start,
    evaluateMs: evaluated - collected,
    reportMs: done - evaluated,
    totalMs: done - start,
    collectCpuMs: collectedCpu - startCpu,
    evaluateCpuMs: evaluatedCpu - collectedCpu,
    totalCpuMs: cpuAt() - startCpu,
    regions: snapshot.accounts.reduce((n, a) => n + a.regions.length, 0),
    resources: countResources(snapshot),
    kinds,
    findings: result.findings.length,
    errors,
    complete: result.coverage.complete,
    peakRssMiB: phasePeakMiB(),
    processPeakMiB: processPeakMiB(),
  };
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2] ?? '{}') as ChildTask;
  const result =
    task.task === 'evaluate'
      ? await evaluateTask(task.scale, task.seed, task.repeats, task.rules, task.workers)
      : task.task === 'report'
        ? await reportTask(task.findings, task.formats, task.seed)
        : task.task === 'scavenge'
          ? await scavengeProbe(task.layout, task.oldGenMiB)
          : task.task === 'reach'
            ? await reachTask(task)
            : task.task === 'regression'
              ? await regressionTask(task)
              : await scanTask(task);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
