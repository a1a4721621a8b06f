// The live-collection flags `scan` and `collect` share, and the one place they become collection
// options (the single-account read and every account of a fan-out take them from here).
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CollectSnapshotOptions } from '../collect/collect-snapshot.js';
import { homeRegionFor, isRegionName } from '../collect/region-names.js';
import { UserError } from '../util/errors.js';
import type { CliIo } from './io.js';
import { parseList, parsePositiveInt } from './options.js';

export interface LiveOptions {
  region?: string[];
  profile?: string;
  roleArn?: string;
  externalId?: string;
  roleSessionName?: string;
  endpointUrl?: string;
  skipUserData?: boolean;
  concurrency?: number;
  debug?: boolean;
}

/** Flags that only make sense when reading the live account, as commander names them. */
const LIVE_FLAGS: readonly [keyof LiveOptions, string][] = [
  ['region', '--region'],
  ['profile', '--profile'],
  ['roleArn', '--role-arn'],
  ['externalId', '--external-id'],
  ['roleSessionName', '--role-session-name'],
  ['endpointUrl', '--endpoint-url'],
  ['skipUserData', '--skip-user-data'],
  ['concurrency', '--concurrency'],
];

/**
 * `--region`, checked once, as it is parsed: everything after (the single read, the fan-out's
 * targeting and accounts) takes the list as valid. collectSnapshot checks again only for library
 * callers, who pass no flags.
 */
export function parseRegion(value: string, previous: string[] | undefined): string[] {
  const items = parseList(value, undefined);
  for (const item of items)
    if (!isRegionName(item))
      throw new InvalidArgumentError(`'${item}' is not a region name (expected e.g. us-east-1).`);
  return [...(previous ?? []), ...items];
}

export function parseRoleArn(value: string): string {
  if (!/^arn:aws[a-z-]*:iam::[0-9]{12}:role\/.+$/.test(value))
    throw new InvalidArgumentError('expected an IAM role ARN (arn:aws:iam::123456789012:role/name).');
  return value;
}

/** STS AssumeRole's RoleSessionName: 2–64 of letters, digits and `_+=,.@-`. */
function parseRoleSessionName(value: string): string {
  if (!/^[\w+=,.@-]{2,64}$/.test(value))
    throw new InvalidArgumentError('expected 2-64 characters of letters, digits and _+=,.@-');
  return value;
}

export function parseEndpointUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('expected an http(s) URL, e.g. http://127.0.0.1:4566.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new InvalidArgumentError('expected an http(s) URL.');
  return value;
}

/** Adds the live-collection flags to a command (`collect`, and `scan` without `--snapshot`). */
export function withLiveOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--region <regions>',
        'region to read (repeatable or comma-separated; default: every enabled region)',
      ).argParser(parseRegion),
    )
    .option('--profile <name>', 'shared config/credentials profile (default: the SDK default chain)')
    .addOption(new Option('--role-arn <arn>', 'IAM role to assume for the scan').argParser(parseRoleArn))
    .option('--external-id <id>', 'external id for --role-arn')
    .addOption(
      new Option(
        '--role-session-name <name>',
        'session name for --role-arn and each --org-role-name account, shown in CloudTrail (default aws-audit)',
      ).argParser(parseRoleSessionName),
    )
    .addOption(
      new Option(
        '--endpoint-url <url>',
        'send every AWS call to this endpoint (emulators; AWS_ENDPOINT_URL also works)',
      ).argParser(parseEndpointUrl),
    )
    .option('--skip-user-data', 'do not read instance user data (kind instanceUserData is marked skipped)')
    .addOption(
      new Option('--concurrency <n>', 'maximum AWS requests in flight (default 32)').argParser(
        parsePositiveInt,
      ),
    )
    .option('--debug', 'log every AWS call with timing on stderr (never request or response bodies)');
}

/** `--snapshot` evaluates a file offline; a live flag beside it is a mistake, named with both flags. */
export function rejectLiveFlags(options: LiveOptions, otherFlag: string): void {
  for (const [key, flag] of LIVE_FLAGS) {
    if (options[key] !== undefined && options[key] !== false) {
      throw new UserError(`${flag} cannot be used with ${otherFlag}: a snapshot file is evaluated offline`);
    }
  }
}

/** What the flags say about reading an account, apart from whose credentials (see below). */
export type CollectionFlags = Pick<
  CollectSnapshotOptions,
  'homeRegion' | 'regions' | 'endpoint' | 'concurrency' | 'skipUserData'
> & { homeRegion: string };

/** The one place flags become collection options; the home region is regions.ts homeRegionFor. */
export function collectionFlags(io: Pick<CliIo, 'env'>, options: LiveOptions): CollectionFlags {
  return {
    homeRegion: homeRegionFor(options.region, io.env),
    ...(options.region ? { regions: options.region } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    skipUserData: options.skipUserData === true,
  };
}

/** The single-account read's credentials: a profile and/or a role (a fan-out assumes its own). */
export function credentialFlags(
  options: LiveOptions,
): Pick<CollectSnapshotOptions, 'profile' | 'roleArn' | 'externalId' | 'roleSessionName'> {
  return {
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.roleArn ? { roleArn: options.roleArn } : {}),
    ...(options.externalId ? { externalId: options.externalId } : {}),
    ...(options.roleSessionName ? { roleSessionName: options.roleSessionName } : {}),
  };
}
