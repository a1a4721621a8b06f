// The Organizations fan-out's flags on `scan` and `collect` (README "Scanning an organisation"):
// `--org-role-name NAME`, `--accounts FILE|LIST`, `--account-concurrency N`, and the checks that
// reject flags contradicting a fan-out before any work.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { DEFAULT_ACCOUNT_CONCURRENCY, isRoleName } from '../../collect/organization.js';
import { UserError } from '../../util/errors.js';
import { parsePositiveInt } from '../options.js';

export interface OrgOptions {
  orgRoleName?: string;
  accounts?: string;
  accountConcurrency?: number;
}

export function parseRoleName(value: string): string {
  if (!isRoleName(value))
    throw new InvalidArgumentError('expected an IAM role name (letters, digits, +=,.@_-; optional path/).');
  return value;
}

/** Adds the fan-out flags to `scan` and `collect`. */
export function withOrgOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--org-role-name <name>',
        "Organizations fan-out: assume this role in every account (the organisation's ACTIVE accounts, or --accounts)",
      ).argParser(parseRoleName),
    )
    .option(
      '--accounts <file|list>',
      'with --org-role-name: scan these accounts (comma-separated 12-digit ids, or a file: one per line or a JSON array)',
    )
    .addOption(
      new Option(
        '--account-concurrency <n>',
        `with --org-role-name: accounts scanned at once (default ${DEFAULT_ACCOUNT_CONCURRENCY})`,
      ).argParser(parsePositiveInt),
    );
}

export function isOrgRun(options: OrgOptions): boolean {
  return options.orgRoleName !== undefined || options.accounts !== undefined;
}

/** Flags that contradict a fan-out, each named with the fan-out flag in use (exit 2). */
export function checkOrgFlags(
  options: OrgOptions & {
    snapshot?: string;
    roleArn?: string;
    baseline?: string;
    out?: string;
    outDir?: string;
  },
  command: 'scan' | 'collect',
): void {
  const orgFlag = options.orgRoleName !== undefined ? '--org-role-name' : '--accounts';
  if (!isOrgRun(options)) {
    if (options.accountConcurrency !== undefined)
      throw new UserError('--account-concurrency needs --org-role-name');
    return;
  }
  if (options.snapshot !== undefined)
    throw new UserError(`${orgFlag} cannot be used with --snapshot: a fan-out reads live accounts`);
  if (options.roleArn !== undefined)
    throw new UserError(
      `${orgFlag} cannot be used with --role-arn: the fan-out assumes --org-role-name in each account`,
    );
  if (options.orgRoleName === undefined)
    throw new UserError('--accounts needs --org-role-name: the role to assume in each account');
  if (command === 'collect') {
    if (options.out !== undefined)
      throw new UserError(`${orgFlag} cannot be used with --out: one snapshot per account goes to --out-dir`);
    if (options.outDir === undefined) throw new UserError(`${orgFlag} needs --out-dir for collect`);
  }
}
