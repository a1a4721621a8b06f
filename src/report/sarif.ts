// SARIF 2.1.0 for GitHub code scanning: one run per account (category `aws-audit/<account>/`),
// every evaluated rule listed, one result per failing finding with a pseudo-path location and our
// own fingerprint. Every choice here answers a rule in sarif-github.md; the output is checked by
// `githubLogProblems` before it is written, so a file GitHub would reject never lands.
import type * as Sarif from 'sarif';
import type { ScanResult } from '../engine/scan.js';
import { severityRank, type Finding, type Rule, type RuleMeta, type Severity } from '../engine/types.js';
import { PROJECT_URL, TOOL_NAME, TOOL_VERSION, ruleDocUrl } from '../tool-info.js';
import { UserError } from '../util/errors.js';
import { GITHUB_SARIF_LIMITS, githubLogProblems } from './github-conformance.js';
import { evidenceLocations } from './sarif-evidence.js';
import { resourcePseudoPath } from './sarif-location.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** `security-severity` as GitHub buckets it: >9.0 critical, 7–8.9 high, 4–6.9 medium, <4 low. */
export const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '2.0',
};

const LEVEL: Record<Severity, Sarif.Result.level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
};

const PROBLEM_SEVERITY: Record<Severity, string> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'recommendation',
};

/** Evidence items listed in a result's markdown message; the JSON report has them all. */
const EVIDENCE_SHOWN = 5;

/** The key under which the full 64-hex fingerprint travels beside GitHub's line hash. */
export const FULL_FINGERPRINT_KEY = 'awsAudit/v1';

/**
 * The code-scanning category of an account's run, or of one service's once split, or of one
 * service in one region when a service alone is over GitHub's limits (sarif-files.ts).
 */
