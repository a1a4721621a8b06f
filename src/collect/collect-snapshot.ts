// The programmatic entry point: credentials + options → a validated-shape Snapshot.
// `aws-audit collect` and live `aws-audit scan` call this; so can other tools (CONTRIBUTING.md).
import { SNAPSHOT_SCHEMA_VERSION, type ResourceKind, type Snapshot } from '../snapshot/types.js';
import { TOOL_NAME, TOOL_VERSION } from '../tool-info.js';
import { clientSettings, limitsFor, type ClientSettings, type CredentialsInput } from './clients.js';
import { collectAccount } from './collect-account.js';
import type { IamUsersOptions } from './collectors/iam.js';
import { credentialProvider } from './credentials.js';
import type { Clock, CollectLimits } from './limits.js';
import { planFor } from './plan.js';
import { DEFAULT_HOME_REGION, homeRegionFor, validateRegions } from './region-names.js';
import { silentLog, type CollectLog } from './types.js';

export interface CollectSnapshotOptions {
  /** Kinds to read (usually from the selected rules' `requires`); dependencies are added. */
  kinds: readonly ResourceKind[];
  /** Explicit regions; default: every enabled region. */
  regions?: readonly string[] | undefined;
  /** Region for STS and DescribeRegions; default: homeRegionFor(regions) (regions.ts). */
  homeRegion?: string;
  profile?: string;
  roleArn?: string;
  externalId?: string;
  /** STS session name for `roleArn` (CloudTrail shows it); default `aws-audit`. */
  roleSessionName?: string;
  /** Use these credentials instead of resolving them (tests, Organizations fan-out). */
  credentials?: CredentialsInput;
  endpoint?: string;
  skipUserData?: boolean;
  /** `--concurrency N`: caps requests in flight, globally and per service. */
  concurrency?: number;
  limits?: CollectLimits;
  clock?: Clock;
  maxAttempts?: number;
  retryMode?: 'standard' | 'adaptive';
  retryStrategy?: ClientSettings['retryStrategy'];
  requestTimeoutMs?: number;
  log?: CollectLog;
  iam?: IamUsersOptions;
  /** Fixed time for reproducible snapshots (tests). */
  now?: Date;
  /** Aborts every AWS call in flight and not yet sent (Ctrl-C). */
  signal?: AbortSignal;
}

export { DEFAULT_HOME_REGION, homeRegionFor, validateRegions };

export async function collectSnapshot(options: CollectSnapshotOptions): Promise<Snapshot> {
  // The API's boundary: the CLI's flags were checked when parsed, a library caller's were not.
  validateRegions(options.regions);
  const homeRegion = options.homeRegion ?? homeRegionFor(options.regions);
  const limits = limitsFor(options);
  const log = options.log ?? silentLog;
  const credentials =
    options.credentials ??
    credentialProvider({
      region: homeRegion,
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.roleArn ? { roleArn: options.roleArn } : {}),
      ...(options.externalId ? { externalId: options.externalId } : {}),
      ...(options.roleSessionName ? { roleSessionName: options.roleSessionName } : {}),
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    });
  const clients = clientSettings({ ...options, credentials, log });
  const collectedAt = (options.now ?? new Date()).toISOString();
  const account = await collectAccount({
    clients,
    homeRegion,
    ...(options.regions ? { regions: options.regions } : {}),
    plan: planFor(options.kinds),
    skipUserData: options.skipUserData === true,
    perResourceConcurrency: limits.perResourceConcurrency,
    log,
    credentialSources: {
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.roleArn ? { roleArn: options.roleArn } : {}),
    },
    ...(options.iam ? { iam: options.iam } : {}),
  });
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    collectedAt,
    partition: account.partition,
    accounts: [account],
  };
}
