// Evaluation in worker threads: the snapshot's scopes (each account's global rules, each readable
// region) are handed out one at a time to a pool of workers (evaluate-worker.ts), which run the
// same code as the in-thread path and send their findings back; the pool reassembles them in the
// report's rule-major order, so the result is the in-thread `evaluateRules` result, finding for
// finding, in the same order.
//
// What crosses the thread boundary, and why (BENCHMARKS.md "Worker threads"): a worker receives
// only its slice — an account's global data once, then one region per unit — never the whole
// snapshot, and nothing re-reads the snapshot file. Structured clone keeps shared objects shared
// within one message, so a unit's findings come back with one resource reference per resource and
// one evidence object per shared explanation, as the in-thread path builds them.
import { Worker } from 'node:worker_threads';
import { ruleRegistry } from '../../../rules/index.js';
import type { AccountSnapshot, RegionSnapshot } from '../../snapshot/types.js';
import type { SnapshotView } from '../../snapshot/view.js';
import {
  evaluateRules,
  isGlobalRule,
  isReadableRegion,
  plannedUnits,
  ruleMajor,
  type Evaluation,
  type EvaluationProgress,
  type Outcome,
} from '../run.js';
import type { Rule } from '../types.js';
import type {
  AccountSlice,
  FromWorker,
  ToWorker,
  UnitMessage,
  UnitOutcome,
  WorkerSetup,
} from './protocol.js';

/** Units handed to one worker before it answers: one running, one waiting, so it never idles. */
const IN_FLIGHT_PER_WORKER = 2;

/** Units per worker a stream (`streamUnits`) has out at once, running or done and not yet delivered. */
const STREAM_AHEAD_PER_WORKER = 4;

/** Whether the worker threads can run these rules: they import the registry and find rules by id. */
export function registryRules(rules: readonly Rule[]): boolean {
  const byId = new Map(ruleRegistry.map((rule) => [rule.meta.id, rule]));
  return rules.every((rule) => byId.get(rule.meta.id) === rule);
}

/** How a worker thread is started: a module file, or (run from the sources) a loader script. */
export interface WorkerEntry {
  entry: string | URL;
  eval: boolean;
}

/**
 * The worker script `name` beside the module at `callerUrl` (its `import.meta.url`): `.js` in
 * `dist/`. Run from the sources (tsx, Jest), the worker is `.ts` and must register tsx's loader
 * itself: Node 20 does not apply a parent's `--import` loader hooks to a worker's entry module.
 */
export function workerEntryBeside(callerUrl: string, name: string): WorkerEntry {
  if (!callerUrl.endsWith('.ts')) return { entry: new URL(`./${name}.js`, callerUrl), eval: false };
  const script = JSON.stringify(new URL(`./${name}.ts`, callerUrl).href);
  return {
    entry: `import('tsx/esm/api').then(({ register }) => { register(); return import(${script}); });`,
    eval: true,
  };
}

/** A custom worker (unit-server.ts `serveUnits` with a renderer) and what its renderer needs. */
export interface PoolOptions {
  worker?: WorkerEntry;
  render?: unknown;
}

/** One scope handed to the pool, with its account's data for a worker that does not hold it yet. */
interface Scope {
  key: number;
  slice: AccountSlice;
  region: RegionSnapshot | undefined;
  lastUnit: boolean;
}

interface Task {
  message: UnitMessage;
  /** The account data, attached when the chosen worker does not hold the account yet. */
  account: { key: number; slice: AccountSlice; lastUnit: boolean };
  resolve(done: UnitResult): void;
  reject(error: Error): void;
}

interface UnitResult {
  outcomes: UnitOutcome[];
  evaluated: number;
}

interface PoolWorker {
  thread: Worker;
  inFlight: Map<number, Task>;
  /** Account keys this worker holds. */
  accounts: Set<number>;
}

/**
 * A pool of evaluation workers for one rule selection. Several evaluations may run at once (the
 * organisation fan-out evaluates accounts concurrently); `close()` ends the threads.
 */
export class EvaluationPool {
  readonly size: number;
  private readonly workers: PoolWorker[];
  private readonly queue: Task[] = [];
  private nextUnitId = 0;
  private nextAccountKey = 0;
  private broken: Error | undefined;
  /** Set by `close()`, so the workers' exits it causes are not taken for crashes. */
  private closing = false;

