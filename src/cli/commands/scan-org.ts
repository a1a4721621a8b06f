// Organizations fan-out for `scan` and `collect` (README "Scanning an organisation"):
// `--org-role-name NAME` with the organisation's ACTIVE accounts (or `--accounts FILE|LIST`),
// `--shard K/N`, `--account-concurrency N`. Each account is assumed, collected and evaluated on
// its own; its reports land in `<out-dir>/<account>/`, and a merged summary (the same document
// `aws-audit merge` writes, plus the accounts that failed or were skipped) in
// `<out-dir>/aws-audit-summary.json`.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { ruleRegistry } from '../../../rules/index.js';
import { DEFAULT_MAX_ATTEMPTS, type CredentialsInput } from '../../collect/clients.js';
import { classifyError } from '../../collect/error-classifier.js';
// The fan-out itself (the SDK, credential providers, the collectors) is imported when a fan-out
// runs, not when `scan` and `collect` are defined (start-up, issue 18).
import type { AccountFailure, AccountOutcome, FanOutOptions } from '../../collect/fan-out.js';
import {
  DEFAULT_ACCOUNT_CONCURRENCY,
  createOrganizationsClient,
  isRoleName,
  listOrganizationAccounts,
  parseAccountIds,
  type SkippedAccount,
} from '../../collect/organization.js';
import { readBaselineFile } from '../../report/read-baseline.js';
import {
  accountGate,
  exitLine,
  organisationExitDecision,
  type AccountGate,
  type ExitDecision,
  type GateOptions,
} from '../../engine/gate.js';
import { evaluateSnapshotInWorkers, type ScanResult } from '../../engine/scan.js';
import { selectRules } from '../../engine/select-rules.js';
import { requestedScope } from '../../engine/scan-scope.js';
import { accountsInShard, formatShard, type Shard } from '../../engine/shard.js';
import type { Rule, Severity } from '../../engine/types.js';
import { reviewScan, type ReviewInputs } from '../../engine/waivers-and-baseline.js';
import { atOrAbove } from '../../engine/min-severity.js';
import { readWaiversFile } from '../../engine/waivers.js';
import { buildJsonReport } from '../../report/json-report.js';
import {
  mergeReports,
  renderMergedReport,
  loadedReport,
  type LoadedReport,
  type MergedReport,
} from '../../report/merge.js';
import { REPORT_BASENAME, writeReports } from '../../report/write-reports.js';
import { writeSnapshotFile } from '../../snapshot/io.js';
import { ALL_KINDS, type ResourceKind } from '../../snapshot/types.js';
import { DEFAULT_HOME_REGION, validateRegions } from '../../collect/regions.js';
import { describeFsError, ensureDirectory, writeFileAtomic } from '../../util/atomic-file.js';
import { ExitCode, UserError } from '../../util/errors.js';
import type { CliIo } from '../io.js';
import { parsePositiveInt } from '../options.js';
import { failedKindCount, terminalLog, withCollectedRules, type LiveOptions } from './collect.js';
import type { ScanOptions } from './scan.js';
import { scanRules } from '../filter-options.js';

export interface OrgOptions {
  orgRoleName?: string;
  accounts?: string;
  accountConcurrency?: number;
}

/** The merged summary of a fan-out, beside the per-account folders. */
export const SUMMARY_FILE = 'aws-audit-summary.json';

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

interface Targets {
  partition: string;
  baseCredentials: CredentialsInput;
  homeRegion: string;
  /** Accounts this job scans (after --shard), sorted. */
  accountIds: string[];
  /** Listed accounts in this shard that are not ACTIVE. */
  skipped: SkippedAccount[];
  /** Where the list came from, for the console. */
  source: string;
}

