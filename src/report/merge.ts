// Merging per-shard / per-account JSON reports into one summary (`aws-audit merge`). The merged
// document answers the questions a sharded nightly run leaves open: which accounts were scanned,
// was every one of them covered, what fails where. Its schema is `merge-schema.ts`.
import type { Finding, Severity, Status } from '../engine/types.js';
import { SEVERITIES, severityRank } from '../engine/types.js';
import { TOOL_NAME, TOOL_VERSION, PROJECT_URL } from '../tool-info.js';
import { UserError } from '../util/errors.js';
import type { JsonReport } from './json-report.js';
import { readCheckedReport, reportFileErrors } from './validate-report.js';

export const MERGED_REPORT_VERSION = 1;

/** A report without its findings: what merging needs besides their tally. */
export type ReportHead = Omit<JsonReport, 'findings'>;

/** One input of a merge: a report's head and its findings counted, never the findings themselves. */
export interface LoadedReport {
  /** The path as the user gave it: named in errors and recorded in `inputs`. */
  file: string;
  report: ReportHead;
  tally: FindingTally;
}

/** Per-account counts and the failing, unwaived findings of one report. */
export interface FindingTally {
  accounts: Map<string, { byStatus: StatusCounts; failingBySeverity: SeverityCounts; waived: number }>;
  failures: MergedFailure[];
}

type StatusCounts = Record<Status, number>;
type SeverityCounts = Record<Severity, number>;

export interface MergedAccount {
  accountId: string;
  partition: string;
  regions: string[];
  /** The input report this account came from. */
  file: string;
  /** No failed/not-collected gap and no rule error for this account. */
  complete: boolean;
  byStatus: StatusCounts;
  failingBySeverity: SeverityCounts;
  waived: number;
}

/** An account a fan-out could not scan (src/collect/fan-out.ts `AccountFailure`). */
export interface MergedAccountError {
  accountId: string;
  roleArn: string;
  stage: 'assume-role' | 'identity' | 'collect';
  category: string;
  code: string;
  message: string;
}

export interface MergedSkippedAccount {
  accountId: string;
  state: string;
  name?: string;
}

export interface MergedFailure {
  accountId: string;
  region: string;
  ruleId: string;
  severity: Severity;
  resourceArn: string;
  resourceId: string;
  message: string;
  fingerprint: string;
  baseline?: 'new' | 'unchanged';
}

export interface MergedReport {
  mergedReportVersion: typeof MERGED_REPORT_VERSION;
  tool: { name: string; version: string; informationUri: string };
  mergedAt: string;
  inputs: {
    file: string;
    toolVersion: string;
    startedAt: string;
    finishedAt: string;
    complete: boolean;
    accounts: string[];
  }[];
  scan: { startedAt: string; finishedAt: string; rules: string[]; complete: boolean };
  coverage: {
    complete: boolean;
    incompleteAccounts: string[];
    /** Accounts named with `--expect-accounts` that no input report covers. */
    missingAccounts: string[];
    gaps: number;
    collectionErrors: number;
    ruleErrors: number;
    /** Fan-out only: accounts that could not be scanned, and why (they are also missing). */
    accountErrors?: MergedAccountError[];
    /** Fan-out only: accounts left out on purpose (suspended, closing); not a coverage gap. */
    skippedAccounts?: MergedSkippedAccount[];
  };
  accounts: MergedAccount[];
  summary: {
    accounts: number;
    total: number;
    byStatus: StatusCounts;
    failingBySeverity: SeverityCounts;
    waived: number;
    byRule: Record<string, StatusCounts>;
    byAccount: Record<string, { byStatus: StatusCounts; failingBySeverity: SeverityCounts }>;
  };
  /** Failing, unwaived findings: worst first, then by account, region, rule, resource. */
  failures: MergedFailure[];
}

/**
 * Reads and validates one input; any problem names the file (exit 2). Findings are checked and
 * counted as they are read and then dropped, so merging a million-finding report keeps only its
 * failures (BENCHMARKS.md).
 */
