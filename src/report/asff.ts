// AWS Security Finding Format (ASFF): our findings as Security Hub's `BatchImportFindings` takes
// them (aws-facts §10.4). Built from the JSON report, so `--format asff` and `aws-audit publish`
// (which reads a saved report) produce the same findings. `asff-schema.ts` describes what we emit,
// with ASFF's length limits, and tests validate real output against it.
import type { JsonReport, ReportRule } from './json-report.js';
import type { BaselineEntry } from '../engine/baseline.js';
import type { Finding, ResourceRef, Severity, Status } from '../engine/types.js';
import { TOOL_NAME } from '../tool-info.js';
import { jsonFilePieces } from '../util/json-pieces.js';

/** aws-facts §10.4: the only ASFF schema version. */
export const ASFF_SCHEMA_VERSION = '2018-10-08';

/**
 * ASFF limits (AWS Security Hub API reference, AwsSecurityFinding; aws-facts §10.4). Text fields
 * are cut to these lengths with an ellipsis; `ASFF_MAX_FINDING_BYTES` is the per-finding size.
 */
export const ASFF_LIMITS = {
  id: 512,
  generatorId: 512,
  title: 256,
  description: 1024,
  recommendationText: 512,
  productFieldKey: 128,
  productFieldValue: 2048,
  productFields: 50,
  relatedRequirements: 32,
  resourceId: 512,
} as const;
export const ASFF_MAX_FINDING_BYTES = 240 * 1024;

export type AsffSeverityLabel = 'INFORMATIONAL' | 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
export type AsffComplianceStatus = 'PASSED' | 'FAILED' | 'NOT_AVAILABLE';

/** The resource types the issue maps; anything else is `Other` (ASFF "Resources.Type"). */
const RESOURCE_TYPES: Record<string, string> = {
  'AWS::EC2::Instance': 'AwsEc2Instance',
  'AWS::EC2::SecurityGroup': 'AwsEc2SecurityGroup',
  'AWS::EC2::Subnet': 'AwsEc2Subnet',
  'AWS::RDS::DBInstance': 'AwsRdsDbInstance',
  'AWS::Lambda::Function': 'AwsLambdaFunction',
  'AWS::ECS::Service': 'AwsEcsService',
  'AWS::IAM::User': 'AwsIamUser',
};

export interface AsffResource {
  Type: string;
  Id: string;
  Partition: 'aws' | 'aws-cn' | 'aws-us-gov';
  Region: string;
  Tags?: Record<string, string>;
}

export interface AsffFinding {
  SchemaVersion: typeof ASFF_SCHEMA_VERSION;
  Id: string;
  ProductArn: string;
  ProductName: string;
  CompanyName: string;
  GeneratorId: string;
  AwsAccountId: string;
  Types: string[];
  FirstObservedAt: string;
  LastObservedAt: string;
  CreatedAt: string;
  UpdatedAt: string;
  Severity: { Label: AsffSeverityLabel; Original: string };
  Title: string;
  Description: string;
  Remediation: { Recommendation: { Text: string; Url?: string } };
  /** The rule's page (pinned to this version's tag): what Security Hub links as the finding's source. */
  SourceUrl?: string;
  ProductFields: Record<string, string>;
  Resources: AsffResource[];
  Compliance: { Status: AsffComplianceStatus; RelatedRequirements?: string[] };
  FindingProviderFields: { Severity: { Label: AsffSeverityLabel; Original: string }; Types: string[] };
  Workflow?: { Status: 'SUPPRESSED' };
  RecordState: 'ACTIVE' | 'ARCHIVED';
}

export interface AsffOptions {
  /**
   * The Security Hub region the findings go to (the ProductArn's region). Default: each finding's
   * own region, and the scan's first region of the account for global (IAM) findings.
   */
  region?: string;
}

const SEVERITY_LABELS: Record<Severity, AsffSeverityLabel> = {
  low: 'LOW',
  medium: 'MEDIUM',
  high: 'HIGH',
  critical: 'CRITICAL',
};

/** Cuts `text` to `max` characters, marking the cut (ASFF rejects longer values). */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Security Hub's own control findings use INFORMATIONAL for passed and not-available checks. */
function severityLabel(status: Status, severity: Severity): AsffSeverityLabel {
  return status === 'fail' ? SEVERITY_LABELS[severity] : 'INFORMATIONAL';
}

const COMPLIANCE: Record<Status, AsffComplianceStatus> = {
  pass: 'PASSED',
  fail: 'FAILED',
  unknown: 'NOT_AVAILABLE',
};