/** Who we are (partition for the role ARNs) and which accounts this job scans. */
async function resolveTargets(
  io: CliIo,
  options: LiveOptions & OrgOptions & { shard?: Shard },
  beforeFirstCall: () => Promise<void>,
): Promise<Targets> {
  validateRegions(options.region);
  const homeRegion =
    options.region?.[0] ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION ?? DEFAULT_HOME_REGION;
  const explicit =
    options.accounts !== undefined ? await readAccountsOption(options.accounts, io.cwd) : undefined;
  // Flags and files first (a usage error leaves nothing behind), then the output folder, then AWS.
  await beforeFirstCall();
  const endpoint = options.endpointUrl ? { endpoint: options.endpointUrl } : {};
  const [{ sharedCredentials }, { credentialProvider }, { GetCallerIdentityCommand, STSClient }] =
    await Promise.all([
      import('../../collect/fan-out.js'),
      import('../../collect/credentials.js'),
      import('@aws-sdk/client-sts'),
    ]);
  const baseCredentials = sharedCredentials(async () => {
    const provider = credentialProvider({
      region: homeRegion,
      ...(options.profile ? { profile: options.profile } : {}),
      ...endpoint,
    });
    return typeof provider === 'function' ? provider() : provider;
  });
  // GetCallerIdentity needs no permission (aws-facts §6.3): a failure here is the credentials,
  // and nothing can be scanned, so it is a usage error for the whole run (exit 2).
  let partition: string;
  let callerAccount: string;
  try {
    const sts = new STSClient({
      region: homeRegion,
      credentials: baseCredentials,
      maxAttempts: 3,
      ...endpoint,
    });
    try {
      const identity = await sts.send(new GetCallerIdentityCommand({}));
      partition = identity.Arn?.split(':')[1] ?? 'aws';
      callerAccount = identity.Account ?? 'unknown';
    } finally {
      sts.destroy();
    }
  } catch (error) {
    const { code, message } = classifyError(error);
    throw new UserError(`--org-role-name: no usable AWS credentials for the fan-out (${code}: ${message})`);
  }
  let all: string[];
  let skipped: SkippedAccount[] = [];
  let source: string;
  if (explicit) {
    all = explicit;
    source = `${explicit.length} account(s) from --accounts`;
  } else {
    const organizations = await createOrganizationsClient(homeRegion, {
      credentials: baseCredentials,
      maxAttempts: DEFAULT_MAX_ATTEMPTS,
      ...endpoint,
    });
    try {
      const listed = await listOrganizationAccounts(organizations);
      all = listed.active.map((account) => account.accountId);
      skipped = listed.skipped;
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
    source = `organization: ${all.length} active, ${skipped.length} skipped`;
  }
  if (options.shard) {
    const shard = options.shard;
    const inShard = new Set(accountsInShard([...all, ...skipped.map((s) => s.accountId)], shard));
    all = all.filter((id) => inShard.has(id));
    skipped = skipped.filter((s) => inShard.has(s.accountId));
    source += `; shard ${formatShard(shard)}: ${all.length} to scan`;
  }
  return { partition, baseCredentials, homeRegion, accountIds: [...all].sort(), skipped, source };
}

function fanOutOptions(
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
    collect: {
      kinds,
      homeRegion: targets.homeRegion,
      ...(options.region ? { regions: options.region } : {}),
      ...(options.endpointUrl ? { endpoint: options.endpointUrl } : {}),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      skipUserData: options.skipUserData === true,
    },
    logFor: (accountId) => terminalLog(withAccountPrefix(io, accountId), options),
    accountConcurrency: options.accountConcurrency ?? DEFAULT_ACCOUNT_CONCURRENCY,
    ...(io.abortSignal ? { signal: io.abortSignal } : {}),
    onAccount,
  };
}

/** Progress and `--debug` lines of several accounts interleave: each names its account. */
function withAccountPrefix(io: CliIo, accountId: string): CliIo {
  return {
    ...io,
    stderr: (text) => io.stderr(text.replace(/^aws-audit( debug)?: /, (head) => `${head}${accountId} `)),
  };
}

