// The finding vocabulary: the words analysis, rules, the engine and the reports share (severity,
// status, evidence, resource reference). It sits at the bottom of the layers (design.md "One
// direction of flow") so analysis can say what decided an outcome without importing the engine.

/** Ascending; index order is used for comparisons. */
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

export type Status = 'pass' | 'fail' | 'unknown';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** What decided an outcome: the route, association, SG rule, NACL entry, endpoint, policy. */
export interface Evidence {
  /** e.g. `security-group-rule`, `route`, `route-table-association`, `nacl-entry`, `vpc-endpoint`. */
  kind: string;
  /** One human sentence, e.g. "sg-0abc ingress tcp 22 from 0.0.0.0/0". */
  summary: string;
  resourceId?: string;
  details?: { [key: string]: JsonValue };
}

export interface ResourceRef {
  arn: string;
  id: string;
  /** CloudFormation-style type, e.g. `AWS::EC2::SecurityGroup`. */
  type: string;
  accountId: string;
  /** AWS region, or `global` for IAM resources. */
  region: string;
  name?: string;
}
