// The human summary: what was scanned, what changed (waivers, baseline), counts that add up, the
// worst findings grouped by rule with the fix, each unknown with its reason, coverage gaps, and as
// the last line why the exit code is what it is. Colour only when asked (the CLI decides: a TTY and
// no NO_COLOR); wrapped at the terminal width with a hanging indent (console-text.ts).
import { Chalk, type ChalkInstance } from 'chalk';
import { exitLine, type ExitDecision } from '../engine/gate.js';
import type { ScanResult } from '../engine/scan.js';
import { SEVERITIES, severityRank, type Finding, type Severity } from '../engine/types.js';
import { firstSentence, pluralise, wrapHanging } from './console-text.js';
import { brokenPathLine } from './path-line.js';

export interface ConsoleOptions {
  color: boolean;
  /** Terminal width to wrap at (default 100). */
  width?: number;
  /** How many findings to list per rule before "and N more" (default 3). */
  perRule?: number;
  reportPaths?: string[];
  /** The exit decision, printed as the last line. */
  exit?: ExitDecision;
}

const DEFAULT_WIDTH = 100;
const DEFAULT_PER_RULE = 3;
/** The width of `CRITICAL  `: findings' continuation lines start under their text. */
const TAG_WIDTH = 10;

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
const bySeverity = (a: Finding, b: Finding): number => severityRank(b.severity) - severityRank(a.severity);
const where = (finding: Finding): string => `${finding.resource.accountId}/${finding.resource.region}`;

interface Layout {
  chalk: ChalkInstance;
  width: number;
  perRule: number;
}

/** One finding: a coloured tag, then `account/region: message`, continuation lines under the text. */
function findingLines(layout: Layout, tag: string, tagText: string, finding: Finding): string[] {
  const prefix = `  ${tag}${' '.repeat(Math.max(1, TAG_WIDTH - tagText.length))}`;
  const prefixWidth = 2 + Math.max(tagText.length + 1, TAG_WIDTH);
  return wrapHanging(prefix, prefixWidth, `${where(finding)}: ${finding.message}`, layout.width);
}

function severityTag(layout: Layout, finding: Finding): string[] {
  const text = finding.severity.toUpperCase();
  return findingLines(layout, paint(layout.chalk, finding.severity, text), text, finding);
}

function header(result: ScanResult, layout: Layout): string[] {
  const { chalk, width } = layout;
  const source = result.source.kind === 'snapshot' ? `snapshot ${result.source.file}` : 'live account';
  const title = `aws-audit: ${source}, collected ${result.snapshot.collectedAt}`;
  const lines = wrapHanging('', 2, title, width).map((line) => chalk.bold(line));
  for (const account of result.snapshot.accounts) {
    const regions = account.regions.filter((r) => r.availability !== 'not-opted-in').map((r) => r.region);
    lines.push(
      `  account ${account.accountId} (${account.partition}): ${regions.join(', ') || 'no regions'}`,
    );
  }
  return lines;
}

/** The waivers file's effect: applied ones waive findings; expired and stale ones need attention. */
function waiverLines(result: ScanResult, layout: Layout): string[] {
  const { waivers } = result;
  if (!waivers) return [];
  const { chalk, width } = layout;
  const lines = [
    `Waivers ${waivers.file}: ${waivers.applied.length} applied, ` +
      `${waivers.expired.length > 0 ? chalk.yellow(`${waivers.expired.length} expired`) : '0 expired'}, ` +
      `${waivers.stale.length} stale; ${pluralise(result.summary.waived, 'finding')} waived`,
  ];
  for (const entry of waivers.expired)
    lines.push(
      ...wrapHanging(
        '  expired ',
        10,
        `waivers[${entry.waiverIndex}] ${entry.ruleId} on ${entry.expires ?? '?'}: ${entry.reason}`,
        width,
      ),
    );
  for (const entry of waivers.stale)
    lines.push(
      ...wrapHanging(
        '  stale   ',
        10,
        `waivers[${entry.waiverIndex}] ${entry.ruleId} matches no failing finding: ${entry.reason}`,
        width,
      ),
    );
  return lines;
}

