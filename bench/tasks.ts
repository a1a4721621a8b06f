// The messages between bench/run.ts and its measurement children.
import type { ScaleName } from './generate.js';
import type { BallastLayout } from './scavenge-probe.js';
import type { PathEngineRuleId } from './path-answers.js';

import type { RegressionTask } from './regression.js';

export interface EvaluateTask {
  task: 'evaluate';
  scale: ScaleName;
  seed: number;
  /** Timed evaluations; the median is reported. */
  repeats: number;
  /** Rule ids to evaluate (registry order); absent: the whole rule pack. */
  rules?: string[];
  /** Evaluate through the worker pool with this many threads (`--workers`); absent: `evaluateSnapshot` in the main thread. */
  workers?: number;
}

/** bench/scavenge-probe.ts: scavenge cost over `oldGenMiB` of ballast in `layout`. */
export interface ScavengeTask {
  task: 'scavenge';
  layout: BallastLayout;
  oldGenMiB: number;
}

export interface ReportTask {
  task: 'report';
  findings: number;
  formats: string[];
  seed: number;
}

export interface ScanTask {
  task: 'scan';
  /** The fake endpoint serving the account. */
  url: string;
  /** Overrides the collector's default retry mode (adaptive) for comparisons. */
  retryMode?: 'standard' | 'adaptive';
  /** `--skip-user-data`: no DescribeInstanceAttribute calls. */
  skipUserData?: boolean;
}

/** bench/reach.ts: `reach --to <db> --why-not` on the large account. */
export interface ReachTask {
  task: 'reach';
  seed: number;
  repeats: number;
}

export interface ReachBenchResult {
  task: 'reach';
  db: string;
  region: string;
  /** Running instances, Lambda functions and ECS services of the DB's region (the sources). */
  workloads: number;
  rows: number;
  /** Reading and validating the snapshot file, as the CLI does. */
  loadMs: number;
  firstMs: number;
  medianMs: number;
}

export type ChildTask = EvaluateTask | ReportTask | ScanTask | ScavengeTask | ReachTask | RegressionTask;

export interface EvaluateResult {
  task: 'evaluate';
  scale: ScaleName;
  resources: number;
  rules: number;
  ruleIds: string[];
  /** The task's `workers`, when it set one. */
  workers?: number;
  findings: number;
  /** Running EC2 instances: the workloads the path-engine rules judge (bench/run.ts PATH_ENGINE_RULES). */
  runningInstances: number;
  /** Lambda functions attached to a VPC: the workloads lambda-function-vpc-service-reachable judges. */
  vpcLambdaFunctions: number;
  /** ECS services with an awsvpc configuration, not INACTIVE: what ecs-service-private-image-pull judges. */
  awsvpcEcsServices: number;
  /**
   * Path answers (placement × service pairs) each path-engine rule asks the engine for on this
   * snapshot, by rule id (bench/path-answers.ts), whichever rules this run evaluated.
   */
  pathAnswers: Record<PathEngineRuleId, number>;
  byStatus: { pass: number; fail: number; unknown: number };
  repeats: number;
  generateMs: number;
  evaluateMs: number;
  evaluateMsAll: number[];
  /** CPU time (user + system, all threads: GC helpers included) of the same runs. */
  evaluateCpuMs: number;
  evaluateCpuMsAll: number[];
  /** Main-thread garbage-collection pauses during the same runs (median), from `gc` performance entries. */
  evaluateGcMs: number;
  /** RSS with the snapshot loaded, just before evaluating. */
  rssBeforeMiB: number;
  /** Peak RSS while evaluating (snapshot included). */
  peakRssMiB: number;
  /** False when the kernel high-water mark could not be reset: the peak then includes generation. */
  phaseReset: boolean;
  /** Peak of the whole child, generation included. */
  processPeakMiB: number;
}

export interface ReportFormatResult {
  format: string;
  renderMs: number;
  writeMs: number;
  bytes: number;
  peakRssMiB: number;
}

/** A format the writer refused for this input (SARIF over GitHub's limits), with its message. */
export interface ReportFormatRefused {
  format: string;
  refused: string;
}

export interface ReportResult {
  task: 'report';
  findings: number;
  notPassing: number;
  formats: (ReportFormatResult | ReportFormatRefused)[];
}

export interface ScanResult {
  task: 'scan';
  /** Collection (STS, regions, every sweep and per-resource call). */
  collectMs: number;
  evaluateMs: number;
  reportMs: number;
  /** Collect + evaluate + write JSON and SARIF. */
  totalMs: number;
  /** CPU time of the scanning process (all threads) in the same phases. */
  collectCpuMs: number;
  evaluateCpuMs: number;
  totalCpuMs: number;
  regions: number;
  resources: number;
  /** Records collected per kind, all regions summed. */
  kinds: Record<string, number>;
  findings: number;
  /** Collection errors by category (`throttled` ones are scans failed by throttling). */
  errors: Record<string, number>;
  complete: boolean;
  peakRssMiB: number;
  processPeakMiB: number;
}