function failureLine(failure: AccountFailure): string {
  return `${failure.accountId}  FAILED     ${failure.stage} ${failure.code} (${failure.category}): ${failure.message}`;
}

function skippedLine(skipped: SkippedAccount): string {
  return `${skipped.accountId}  skipped    ${skipped.state}${skipped.name ? ` (${skipped.name})` : ''}`;
}

interface ScannedAccount {
  accountId: string;
  summary: ScanResult['summary'];
  coverage: ScanResult['coverage'];
  paths: string[];
  sarifWithheld: boolean;
}

function scannedLine(scanned: ScannedAccount): string {
  const { summary, coverage } = scanned;
  const failing = (['critical', 'high', 'medium', 'low'] as const)
    .map((s) => `${summary.failingBySeverity[s]} ${s}`)
    .join(', ');
  const state = coverage.complete ? 'complete' : 'INCOMPLETE';
  let why = '';
  if (!coverage.complete) {
    const first = coverage.collectionErrors[0];
    const gaps = coverage.gaps.filter((gap) => gap.state !== 'skipped').length;
    why = ` (${gaps} gap(s)${first ? `, e.g. ${first.service}:${first.operation} ${first.code}` : ''}${
      coverage.ruleErrors.length > 0 ? `, ${coverage.ruleErrors.length} rule error(s)` : ''
    }${scanned.sarifWithheld ? '; no SARIF written' : ''})`;
  }
  return `${scanned.accountId}  scanned    ${summary.total} results, failing: ${failing}; ${state}${why}`;
}

function totalsLines(
  merged: MergedReport | undefined,
  failed: number,
  skipped: number,
  summaryPath?: string,
): string[] {
  if (!merged) return [`Totals: no account was scanned${failed > 0 ? `; ${failed} failed` : ''}.`];
  const { summary, coverage } = merged;
  const failing = (['critical', 'high', 'medium', 'low'] as const)
    .map((s) => `${summary.failingBySeverity[s]} ${s}`)
    .join(', ');
  const lines = [
    `Totals: ${summary.accounts} account(s) scanned, ${failed} failed, ${skipped} skipped; ` +
      `${summary.total} results (${summary.byStatus.pass} pass, ${summary.byStatus.fail} fail, ` +
      `${summary.byStatus.unknown} unknown); failing: ${failing}.`,
    coverage.complete
      ? 'Coverage: complete.'
      : `Coverage: INCOMPLETE (${[
          coverage.missingAccounts.length > 0 ? `not scanned: ${coverage.missingAccounts.join(', ')}` : '',
          coverage.incompleteAccounts.length > 0
            ? `incomplete: ${coverage.incompleteAccounts.join(', ')}`
            : '',
        ]
          .filter((part) => part !== '')
          .join('; ')}).`,
  ];
  if (summaryPath) lines.push(`Summary: ${summaryPath}`);
  return lines;
}

/** Review inputs shared by every account; `--baseline` is the previous run's --out-dir. */
async function reviewInputs(
  options: ScanOptions,
  now: Date,
): Promise<{ review: ReviewInputs; baselineDir?: string }> {
  const review: ReviewInputs = { now };
  if (options.waivers !== undefined) {
    const knownRuleIds = new Set(ruleRegistry.map((rule) => rule.meta.id));
    review.waivers = { file: options.waivers, entries: await readWaiversFile(options.waivers, knownRuleIds) };
  }
  if (options.baseline === undefined) return { review };
  let isDirectory: boolean;
  try {
    isDirectory = statSync(options.baseline).isDirectory();
  } catch (error) {
    throw new UserError(`--baseline ${options.baseline}: cannot read: ${describeFsError(error)}`);
  }
  if (!isDirectory)
    throw new UserError(
      `--baseline ${options.baseline}: with --org-role-name, pass the previous run's --out-dir (a directory of <account>/${REPORT_BASENAME}.json)`,
    );
  return { review, baselineDir: options.baseline };
}

