// The JSON report: the full result, versioned. Field names are a public contract (README
// "Report formats"); `report-schema.ts` is its JSON Schema and tests validate real output with it.
import { jsonFilePieces } from '../util/json-pieces.js';
import type { Coverage } from '../engine/coverage.js';
import type { ScanResult } from '../engine/scan.js';
import type { Summary } from '../engine/summary.js';
import type { BaselineReport } from '../engine/baseline.js';
import type { WaiverReport } from '../engine/waivers.js';
import type { ScanScope } from '../engine/scan-scope.js';
import type { Finding, RuleMeta, RuleReferences, Severity } from '../engine/types.js';
import { TOOL_NAME, TOOL_VERSION, PROJECT_URL, ruleDocUrl } from '../tool-info.js';

export const REPORT_VERSION = 1;

export interface ReportRule {
  id: string;
  title: string;
  severity: Severity;
  service: string;
  resourceType: string;
  description: string;
  risk: string;
  remediation: string;
  references: RuleReferences;
  precision: string;
  /** The rule's page in the repository package.json declares; absent while it declares none. */
  helpUri?: string;
}

/** A finding as the JSON report writes it: the rule's remediation and page copied in, so no join is needed. */
export type ReportFinding = Finding & { remediation: string; helpUri?: string };

export interface JsonReport {
  reportVersion: typeof REPORT_VERSION;
  tool: { name: string; version: string; informationUri: string };
  scan: {
    startedAt: string;
    finishedAt: string;
    source: 'snapshot' | 'live';
    snapshotFile?: string;
    /** Present (true) when `scan --snapshot` without `--rules` ran only the rules the snapshot was collected for. */
    rulesFromSnapshot?: true;
    collectedAt: string;
    partition: string;
    accounts: { accountId: string; partition: string; regions: string[] }[];
    rules: string[];
    complete: boolean;
    /** Regions and rules asked for against the full scope: only a full scan stands for the account. */
    scope: ScanScope;
  };
  coverage: Coverage;
  rules: ReportRule[];
  summary: Summary;
  /** Present with `--waivers`: which waivers applied, expired, or matched nothing. */
  waivers?: WaiverReport;
  /** Present with `--baseline`: new/unchanged counts and the findings fixed since. */
  baseline?: BaselineReport;
  findings: ReportFinding[];
}

export function reportRule(meta: RuleMeta): ReportRule {
  const rule: ReportRule = {
    id: meta.id,
    title: meta.title,
    severity: meta.severity,
    service: meta.service,
    resourceType: meta.resourceType,
    description: meta.description,
    risk: meta.risk,
    remediation: meta.remediation,
    references: meta.references,
    precision: meta.precision,
  };
  const helpUri = ruleDocUrl(meta.id);
  if (helpUri !== undefined) rule.helpUri = helpUri;
  return rule;
}

/** A finding with its rule's remediation and page (a shallow copy: the engine's stay frozen). */
export function reportFinding(finding: Finding, rule: ReportRule | undefined): ReportFinding {
  const guidance: { remediation: string; helpUri?: string } = { remediation: rule?.remediation ?? '' };
  if (rule?.helpUri !== undefined) guidance.helpUri = rule.helpUri;
  return { ...finding, ...guidance };
}

function withRuleGuidance(findings: readonly Finding[], rules: readonly ReportRule[]): ReportFinding[] {
  const byId = new Map(rules.map((rule) => [rule.id, rule]));
  return findings.map((finding) => reportFinding(finding, byId.get(finding.ruleId)));
}

/** A result whose passes were streamed (engine/stream-scan.ts) cannot be rendered from `findings`. */
export function requireAllFindings(result: ScanResult, what: string): void {
  if (result.findingsKept !== undefined)
    throw new Error(
      `internal error: ${what} needs every finding, but this scan kept only the ${result.findingsKept} ones ` +
        '(render it from the spill files, report/finding-spill.ts)',
    );
}

/** The report's `scan.accounts`: each account with its partition and region names. */
export function reportAccounts(
  accounts: readonly {
    accountId: string;
    partition: ScanResult['snapshot']['partition'];
    regions: readonly { region: string }[];
  }[],
): JsonReport['scan']['accounts'] {
  return accounts.map((account) => ({
    accountId: account.accountId,
    partition: account.partition,
    regions: account.regions.map((region) => region.region),
  }));
}

/** The report without `findings` (the last key): every section a streamed report writes first. */
export type JsonReportHead = Omit<JsonReport, 'findings'>;

export function buildJsonReportHead(result: ScanResult): JsonReportHead {
  const scan: JsonReport['scan'] = {
    startedAt: result.startedAt.toISOString(),
    finishedAt: result.finishedAt.toISOString(),
    source: result.source.kind,
    collectedAt: result.snapshot.collectedAt,
    partition: result.snapshot.partition,
    accounts: reportAccounts(result.snapshot.accounts),
    rules: result.rules.map((rule) => rule.meta.id),
    complete: result.coverage.complete,
    scope: result.scope,
  };
  if (result.source.kind === 'snapshot') {
    scan.snapshotFile = result.source.file;
    if (result.source.rulesFromSnapshot) scan.rulesFromSnapshot = true;
  }
  return {
    reportVersion: REPORT_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION, informationUri: PROJECT_URL },
    scan,
    coverage: result.coverage,
    rules: result.rules.map(({ meta }) => reportRule(meta)),
    summary: result.summary,
    // The optional sections go before `findings`, where a reader looks first.
    ...(result.waivers !== undefined && { waivers: result.waivers }),
    ...(result.baseline !== undefined && { baseline: result.baseline }),
  };
}

export function buildJsonReport(result: ScanResult): JsonReport {
  requireAllFindings(result, 'the JSON report');
  const head = buildJsonReportHead(result);
  return { ...head, findings: withRuleGuidance(result.findings, head.rules) };
}

/**
 * report → findings[] → one finding: level 2. A report is written, and read back past 511 MiB
 * (baseline, merge), one finding at a time (util/json-pieces.ts, util/large-json.ts).
 */
export const REPORT_FINDING_DEPTH = 2;

/**
 * The report's text in pieces (util/json-pieces.ts), each finding one piece: a report of any size
 * can be written, where one string would stop at V8's limit (≈ 330,000 findings).
 */
export function jsonReportPieces(report: JsonReport): Generator<string> {
  return jsonFilePieces(report, REPORT_FINDING_DEPTH);
}
