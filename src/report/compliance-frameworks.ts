// The frameworks `aws-audit compliance` summarises against: for each, the controls in scope of the
// services the rule pack covers (EC2, VPC, IAM, SSM, RDS), and how a rule's references name them.
//
// The lists are ours and NOT exhaustive: they hold the controls we could confirm, from
//   - https://docs.aws.amazon.com/securityhub/latest/userguide/cis-aws-foundations-benchmark.html
//     ("Mapping of controls to CIS requirements in each version", and the v3.0.0 control list on
//     https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-standards-cis.html),
//   - the Security Hub control pages (ec2-controls, iam-controls, ssm-controls, rds-controls),
// as recorded in aws-facts §8.1 (Security Hub ↔ Config ↔ CIS) and §8.2 (CIS v5.0.0 numbering).
// A control missing here is not reported as "not covered"; README "Compliance summary" says so.
import type { RuleReferences } from '../engine/types.js';

export type FrameworkId = 'fsbp' | 'cis-5.0';
export const FRAMEWORK_IDS: readonly FrameworkId[] = ['fsbp', 'cis-5.0'];

/** The pack's services: a framework control outside them is not ours to cover. */
export type ControlService = 'ec2' | 'vpc' | 'iam' | 'ssm' | 'rds';

export interface FrameworkControl {
  id: string;
  title: string;
  service: ControlService;
}

export interface Framework {
  id: FrameworkId;
  name: string;
  /** The framework's controls for EC2, VPC, IAM, SSM and RDS that we could confirm. */
  controls: readonly FrameworkControl[];
  /** The control ids of this framework a rule's references name. */
  controlIdsOf(references: RuleReferences): string[];
}

// Security Hub control ids are shared by every standard that includes the control (consolidated
// control findings), so a rule's `securityHub` reference is its FSBP control id.
const FSBP_CONTROLS: readonly FrameworkControl[] = [
  {
    id: 'EC2.2',
    title: 'VPC default security groups should not allow inbound or outbound traffic',
    service: 'vpc',
  },
  { id: 'EC2.6', title: 'VPC flow logging should be enabled in all VPCs', service: 'vpc' },
  { id: 'EC2.7', title: 'EBS default encryption should be enabled', service: 'ec2' },
  {
    id: 'EC2.8',
    title: 'EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)',
    service: 'ec2',
  },
  { id: 'EC2.9', title: 'EC2 instances should not have a public IPv4 address', service: 'ec2' },
  {
    id: 'EC2.10',
    title: 'Amazon EC2 should be configured to use VPC endpoints created for the Amazon EC2 service',
    service: 'vpc',
  },
  {
    id: 'EC2.15',
    title: 'EC2 subnets should not automatically assign public IP addresses',
    service: 'vpc',
  },
  {
    id: 'EC2.18',
    title: 'Security groups should only allow unrestricted incoming traffic for authorized ports',
    service: 'ec2',
  },
  {
    id: 'EC2.19',
    title: 'Security groups should not allow unrestricted access to ports with high risk',
    service: 'ec2',
  },
  {
    id: 'EC2.21',
    title: 'Network ACLs should not allow ingress from 0.0.0.0/0 to port 22 or port 3389',
    service: 'vpc',
  },
  {
    id: 'EC2.53',
    title:
      'EC2 security groups should not allow ingress from 0.0.0.0/0 to remote server administration ports',
    service: 'ec2',
  },
  {
    id: 'EC2.54',
    title: 'EC2 security groups should not allow ingress from ::/0 to remote server administration ports',
    service: 'ec2',
  },
  {
    id: 'EC2.57',
    title: 'Amazon EC2 should be configured to use VPC endpoints created for AWS Systems Manager',
    service: 'vpc',
  },
  { id: 'IAM.3', title: "IAM users' access keys should be rotated every 90 days or less", service: 'iam' },
  { id: 'IAM.4', title: 'IAM root user access key should not exist', service: 'iam' },
  {
    id: 'IAM.5',
    title: 'MFA should be enabled for all IAM users that have a console password',
    service: 'iam',
  },
  { id: 'IAM.8', title: 'Unused IAM user credentials should be removed', service: 'iam' },
  { id: 'IAM.22', title: 'IAM user credentials unused for 45 days should be removed', service: 'iam' },
  {
    id: 'RDS.2',
    title: 'RDS DB instances should prohibit public access (PubliclyAccessible)',
    service: 'rds',
  },
  { id: 'SSM.1', title: 'EC2 instances should be managed by AWS Systems Manager', service: 'ssm' },
];

// CIS v5.0.0 numbering: aws-facts §8.1 (AWS's mapping) and §8.2 (section layout).
const CIS_5_CONTROLS: readonly FrameworkControl[] = [
  { id: '1.3', title: "No 'root' user account access key exists", service: 'iam' },
  {
    id: '1.9',
    title: 'MFA is enabled for all IAM users that have a console password',
    service: 'iam',
  },
  {
    id: '1.10',
    title: 'No access keys created during initial setup for IAM users with a console password',
    service: 'iam',
  },
  { id: '1.11', title: 'Credentials unused for 45 days or more are disabled', service: 'iam' },
  { id: '1.12', title: 'Only one active access key for any single IAM user', service: 'iam' },
  { id: '1.13', title: 'Access keys are rotated every 90 days or less', service: 'iam' },
  {
    id: '1.17',
    title: 'IAM instance roles are used for AWS resource access from instances',
    service: 'iam',
  },
  { id: '2.2.3', title: 'RDS instances are not publicly accessible', service: 'rds' },
  { id: '3.7', title: 'VPC flow logging is enabled in all VPCs', service: 'vpc' },
  { id: '5.1.1', title: 'EBS volume encryption is enabled in all regions', service: 'ec2' },
  {
    id: '5.2',
    title: 'No network ACL allows ingress from 0.0.0.0/0 to remote server administration ports',
    service: 'vpc',
  },
  {
    id: '5.3',
    title: 'No security group allows ingress from 0.0.0.0/0 to remote server administration ports',
    service: 'ec2',
  },
  {
    id: '5.4',
    title: 'No security group allows ingress from ::/0 to remote server administration ports',
    service: 'ec2',
  },
  { id: '5.5', title: 'The default security group of every VPC restricts all traffic', service: 'vpc' },
  { id: '5.6', title: 'Routing tables for VPC peering are "least access"', service: 'vpc' },
  { id: '5.7', title: 'The EC2 Metadata Service only allows IMDSv2', service: 'ec2' },
];

/** Rules write CIS references as `CIS v5.0.0 <number>` (engine/types.ts RuleReferences). */
const CIS_5_PREFIX = 'CIS v5.0.0 ';

export const FRAMEWORKS: Readonly<Record<FrameworkId, Framework>> = {
  fsbp: {
    id: 'fsbp',
    name: 'AWS Foundational Security Best Practices (Security Hub controls)',
    controls: FSBP_CONTROLS,
    controlIdsOf: (references) => [...(references.securityHub ?? [])],
  },
  'cis-5.0': {
    id: 'cis-5.0',
    name: 'CIS AWS Foundations Benchmark v5.0.0',
    controls: CIS_5_CONTROLS,
    controlIdsOf: (references) =>
      (references.cis ?? [])
        .filter((reference) => reference.startsWith(CIS_5_PREFIX))
        .map((reference) => reference.slice(CIS_5_PREFIX.length)),
  },
};
