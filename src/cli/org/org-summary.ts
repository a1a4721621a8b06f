// Merging a fan-out: the per-account reports into `<out-dir>/aws-audit-summary.json` (the document
// `aws-audit merge` writes, plus the accounts that failed or were skipped).
import { join } from 'node:path';
import type { FanOutResult } from '../../collect/fan-out.js';
import {
  mergeReports,
  renderMergedReport,
  type LoadedReport,
  type MergedReport,
} from '../../report/merge.js';
import { ensureDirectory, writeFileAtomic } from '../../util/atomic-file.js';
import type { Targets } from './org-targets.js';

/** The merged summary of a fan-out, beside the per-account folders. */
export const SUMMARY_FILE = 'aws-audit-summary.json';

/** Writes the summary when any account was scanned; none scanned, nothing to merge. */
export async function writeOrgSummary(
  loaded: LoadedReport[],
  targets: Targets,
  outcome: FanOutResult,
  outDir: string,
): Promise<{ merged?: MergedReport; summaryPath?: string }> {
  if (loaded.length === 0) return {};
  loaded.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const merged = mergeReports(loaded, {
    expectAccounts: targets.accountIds,
    accountErrors: outcome.failed,
    skippedAccounts: targets.skipped,
  });
  const summaryPath = join(outDir, SUMMARY_FILE);
  await ensureDirectory(outDir);
  await writeFileAtomic(summaryPath, renderMergedReport(merged));
  return { merged, summaryPath };
}