  /** Whether the workers send passes back rendered (a custom entry): `streamUnits` only. */
  private readonly renders: boolean;

  constructor(
    private readonly rules: readonly Rule[],
    size: number,
    options: PoolOptions = {},
  ) {
    if (!registryRules(rules)) throw new Error('worker threads run registry rules only');
    this.size = size;
    this.renders = options.worker !== undefined;
    const { entry, eval: evalEntry } =
      options.worker ?? workerEntryBeside(import.meta.url, 'evaluate-worker');
    const workerData: WorkerSetup = {
      ruleIds: rules.map((rule) => rule.meta.id),
      ...(options.render !== undefined && { render: options.render }),
    };
    this.workers = Array.from({ length: size }, () => {
      const worker: PoolWorker = {
        thread: new Worker(entry, { workerData, eval: evalEntry }),
        inFlight: new Map(),
        accounts: new Set(),
      };
      worker.thread.on('message', (reply: FromWorker) => this.settle(worker, reply));
      worker.thread.on('error', (error) => this.fail(error));
      worker.thread.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`an evaluation worker exited early (code ${code})`));
      });
      return worker;
    });
  }

  /** Evaluates every scope of `view` in the pool: the same result as `evaluateRules(view, rules)`. */
  async evaluate(view: SnapshotView, progress?: EvaluationProgress): Promise<Evaluation> {
    if (this.renders) throw new Error('internal error: a rendering pool streams its units (streamUnits)');
    const { rules } = this;
    progress?.planned(plannedUnits(view, rules));
    const perAccount = this.scopesOf(view).map((scopes) =>
      Promise.all(
        scopes.map((scope) =>
          this.submit(scope).then((done) => {
            for (let i = 0; i < done.evaluated; i++) progress?.evaluated();
            // The engine's own worker sends findings whole (unit-server.ts without a renderer).
            return done.outcomes as Outcome[];
          }),
        ),
      ),
    );
    const units = await Promise.all(perAccount);
    // byRuleAndAccount[rule][account]: the account's scopes joined in order, as run.ts keeps them.
    const byRuleAndAccount: Outcome[][] = rules.map((_, ruleIndex) =>
      units.map((scopes) => ({
        findings: scopes.flatMap((outcomes) => outcomes[ruleIndex]!.findings),
        errors: scopes.flatMap((outcomes) => outcomes[ruleIndex]!.errors),
      })),
    );
    return ruleMajor(byRuleAndAccount);
  }

  /**
   * Evaluates every scope of `view` and hands each unit's outcomes to `deliver` in the in-thread
   * order (account → its global rules, then each readable region), as engine/stream-scan.ts
   * drains them. At most `STREAM_AHEAD_PER_WORKER` units per worker are out or waiting for an
   * earlier one, so a slow region holds back little.
   */
  async streamUnits(
    view: SnapshotView,
    deliver: (outcomes: UnitOutcome[]) => void,
    progress?: EvaluationProgress,
  ): Promise<void> {
    progress?.planned(plannedUnits(view, this.rules));
    const scopes = this.scopesOf(view).flat();
    const results: (Promise<UnitResult> | undefined)[] = [];
    const submitNext = (): void => {
      if (results.length >= scopes.length) return;
      const result = this.submit(scopes[results.length]!);
      // Awaited in order below; one failure must not surface as an unhandled rejection of another.
      result.catch(() => undefined);
      results.push(result);
    };
    for (let i = 0; i < this.size * STREAM_AHEAD_PER_WORKER; i++) submitNext();
    for (let index = 0; index < scopes.length; index++) {
      const done = await results[index]!;
      results[index] = undefined;
      for (let i = 0; i < done.evaluated; i++) progress?.evaluated();
      deliver(done.outcomes);
      submitNext();
    }
  }

  /** Per account, its units in evaluation order: its global rules, then each readable region. */
  private scopesOf(view: SnapshotView): Scope[][] {
    const { rules } = this;
    const collectedAt = view.snapshot.collectedAt;
    const hasGlobal = rules.some(isGlobalRule);
    const hasRegional = rules.some((rule) => !isGlobalRule(rule));
    return view.accounts.map((account) => {
      const regions = hasRegional ? account.data.regions.filter(isReadableRegion) : [];
      const regionsOrGlobal: (RegionSnapshot | undefined)[] = [...(hasGlobal ? [undefined] : []), ...regions];
      const slice = { data: withoutRegions(account.data), collectedAt };
      const key = this.nextAccountKey++;
      return regionsOrGlobal.map((region, index) => ({
        key,
        slice,
        region,
        lastUnit: index === regionsOrGlobal.length - 1,
      }));
    });
  }

  /** Ends the worker threads. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((worker) => worker.thread.terminate()));
  }

  private submit({ key, slice, region, lastUnit }: Scope): Promise<UnitResult> {
    return new Promise((resolve, reject) => {
      if (this.broken) return reject(this.broken);
      const message: UnitMessage = {
        type: 'unit',
        unitId: this.nextUnitId++,
        accountKey: key,
        ...(region && { region }),
      };
      this.queue.push({ message, account: { key, slice, lastUnit }, resolve, reject });
      this.dispatch();
    });
  }

  /** Hands queued units, in order, to the least busy workers with room. */
  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.workers.reduce((best, candidate) =>
        candidate.inFlight.size < best.inFlight.size ? candidate : best,
      );
      if (worker.inFlight.size >= IN_FLIGHT_PER_WORKER) return;
      const task = this.queue.shift()!;
      const { key, slice, lastUnit } = task.account;
      const message: ToWorker = worker.accounts.has(key) ? task.message : { ...task.message, account: slice };
      worker.accounts.add(key);
      worker.inFlight.set(task.message.unitId, task);
      worker.thread.postMessage(message);
      // Messages arrive in order, so each holder drops the account after its last unit.
      if (lastUnit)
        for (const holder of this.workers)
          if (holder.accounts.delete(key)) holder.thread.postMessage({ type: 'forget', accountKey: key });
    }
  }

  private settle(worker: PoolWorker, reply: FromWorker): void {
    const task = worker.inFlight.get(reply.unitId);
    if (!task) return;
    worker.inFlight.delete(reply.unitId);
    if (reply.type === 'done') task.resolve({ outcomes: reply.outcomes, evaluated: reply.evaluated });
    else task.reject(new Error(`evaluation worker: ${reply.message}`));
    this.dispatch();
  }

  /** A worker died: everything waiting fails with the cause, and so does every later evaluation. */
  private fail(error: Error): void {
    this.broken ??= error;
    for (const worker of this.workers) {
      for (const task of worker.inFlight.values()) task.reject(error);
      worker.inFlight.clear();
    }
    for (const task of this.queue.splice(0)) task.reject(error);
  }
}