async function accountReview(
  review: ReviewInputs,
  baselineDir: string | undefined,
  accountId: string,
): Promise<ReviewInputs> {
  if (baselineDir === undefined) return review;
  const file = join(baselineDir, accountId, `${REPORT_BASENAME}.json`);
  // An account new since the previous run has no baseline: its findings carry no new/unchanged mark.
  if (!existsSync(file)) return review;
  return { ...review, baseline: { file, findings: (await readBaselineFile(file)).findings } };
}

/** `aws-audit scan --org-role-name …`. */
export async function runOrgScan(io: CliIo, options: ScanOptions & OrgOptions): Promise<number> {
  checkOrgFlags(options, 'scan');
  const startedAt = new Date();
  const rules: readonly Rule[] = scanRules(options);
  const scope = requestedScope(
    options.region,
    rules.map((rule) => rule.meta.id),
    ruleRegistry,
    options.minSeverity,
  );
  const { review, baselineDir } = await reviewInputs(options, startedAt);
  const targets = await resolveTargets(io, options, () => ensureDirectory(options.outDir));
  const say = (text: string): void => {
    if (options.format.includes('console') && !options.quiet) io.stdout(`${text}\n`);
  };
  say(`aws-audit: ${targets.source}; assuming role ${options.orgRoleName} in each.`);

  // JSON is always written: the merged summary is built from the per-account reports.
  const formats = [...new Set(['json', ...options.format.filter((f) => f !== 'console')])];
  const loaded: LoadedReport[] = [];
  const scanned: ScannedAccount[] = [];
  const gate: GateOptions = {};
  if (options.failOn) gate.failOn = options.failOn;
  if (options.failOnNew) gate.failOnNew = options.failOnNew;
  if (options.allowIncomplete) gate.allowIncomplete = true;
  const gates: AccountGate[] = [];

  const onAccount = async (outcome: AccountOutcome): Promise<void> => {
    if (outcome.kind === 'failed') return;
    const accountReviewInputs = await accountReview(review, baselineDir, outcome.accountId);
    const evaluated = await evaluateSnapshotInWorkers(
      outcome.snapshot,
      rules,
      { kind: 'live' },
      startedAt,
      scope,
      undefined,
      options.workers ?? 1,
    );
    const result = atOrAbove(reviewScan(evaluated, accountReviewInputs), options.minSeverity);
    // Never hand code scanning a partial account: its upload would close alerts it simply did
    // not see (sarif-github.md "Never upload a failed or partial scan").
    const sarifWithheld = !result.coverage.complete && !options.allowIncomplete;
    const accountFormats = sarifWithheld ? formats.filter((f) => f !== 'sarif') : formats;
    const outDir = join(options.outDir, outcome.accountId);
    const paths = await writeReports(result, accountFormats, outDir);
    // Only counts, failures and the summary are kept past this point: an organisation's snapshots
    // and findings never pile up in memory (each account's are freed once its reports are written).
    loaded.push(loadedReport(join(outDir, `${REPORT_BASENAME}.json`), buildJsonReport(result)));
    scanned.push({
      accountId: outcome.accountId,
      summary: result.summary,
      coverage: result.coverage,
      paths,
      sarifWithheld,
    });
    gates.push(accountGate(result, gate));
  };

  const { fanOut } = await import('../../collect/fan-out.js');
  const outcome = await fanOut(
    fanOutOptions(
      io,
      options,
      targets,
      rules.flatMap((r) => r.meta.requires),
      onAccount,
    ),
  );

  let merged: MergedReport | undefined;
  let summaryPath: string | undefined;
  if (loaded.length > 0) {
    loaded.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    merged = mergeReports(loaded, {
      expectAccounts: targets.accountIds,
      accountErrors: outcome.failed,
      skippedAccounts: targets.skipped,
    });
    summaryPath = join(options.outDir, SUMMARY_FILE);
    await ensureDirectory(options.outDir);
    await writeFileAtomic(summaryPath, renderMergedReport(merged));
  }

  const exit: ExitDecision =
    targets.accountIds.length === 0
      ? { code: ExitCode.Ok, reason: `no account to scan (${targets.source})` }
      : organisationExitDecision({
          accounts: gates,
          failed: outcome.failed.length,
          notStarted: outcome.notStarted.length,
          gate,
          failingBySeverity: merged?.summary.failingBySeverity ?? emptyFailing(),
        });
  if (options.format.includes('console') && !options.quiet) {
    const lines: string[] = [];
    const byId = new Map<string, string>();
    for (const account of scanned) byId.set(account.accountId, scannedLine(account));
    for (const failure of outcome.failed) byId.set(failure.accountId, failureLine(failure));
    for (const skipped of targets.skipped) byId.set(skipped.accountId, skippedLine(skipped));
    for (const id of outcome.notStarted) byId.set(id, `${id}  not started (interrupted)`);
    for (const id of [...byId.keys()].sort()) lines.push(byId.get(id) as string);
    lines.push('', ...totalsLines(merged, outcome.failed.length, targets.skipped.length, summaryPath));
    lines.push('', exitLine(exit));
    io.stdout(`${lines.join('\n')}\n`);
  }
  // Failures also go to stderr, so a job log that hides stdout still says which account and why.
  for (const failure of outcome.failed)
    io.stderr(`aws-audit: account ${failureLine(failure).replace(/\s+FAILED\s+/, ' failed: ')}\n`);

  if (targets.accountIds.length === 0) io.stderr(`aws-audit: no account to scan (${targets.source}).\n`);
  return exit.code;
}

