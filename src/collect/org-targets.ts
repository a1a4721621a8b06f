// Who runs an Organizations fan-out and which accounts it may scan: the caller's identity (the
// partition of the member role ARNs), the base credentials every AssumeRole starts from, and the
// organisation's account list (or the explicit `--accounts` list). Its STS and Organizations
// clients are made in clients.ts like every other, so they are paced, logged and cancellable.
import { getCallerIdentity } from './caller-identity.js';
import {
  clientSettings,
  createOrganizationsClient,
  createStsClient,
  type CredentialsInput,
} from './clients.js';
import { credentialProvider } from './credentials.js';
import { classifyError } from './error-classifier.js';
import { sharedCredentials } from './fan-out.js';
import { listOrganizationAccounts, type SkippedAccount } from './organization.js';
import type { CollectLog } from './types.js';
import { UserError } from '../util/errors.js';

export interface OrgTargetOptions {
  /** Where STS and Organizations are called (regions.ts homeRegionFor). */
  homeRegion: string;
  profile?: string;
  endpoint?: string;
  /** `--accounts`: scan exactly these; otherwise the organisation's ACTIVE accounts are listed. */
  accounts?: readonly string[];
  log?: CollectLog;
  signal?: AbortSignal;
}

export interface OrgTargets {
  partition: string;
  baseCredentials: CredentialsInput;
  /** Accounts to scan, in the order listed (the caller shards and sorts them). */
  accountIds: string[];
  /** Listed accounts that are not ACTIVE: recorded, never scanned. */
  skipped: SkippedAccount[];
  /** Where the list came from, for the console. */
  source: string;
}

/**
 * Resolves the fan-out's caller and accounts. Both failures are usage errors for the whole run
 * (exit 2): without usable credentials or an account list nothing can be scanned.
 */
export async function resolveOrgTargets(options: OrgTargetOptions): Promise<OrgTargets> {
  const endpoint = options.endpoint ? { endpoint: options.endpoint } : {};
  const baseCredentials = sharedCredentials(async () => {
    const provider = credentialProvider({
      region: options.homeRegion,
      ...(options.profile ? { profile: options.profile } : {}),
      ...endpoint,
    });
    return typeof provider === 'function' ? provider() : provider;
  });
  const settings = clientSettings({
    credentials: baseCredentials,
    ...endpoint,
    log: options.log,
    signal: options.signal,
  });
  // GetCallerIdentity needs no permission (aws-facts §6.3): a failure here is the credentials.
  let partition: string;
  let callerAccount: string;
  const sts = createStsClient(options.homeRegion, settings);
  try {
    ({ partition, accountId: callerAccount } = await getCallerIdentity(sts));
  } catch (error) {
    const { code, message } = classifyError(error);
    throw new UserError(`--org-role-name: no usable AWS credentials for the fan-out (${code}: ${message})`);
  } finally {
    sts.destroy();
  }
  if (options.accounts)
    return {
      partition,
      baseCredentials,
      accountIds: [...options.accounts],
      skipped: [],
      source: `${options.accounts.length} account(s) from --accounts`,
    };
  const organizations = createOrganizationsClient(options.homeRegion, settings);
  try {
    const listed = await listOrganizationAccounts(organizations);
    const accountIds = listed.active.map((account) => account.accountId);
    return {
      partition,
      baseCredentials,
      accountIds,
      skipped: listed.skipped,
      source: `organization: ${accountIds.length} active, ${listed.skipped.length} skipped`,
    };
  } catch (error) {
    const { code, message } = classifyError(error);
    throw new UserError(
      `--org-role-name: cannot list the organisation's accounts from account ${callerAccount} ` +
        `(organizations:ListAccounts ${code}: ${message}); run from the management or a delegated ` +
        'administrator account, or name the accounts with --accounts',
    );
  } finally {
    organizations.destroy();
  }
}
