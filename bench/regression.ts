// `npm run bench -- --only regression --baseline DIR`: this tree's evaluation against another
// checkout's (issue 20: "no evaluation regression over 10%"), on the very same snapshot.
//
// Comparing two separate `evaluate` rows misleads: the generator changes between commits (this
// round added Lambda functions and ECS services, and moved instances), so the two trees would judge
// different accounts. Here one child generates the snapshot with this tree's generator, loads both
// trees' built rule packs and engines (`<tree>/dist/...`; an older engine ignores the kinds it does
// not know), and evaluates the same snapshot with each in turn, alternating which goes first, so a
// neighbour's load falls on both alike. By default the rules compared are those both packs have
// (the new rules are new work, not a regression); `--rules` narrows them, `--per-rule` adds each
// rule alone.
import { performance } from 'node:perf_hooks';
import { countResources, generateSnapshot, warmUpScale, type ScaleName } from './generate.js';
import { collectGarbage } from './memory.js';
import { fmtInt, fmtMs, verdict, type Row } from './table.js';
import { median } from './stats.js';

/** At most this multiple of the baseline's CPU time (issue 20). */
export const REGRESSION_LIMIT = 1.1;

export interface RegressionTask {
  task: 'regression';
  scale: ScaleName;
  seed: number;
  repeats: number;
  /** This checkout's root and the baseline's, each built (`dist/`). */
  current: string;
  baseline: string;
  /** Rule ids; absent: every rule both packs have. */
  rules?: string[];
  /** Also each rule alone. */
  perRule: boolean;
}

export interface RegressionMeasure {
  /** The rules of this measurement (one for a per-rule one). */
  ruleIds: string[];
  findings: { current: number; baseline: number };
  /** Medians of the runs, CPU (user + system, GC helpers included) and wall. */
  cpuMs: { current: number; baseline: number };
  wallMs: { current: number; baseline: number };
  runs: number;
}

export interface RegressionResult {
  task: 'regression';
  scale: ScaleName;
  resources: number;
  /** Rules only one pack has, left out of the comparison. */
  onlyCurrent: string[];
  onlyBaseline: string[];
  pack: RegressionMeasure;
  perRule: RegressionMeasure[];
}

interface Engine {
  ruleIds: string[];
  evaluate(snapshot: unknown, ruleIds: readonly string[]): number;
}

/** A tree's built rule pack and engine, through the functions both old and new trees export. */
async function loadEngine(root: string): Promise<Engine> {
  type Rule = { meta: { id: string } };
  const { ruleRegistry } = (await import(`${root}/dist/rules/index.js`)) as { ruleRegistry: Rule[] };
  const { evaluateSnapshot } = (await import(`${root}/dist/src/engine/scan.js`)) as {
    evaluateSnapshot: (snapshot: unknown, rules: Rule[], source: unknown) => { findings: unknown[] };
  };
  const { selectRules } = (await import(`${root}/dist/src/engine/select-rules.js`)) as {
    selectRules: (registry: Rule[], ids: readonly string[]) => Rule[];
  };
  return {
    ruleIds: ruleRegistry.map((rule) => rule.meta.id),
    evaluate: (snapshot, ids) =>
      evaluateSnapshot(snapshot, selectRules(ruleRegistry, ids), { kind: 'snapshot', file: 'bench' }).findings
        .length,
  };
}

function timed(run: () => number): { findings: number; cpuMs: number; wallMs: number } {
  collectGarbage(); // each run starts from the same heap, not the other tree's garbage
  const cpu = process.cpuUsage();
  const start = performance.now();
  const findings = run();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { findings, cpuMs: (used.user + used.system) / 1000, wallMs };
}

