// What `aws-audit merge` does (commands/merge.ts declares its flags): combine per-shard or
// per-account JSON reports into one merged summary, and gate on it like `scan` does: incomplete (3)
// beats failing findings (1) (README "Exit codes").
import { dirname } from 'node:path';
import type { Severity } from '../../engine/types.js';
import { severityRank } from '../../engine/types.js';
import {
  mergeReports,
  readReportFile,
  renderMergedReport,
  type LoadedReport,
  type MergedReport,
} from '../../report/merge.js';
import { modelFromMergedReport } from '../../report/html/model.js';
import { htmlReportPieces } from '../../report/html/render.js';
import { ensureDirectory, writeFileAtomic } from '../../util/atomic-file.js';
import { ExitCode, type ExitCodeValue } from '../../util/errors.js';
import type { CliIo } from '../io.js';

export interface MergeCommandOptions {
  out: string;
  /** Also write the merged report as one HTML page (account filter over every failure). */
  html?: string;
  expectAccounts?: string[];
  failOn?: Severity;
  allowIncomplete?: boolean;
  quiet?: boolean;
}

export async function runMerge(
  io: CliIo,
  files: readonly string[],
  options: MergeCommandOptions,
): Promise<number> {
  // Every input is read and validated before anything is written: a bad file leaves no output.
  const inputs: LoadedReport[] = [];
  for (const file of files) inputs.push(await readReportFile(file));
  const merged = mergeReports(
    inputs,
    options.expectAccounts ? { expectAccounts: options.expectAccounts } : {},
  );
  await ensureDirectory(dirname(options.out));
  await writeFileAtomic(options.out, renderMergedReport(merged));
  if (options.html !== undefined) {
    await ensureDirectory(dirname(options.html));
    await writeFileAtomic(options.html, htmlReportPieces(modelFromMergedReport(merged)));
  }
  if (!options.quiet) io.stdout(describeMerge(merged, options.out));
  return mergeExitCode(merged, options);
}

export function mergeExitCode(merged: MergedReport, options: MergeCommandOptions): ExitCodeValue {
  if (!merged.coverage.complete && !options.allowIncomplete) return ExitCode.Incomplete;
  const threshold = options.failOn;
  if (threshold && merged.failures.some((f) => severityRank(f.severity) >= severityRank(threshold)))
    return ExitCode.Findings;
  return ExitCode.Ok;
}

function describeMerge(merged: MergedReport, out: string): string {
  const { summary, coverage } = merged;
  const severities = (['critical', 'high', 'medium', 'low'] as const)
    .map((s) => `${summary.failingBySeverity[s]} ${s}`)
    .join(', ');
  const lines = [
    `Merged ${merged.inputs.length} report(s): ${summary.accounts} account(s), ${summary.total} finding(s); failing: ${severities}.`,
  ];
  if (coverage.complete) lines.push('Coverage: complete.');
  else {
    lines.push('Coverage: INCOMPLETE.');
    if (coverage.incompleteAccounts.length > 0)
      lines.push(`  incomplete accounts: ${coverage.incompleteAccounts.join(', ')}`);
    if (coverage.missingAccounts.length > 0)
      lines.push(`  accounts with no report: ${coverage.missingAccounts.join(', ')}`);
  }
  lines.push(`Wrote ${out}`);
  return `${lines.join('\n')}\n`;
}
