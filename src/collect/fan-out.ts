// Organizations fan-out: assume one role in each of many accounts and collect each with the
// ordinary single-account path, a bounded number of accounts at a time.
//
// Isolation: an account that cannot be entered (AssumeRole denied, the role missing, expired
// credentials) or whose collection throws is recorded as a classified `AccountFailure`; the other
// accounts go on. Parallelism: EC2 token buckets are per account and region (aws-facts §6.2), so
// accounts do not compete for them and each account gets its own RequestPacer (collectSnapshot
// makes one per call). IAM is per account too; only the scanner's own STS AssumeRole calls
// (one per account, plus refreshes) and host resources are shared.
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import pLimit from 'p-limit';
import type { ErrorCategory, Snapshot } from '../snapshot/types.js';
import { errorMessage } from '../util/errors.js';
import { getCallerIdentity } from './caller-identity.js';
import { clientSettings, createStsClient, type CredentialsInput } from './clients.js';
import { collectSnapshot, type CollectSnapshotOptions } from './collect-snapshot.js';
import { CredentialError } from './credentials.js';
import { classifyError } from './error-classifier.js';
import { DEFAULT_ACCOUNT_CONCURRENCY, memberRoleArn } from './organization.js';
import { homeRegionFor } from './region-names.js';
import type { CollectLog } from './types.js';

export { DEFAULT_ACCOUNT_CONCURRENCY } from './organization.js';

/** Where an account failed: entering it, confirming who we are in it, or collecting it. */
export type AccountFailureStage = 'assume-role' | 'identity' | 'collect';

export interface AccountFailure {
  accountId: string;
  roleArn: string;
  stage: AccountFailureStage;
  category: ErrorCategory;
  code: string;
  message: string;
}

export type AccountOutcome =
  | { kind: 'collected'; accountId: string; roleArn: string; snapshot: Snapshot }
  | { kind: 'failed'; accountId: string; roleArn: string; failure: AccountFailure };

export interface FanOutOptions {
  accountIds: readonly string[];
  /** Role name (optionally with path) assumed in every account. */
  roleName: string;
  /** Partition of the caller, used in the role ARN (`arn:<partition>:iam::…`). */
  partition: string;
  externalId?: string;
  /** Credentials that may assume the member role (the management or delegated-admin session). */
  baseCredentials: CredentialsInput;
  /** Everything an account's collection needs apart from its credentials. */
  collect: Omit<CollectSnapshotOptions, 'credentials' | 'profile' | 'roleArn' | 'externalId'>;
  /** A log per account (so interleaved progress names its account); default `collect.log`. */
  logFor?: (accountId: string) => CollectLog;
  accountConcurrency?: number;
  /** Shown in CloudTrail of every member account. */
  roleSessionName?: string;
  /** Once aborted, accounts not yet started are not started. */
  signal?: AbortSignal;
  /**
   * Called as each account finishes, inside its concurrency slot, so the caller can evaluate and
   * write it and let the snapshot go: memory stays bounded by the account concurrency.
   */
  onAccount: (outcome: AccountOutcome) => Promise<void>;
}

type Identity = Exclude<CredentialsInput, (...args: never[]) => unknown>;

/** Refresh assumed credentials this long before they expire (a long account outlives the hour). */
const REFRESH_MARGIN_MS = 5 * 60_000;

/**
 * One AssumeRole shared by all of an account's clients (otherwise every region × service client
 * would assume the role itself), refreshed before expiry. A failed call is not cached.
 */
