// What a fan-out prints: one line per account (scanned, failed, skipped, not started), the totals
// over the merged summary, and the exit line; failures also go to stderr.
import type { AccountFailure, AccountOutcome } from '../../collect/fan-out.js';
import type { FanOutResult } from '../../collect/fan-out.js';
import type { SkippedAccount } from '../../collect/organization.js';
import { exitLine, type ExitDecision } from '../../engine/gate.js';
import type { ScanResult } from '../../engine/scan.js';
import type { MergedReport } from '../../report/merge.js';
import type { CliIo } from '../io.js';

export type { AccountOutcome };

export interface ScannedAccount {
  accountId: string;
  summary: ScanResult['summary'];
  coverage: ScanResult['coverage'];
  paths: string[];
  sarifWithheld: boolean;
}

export function failureLine(failure: AccountFailure): string {
  return `${failure.accountId}  FAILED     ${failure.stage} ${failure.code} (${failure.category}): ${failure.message}`;
}

export function skippedLine(skipped: SkippedAccount): string {
  return `${skipped.accountId}  skipped    ${skipped.state}${skipped.name ? ` (${skipped.name})` : ''}`;
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

export interface OrgConsoleInputs {
  scanned: readonly ScannedAccount[];
  outcome: FanOutResult;
  skipped: readonly SkippedAccount[];
  merged: MergedReport | undefined;
  summaryPath: string | undefined;
  exit: ExitDecision;
}

/** The fan-out's console summary (`--format console`), accounts in id order. */
export function renderOrgConsole(input: OrgConsoleInputs): string {
  const lines: string[] = [];
  const byId = new Map<string, string>();
  for (const account of input.scanned) byId.set(account.accountId, scannedLine(account));
  for (const failure of input.outcome.failed) byId.set(failure.accountId, failureLine(failure));
  for (const skipped of input.skipped) byId.set(skipped.accountId, skippedLine(skipped));
  for (const id of input.outcome.notStarted) byId.set(id, `${id}  not started (interrupted)`);
  for (const id of [...byId.keys()].sort()) lines.push(byId.get(id) as string);
  lines.push(
    '',
    ...totalsLines(input.merged, input.outcome.failed.length, input.skipped.length, input.summaryPath),
  );
  lines.push('', exitLine(input.exit));
  return `${lines.join('\n')}\n`;
}

/** Failures also go to stderr, so a job log that hides stdout still says which account and why. */
export function reportFailures(io: CliIo, failed: readonly AccountFailure[]): void {
  for (const failure of failed)
    io.stderr(`aws-audit: account ${failureLine(failure).replace(/\s+FAILED\s+/, ' failed: ')}\n`);
}
