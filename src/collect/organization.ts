// Which accounts an Organizations fan-out scans: the organisation's account list (read with the
// management or delegated-administrator credentials), or an explicit list of ids, and the role
// assumed in each of them.
// The SDK package is loaded when the listing runs (sdk.ts) (start-up, issue 18): the flag parsing below
// (isRoleName, parseAccountIds) is loaded by every `scan` and `collect`. The client is made in
// clients.ts like every other.
import type { Account, OrganizationsClient } from '@aws-sdk/client-organizations';
import { UserError } from '../util/errors.js';
import { organizationsSdk } from './sdk.js';

/** An account the fan-out will not scan, and why (suspended, closing, not yet active). */
export interface SkippedAccount {
  accountId: string;
  name?: string;
  /** The account's Organizations state, e.g. `SUSPENDED`. */
  state: string;
}

export interface OrganizationAccounts {
  /** ACTIVE accounts, sorted by id. */
  active: { accountId: string; name?: string }[];
  /** Every other listed account, sorted by id: recorded, never scanned. */
  skipped: SkippedAccount[];
}

const ACCOUNT_ID = /^[0-9]{12}$/;

export function isAccountId(value: string): boolean {
  return ACCOUNT_ID.test(value);
}

/**
 * The account's lifecycle state. `Status` (ACTIVE | SUSPENDED | PENDING_CLOSURE) was retired on
 * 9 September 2026 in favour of `State` (adds CLOSED, PENDING_ACTIVATION) — the SDK model's own
 * note on `Account.Status` — so `State` wins and `Status` is only read when `State` is absent.
 */
export function accountState(account: Pick<Account, 'State' | 'Status'>): string {
  return account.State ?? account.Status ?? 'UNKNOWN';
}

/** `organizations:ListAccounts`, every page (at most 20 accounts each, aws-facts §6.1). */
export async function listOrganizationAccounts(client: OrganizationsClient): Promise<OrganizationAccounts> {
  const { paginateListAccounts } = organizationsSdk();
  const active: OrganizationAccounts['active'] = [];
  const skipped: SkippedAccount[] = [];
  for await (const page of paginateListAccounts({ client, pageSize: 20 }, {})) {
    for (const account of page.Accounts ?? []) {
      if (!account.Id) continue;
      const name = account.Name ? { name: account.Name } : {};
      const state = accountState(account);
      if (state === 'ACTIVE') active.push({ accountId: account.Id, ...name });
      else skipped.push({ accountId: account.Id, ...name, state });
    }
  }
  const byId = (a: { accountId: string }, b: { accountId: string }): number =>
    a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0;
  return { active: active.sort(byId), skipped: skipped.sort(byId) };
}

/** Default accounts in flight: each brings its own per-region EC2 buckets (README "Scanning an organisation"). */
export const DEFAULT_ACCOUNT_CONCURRENCY = 4;

/** IAM role names (optionally with a path): letters, digits and `+=,.@_-`, at most 64 (IAM limits). */
const ROLE_NAME = /^(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

export function isRoleName(value: string): boolean {
  return ROLE_NAME.test(value);
}

/** `arn:<partition>:iam::<id>:role/<name>`: the role the fan-out assumes in each account. */
export function memberRoleArn(partition: string, accountId: string, roleName: string): string {
  return `arn:${partition}:iam::${accountId}:role/${roleName}`;
}

/**
 * Parses an account list: a JSON array of ids, or ids separated by commas, whitespace or new lines
 * (`#` starts a comment). Each entry must be a 12-digit id; duplicates are dropped, order kept.
 * Errors name `source` (the flag, or the flag and the file) and the bad entry.
 */
export function parseAccountIds(text: string, source: string): string[] {
  const trimmed = text.trim();
  let entries: { value: string; where: string }[];
  if (trimmed.startsWith('[')) {
    let document: unknown;
    try {
      document = JSON.parse(trimmed);
    } catch {
      throw new UserError(`${source}: not a valid JSON array of account ids`);
    }
    if (!Array.isArray(document)) throw new UserError(`${source}: expected a JSON array of account ids`);
    entries = document.map((value: unknown, index) => {
      // A JSON number would drop an id's leading zeros (012345678901), so ids must be strings.
      if (typeof value !== 'string')
        throw new UserError(
          `${source}: entry ${index + 1} (${JSON.stringify(value)}) is not a string; write account ids as JSON strings`,
        );
      return { value: value.trim(), where: `entry ${index + 1}` };
    });
  } else {
    entries = text.split(/\r?\n/).flatMap((line, index) =>
      (line.split('#')[0] ?? '')
        .split(/[\s,]+/)
        .filter((value) => value !== '')
        .map((value) => ({ value, where: `line ${index + 1}` })),
    );
  }
  const ids = new Set<string>();
  for (const { value, where } of entries) {
    if (!isAccountId(value)) {
      // A one-line list needs no position; a file's line or a JSON entry does.
      const at = trimmed.startsWith('[') || trimmed.includes('\n') ? ` (${where})` : '';
      throw new UserError(`${source}: '${value}' is not a 12-digit account id${at}`);
    }
    ids.add(value);
  }
  if (ids.size === 0) throw new UserError(`${source}: no account ids given`);
  return [...ids];
}