/** The baseline diff: what changed since last time. */
function baselineLines(result: ScanResult, layout: Layout): string[] {
  const { baseline } = result;
  if (!baseline) return [];
  const { chalk, width, perRule } = layout;
  const limit = perRule * 3;
  const lines = [
    chalk.bold(`Since ${baseline.file}: `) +
      `${chalk.red(`${baseline.new} new`)}, ${baseline.unchanged} unchanged, ` +
      `${chalk.green(`${baseline.fixed.length} fixed`)}` +
      (baseline.unverified.length > 0 ? `, ${chalk.yellow(`${baseline.unverified.length} unverified`)}` : ''),
  ];
  const newFindings = result.findings.filter((f) => f.baseline === 'new' && !f.waiver).sort(bySeverity);
  for (const finding of newFindings.slice(0, limit)) {
    const text = `NEW ${finding.severity.toUpperCase()}`;
    const tag = `NEW ${paint(chalk, finding.severity, finding.severity.toUpperCase())}`;
    lines.push(
      ...wrapHanging(
        `  ${tag}${' '.repeat(Math.max(1, 14 - text.length))}`,
        16,
        `${finding.ruleId} ${where(finding)}: ${finding.message}`,
        width,
      ),
    );
  }
  if (newFindings.length > limit)
    lines.push(`  … and ${newFindings.length - limit} more new in the JSON report`);
  for (const entry of baseline.fixed.slice(0, limit)) {
    const text = `FIXED ${entry.severity.toUpperCase()}`;
    lines.push(
      ...wrapHanging(
        `  ${chalk.green('FIXED')} ${entry.severity.toUpperCase()}${' '.repeat(Math.max(1, 14 - text.length))}`,
        16,
        `${entry.ruleId}: ${entry.message}`,
        width,
      ),
    );
  }
  if (baseline.fixed.length > limit)
    lines.push(`  … and ${baseline.fixed.length - limit} more fixed in the JSON report`);
  return lines;
}

/** Totals that add up: pass + fail + waived + unknown = results; fail here means not waived. */
function countLines(result: ScanResult, chalk: ChalkInstance): string[] {
  const { summary } = result;
  const open = summary.byStatus.fail - summary.waived;
  const severities = [...SEVERITIES]
    .reverse()
    .map((s) => paint(chalk, s, `${s} ${summary.failingBySeverity[s]}`))
    .join('  ');
  const hidden = result.belowMinimum
    ? [
        `Left out: ${pluralise(result.belowMinimum.hidden, 'result')} below ${result.belowMinimum.minSeverity} ` +
          `(--min-severity ${result.belowMinimum.minSeverity})`,
      ]
    : [];
  return [
    ...hidden,
    `${pluralise(result.rules.length, 'rule')}, ${pluralise(summary.total, 'result')}: ` +
      `${chalk.green(`${summary.byStatus.pass} pass`)}, ${chalk.red(`${open} fail`)}, ` +
      `${summary.waived} waived, ${chalk.yellow(`${summary.byStatus.unknown} unknown`)}`,
    `Failing by severity (not waived): ${severities}`,
  ];
}

function ruleTable(result: ScanResult, chalk: ChalkInstance): string[] {
  const { summary } = result;
  const waivedByRule = new Map<string, number>();
  for (const f of result.findings)
    if (f.waiver) waivedByRule.set(f.ruleId, (waivedByRule.get(f.ruleId) ?? 0) + 1);
  const ids = Object.keys(summary.byRule);
  const width = Math.max(4, ...ids.map((id) => id.length)) + 2;
  const row = (
    id: string,
    pass: string | number,
    fail: string | number,
    waived: string | number,
    unknown: string | number,
  ): string =>
    `${pad(id, width)}${padLeft(pass, 6)}${padLeft(fail, 6)}${padLeft(waived, 8)}${padLeft(unknown, 9)}`;
  const lines = [chalk.bold(row('RULE', 'PASS', 'FAIL', 'WAIVED', 'UNKNOWN'))];
  for (const id of ids) {
    const counts = summary.byRule[id];
    if (!counts) continue;
    const waived = waivedByRule.get(id) ?? 0;
    lines.push(row(id, counts.pass, counts.fail - waived, waived, counts.unknown));
  }
  return lines;
}

/** Findings of one status, grouped by rule; rules in order of their worst finding, then count. */
function groupByRule(findings: readonly Finding[]): [string, Finding[]][] {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = groups.get(finding.ruleId);
    if (list) list.push(finding);
    else groups.set(finding.ruleId, [finding]);
  }
  for (const list of groups.values()) list.sort(bySeverity);
  return [...groups].sort(
    ([, a], [, b]) =>
      severityRank(b[0]?.severity ?? 'low') - severityRank(a[0]?.severity ?? 'low') || b.length - a.length,
  );
}

function severityBreakdown(findings: readonly Finding[]): string {
  return [...SEVERITIES]
    .reverse()
    .map((s) => [s, findings.filter((f) => f.severity === s).length] as const)
    .filter(([, count]) => count > 0)
    .map(([s, count]) => `${count} ${s}`)
    .join(', ');
}

