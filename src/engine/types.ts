// Rule and finding types: the public shapes of the JSON report (field names are a contract).
import type { ResourceKind } from '../snapshot/types.js';
import type { AccountView, RegionView } from '../snapshot/view.js';

export {
  SEVERITIES,
  severityRank,
  isSeverity,
  type Severity,
  type Status,
  type JsonValue,
  type Evidence,
  type ResourceRef,
} from '../findings/types.js';
import type { Evidence, ResourceRef, Severity, Status } from '../findings/types.js';

/** What a rule yields for one resource. */
export interface RuleResult {
  status: Status;
  resource: ResourceRef;
  /** One factual sentence naming the resource. For `unknown`, it says what was missing. */
  message: string;
  evidence: Evidence[];
  /** Overrides the rule's default severity when exposure is measurable. */
  severity?: Severity;
}

export interface RuleReferences {
  /** Security Hub control ids, e.g. `EC2.13`. */
  securityHub?: string[];
  /** CIS AWS Foundations requirements, e.g. `CIS v5.0.0 5.3`. */
  cis?: string[];
  /** AWS Config managed rule identifiers. */
  awsConfig?: string[];
  /** Documentation URLs. */
  links?: string[];
}

export interface RuleMeta {
  /** `<service>-<resource>-<expected-state>`, equal to the file name, stable forever. */
  id: string;
  /** A statement of the expected state; never starts with "Ensure". */
  title: string;
  severity: Severity;
  /** The service segment used in reports and SARIF paths (`ec2`, `vpc`, `iam`, `ssm`, `rds`). */
  service: string;
  resourceType: string;
  description: string;
  risk: string;
  remediation: string;
  references: RuleReferences;
  /** `regional` rules run once per account and region, `global` once per account. */
  scope: 'regional' | 'global';
  /** The kind the rule iterates; without it the rule cannot say anything. */
  resourceKind: ResourceKind;
  /** Every kind the rule reads (including `resourceKind`); collection fetches only these. */
  requires: ResourceKind[];
  precision: 'very-high' | 'high' | 'medium' | 'low';
}

export interface RegionalRuleContext {
  account: AccountView;
  region: RegionView;
  /** The instant the snapshot describes (ages are measured from here). */
  now: Date;
}

export interface GlobalRuleContext {
  account: AccountView;
  now: Date;
}

/** One step of a rule's severity grading: the severity a finding gets, and when. */
export interface SeverityGrade {
  severity: Severity;
  when: string;
}

export interface RegionalRule {
  meta: RuleMeta & { scope: 'regional' };
  /** For rules whose severity follows measured exposure: each level and when it applies. */
  grading?: readonly SeverityGrade[];
  evaluate(context: RegionalRuleContext): Iterable<RuleResult>;
}

export interface GlobalRule {
  meta: RuleMeta & { scope: 'global' };
  grading?: readonly SeverityGrade[];
  evaluate(context: GlobalRuleContext): Iterable<RuleResult>;
}

export type Rule = RegionalRule | GlobalRule;

export interface WaiverMark {
  reason: string;
  owner?: string;
  expires?: string;
  /** Index of the waiver entry in the waivers file. */
  waiverIndex: number;
}

/** A rule result, resolved and fingerprinted: one element of the report's `findings`. */
export interface Finding {
  ruleId: string;
  status: Status;
  severity: Severity;
  resource: ResourceRef;
  message: string;
  evidence: Evidence[];
  /** sha256 over partition, account, region, ARN and rule id: stable across runs. */
  fingerprint: string;
  waiver?: WaiverMark;
  baseline?: 'new' | 'unchanged';
}

export interface RuleError {
  ruleId: string;
  accountId: string;
  region: string;
  message: string;
}