function emptyFailing(): Record<Severity, number> {
  return { low: 0, medium: 0, high: 0, critical: 0 };
}

/** `aws-audit collect --org-role-name … --out-dir DIR`: one snapshot per account, `DIR/<account>.json`. */
export async function runOrgCollect(
  io: CliIo,
  options: LiveOptions &
    OrgOptions & {
      outDir?: string;
      rules?: string[];
      quiet?: boolean;
      allowIncomplete?: boolean;
      shard?: Shard;
    },
): Promise<number> {
  checkOrgFlags(options, 'collect');
  const outDir = options.outDir as string;
  const selected = options.rules ? selectRules(ruleRegistry, options.rules) : undefined;
  const kinds = selected ? selected.flatMap((rule) => rule.meta.requires) : [...ALL_KINDS];
  // Before the first AWS call (listing the organisation): a bad --out-dir costs nothing.
  const targets = await resolveTargets(io, options, () => ensureDirectory(outDir));
  let incomplete = 0;
  const onAccount = async (outcome: AccountOutcome): Promise<void> => {
    if (outcome.kind === 'failed') return;
    await ensureDirectory(outDir);
    const file = join(outDir, `${outcome.accountId}.json`);
    await writeSnapshotFile(file, withCollectedRules(outcome.snapshot, selected));
    const failed = failedKindCount(outcome.snapshot);
    if (failed > 0) incomplete += 1;
    if (!options.quiet)
      io.stderr(
        `aws-audit: ${outcome.accountId}: wrote ${file}${failed > 0 ? ` (${failed} kinds not collected)` : ''}\n`,
      );
  };
  const { fanOut } = await import('../../collect/fan-out.js');
  const result = await fanOut(fanOutOptions(io, options, targets, kinds, onAccount));
  for (const skipped of targets.skipped)
    if (!options.quiet) io.stderr(`aws-audit: ${skippedLine(skipped)}\n`);
  for (const failure of result.failed)
    io.stderr(`aws-audit: account ${failureLine(failure).replace(/\s+FAILED\s+/, ' failed: ')}\n`);
  const problems = result.failed.length + result.notStarted.length + incomplete;
  return problems > 0 && !options.allowIncomplete ? ExitCode.Incomplete : ExitCode.Ok;
}
