// `--format csv`: one row per finding for spreadsheets (README "Report formats" lists the columns).
// RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a comma, quote, CR or LF,
// quotes doubled. Values come from the audited account (names, tags, descriptions), which anyone
// with write access there controls, so a cell that a spreadsheet would read as a formula
// (=, +, -, @, tab, CR first: OWASP "CSV Injection") is prefixed with a single quote.
import type { ScanResult } from '../engine/scan.js';
import type { Finding, RuleMeta } from '../engine/types.js';
import { requireAllFindings } from './json-report.js';

/** The columns, in order; a public contract like the JSON report's field names. */
export const CSV_COLUMNS = [
  'ruleId',
  'status',
  'severity',
  'accountId',
  'region',
  'resourceType',
  'resourceId',
  'resourceName',
  'resourceArn',
  'message',
  'evidence',
  'remediation',
  'waived',
  'baseline',
  'fingerprint',
] as const;

/** Evidence summaries in one cell, separated by this (a line break would split rows in many tools). */
const EVIDENCE_SEPARATOR = ' | ';

/** A cell a spreadsheet shows as text, never runs as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function row(cells: readonly string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** The header row: the columns' names. */
export const CSV_HEADER_ROW = row(CSV_COLUMNS);

/** One finding's row (a streamed report writes them as findings are evaluated, finding-spill.ts). */
export function csvFindingRow(finding: Finding, rule: RuleMeta | undefined): string {
  const { resource } = finding;
  const cells: Record<(typeof CSV_COLUMNS)[number], string> = {
    ruleId: finding.ruleId,
    status: finding.status,
    severity: finding.severity,
    accountId: resource.accountId,
    region: resource.region,
    resourceType: resource.type,
    resourceId: resource.id,
    resourceName: resource.name ?? '',
    resourceArn: resource.arn,
    message: finding.message,
    evidence: finding.evidence.map((e) => e.summary).join(EVIDENCE_SEPARATOR),
    remediation: rule?.remediation ?? '',
    waived: finding.waiver?.reason ?? '',
    baseline: finding.baseline ?? '',
    fingerprint: finding.fingerprint,
  };
  return row(CSV_COLUMNS.map((column) => cells[column]));
}

/** The CSV file in pieces, one row each, so any number of findings can be written. */
export function csvReportPieces(result: ScanResult): Generator<string> {
  requireAllFindings(result, 'the CSV report');
  return csvPieces(result);
}

function* csvPieces(result: ScanResult): Generator<string> {
  const rules = new Map(result.rules.map((rule) => [rule.meta.id, rule.meta]));
  yield CSV_HEADER_ROW;
  for (const finding of result.findings) yield csvFindingRow(finding, rules.get(finding.ruleId));
}