/** ASFF `Types` (namespace/category/classifier): best practices, plus CIS when the rule maps to it. */
function findingTypes(rule: ReportRule | undefined): string[] {
  const types = ['Software and Configuration Checks/AWS Security Best Practices'];
  if ((rule?.references.cis ?? []).length > 0)
    types.push(
      'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark',
    );
  return types;
}

function relatedRequirements(rule: ReportRule | undefined): string[] {
  const refs = rule?.references;
  const requirements = [
    ...(refs?.securityHub ?? []).map((control) => `AWS Security Hub ${control}`),
    ...(refs?.cis ?? []),
  ];
  return requirements.slice(0, ASFF_LIMITS.relatedRequirements);
}

function asffPartition(partition: string): AsffResource['Partition'] {
  return partition === 'aws-cn' || partition === 'aws-us-gov' ? partition : 'aws';
}

/** The partition of an ARN (`arn:<partition>:…`), the report's partition when the ARN has none. */
function partitionOf(arn: string, fallback: string): string {
  return /^arn:([a-z-]+):/.exec(arn)?.[1] ?? fallback;
}

export function productArn(partition: string, region: string, accountId: string): string {
  return `arn:${partition}:securityhub:${region}:${accountId}:product/${accountId}/default`;
}

/** The product fields we set: rule, status, fingerprint, baseline, waiver, evidence summaries. */
function productFields(finding: Finding | BaselineEntry, extra: Record<string, string | undefined>) {
  const fields: Record<string, string> = {};
  const put = (key: string, value: string | undefined): void => {
    if (value === undefined || Object.keys(fields).length >= ASFF_LIMITS.productFields) return;
    fields[clip(`${TOOL_NAME}/${key}`, ASFF_LIMITS.productFieldKey)] = clip(
      value,
      ASFF_LIMITS.productFieldValue,
    );
  };
  put('RuleId', finding.ruleId);
  put('Fingerprint', finding.fingerprint);
  for (const [key, value] of Object.entries(extra)) put(key, value);
  if ('evidence' in finding)
    finding.evidence.forEach((evidence, index) => put(`Evidence/${index + 1}`, evidence.summary));
  return fields;
}

/** What of the report's `scan` section a finding's ASFF reads (a streamed scan knows all but `finishedAt` up front). */
export type AsffScan = Pick<
  JsonReport['scan'],
  'startedAt' | 'finishedAt' | 'collectedAt' | 'partition' | 'accounts'
>;

interface Context {
  report: { scan: AsffScan };
  rules: Map<string, ReportRule>;
  homeRegions: Map<string, string>;
  options: AsffOptions;
}

function securityHubRegion(context: Context, resource: ResourceRef): string {
  if (context.options.region) return context.options.region;
  if (resource.region !== 'global') return resource.region;
  return context.homeRegions.get(resource.accountId) ?? 'us-east-1';
}

function build(
  context: Context,
  finding: Finding | BaselineEntry,
  status: Status,
  recordState: AsffFinding['RecordState'],
  extra: Record<string, string | undefined>,
): AsffFinding {
  const { resource } = finding;
  const rule = context.rules.get(finding.ruleId);
  const partition = partitionOf(resource.arn, context.report.scan.partition);
  const region = securityHubRegion(context, resource);
  const severity = { Label: severityLabel(status, finding.severity), Original: finding.severity };
  const types = findingTypes(rule);
  const requirements = relatedRequirements(rule);
  const asff: AsffFinding = {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: clip(finding.fingerprint, ASFF_LIMITS.id),
    ProductArn: productArn(partition, region, resource.accountId),
    ProductName: TOOL_NAME,
    CompanyName: TOOL_NAME,
    GeneratorId: clip(finding.ruleId, ASFF_LIMITS.generatorId),
    AwsAccountId: resource.accountId,
    Types: types,
    FirstObservedAt: context.report.scan.collectedAt,
    LastObservedAt: context.report.scan.collectedAt,
    CreatedAt: context.report.scan.startedAt,
    UpdatedAt: context.report.scan.finishedAt,
    Severity: severity,
    Title: clip(rule?.title ?? finding.ruleId, ASFF_LIMITS.title),
    Description: clip(finding.message, ASFF_LIMITS.description),
    Remediation: {
      Recommendation: {
        Text: clip(rule?.remediation ?? 'See the rule page.', ASFF_LIMITS.recommendationText),
        ...(rule?.helpUri !== undefined ? { Url: rule.helpUri } : {}),
      },
    },
    ...(rule?.helpUri !== undefined ? { SourceUrl: rule.helpUri } : {}),
    ProductFields: productFields(finding, { Status: status, ...extra }),
    Resources: [
      {
        Type: RESOURCE_TYPES[resource.type] ?? 'Other',
        Id: clip(resource.arn, ASFF_LIMITS.resourceId),
        Partition: asffPartition(partition),
        Region: resource.region === 'global' ? region : resource.region,
        ...(resource.name !== undefined ? { Tags: { Name: clip(resource.name, 256) } } : {}),
      },
    ],
    Compliance: {
      Status: COMPLIANCE[status],
      ...(requirements.length > 0 ? { RelatedRequirements: requirements } : {}),
    },
    // aws-facts §10.4: providers update severity and types here, not in the top-level fields.
    FindingProviderFields: { Severity: { ...severity }, Types: [...types] },
    RecordState: recordState,
  };
  return withinSizeLimit(asff);
}