export function sarifCategory(accountId: string, service?: string, region?: string): string {
  return [TOOL_NAME, accountId, service, region].filter((part) => part !== undefined).join('/') + '/';
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

/** `security`, the service, then Security Hub and CIS ids: at most the 10 GitHub shows. */
function ruleTags(meta: RuleMeta): string[] {
  const tags = [
    'security',
    meta.service,
    ...(meta.references.securityHub ?? []),
    ...(meta.references.cis ?? []),
  ];
  return [...new Set(tags)].slice(0, GITHUB_SARIF_LIMITS.tagsShown);
}

function helpMarkdown(meta: RuleMeta): string {
  const refs = meta.references;
  const lines = [`**Risk.** ${meta.risk}`, '', `**Remediation.** ${meta.remediation}`];
  const ids = [
    refs.securityHub?.length ? `Security Hub ${refs.securityHub.join(', ')}` : '',
    refs.cis?.length ? refs.cis.join(', ') : '',
    refs.awsConfig?.length ? `AWS Config ${refs.awsConfig.join(', ')}` : '',
  ].filter((part) => part !== '');
  if (ids.length > 0) lines.push('', `**References.** ${ids.join('; ')}.`);
  for (const link of refs.links ?? []) lines.push(`- <${link}>`);
  const page = ruleDocUrl(meta.id);
  if (page !== undefined) lines.push('', `[Rule documentation](${page})`);
  return lines.join('\n');
}

/**
 * The rule as code scanning sees it. GitHub ranks every alert of a rule by the rule's
 * `security-severity`, not the result's, so `severity` is the worst severity among the rule's
 * failing findings in this run (the rule's own when none): a critical bastion shows Critical. The
 * rule id, path and fingerprint never carry severity, so an alert keeps its identity when its
 * finding's severity changes; only its rank moves (README "SARIF and GitHub code scanning").
 */
export function sarifRule(meta: RuleMeta, severity: Severity = meta.severity): Sarif.ReportingDescriptor {
  const L = GITHUB_SARIF_LIMITS;
  const rule: Sarif.ReportingDescriptor = {
    id: meta.id,
    name: clip(pascalCase(meta.id), L.ruleNameChars),
    shortDescription: { text: clip(meta.title, L.descriptionChars) },
    fullDescription: { text: clip(meta.description, L.descriptionChars) },
    help: { text: `${meta.remediation}\n\nRisk: ${meta.risk}`, markdown: helpMarkdown(meta) },
    defaultConfiguration: { level: LEVEL[severity] },
    properties: {
      tags: ruleTags(meta),
      precision: meta.precision,
      'security-severity': SECURITY_SEVERITY[severity],
      'problem.severity': PROBLEM_SEVERITY[severity],
    },
  };
  const helpUri = ruleDocUrl(meta.id);
  if (helpUri !== undefined) rule.helpUri = helpUri;
  return rule;
}

/** The worst severity among `findings` of each rule id. */
function worstSeverities(findings: readonly Finding[]): Map<string, Severity> {
  const worst = new Map<string, Severity>();
  for (const finding of findings) {
    const known = worst.get(finding.ruleId);
    if (known === undefined || severityRank(finding.severity) > severityRank(known))
      worst.set(finding.ruleId, finding.severity);
  }
  return worst;
}

function withPeriod(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/**
 * The first sentence is what GitHub shows when space is tight: scope, resource, problem. Rule
 * messages already name their resource ("Security group sg-1 (web) allows…"); only one that does
 * not gets the `<type> <id>` prefix, so the resource is never named twice.
 */
export function sarifMessageText(finding: Finding): string {
  const { resource } = finding;
  const scope = `${resource.accountId}/${resource.region}`;
  const head = finding.message.includes(resource.id)
    ? `${scope}: ${withPeriod(finding.message)}`
    : `${resource.type} ${resource.id} (${scope}): ${withPeriod(finding.message)}`;
  return `${head} Resource ARN: ${resource.arn}.`;
}

function markdownText(text: string): string {
  return text.replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

/** The message with a short evidence list: what decided the finding, at most `EVIDENCE_SHOWN` items. */
function sarifMessageMarkdown(finding: Finding, text: string): string {
  if (finding.evidence.length === 0) return markdownText(text);
  const shown = finding.evidence.slice(0, EVIDENCE_SHOWN).map((e) => `- ${markdownText(e.summary)}`);
  const more = finding.evidence.length - shown.length;
  if (more > 0) shown.push(`- and ${more} more (see the JSON report)`);
  return [markdownText(text), '', `**Severity: ${finding.severity}.** Evidence:`, ...shown].join('\n');
}

export function sarifResult(finding: Finding, ruleIndex: number): Sarif.Result {
  const { resource } = finding;
  const lineHash = finding.fingerprint.slice(0, 16);
  const text = sarifMessageText(finding);
  const result: Sarif.Result = {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text, markdown: sarifMessageMarkdown(finding, text) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: resourcePseudoPath(resource) },
          region: { startLine: 1 },
        },
        logicalLocations: [{ fullyQualifiedName: resource.arn, name: resource.id, kind: 'resource' }],
      },
    ],
    partialFingerprints: {
      primaryLocationLineHash: `${lineHash}:1`,
      [FULL_FINGERPRINT_KEY]: finding.fingerprint,
    },
    properties: { severity: finding.severity, 'security-severity': SECURITY_SEVERITY[finding.severity] },
  };
  const related = evidenceLocations(finding);
  if (related.length > 0) result.relatedLocations = related;
  if (finding.baseline !== undefined) result.baselineState = finding.baseline;
  if (finding.waiver !== undefined) {
    const { reason, owner, expires, waiverIndex } = finding.waiver;
    const properties: Sarif.PropertyBag = { waiverIndex };
    if (owner !== undefined) properties.owner = owner;
    if (expires !== undefined) properties.expires = expires;
    result.suppressions = [{ kind: 'external', status: 'accepted', justification: reason, properties }];
  }
  return result;
}

export interface RunPlan {
  service?: string;
  /** Set only when one service's findings are split by region (sarif-files.ts). */
  region?: string;
  rules: readonly Rule[];
  findings: readonly Finding[];
}

/**
 * One run per account; past 5,000 results (GitHub shows no more) one run per service, each its
 * own category. A service past GitHub's hard 25,000 cannot be split further: refuse, never truncate.
 */
export function planRuns(accountId: string, rules: readonly Rule[], failing: readonly Finding[]): RunPlan[] {
  const L = GITHUB_SARIF_LIMITS;
  if (failing.length <= L.resultsShownPerRun) return [{ rules, findings: failing }];
  return planServiceRuns(rules, failing).map((plan) => {
    if (plan.findings.length > L.resultsPerRun)
      throw new UserError(
        `cannot write SARIF: account ${accountId} has ${plan.findings.length} failing ${plan.service} findings, ` +
          `over GitHub's limit of ${L.resultsPerRun} results per run`,
      );
    return plan;
  });
}

/** One run per service the rules cover, each with that service's rules and failing findings. */
export function planServiceRuns(rules: readonly Rule[], failing: readonly Finding[]): RunPlan[] {
  const services = [...new Set(rules.map((rule) => rule.meta.service))];
  return services.map((service) => {
    const serviceRules = rules.filter((rule) => rule.meta.service === service);
    const ids = new Set(serviceRules.map((rule) => rule.meta.id));
    return { service, rules: serviceRules, findings: failing.filter((f) => ids.has(f.ruleId)) };
  });
}

