// `aws-audit collect --out FILE`: read the live account into a snapshot file, written atomically.
// Also home of the live-collection flags `scan` shares, and the terminal side of progress/debug.
import { dirname } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ruleRegistry } from '../../../rules/index.js';
import { isRegionName } from '../../collect/regions.js';
import type { CallRecord, CollectLog } from '../../collect/types.js';
import { ProgressDisplay, type ProgressOptions } from '../progress.js';
import { selectRules } from '../../engine/select-rules.js';
import { writeSnapshotFile } from '../../snapshot/io.js';
import { ALL_KINDS, type ResourceKind, type Snapshot } from '../../snapshot/types.js';
import { ensureDirectory } from '../../util/atomic-file.js';
import { ExitCode, UserError } from '../../util/errors.js';
import type { CliIo } from '../io.js';
import { parseList, parsePositiveInt } from '../options.js';
import { parseShardOption } from '../shard-option.js';
import type { Shard } from '../../engine/shard.js';
import type { Rule } from '../../engine/types.js';
import { checkOrgFlags, isOrgRun, runOrgCollect, withOrgOptions, type OrgOptions } from './scan-org.js';

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

function formatCall(call: CallRecord): string {
  const items = call.items === undefined ? '' : ` items=${call.items}`;
  const code = call.code ? ` code=${call.code}` : '';
  return `aws-audit debug: ${call.service}:${call.operation} ${call.region} ${call.ms}ms${items} ${call.status}${code}\n`;
}

/**
 * Progress on stderr. With a `display` (progress.ts): units, requests and throttles feed it and notes
 * print above it. Without one (`--debug`, Organizations fan-out): one line per finished kind on a
 * terminal, and `--debug` adds a line per call.
 */
export function terminalLog(
  io: CliIo,
  options: { quiet?: boolean; debug?: boolean },
  display?: ProgressDisplay,
): CollectLog {
  const progress = io.stderrIsTty && !options.quiet;
  // After Ctrl-C the "interrupted" line is the last word: cancelled calls finishing as failed
  // kinds print nothing more (issue 19 bug 7).
  const stopped = (): boolean => io.abortSignal?.aborted === true;
  if (display)
    return {
      progress: () => display.advance(),
      call: () => undefined,
      note: (message) => {
        if (progress && !stopped()) display.line(`aws-audit: ${message}`);
      },
      planned: (units) => display.addTotal(units),
      attempt: ({ throttled }) => display.request(throttled),
    };
  return {
    progress: (event) => {
      if (!progress || stopped()) return;
      const state = event.state === 'collected' ? String(event.count) : event.state;
      io.stderr(`aws-audit: ${event.region} ${event.service} ${event.kind}: ${state}\n`);
    },
    call: (call) => {
      if (options.debug && !stopped()) io.stderr(formatCall(call));
    },
    note: (message) => {
      if ((progress || options.debug) && !stopped()) io.stderr(`aws-audit: ${message}\n`);
    },
  };
}

/**
 * The live display for a run (progress.ts), or none: `--quiet` shows no progress and `--debug` keeps
 * its line-per-call log, which a redrawn line would fight with.
 */
export function progressDisplayFor(
  io: CliIo,
  options: { quiet?: boolean; debug?: boolean },
  what: Pick<ProgressOptions, 'label' | 'unit' | 'requests' | 'showAfterMs'>,
): ProgressDisplay | undefined {
  if (options.quiet || options.debug) return undefined;
  return new ProgressDisplay({
    ...what,
    write: io.stderr,
    isTty: io.stderrIsTty,
    ...(io.stderrColumns !== undefined ? { columns: io.stderrColumns } : {}),
    ...(io.abortSignal ? { signal: io.abortSignal } : {}),
  });
}

/**
 * Records which rules a `collect --rules` snapshot was gathered for (before `accounts`, where a
 * reader looks first), so `scan --snapshot` evaluates just those rather than fail the rest.
 */
export function withCollectedRules(snapshot: Snapshot, rules: readonly Rule[] | undefined): Snapshot {
  if (rules === undefined) return snapshot;
  const { accounts, ...head } = snapshot;
  return { ...head, rules: rules.map((rule) => rule.meta.id), accounts };
}