/** Failing, unwaived findings: per rule its worst few, "and N more", the fix and its page. */
function failingLines(result: ScanResult, layout: Layout): string[] {
  const failing = result.findings.filter((f) => f.status === 'fail' && !f.waiver);
  if (failing.length === 0) return [];
  const { chalk, width, perRule } = layout;
  const metaById = new Map(result.rules.map((rule) => [rule.meta.id, rule.meta]));
  const lines = [chalk.bold('Failing findings, worst first, by rule:')];
  for (const [ruleId, findings] of groupByRule(failing)) {
    const meta = metaById.get(ruleId);
    lines.push('');
    lines.push(`${chalk.bold(ruleId)} (${severityBreakdown(findings)})`);
    for (const finding of findings.slice(0, perRule)) {
      lines.push(...severityTag(layout, finding));
      // A path finding shows where the path broke (src/findings/path.ts).
      const path = brokenPathLine(finding.evidence, chalk);
      if (path !== undefined) lines.push(...wrapHanging('    path: ', 10, path, width));
    }
    if (findings.length > perRule) lines.push(`  … and ${findings.length - perRule} more in the JSON report`);
    if (meta) {
      lines.push(...wrapHanging(`  ${chalk.green('Fix:')}  `, 8, firstSentence(meta.remediation), width));
      lines.push(`  Docs: rules/${ruleId}.md`);
    }
  }
  return lines;
}

/** Unknown results: the rule could not decide; each message says what was missing. */
function unknownLines(result: ScanResult, layout: Layout): string[] {
  const unknown = result.findings.filter((f) => f.status === 'unknown');
  if (unknown.length === 0) return [];
  const { chalk, perRule } = layout;
  const lines = [chalk.bold(`Unknown (${unknown.length}): the rule could not decide, and says why:`)];
  for (const [ruleId, findings] of groupByRule(unknown)) {
    lines.push('');
    lines.push(chalk.bold(ruleId));
    for (const finding of findings.slice(0, perRule))
      lines.push(...findingLines(layout, chalk.yellow('UNKNOWN'), 'UNKNOWN', finding));
    if (findings.length > perRule) lines.push(`  … and ${findings.length - perRule} more in the JSON report`);
  }
  return lines;
}

const MAX_GAPS = 20;

function coverageLines(result: ScanResult, layout: Layout): string[] {
  const { coverage } = result;
  const { chalk, width } = layout;
  if (coverage.complete && coverage.gaps.length === 0) return [chalk.green('Coverage: complete.')];
  const label = coverage.complete ? 'Coverage: complete, with skipped data' : 'Coverage: INCOMPLETE';
  const lines = [coverage.complete ? chalk.yellow(label) : chalk.red.bold(label)];
  for (const gap of coverage.gaps.slice(0, MAX_GAPS)) {
    const error = coverage.collectionErrors.find(
      (e) => e.accountId === gap.accountId && e.region === gap.region && e.kinds.includes(gap.kind),
    );
    const why = error ? ` (${error.code} on ${error.service}:${error.operation})` : '';
    lines.push(
      ...wrapHanging(
        '  ',
        4,
        `${gap.accountId}/${gap.region} ${gap.kind} ${gap.state}${why}; affects ${gap.rules.join(', ')}`,
        width,
      ),
    );
  }
  if (coverage.gaps.length > MAX_GAPS)
    lines.push(`  … and ${coverage.gaps.length - MAX_GAPS} more gaps in the JSON report`);
  for (const error of coverage.ruleErrors)
    lines.push(
      ...wrapHanging(
        '  ',
        4,
        `rule ${error.ruleId} failed in ${error.accountId}/${error.region}: ${error.message}`,
        width,
      ),
    );
  return lines;
}

/** Sections separated by one blank line; empty sections leave no gap. */
function joinSections(sections: string[][]): string {
  return `${sections
    .filter((section) => section.length > 0)
    .map((section) => section.join('\n'))
    .join('\n\n')}\n`;
}

export function renderConsoleSummary(result: ScanResult, options: ConsoleOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const layout: Layout = {
    chalk,
    width: options.width ?? DEFAULT_WIDTH,
    perRule: options.perRule ?? DEFAULT_PER_RULE,
  };
  return joinSections([
    header(result, layout),
    waiverLines(result, layout),
    baselineLines(result, layout),
    countLines(result, chalk),
    ruleTable(result, chalk),
    failingLines(result, layout),
    unknownLines(result, layout),
    coverageLines(result, layout),
    options.reportPaths && options.reportPaths.length > 0
      ? wrapHanging('Reports: ', 9, options.reportPaths.join(', '), layout.width)
      : [],
    options.exit ? [exitLine(options.exit)] : [],
  ]);
}