export function sharedCredentials(provider: () => Promise<Identity>): () => Promise<Identity> {
  let value: Identity | undefined;
  let pending: Promise<Identity> | undefined;
  return () => {
    const fresh =
      value !== undefined &&
      (value.expiration === undefined || value.expiration.getTime() - Date.now() > REFRESH_MARGIN_MS);
    if (fresh && value !== undefined) return Promise.resolve(value);
    pending ??= provider()
      .then((identity) => {
        value = identity;
        return identity;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}

function failure(
  accountId: string,
  roleArn: string,
  stage: AccountFailureStage,
  error: unknown,
): AccountOutcome {
  const classified = classifyError(error);
  return {
    kind: 'failed',
    accountId,
    roleArn,
    failure: { accountId, roleArn, stage, ...classified, message: classified.message || errorMessage(error) },
  };
}

async function collectOne(accountId: string, options: FanOutOptions): Promise<AccountOutcome> {
  const roleArn = memberRoleArn(options.partition, accountId, options.roleName);
  const homeRegion = options.collect.homeRegion ?? homeRegionFor(options.collect.regions);
  const assume = fromTemporaryCredentials({
    masterCredentials: options.baseCredentials,
    params: {
      RoleArn: roleArn,
      RoleSessionName: options.roleSessionName ?? 'aws-audit',
      ...(options.externalId ? { ExternalId: options.externalId } : {}),
    },
    clientConfig: {
      region: homeRegion,
      ...(options.collect.endpoint ? { endpoint: options.collect.endpoint } : {}),
    },
  });
  const credentials = sharedCredentials(() => assume());
  // Entering the account first, on its own, so a refusal is recorded as what it is (AssumeRole
  // AccessDenied) rather than as whatever call happened to resolve the credentials first.
  try {
    await credentials();
  } catch (error) {
    return failure(accountId, roleArn, 'assume-role', error);
  }
  // Who the role makes us (needs no permission, aws-facts §6.3): its failure keeps its own AWS
  // code, and a role that lands in another account is never scanned as this one.
  const log = options.logFor?.(accountId) ?? options.collect.log;
  const sts = createStsClient(
    homeRegion,
    clientSettings({
      ...options.collect,
      credentials,
      ...(log ? { log } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    }),
  );
  try {
    const identity = await getCallerIdentity(sts);
    if (identity.accountId !== accountId) {
      const error = new Error(`the role's session is in account ${identity.accountId}, not ${accountId}`);
      error.name = 'AccountMismatch';
      return failure(accountId, roleArn, 'identity', error);
    }
  } catch (error) {
    return failure(accountId, roleArn, 'identity', error);
  } finally {
    sts.destroy();
  }
  let snapshot: Snapshot;
  try {
    snapshot = await collectSnapshot({
      ...options.collect,
      homeRegion,
      credentials,
      ...(log ? { log } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    // collectAccount throws (a CredentialError) only before collecting, and identity was just
    // confirmed; anything here is one account's problem, which must not take the others down.
    return failure(accountId, roleArn, error instanceof CredentialError ? 'identity' : 'collect', error);
  }
  return { kind: 'collected', accountId, roleArn, snapshot };
}

export interface FanOutResult {
  collected: string[];
  failed: AccountFailure[];
  /** Accounts never started because the run was interrupted. */
  notStarted: string[];
}

/** Collects every account, `accountConcurrency` at a time; never throws for one account's failure. */
export async function fanOut(options: FanOutOptions): Promise<FanOutResult> {
  const limit = pLimit(options.accountConcurrency ?? DEFAULT_ACCOUNT_CONCURRENCY);
  const result: FanOutResult = { collected: [], failed: [], notStarted: [] };
  await Promise.all(
    options.accountIds.map((accountId) =>
      limit(async () => {
        if (options.signal?.aborted) {
          result.notStarted.push(accountId);
          return;
        }
        const outcome = await collectOne(accountId, options);
        if (outcome.kind === 'collected') result.collected.push(accountId);
        else result.failed.push(outcome.failure);
        await options.onAccount(outcome);
      }),
    ),
  );
  const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  result.collected.sort(byId);
  result.failed.sort((a, b) => byId(a.accountId, b.accountId));
  result.notStarted.sort(byId);
  return result;
}