/** Reads the live account for the given kinds with the user's flags. */
export async function collectLive(
  io: CliIo,
  options: LiveOptions & { quiet?: boolean },
  kinds: readonly ResourceKind[],
): Promise<Snapshot> {
  // The collection layer (and with it the AWS SDK) loads when a live read starts, never for
  // --help, `rules` or a snapshot scan (start-up, issue 18).
  const { collectSnapshot } = await import('../../collect/collect-snapshot.js');
  const display = progressDisplayFor(io, options, {
    label: 'collecting',
    unit: 'region×kind',
    requests: true,
  });
  const homeRegion = options.region?.[0] ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
  const snapshot = await collectSnapshot({
    kinds,
    ...(options.region ? { regions: options.region } : {}),
    ...(homeRegion ? { homeRegion } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.roleArn ? { roleArn: options.roleArn } : {}),
    ...(options.externalId ? { externalId: options.externalId } : {}),
    ...(options.roleSessionName ? { roleSessionName: options.roleSessionName } : {}),
    ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    skipUserData: options.skipUserData === true,
    log: terminalLog(io, options, display),
    ...(io.abortSignal ? { signal: io.abortSignal } : {}),
  }).then(
    (collected) => {
      display?.finish();
      return collected;
    },
    (error: unknown) => {
      display?.abandon();
      throw error;
    },
  );
  // Interrupted: the cancelled calls came back as failures; nothing of this run is evaluated or
  // written (program.ts turns the abort into exit 130 / 143).
  io.abortSignal?.throwIfAborted();
  return snapshot;
}

export function failedKindCount(snapshot: Snapshot): number {
  let failed = 0;
  for (const account of snapshot.accounts) {
    for (const region of account.regions)
      failed += Object.values(region.collection).filter((s) => s === 'failed').length;
    failed += Object.values(account.global.collection).filter((s) => s === 'failed').length;
  }
  return failed;
}

interface CollectOptions extends LiveOptions, OrgOptions {
  /** Required unless fanning out (`--org-role-name`, which writes to `--out-dir`). */
  out?: string;
  outDir?: string;
  shard?: Shard;
  rules?: string[];
  quiet?: boolean;
  allowIncomplete?: boolean;
}

export function collectCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return withOrgOptions(withLiveOptions(new Command('collect')))
    .description('read the live account into a snapshot file (evaluate it later with scan --snapshot)')
    .option('--out <file>', 'snapshot file to write (atomically, owner-only)')
    .option('--out-dir <dir>', 'with --org-role-name: one snapshot per account, <dir>/<account>.json')
    .addOption(
      new Option(
        '--shard <k/n>',
        'with --org-role-name: collect only shard K of N of the accounts',
      ).argParser(parseShardOption),
    )
    .option('--rules <ids>', 'collect only what these rules need (default: everything)', parseList)
    .option('--allow-incomplete', 'exit 0 even when some data could not be collected')
    .option('-q, --quiet', 'no progress on stderr')
    .action(async (options: CollectOptions, command: Command) => {
      // Organizations fan-out (scan-org.ts): one snapshot per account.
      checkOrgFlags(options, 'collect');
      if (isOrgRun(options)) {
        setExitCode(await runOrgCollect(io, options));
        return;
      }
      // `--out` is required unless fanning out; reported exactly as commander reports a missing one.
      if (options.out === undefined)
        command.error("error: required option '--out <file>' not specified", {
          code: 'commander.missingMandatoryOptionValue',
          exitCode: ExitCode.Usage,
        });
      if (options.outDir !== undefined || options.shard !== undefined)
        throw new UserError(
          `${options.outDir !== undefined ? '--out-dir' : '--shard'} needs --org-role-name (one snapshot per account)`,
        );
      const selected = options.rules ? selectRules(ruleRegistry, options.rules) : undefined;
      const kinds = selected ? selected.flatMap((rule) => rule.meta.requires) : [...ALL_KINDS];
      // The destination's folder exists (or is created) before the first AWS call: a typo in --out
      // must not cost a whole collection.
      await ensureDirectory(dirname(options.out));
      const snapshot = withCollectedRules(await collectLive(io, options, kinds), selected);
      await writeSnapshotFile(options.out, snapshot);
      const failed = failedKindCount(snapshot);
      const errors = snapshot.accounts.reduce((n, a) => n + a.errors.length, 0);
      if (!options.quiet) {
        const regions = snapshot.accounts.reduce((n, a) => n + a.regions.length, 0);
        io.stderr(
          `aws-audit: wrote ${options.out} (${regions} regions${errors > 0 ? `, ${errors} collection errors, ${failed} kinds not collected` : ''})\n`,
        );
      }
      setExitCode(failed > 0 && !options.allowIncomplete ? ExitCode.Incomplete : ExitCode.Ok);
    });
}
