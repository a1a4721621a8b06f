// The messages between the evaluation pool (pool.ts) and its worker threads (evaluate-worker.ts).
// Everything crosses by structured clone, so a message holds data only: snapshot slices going out,
// findings coming back.
import type { AccountSnapshot, RegionSnapshot } from '../../snapshot/types.js';
import type { RuleError } from '../types.js';
import type { StreamedFinding } from './rendered-pass.js';

/** What every worker starts with (`workerData`). */
export interface WorkerSetup {
  /** The rules to run, by id, in the order their results are reported; each worker imports the registry. */
  ruleIds: readonly string[];
  /** What a custom entry's pass renderer needs (unit-server.ts `serveUnits`); opaque to the engine. */
  render?: unknown;
}

/** An account as a worker receives it: without its regions, which come one unit at a time. */
export interface AccountSlice {
  data: AccountSnapshot;
  /** `Snapshot.collectedAt` of the account's snapshot: the instant age-based rules measure from. */
  collectedAt: string;
}

/**
 * One scope to evaluate: an account's global rules (`region` absent) or its regional rules over
 * one region. `account` is the account without its regions (its IAM data and collection errors,
 * which regional rules read too); it is sent with the first unit of that account a worker gets,
 * and the worker keeps it until `forget`.
 */
export interface UnitMessage {
  type: 'unit';
  unitId: number;
  /** A key unique within the pool (accounts of successive evaluations never collide). */
  accountKey: number;
  account?: AccountSlice;
  region?: RegionSnapshot;
}

/** Every unit of the account has been handed out: the worker may drop its copy. */
export interface ForgetMessage {
  type: 'forget';
  accountKey: number;
}

export type ToWorker = UnitMessage | ForgetMessage;

/** Rule i's results in one scope: its findings (passes rendered, when the entry renders) and errors. */
export interface UnitOutcome {
  findings: StreamedFinding[];
  errors: RuleError[];
  /** With rendered passes: each format's text of them, in order (rendered-pass.ts `ends` index it). */
  rendered?: Uint8Array[];
}

/** A unit's results: `outcomes[i]` is rule i's findings and errors in this scope. */
export interface UnitDone {
  type: 'done';
  unitId: number;
  outcomes: UnitOutcome[];
  /** (rule, scope) units evaluated, for the progress display. */
  evaluated: number;
}

/** Something outside any rule failed (a rule that throws is an `unknown`, never this). */
export interface UnitFailed {
  type: 'failed';
  unitId: number;
  message: string;
}

export type FromWorker = UnitDone | UnitFailed;
