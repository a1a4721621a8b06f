// The snapshot document: per account, per region the service parts (./vpc.ts, ./ec2.ts, …), the
// IAM part, and the collection errors. The compile-time checks at the end tie the parts to the
// kind table (./kinds.ts): a list without a kind, or a kind without its list, does not compile.
import type { AccountId, CollectionError, CollectionState, DateTime, NonEmptyString } from './common.js';
import type { Ec2RegionPart } from './ec2.js';
import type { IamGlobalPart } from './iam.js';
import type {
  GlobalKind,
  GlobalListKey,
  RegionalKind,
  RegionalListKind,
  RegionalRecordKind,
} from './kinds.js';
import type { SsmRdsRegionPart } from './ssm-rds.js';
import type { VpcRegionPart } from './vpc.js';
import type { WorkloadRegionPart } from './workloads.js';

export const SNAPSHOT_SCHEMA_VERSION = 1;

export type RegionAvailability = 'enabled' | 'not-opted-in' | 'unreachable';

/** One region of one account: every regional resource list, and which kinds were read. */
export interface RegionSnapshot extends VpcRegionPart, Ec2RegionPart, SsmRdsRegionPart, WorkloadRegionPart {
  region: NonEmptyString;
  availability: RegionAvailability;
  collection: Partial<Record<RegionalKind, CollectionState>>;
}

/** The account's IAM part (global per partition), and which IAM kinds were read. */
export interface GlobalSnapshot extends IamGlobalPart {
  collection: Partial<Record<GlobalKind, CollectionState>>;
}

export interface AccountSnapshot {
  accountId: AccountId;
  partition: NonEmptyString;
  /** The principal that collected it (STS GetCallerIdentity). */
  identity?: { arn: string; userId?: string };
  regions: RegionSnapshot[];
  global: GlobalSnapshot;
  errors: CollectionError[];
}

export interface Snapshot {
  schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION;
  tool: { name: NonEmptyString; version: NonEmptyString };
  collectedAt: DateTime;
  partition: NonEmptyString;
  /**
   * The rule ids `collect --rules` gathered data for; absent when every kind was collected. A
   * `scan --snapshot` without `--rules` evaluates only these (the others would all be unknown).
   * @minItems 1
   * @uniqueItems true
   */
  rules?: NonEmptyString[];
  accounts: AccountSnapshot[];
}

/** Keys of RegionSnapshot that hold resource arrays. */
export type RegionResourceKey = {
  [K in keyof RegionSnapshot]-?: RegionSnapshot[K] extends unknown[] ? K : never;
}[keyof RegionSnapshot];

/** Keys of RegionSnapshot that hold one optional record (absent when not read). */
export type RegionRecordKey = {
  [K in keyof RegionSnapshot]-?: undefined extends RegionSnapshot[K] ? K : never;
}[keyof RegionSnapshot];

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Expect<T extends true> = T;

/**
 * Compile-time only: the kind table's list kinds are exactly the region's lists, its record kinds
 * exactly the optional records, and its IAM list names exactly the lists of `GlobalSnapshot`.
 */
export type KindTableMatchesSnapshot = [
  Expect<Same<RegionalListKind, RegionResourceKey>>,
  Expect<Same<RegionalRecordKind, RegionRecordKey>>,
  Expect<Same<GlobalListKey, Exclude<keyof GlobalSnapshot, 'collection'>>>,
];