/** Byte size of one finding as it is sent (UTF-8 JSON). */
export function asffFindingBytes(finding: AsffFinding): number {
  return Buffer.byteLength(JSON.stringify(finding), 'utf8');
}

/**
 * aws-facts §10.4: 240 KB per finding. The text fields are bounded already (≈120 KB at most); if
 * a finding is still too large, evidence summaries go first (they are in the JSON report too).
 */
function withinSizeLimit(finding: AsffFinding): AsffFinding {
  if (asffFindingBytes(finding) <= ASFF_MAX_FINDING_BYTES) return finding;
  const evidenceKeys = Object.keys(finding.ProductFields).filter((key) => key.includes('/Evidence/'));
  while (evidenceKeys.length > 0 && asffFindingBytes(finding) > ASFF_MAX_FINDING_BYTES)
    delete finding.ProductFields[evidenceKeys.pop()!];
  return finding;
}

/** Builds each finding's ASFF one at a time: the report's findings (ACTIVE) and its baseline's fixed ones (ARCHIVED). */
export interface AsffBuilder {
  /** An evaluated finding: `pass` PASSED, `fail` FAILED, `unknown` NOT_AVAILABLE; waived ones SUPPRESSED. */
  active(finding: Finding): AsffFinding;
  /** A baseline finding no longer found: once more as ARCHIVED, so Security Hub closes it. */
  fixed(entry: BaselineEntry): AsffFinding;
}

export function asffBuilder(
  report: { scan: AsffScan; rules: readonly ReportRule[] },
  options: AsffOptions = {},
): AsffBuilder {
  const context: Context = {
    report,
    rules: new Map(report.rules.map((rule) => [rule.id, rule])),
    homeRegions: new Map(
      report.scan.accounts.map((account) => [account.accountId, account.regions[0] ?? 'us-east-1']),
    ),
    options,
  };
  return {
    active(finding) {
      const asff = build(context, finding, finding.status, 'ACTIVE', {
        Baseline: finding.baseline,
        WaiverReason: finding.waiver?.reason,
        WaiverOwner: finding.waiver?.owner,
        WaiverExpires: finding.waiver?.expires,
      });
      // aws-facts §10.4: Workflow is set only when the finding is created; publish follows up
      // with BatchUpdateFindings for waivers added later.
      if (finding.waiver !== undefined) asff.Workflow = { Status: 'SUPPRESSED' };
      return asff;
    },
    fixed: (entry) => build(context, entry, 'pass', 'ARCHIVED', { Baseline: 'fixed' }),
  };
}

/**
 * Every finding of the report as ASFF (`AsffBuilder`): each evaluated finding, and with a
 * baseline each fixed finding once more as ARCHIVED so Security Hub closes it.
 */
export function buildAsffFindings(
  report: Pick<JsonReport, 'scan' | 'rules' | 'findings' | 'baseline'>,
  options: AsffOptions = {},
): AsffFinding[] {
  const builder = asffBuilder(report, options);
  const findings = report.findings.map((finding) => builder.active(finding));
  const fixed = (report.baseline?.fixed ?? []).map((entry) => builder.fixed(entry));
  return [...findings, ...fixed];
}

/** The `--format asff` file: `JSON.stringify(findings, null, 2)` in pieces, one per finding. */
export function asffFilePieces(findings: readonly AsffFinding[]): Generator<string> {
  return jsonFilePieces(findings, 1);
}