/** The account as workers receive it: its regions travel one unit at a time. */
function withoutRegions(account: AccountSnapshot): AccountSnapshot {
  return { ...account, regions: [] };
}

/** The threads an evaluation of `view` would use when asked for `workers`. */
export function resolveWorkerCount(view: SnapshotView, rules: readonly Rule[], workers: number): number {
  const size = Math.min(workers, countScopes(view, rules));
  return size > 1 && registryRules(rules) ? size : 1;
}

/**
 * Evaluates in worker threads, or in this thread when `workers` resolves to 1 (asked for, rules
 * not all the registry's, or one scope to judge). The same result as `evaluateRules` either way,
 * finding for finding.
 */
export async function evaluateRulesInWorkers(
  view: SnapshotView,
  rules: readonly Rule[],
  workers: number,
  progress?: EvaluationProgress,
): Promise<Evaluation> {
  const size = resolveWorkerCount(view, rules, workers);
  if (size === 1) return evaluateRules(view, rules, progress);
  const pool = new EvaluationPool(rules, size);
  try {
    return await pool.evaluate(view, progress);
  } finally {
    await pool.close();
  }
}

/** The units a pool would hand out for `view`. */
export function countScopes(view: SnapshotView, rules: readonly Rule[]): number {
  const hasGlobal = rules.some(isGlobalRule) ? 1 : 0;
  const hasRegional = rules.some((rule) => !isGlobalRule(rule));
  let scopes = 0;
  for (const account of view.accounts)
    scopes += hasGlobal + (hasRegional ? account.data.regions.filter(isReadableRegion).length : 0);
  return scopes;
}