function compare(
  current: Engine,
  baseline: Engine,
  snapshot: unknown,
  ruleIds: string[],
  repeats: number,
): RegressionMeasure {
  const runs = { current: [] as ReturnType<typeof timed>[], baseline: [] as ReturnType<typeof timed>[] };
  for (let i = 0; i < repeats; i++) {
    // Alternate which tree goes first, so neither always runs on the other's leftovers.
    const order = i % 2 === 0 ? (['current', 'baseline'] as const) : (['baseline', 'current'] as const);
    for (const side of order) {
      const engine = side === 'current' ? current : baseline;
      runs[side].push(timed(() => engine.evaluate(snapshot, ruleIds)));
    }
  }
  const pick = (side: 'current' | 'baseline', key: 'cpuMs' | 'wallMs') =>
    median(runs[side].map((r) => r[key]));
  return {
    ruleIds,
    findings: { current: runs.current[0]?.findings ?? 0, baseline: runs.baseline[0]?.findings ?? 0 },
    cpuMs: { current: pick('current', 'cpuMs'), baseline: pick('baseline', 'cpuMs') },
    wallMs: { current: pick('current', 'wallMs'), baseline: pick('baseline', 'wallMs') },
    runs: repeats,
  };
}

export async function regressionTask(task: RegressionTask): Promise<RegressionResult> {
  const current = await loadEngine(task.current);
  const baseline = await loadEngine(task.baseline);
  const shared = current.ruleIds.filter((id) => baseline.ruleIds.includes(id));
  const ruleIds = task.rules ? task.rules.filter((id) => shared.includes(id)) : shared;
  if (ruleIds.length === 0) throw new Error('no rule to compare: neither pack has the rules asked for');
  const snapshot = generateSnapshot(task.scale, task.seed);
  // Warm both trees' code on another account first, so the first timed runs are not compilation.
  const warm = generateSnapshot(warmUpScale(task.scale), task.seed + 1);
  current.evaluate(warm, ruleIds);
  baseline.evaluate(warm, ruleIds);
  return {
    task: 'regression',
    scale: task.scale,
    resources: countResources(snapshot),
    onlyCurrent: current.ruleIds.filter((id) => !baseline.ruleIds.includes(id)),
    onlyBaseline: baseline.ruleIds.filter((id) => !current.ruleIds.includes(id)),
    pack: compare(current, baseline, snapshot, ruleIds, task.repeats),
    perRule: task.perRule
      ? ruleIds.map((id) => compare(current, baseline, snapshot, [id], task.repeats))
      : [],
  };
}

function measureRow(measure: RegressionMeasure, what: string, input: string): Row {
  const ratio = measure.cpuMs.current / measure.cpuMs.baseline;
  const sameFindings =
    measure.findings.current === measure.findings.baseline
      ? `${fmtInt(measure.findings.current)} findings both`
      : `${fmtInt(measure.findings.current)} findings now, ${fmtInt(measure.findings.baseline)} then`;
  return {
    benchmark: what,
    input,
    result:
      `CPU ${fmtMs(measure.cpuMs.current)} now vs ${fmtMs(measure.cpuMs.baseline)}: ×${ratio.toFixed(3)} ` +
      `(wall ${fmtMs(measure.wallMs.current)} vs ${fmtMs(measure.wallMs.baseline)}; medians of ${measure.runs}, alternating; ${sameFindings})`,
    target: `≤ ×${REGRESSION_LIMIT.toFixed(2)}`,
    verdict: verdict(ratio <= REGRESSION_LIMIT),
  };
}

export function regressionRows(result: RegressionResult, baselineName: string): Row[] {
  const input = `${result.scale}: ${fmtInt(result.resources)} resources, the same snapshot`;
  const rows = [
    measureRow(
      result.pack,
      `regression vs ${baselineName}: ${result.pack.ruleIds.length} rules both packs have`,
      input,
    ),
    ...result.perRule.map((measure) =>
      measureRow(measure, `regression vs ${baselineName}: ${measure.ruleIds[0] ?? ''}`, input),
    ),
  ];
  if (result.onlyCurrent.length > 0)
    rows.push({
      benchmark: `regression vs ${baselineName}`,
      input,
      result: `not compared (new since): ${result.onlyCurrent.join(', ')}`,
      target: '—',
      verdict: '—',
    });
  return rows;
}
