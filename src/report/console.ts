// The human summary: counts by severity and rule, the worst findings, coverage gaps. Colour only
// when asked (the CLI decides: a TTY and no NO_COLOR).
import { Chalk, type ChalkInstance } from 'chalk';
import type { ScanResult } from '../engine/scan.js';
import { SEVERITIES, severityRank, type Finding, type Severity } from '../engine/types.js';

export interface ConsoleOptions {
  color: boolean;
  /** How many failing findings to list. */
  worst?: number;
  reportPaths?: string[];
}

function paint(chalk: ChalkInstance, severity: Severity, text: string): string {
  switch (severity) {
    case 'critical':
      return chalk.bgRed.white.bold(text);
    case 'high':
      return chalk.red.bold(text);
    case 'medium':
      return chalk.yellow(text);
    case 'low':
      return chalk.cyan(text);
  }
}

const pad = (text: string, width: number): string => text.padEnd(width);
const padLeft = (text: string | number, width: number): string => String(text).padStart(width);

function worstFindings(findings: readonly Finding[], count: number): Finding[] {
  return findings
    .filter((f) => f.status === 'fail' && !f.waiver)
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity))
    .slice(0, count);
}

export function renderConsoleSummary(result: ScanResult, options: ConsoleOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const lines: string[] = [];
  const { summary, coverage } = result;
  const source = result.source.kind === 'snapshot' ? `snapshot ${result.source.file}` : 'live account';
  lines.push(chalk.bold(`aws-audit: ${source}, collected ${result.snapshot.collectedAt}`));
  for (const account of result.snapshot.accounts) {
    const regions = account.regions.filter((r) => r.availability !== 'not-opted-in').map((r) => r.region);
    lines.push(
      `  account ${account.accountId} (${account.partition}): ${regions.join(', ') || 'no regions'}`,
    );
  }
  lines.push('');
  lines.push(
    `${result.rules.length} rules, ${summary.total} results: ` +
      `${chalk.green(`${summary.byStatus.pass} pass`)}, ${chalk.red(`${summary.byStatus.fail} fail`)}, ` +
      `${chalk.yellow(`${summary.byStatus.unknown} unknown`)}` +
      (summary.waived > 0 ? `, ${summary.waived} waived` : ''),
  );
  const bySeverity = [...SEVERITIES]
    .reverse()
    .map((s) => paint(chalk, s, `${s} ${summary.failingBySeverity[s]}`))
    .join('  ');
  lines.push(`Failing by severity: ${bySeverity}`);
  lines.push('');

  const ids = Object.keys(summary.byRule);
  const width = Math.max(4, ...ids.map((id) => id.length)) + 2;
  lines.push(
    chalk.bold(`${pad('RULE', width)}${padLeft('PASS', 6)}${padLeft('FAIL', 6)}${padLeft('UNKNOWN', 9)}`),
  );
  for (const id of ids) {
    const counts = summary.byRule[id];
    if (!counts) continue;
    lines.push(
      `${pad(id, width)}${padLeft(counts.pass, 6)}${padLeft(counts.fail, 6)}${padLeft(counts.unknown, 9)}`,
    );
  }

  const worst = worstFindings(result.findings, options.worst ?? 10);
  if (worst.length > 0) {
    lines.push('');
    lines.push(chalk.bold('Worst findings:'));
    for (const finding of worst) {
      const tag = paint(chalk, finding.severity, finding.severity.toUpperCase().padEnd(8));
      lines.push(`  ${tag} ${finding.ruleId}: ${finding.message}`);
    }
    const more = summary.byStatus.fail - summary.waived - worst.length;
    if (more > 0) lines.push(`  … and ${more} more in the JSON report`);
  }

  lines.push('');
  if (coverage.complete && coverage.gaps.length === 0) {
    lines.push(chalk.green('Coverage: complete.'));
  } else {
    const label = coverage.complete ? 'Coverage: complete, with skipped data' : 'Coverage: INCOMPLETE';
    lines.push(coverage.complete ? chalk.yellow(label) : chalk.red.bold(label));
    for (const gap of coverage.gaps.slice(0, 20)) {
      const error = coverage.collectionErrors.find(
        (e) => e.accountId === gap.accountId && e.region === gap.region && e.kinds.includes(gap.kind),
      );
      const why = error ? ` (${error.code} on ${error.service}:${error.operation})` : '';
      lines.push(
        `  ${gap.accountId}/${gap.region} ${gap.kind} ${gap.state}${why}; affects ${gap.rules.join(', ')}`,
      );
    }
    if (coverage.gaps.length > 20)
      lines.push(`  … and ${coverage.gaps.length - 20} more gaps in the JSON report`);
    for (const error of coverage.ruleErrors) {
      lines.push(`  rule ${error.ruleId} failed in ${error.accountId}/${error.region}: ${error.message}`);
    }
  }
  if (options.reportPaths && options.reportPaths.length > 0) {
    lines.push('');
    lines.push(`Reports: ${options.reportPaths.join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}
