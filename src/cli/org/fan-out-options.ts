// The flags of a fan-out as src/collect/fan-out.ts takes them: the same collection options as a
// single-account read (live-options.ts), the role, and a log that names each account.
import { DEFAULT_ACCOUNT_CONCURRENCY } from '../../collect/organization.js';
import type { FanOutOptions } from '../../collect/fan-out.js';
import type { ResourceKind } from '../../snapshot/types.js';
import type { CliIo } from '../io.js';
import { collectionFlags, type LiveOptions } from '../live-options.js';
import { terminalLog, withAccountPrefix } from '../terminal-log.js';
import type { OrgOptions } from './org-options.js';
import type { Targets } from './org-targets.js';

export function fanOutOptions(
  io: CliIo,
  options: LiveOptions & OrgOptions & { quiet?: boolean },
  targets: Targets,
  kinds: readonly ResourceKind[],
  onAccount: FanOutOptions['onAccount'],
): FanOutOptions {
  return {
    accountIds: targets.accountIds,
    roleName: options.orgRoleName as string,
    partition: targets.partition,
    ...(options.externalId ? { externalId: options.externalId } : {}),
    ...(options.roleSessionName ? { roleSessionName: options.roleSessionName } : {}),
    baseCredentials: targets.baseCredentials,
    collect: { kinds, ...collectionFlags(io, options) },
    logFor: (accountId) => terminalLog(withAccountPrefix(io, accountId), options),
    accountConcurrency: options.accountConcurrency ?? DEFAULT_ACCOUNT_CONCURRENCY,
    ...(io.abortSignal ? { signal: io.abortSignal } : {}),
    onAccount,
  };
}
