// What the HTML page shows, from a scan's JSON report or a merged organisation report: one shape,
// so the renderer and the page script do not care where the findings came from.
import type { BaselineEntry } from '../../engine/baseline.js';
import type { Finding, Severity } from '../../engine/types.js';
import type { JsonReport, JsonReportHead } from '../json-report.js';
import type { MergedReport } from '../merge.js';
import { TOOL_NAME, TOOL_VERSION } from '../../tool-info.js';

export interface HtmlRule {
  title: string;
  severity: Severity;
  service: string;
  remediation: string;
  helpUri?: string;
}

export interface HtmlReportModel {
  title: string;
  tool: string;
  startedAt: string;
  finishedAt: string;
  accounts: { accountId: string; regions: string[] }[];
  complete: boolean;
  /** One line per coverage gap, collection error or rule error; shown in the banner when incomplete. */
  coverageLines: string[];
  rules: Record<string, HtmlRule>;
  findings: Finding[];
  /** With `--baseline`: counts and the fixed findings. */
  baseline?: { file: string; new: number; unchanged: number; fixed: BaselineEntry[] };
}

/** Everything of the model but its findings: what a streamed page (report/spilled-html.ts) knows at the end. */
export type HtmlPageHead = Omit<HtmlReportModel, 'findings'>;

/**
 * A report's finding as the page keeps it: without its rule's remediation and page, which the page
 * keeps once per rule (`rules`), not on every finding.
 */
export function pageFinding(finding: Finding): Finding {
  const {
    remediation: _remediation,
    helpUri: _helpUri,
    ...rest
  } = finding as Finding & {
    remediation?: string;
    helpUri?: string;
  };
  return rest;
}

export function modelFromJsonReport(report: JsonReport): HtmlReportModel {
  return { ...pageHeadFromJsonReport(report), findings: report.findings.map(pageFinding) };
}

/** The page's model but its findings, from a report's sections before `findings`. */
export function pageHeadFromJsonReport(report: JsonReportHead): HtmlPageHead {
  const { coverage } = report;
  const coverageLines = [
    ...coverage.gaps.map(
      (gap) =>
        `${gap.accountId} ${gap.region}: ${gap.kind} ${gap.state}` +
        (gap.rules.length > 0 ? ` (rules that may say unknown: ${gap.rules.join(', ')})` : ''),
    ),
    ...coverage.collectionErrors.map(
      (error) =>
        `${error.accountId} ${error.region}: ${error.service} ${error.operation} ${error.code}: ${error.message}`,
    ),
    ...coverage.ruleErrors.map(
      (error) => `${error.accountId} ${error.region}: rule ${error.ruleId} failed: ${error.message}`,
    ),
  ];
  const model: HtmlPageHead = {
    title: `aws-audit report: ${report.scan.accounts.map((a) => a.accountId).join(', ') || 'no account'}`,
    tool: `${report.tool.name} ${report.tool.version}`,
    startedAt: report.scan.startedAt,
    finishedAt: report.scan.finishedAt,
    accounts: report.scan.accounts.map(({ accountId, regions }) => ({ accountId, regions })),
    complete: report.scan.complete,
    coverageLines,
    rules: Object.fromEntries(
      report.rules.map((rule) => [
        rule.id,
        {
          title: rule.title,
          severity: rule.severity,
          service: rule.service,
          remediation: rule.remediation,
          ...(rule.helpUri !== undefined ? { helpUri: rule.helpUri } : {}),
        },
      ]),
    ),
  };
  if (report.baseline)
    model.baseline = {
      file: report.baseline.file,
      new: report.baseline.new,
      unchanged: report.baseline.unchanged,
      fixed: report.baseline.fixed,
    };
  return model;
}

/**
 * A merged organisation report keeps each account's failing, unwaived findings (no evidence): the
 * page lists those, one account filter over all of them.
 */
export function modelFromMergedReport(merged: MergedReport): HtmlReportModel {
  const coverageLines = [
    ...merged.coverage.incompleteAccounts.map((id) => `${id}: incomplete (see its own report)`),
    ...merged.coverage.missingAccounts.map((id) => `${id}: no report`),
    ...(merged.coverage.accountErrors ?? []).map(
      (error) => `${error.accountId}: ${error.stage} ${error.code}: ${error.message}`,
    ),
  ];
  return {
    title: `aws-audit organisation report: ${merged.summary.accounts} account(s)`,
    tool: `${TOOL_NAME} ${TOOL_VERSION}`,
    startedAt: merged.scan.startedAt,
    finishedAt: merged.scan.finishedAt,
    accounts: merged.accounts.map(({ accountId, regions }) => ({ accountId, regions })),
    complete: merged.coverage.complete,
    coverageLines,
    rules: {},
    findings: merged.failures.map((failure) => ({
      ruleId: failure.ruleId,
      status: 'fail',
      severity: failure.severity,
      resource: {
        arn: failure.resourceArn,
        id: failure.resourceId,
        type: '',
        accountId: failure.accountId,
        region: failure.region,
      },
      message: failure.message,
      evidence: [],
      fingerprint: failure.fingerprint,
      ...(failure.baseline !== undefined ? { baseline: failure.baseline } : {}),
    })),
  };
}