export async function readReportFile(file: string): Promise<LoadedReport> {
  const tally = new FindingTallier();
  const { findings: _none, ...report } = await readCheckedReport(
    file,
    (finding) => {
      tally.add(finding);
      return false;
    },
    reportFileErrors(file),
  );
  return { file, report, tally: tally.result() };
}

/** A report already in memory (an account the fan-out just scanned), tallied the same way. */
export function loadedReport(file: string, { findings, ...report }: JsonReport): LoadedReport {
  const tally = new FindingTallier();
  for (const finding of findings) tally.add(finding);
  return { file, report, tally: tally.result() };
}

class FindingTallier {
  private readonly accounts: FindingTally['accounts'] = new Map();
  private readonly failures: MergedFailure[] = [];

  add(finding: Finding): void {
    const { accountId } = finding.resource;
    let account = this.accounts.get(accountId);
    if (account === undefined) {
      account = { byStatus: zeroStatus(), failingBySeverity: zeroSeverity(), waived: 0 };
      this.accounts.set(accountId, account);
    }
    account.byStatus[finding.status] += 1;
    if (finding.waiver) {
      account.waived += 1;
      return;
    }
    if (finding.status !== 'fail') return;
    account.failingBySeverity[finding.severity] += 1;
    const failure: MergedFailure = {
      accountId,
      region: finding.resource.region,
      ruleId: finding.ruleId,
      severity: finding.severity,
      resourceArn: finding.resource.arn,
      resourceId: finding.resource.id,
      message: finding.message,
      fingerprint: finding.fingerprint,
    };
    if (finding.baseline) failure.baseline = finding.baseline;
    this.failures.push(failure);
  }

  result(): FindingTally {
    return { accounts: this.accounts, failures: this.failures };
  }
}

const zeroStatus = (): StatusCounts => ({ pass: 0, fail: 0, unknown: 0 });
const zeroSeverity = (): SeverityCounts =>
  Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;

