// One account of a scan fan-out, as it finishes collecting: evaluate and review it (the same step
// as a single scan), write its reports to `<out-dir>/<account>/`, and keep only what the merged
// summary, the console and the gate need.
import { join } from 'node:path';
import type { AccountOutcome } from '../../collect/fan-out.js';
import { accountGate, type AccountGate, type GateOptions } from '../../engine/gate.js';
import type { ScanScope } from '../../engine/scan-scope.js';
import type { Rule } from '../../engine/types.js';
import { buildJsonReport } from '../../report/json-report.js';
import { loadedReport, type LoadedReport } from '../../report/merge.js';
import { REPORT_BASENAME, writeReports } from '../../report/write-reports.js';
import { evaluateAndReview } from '../scan-pipeline/evaluate.js';
import type { ScanOptions } from '../scan-pipeline/scan-options.js';
import type { ScannedAccount } from './org-console.js';
import { accountReview, type OrgReview } from './org-review.js';

/** What is kept of each scanned account (counts and the summary, never its findings). */
export interface OrgAccounts {
  loaded: LoadedReport[];
  scanned: ScannedAccount[];
  gates: AccountGate[];
}

export function accountScanner(input: {
  options: ScanOptions;
  rules: readonly Rule[];
  scope: ScanScope;
  startedAt: Date;
  review: OrgReview;
  gate: GateOptions;
}): { accounts: OrgAccounts; onAccount: (outcome: AccountOutcome) => Promise<void> } {
  const { options } = input;
  // JSON is always written: the merged summary is built from the per-account reports.
  const formats = [...new Set(['json', ...options.format.filter((f) => f !== 'console')])];
  const accounts: OrgAccounts = { loaded: [], scanned: [], gates: [] };
  const onAccount = async (outcome: AccountOutcome): Promise<void> => {
    if (outcome.kind === 'failed') return;
    const result = await evaluateAndReview({
      snapshot: outcome.snapshot,
      rules: input.rules,
      source: { kind: 'live' },
      startedAt: input.startedAt,
      scope: input.scope,
      review: await accountReview(input.review, outcome.accountId),
      minSeverity: options.minSeverity,
      workers: options.workers ?? 1,
    });
    // Never hand code scanning a partial account: its upload would close alerts it simply did
    // not see (sarif-github.md "Never upload a failed or partial scan").
    const sarifWithheld = !result.coverage.complete && !options.allowIncomplete;
    const accountFormats = sarifWithheld ? formats.filter((f) => f !== 'sarif') : formats;
    const outDir = join(options.outDir, outcome.accountId);
    const paths = await writeReports(result, accountFormats, outDir);
    // Only counts, failures and the summary are kept past this point: an organisation's snapshots
    // and findings never pile up in memory (each account's are freed once its reports are written).
    accounts.loaded.push(loadedReport(join(outDir, `${REPORT_BASENAME}.json`), buildJsonReport(result)));
    accounts.scanned.push({
      accountId: outcome.accountId,
      summary: result.summary,
      coverage: result.coverage,
      paths,
      sarifWithheld,
    });
    accounts.gates.push(accountGate(result, input.gate));
  };
  return { accounts, onAccount };
}
