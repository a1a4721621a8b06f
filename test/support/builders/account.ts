// Assembling builders into an account and a snapshot, and the one-account, one-region shortcut
// that most rule tests use.
import type { AccountSnapshot, Snapshot } from '../../../src/snapshot/types.js';
import { SNAPSHOT_SCHEMA_VERSION } from '../../../src/snapshot/types.js';
import { GlobalBuilder } from './iam.js';
import { DEFAULT_ACCOUNT, DEFAULT_PARTITION } from './region-core.js';
import { RegionBuilder } from './workloads.js';

export interface AccountParts {
  accountId?: string;
  partition?: string;
  regions: RegionBuilder[];
  global?: GlobalBuilder;
  errors?: AccountSnapshot['errors'];
}

export function buildAccount(parts: AccountParts): AccountSnapshot {
  const accountId = parts.accountId ?? parts.regions[0]?.accountId ?? DEFAULT_ACCOUNT;
  const partition = parts.partition ?? DEFAULT_PARTITION;
  return {
    accountId,
    partition,
    identity: { arn: `arn:${partition}:sts::${accountId}:assumed-role/aws-audit/scan` },
    regions: parts.regions.map((r) => r.data),
    global: parts.global?.data ?? new GlobalBuilder(accountId, partition).data,
    errors: parts.errors ?? [],
  };
}

export function buildSnapshot(
  accounts: AccountSnapshot[],
  collectedAt = '2026-11-01T00:00:00.000Z',
  toolVersion = '0.1.0',
): Snapshot {
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    tool: { name: 'aws-audit', version: toolVersion },
    collectedAt,
    partition: accounts[0]?.partition ?? DEFAULT_PARTITION,
    accounts,
  };
}

/** One account, one region: the common case in rule tests. */
export function singleRegionSnapshot(
  build: (region: RegionBuilder, global: GlobalBuilder) => void,
  region = 'us-east-1',
): Snapshot {
  const regionBuilder = new RegionBuilder(region);
  const globalBuilder = new GlobalBuilder();
  build(regionBuilder, globalBuilder);
  return buildSnapshot([buildAccount({ regions: [regionBuilder], global: globalBuilder })]);
}