function addInto<K extends string>(target: Record<K, number>, source: Record<K, number>): void {
  for (const key of Object.keys(source) as K[]) target[key] += source[key];
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareFailures(a: MergedFailure, b: MergedFailure): number {
  return (
    severityRank(b.severity) - severityRank(a.severity) ||
    byCodeUnits(a.accountId, b.accountId) ||
    byCodeUnits(a.region, b.region) ||
    byCodeUnits(a.ruleId, b.ruleId) ||
    byCodeUnits(a.resourceArn, b.resourceArn)
  );
}

export interface MergeOptions {
  /** Accounts the run was asked to cover: any not found in the inputs makes the merge incomplete. */
  expectAccounts?: readonly string[];
  mergedAt?: Date;
  /** Fan-out: accounts that failed, recorded with their error; each also counts as missing. */
  accountErrors?: readonly MergedAccountError[];
  /** Fan-out: accounts skipped on purpose, recorded only. */
  skippedAccounts?: readonly MergedSkippedAccount[];
}

/** Pure: combines validated reports. An account present in two inputs is an error (double count). */
export function mergeReports(inputs: readonly LoadedReport[], options: MergeOptions = {}): MergedReport {
  if (inputs.length === 0) throw new UserError('merge: no input reports');
  const owner = new Map<string, string>();
  const accounts: MergedAccount[] = [];
  const byRule: Record<string, StatusCounts> = {};
  const failures: MergedFailure[] = [];
  const rules = new Set<string>();
  let gaps = 0;
  let collectionErrors = 0;
  let ruleErrors = 0;

  for (const { file, report, tally } of inputs) {
    for (const id of report.scan.rules) rules.add(id);
    for (const [ruleId, counts] of Object.entries(report.summary.byRule))
      addInto((byRule[ruleId] ??= zeroStatus()), counts);
    const incompleteHere = new Set<string>([
      ...report.coverage.gaps.filter((gap) => gap.state !== 'skipped').map((gap) => gap.accountId),
      ...report.coverage.ruleErrors.map((error) => error.accountId),
    ]);
    gaps += report.coverage.gaps.filter((gap) => gap.state !== 'skipped').length;
    collectionErrors += report.coverage.collectionErrors.length;
    ruleErrors += report.coverage.ruleErrors.length;

    const perAccount = new Map<string, MergedAccount>();
    for (const scanned of report.scan.accounts) {
      const previous = owner.get(scanned.accountId);
      if (previous !== undefined)
        throw new UserError(
          `report ${file}: account ${scanned.accountId} is also in ${previous}; each account must come from exactly one report`,
        );
      owner.set(scanned.accountId, file);
      const account: MergedAccount = {
        accountId: scanned.accountId,
        partition: scanned.partition,
        regions: [...scanned.regions],
        file,
        // An incomplete report that names no account's gap is taken at its word for all of them.
        complete: !incompleteHere.has(scanned.accountId) && (report.scan.complete || incompleteHere.size > 0),
        byStatus: zeroStatus(),
        failingBySeverity: zeroSeverity(),
        waived: 0,
      };
      perAccount.set(scanned.accountId, account);
      accounts.push(account);
    }
    for (const [accountId, counts] of tally.accounts) {
      const account = perAccount.get(accountId);
      if (account === undefined)
        throw new UserError(
          `report ${file}: a finding names account ${accountId}, which the report's scan.accounts does not list`,
        );
      addInto(account.byStatus, counts.byStatus);
      addInto(account.failingBySeverity, counts.failingBySeverity);
      account.waived += counts.waived;
    }
    // One by one: spreading hundreds of thousands of arguments overflows the stack.
    for (const failure of tally.failures) failures.push(failure);
  }

  accounts.sort((a, b) => byCodeUnits(a.accountId, b.accountId));
  failures.sort(compareFailures);
  const expected = [
    ...(options.expectAccounts ?? []),
    ...(options.accountErrors ?? []).map((error) => error.accountId),
  ];
  const missingAccounts = [...new Set(expected)].filter((id) => !owner.has(id)).sort();
  const incompleteAccounts = accounts.filter((account) => !account.complete).map((a) => a.accountId);
  const complete =
    inputs.every(({ report }) => report.scan.complete) &&
    incompleteAccounts.length === 0 &&
    missingAccounts.length === 0;

  const byStatus = zeroStatus();
  const failingBySeverity = zeroSeverity();
  const byAccount: MergedReport['summary']['byAccount'] = {};
  let waived = 0;
  for (const account of accounts) {
    addInto(byStatus, account.byStatus);
    addInto(failingBySeverity, account.failingBySeverity);
    waived += account.waived;
    byAccount[account.accountId] = {
      byStatus: { ...account.byStatus },
      failingBySeverity: { ...account.failingBySeverity },
    };
  }
  const startedAt = inputs.map(({ report }) => report.scan.startedAt).sort()[0] ?? '';
  const finishedAt =
    inputs
      .map(({ report }) => report.scan.finishedAt)
      .sort()
      .at(-1) ?? '';

  return {
    mergedReportVersion: MERGED_REPORT_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION, informationUri: PROJECT_URL },
    mergedAt: (options.mergedAt ?? new Date()).toISOString(),
    inputs: inputs.map(({ file, report }) => ({
      file,
      toolVersion: report.tool.version,
      startedAt: report.scan.startedAt,
      finishedAt: report.scan.finishedAt,
      complete: report.scan.complete,
      accounts: report.scan.accounts.map((account) => account.accountId),
    })),
    scan: { startedAt, finishedAt, rules: [...rules].sort(), complete },
    coverage: {
      complete,
      incompleteAccounts,
      missingAccounts,
      gaps,
      collectionErrors,
      ruleErrors,
      ...(options.accountErrors?.length && {
        accountErrors: [...options.accountErrors].sort((a, b) => byCodeUnits(a.accountId, b.accountId)),
      }),
      ...(options.skippedAccounts?.length && {
        skippedAccounts: [...options.skippedAccounts].sort((a, b) => byCodeUnits(a.accountId, b.accountId)),
      }),
    },
    accounts,
    summary: {
      accounts: accounts.length,
      total: byStatus.pass + byStatus.fail + byStatus.unknown,
      byStatus,
      failingBySeverity,
      waived,
      byRule,
      byAccount,
    },
    failures,
  };
}

export function renderMergedReport(report: MergedReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
