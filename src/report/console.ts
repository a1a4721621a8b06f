// The human summary: counts by severity and rule, the worst findings, coverage gaps. Colour only
// when asked (the CLI decides: a TTY and no NO_COLOR).
import { Chalk, type ChalkInstance } from 'chalk';
import type { ScanResult } from '../engine/scan.js';
import { SEVERITIES, severityRank, type Finding, type Severity } from '../engine/types.js';
import { brokenPathLine } from './path-line.js';

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

/** The baseline diff and waiver notices: what changed since last time comes first. */
function reviewLines(result: ScanResult, chalk: ChalkInstance, limit: number): string[] {
  const lines: string[] = [];
  const { baseline, waivers } = result;
  if (baseline) {
    const newFindings = result.findings.filter((f) => f.baseline === 'new' && !f.waiver);
    lines.push(
      chalk.bold(`Since ${baseline.file}: `) +
        `${chalk.red(`${baseline.new} new`)}, ${baseline.unchanged} unchanged, ` +
        `${chalk.green(`${baseline.fixed.length} fixed`)}` +
        (baseline.unverified.length > 0
          ? `, ${chalk.yellow(`${baseline.unverified.length} unverified`)}`
          : ''),
    );
    const sorted = [...newFindings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
    for (const finding of sorted.slice(0, limit)) {
      const tag = paint(chalk, finding.severity, finding.severity.toUpperCase().padEnd(8));
      lines.push(`  NEW   ${tag} ${finding.ruleId}: ${finding.message}`);
    }
    if (sorted.length > limit) lines.push(`  … and ${sorted.length - limit} more new in the JSON report`);
    for (const entry of baseline.fixed.slice(0, limit))
      lines.push(
        `  ${chalk.green('FIXED')} ${entry.severity.toUpperCase().padEnd(8)} ${entry.ruleId}: ${entry.message}`,
      );
    if (baseline.fixed.length > limit)
      lines.push(`  … and ${baseline.fixed.length - limit} more fixed in the JSON report`);
    lines.push('');
  }
  if (waivers) {
    lines.push(
      `Waivers ${waivers.file}: ${waivers.applied.length} applied, ` +
        `${waivers.expired.length > 0 ? chalk.yellow(`${waivers.expired.length} expired`) : '0 expired'}, ` +
        `${waivers.stale.length} stale`,
    );
    for (const entry of waivers.expired)
      lines.push(
        `  expired waivers[${entry.waiverIndex}] ${entry.ruleId} on ${entry.expires ?? '?'}: ${entry.reason}`,
      );
    for (const entry of waivers.stale)
      lines.push(
        `  stale   waivers[${entry.waiverIndex}] ${entry.ruleId} matches no failing finding: ${entry.reason}`,
      );
    lines.push('');
  }
  return lines;
}

export function renderConsoleSummary(result: ScanResult, options: ConsoleOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const lines: string[] = reviewLines(result, chalk, options.worst ?? 10);
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
      const path = brokenPathLine(finding.evidence, chalk);
      if (path !== undefined) lines.push(`           path: ${path}`);
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
