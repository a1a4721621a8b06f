// What every regional builder shares: the region's data, the owning account and partition, the
// ARN scheme, and the collection state that makes `unknown` cases. The service builders
// (network.ts, compute.ts, workloads.ts) extend it one after another into `RegionBuilder`.
import type { RegionSnapshot, RegionalKind } from '../../../src/snapshot/types.js';
import { REGIONAL_KINDS } from '../../../src/snapshot/types.js';
import { blankRegion } from '../../../src/snapshot/blank.js';

export const DEFAULT_ACCOUNT = '111111111111';
export const DEFAULT_PARTITION = 'aws';

type Without<T, K extends keyof T> = Omit<T, K>;
/** The optional fields of a record `T` a builder method accepts, minus the ones it takes as arguments. */
export type Fields<T, K extends keyof T = never> = Partial<Without<T, K>>;

export function emptyRegion(region: string): RegionSnapshot {
  const data = blankRegion(region);
  for (const kind of REGIONAL_KINDS) data.collection[kind] = 'collected';
  // A new account's setting: VPC Block Public Access off, no exclusions (aws-facts §1.2).
  data.vpcBlockPublicAccess = { mode: 'off', state: 'default-state', exclusions: [] };
  return data;
}

/** The shared state of a region's builder; `RegionBuilder` (workloads.ts) is the class to use. */
export class RegionCore {
  readonly data: RegionSnapshot;
  readonly accountId: string;
  readonly partition: string;

  constructor(region: string, accountId = DEFAULT_ACCOUNT, partition = DEFAULT_PARTITION) {
    this.data = emptyRegion(region);
    this.accountId = accountId;
    this.partition = partition;
  }

  get region(): string {
    return this.data.region;
  }

  arn(service: string, resourcePath: string): string {
    return `arn:${this.partition}:${service}:${this.region}:${this.accountId}:${resourcePath}`;
  }

  /** Marks kinds as failed/skipped/absent to build `unknown` cases. */
  setCollection(kind: RegionalKind, state: RegionSnapshot['collection'][RegionalKind] | undefined): this {
    if (state === undefined) delete this.data.collection[kind];
    else this.data.collection[kind] = state;
    return this;
  }
}
