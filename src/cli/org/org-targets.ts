// Which accounts this job fans out to: `--accounts` (a list or a file) or the organisation's
// ACTIVE accounts (src/collect/org-targets.ts asks AWS), then this job's `--shard`.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CredentialsInput } from '../../collect/clients.js';
import { parseAccountIds, type SkippedAccount } from '../../collect/organization.js';
import { accountsInShard, formatShard, type Shard } from '../../engine/shard.js';
import { describeFsError } from '../../util/atomic-file.js';
import { UserError } from '../../util/errors.js';
import type { CliIo } from '../io.js';
import { collectionFlags, type LiveOptions } from '../live-options.js';
import { terminalLog } from '../terminal-log.js';
import type { OrgOptions } from './org-options.js';

/** `--accounts`: an existing file (relative to the working directory) is read; anything else is a list. */
export async function readAccountsOption(value: string, cwd: string): Promise<string[]> {
  const path = resolve(cwd, value);
  if (!(existsSync(path) && statSync(path).isFile())) return parseAccountIds(value, '--accounts');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UserError(`--accounts ${value}: cannot read: ${describeFsError(error)}`);
  }
  return parseAccountIds(text, `--accounts ${value}`);
}

export interface Targets {
  partition: string;
  baseCredentials: CredentialsInput;
  /** Accounts this job scans (after --shard), sorted. */
  accountIds: string[];
  /** Listed accounts in this shard that are not ACTIVE. */
  skipped: SkippedAccount[];
  /** Where the list came from, for the console. */
  source: string;
}

/**
 * Who we are (partition for the role ARNs) and which accounts this job scans. Flags and files
 * first (a usage error leaves nothing behind), then `beforeFirstCall` (the output folder), then AWS.
 */
export async function resolveTargets(
  io: CliIo,
  options: LiveOptions & OrgOptions & { shard?: Shard; quiet?: boolean },
  beforeFirstCall: () => Promise<void>,
): Promise<Targets> {
  const explicit =
    options.accounts !== undefined ? await readAccountsOption(options.accounts, io.cwd) : undefined;
  await beforeFirstCall();
  // The SDK loads when AWS is first called, not when `scan` is defined (start-up, issue 18).
  const { resolveOrgTargets } = await import('../../collect/org-targets.js');
  const found = await resolveOrgTargets({
    homeRegion: collectionFlags(io, options).homeRegion,
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
    ...(explicit ? { accounts: explicit } : {}),
    log: terminalLog(io, options),
    ...(io.abortSignal ? { signal: io.abortSignal } : {}),
  });
  let all = found.accountIds;
  let skipped = found.skipped;
  let source = found.source;
  if (options.shard) {
    const shard = options.shard;
    const inShard = new Set(accountsInShard([...all, ...skipped.map((s) => s.accountId)], shard));
    all = all.filter((id) => inShard.has(id));
    skipped = skipped.filter((s) => inShard.has(s.accountId));
    source += `; shard ${formatShard(shard)}: ${all.length} to scan`;
  }
  return {
    partition: found.partition,
    baseCredentials: found.baseCredentials,
    accountIds: [...all].sort(),
    skipped,
    source,
  };
}