/** The failing findings of an account, the only results SARIF carries. */
export function failingFindings(result: ScanResult, accountId: string): Finding[] {
  return result.findings.filter((f) => f.status === 'fail' && f.resource.accountId === accountId);
}

export function buildRun(result: ScanResult, accountId: string, plan: RunPlan): Sarif.Run {
  const ruleIndex = new Map(plan.rules.map((rule, index) => [rule.meta.id, index]));
  const worst = worstSeverities(plan.findings);
  const results = plan.findings
    .map((finding) => ({ finding, index: ruleIndex.get(finding.ruleId) ?? -1 }))
    .filter(({ index }) => index >= 0)
    .map(({ finding, index }) => ({ index, uri: resourcePseudoPath(finding.resource), finding }))
    // Order by rule, then path, then fingerprint: the same snapshot always yields the same bytes.
    .sort(
      (a, b) => a.index - b.index || cmp(a.uri, b.uri) || cmp(a.finding.fingerprint, b.finding.fingerprint),
    )
    .map(({ finding, index }) => sarifResult(finding, index));
  const account = result.snapshot.accounts.find((a) => a.accountId === accountId);
  const gaps = result.coverage.gaps.filter((gap) => gap.accountId === accountId && gap.state !== 'skipped');
  const errors = result.coverage.ruleErrors.filter((error) => error.accountId === accountId);
  const notifications: Sarif.Notification[] = [
    ...gaps.map((gap) => ({
      level: 'warning' as const,
      message: {
        text: `Not covered: ${gap.kind} in ${gap.region} ${gap.state}; affects ${gap.rules.join(', ')}.`,
      },
    })),
    ...errors.map((error) => ({
      level: 'error' as const,
      message: { text: `Rule ${error.ruleId} failed in ${error.region}: ${withPeriod(error.message)}` },
    })),
  ];
  const complete = gaps.length === 0 && errors.length === 0;
  const invocation: Sarif.Invocation = {
    executionSuccessful: true,
    startTimeUtc: result.startedAt.toISOString(),
    endTimeUtc: result.finishedAt.toISOString(),
  };
  if (notifications.length > 0) invocation.toolExecutionNotifications = notifications;
  return {
    tool: {
      driver: {
        name: TOOL_NAME,
        version: TOOL_VERSION,
        semanticVersion: TOOL_VERSION,
        informationUri: PROJECT_URL,
        rules: plan.rules.map((rule) => sarifRule(rule.meta, worst.get(rule.meta.id))),
      },
    },
    automationDetails: { id: sarifCategory(accountId, plan.service, plan.region) },
    invocations: [invocation],
    results,
    columnKind: 'utf16CodeUnits',
    properties: {
      accountId,
      partition: account?.partition ?? result.snapshot.partition,
      collectedAt: result.snapshot.collectedAt,
      complete,
    },
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The SARIF log of a scan: every account's runs, or only `accountId`'s (multi-account scans write
 * one file per account, as GitHub recommends). Results are `fail` findings only; waived ones carry
 * a suppression.
 */
export function buildSarifLog(result: ScanResult, accountId?: string): Sarif.Log {
  const accounts = result.snapshot.accounts
    .map((account) => account.accountId)
    .filter((id) => accountId === undefined || id === accountId);
  if (accountId !== undefined && accounts.length === 0)
    throw new UserError(`cannot write SARIF: account ${accountId} is not in this scan`);
  const runs = accounts.flatMap((id) =>
    planRuns(id, result.rules, failingFindings(result, id)).map((plan) => buildRun(result, id, plan)),
  );
  if (runs.length > GITHUB_SARIF_LIMITS.runsPerFile)
    throw new UserError(
      `cannot write SARIF: ${runs.length} runs in one file, over GitHub's limit of ${GITHUB_SARIF_LIMITS.runsPerFile}; ` +
        'write one file per account',
    );
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs };
}

/**
 * The file's text, its UTF-8 bytes (what is written, encoded once for both the size check and the
 * write) and every reason GitHub would reject it (empty when it would take it): the problems
 * `githubConformanceProblems(text)` finds, without parsing the text back (`githubLogProblems`).
 */
export function checkedSarif(log: Sarif.Log): { text: string; bytes: Buffer; problems: string[] } {
  const text = `${JSON.stringify(log, null, 2)}\n`;
  const bytes = Buffer.from(text);
  return { text, bytes, problems: githubLogProblems(log, text, bytes) };
}

/** Serialises and refuses anything GitHub would reject: no half-acceptable file is ever written. */
export function renderSarif(log: Sarif.Log): string {
  const { text, problems } = checkedSarif(log);
  if (problems.length > 0)
    throw new UserError(
      `cannot write SARIF: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`,
    );
  return text;
}
