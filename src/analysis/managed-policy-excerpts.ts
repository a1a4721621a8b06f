// Data: the statements of AWS managed policies that the SSM-core question needs when the snapshot
// does not hold their documents (aws-facts §5.3). Only data and the ARN test live here.
import type { PolicyDocument } from '../snapshot/types.js';

const AWS_MANAGED_ARN = /^arn:[^:]+:iam::aws:policy\//;

/** `arn:<partition>:iam::aws:policy/…`: a policy AWS owns and may change, not the account. */
export function isAwsManagedPolicyArn(arn: string): boolean {
  return AWS_MANAGED_ARN.test(arn);
}

const allow = (actions: string[]): PolicyDocument['statements'][number] => ({
  effect: 'Allow',
  action: actions,
  resource: ['*'],
});

/**
 * What the SSM-core question needs from AWS managed policies whose documents the snapshot may not
 * hold: the relevant statements, copied from the MAMIP snapshot (zoph-io/MAMIP `24b649d3`), or an
 * empty list for well-known policies that contain nothing for ssm / ssmmessages. Any AWS managed
 * policy not listed here, and without a collected document, is unknown.
 */
export const AWS_MANAGED_EXCERPTS: Readonly<Record<string, PolicyDocument>> = {
  // aws-facts §5.3: the instance-profile policy SSM documents (v2 in MAMIP).
  AmazonSSMManagedInstanceCore: {
    statements: [
      allow(['ssm:UpdateInstanceInformation', 'ssm:ListInstanceAssociations', 'ssm:GetDocument']),
      allow([
        'ssmmessages:CreateControlChannel',
        'ssmmessages:CreateDataChannel',
        'ssmmessages:OpenControlChannel',
        'ssmmessages:OpenDataChannel',
      ]),
    ],
  },
  // aws-facts §5.3: the Default Host Management policy (v1) holds the same agent actions.
  AmazonSSMManagedEC2InstanceDefaultPolicy: {
    statements: [
      allow(['ssm:UpdateInstanceInformation']),
      allow([
        'ssmmessages:CreateControlChannel',
        'ssmmessages:CreateDataChannel',
        'ssmmessages:OpenControlChannel',
        'ssmmessages:OpenDataChannel',
      ]),
    ],
  },
  // Deprecated predecessor of the core policy (v8 still grants the agent actions).
  AmazonEC2RoleforSSM: {
    statements: [
      allow(['ssm:UpdateInstanceInformation']),
      allow([
        'ssmmessages:CreateControlChannel',
        'ssmmessages:CreateDataChannel',
        'ssmmessages:OpenControlChannel',
        'ssmmessages:OpenDataChannel',
      ]),
    ],
  },
  // v4: `ssm:*` plus the four ssmmessages actions.
  AmazonSSMFullAccess: {
    statements: [
      allow(['ssm:*', 'ec2messages:*']),
      allow([
        'ssmmessages:CreateControlChannel',
        'ssmmessages:CreateDataChannel',
        'ssmmessages:OpenControlChannel',
        'ssmmessages:OpenDataChannel',
      ]),
    ],
  },
  AdministratorAccess: { statements: [allow(['*'])] },
  PowerUserAccess: {
    statements: [{ effect: 'Allow', notAction: ['iam:*', 'organizations:*', 'account:*'], resource: ['*'] }],
  },
  // Common instance-role policies with no ssm:UpdateInstanceInformation and no ssmmessages action.
  AmazonS3ReadOnlyAccess: { statements: [] },
  AmazonS3FullAccess: { statements: [] },
  AmazonEC2ReadOnlyAccess: { statements: [] },
  CloudWatchAgentServerPolicy: { statements: [] },
};
