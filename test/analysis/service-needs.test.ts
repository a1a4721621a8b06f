// A role's intent: the endpoint services its identity policies make it need (issue 14 item 2).
import type { PolicyStatement } from '../../src/snapshot/types.js';
import {
  LAMBDA_PLATFORM_ACTIONS,
  roleArnServiceNeeds,
  roleServiceNeeds,
} from '../../src/analysis/service-needs.js';
import { iamPrefixForEndpoint } from '../../src/analysis/service-endpoints.js';
import { viewOf } from './helpers.js';

const APP: PolicyStatement[] = [
  { effect: 'Allow', action: ['s3:GetObject', 'cloudwatch:PutMetricData'], resource: ['*'] },
  { effect: 'Allow', action: ['ecr:GetAuthorizationToken', 'iam:PassRole'], resource: ['*'] },
  {
    effect: 'Allow',
    action: ['logs:CreateLogStream', 'ec2:CreateNetworkInterface', 'xray:PutTraceSegments'],
    resource: ['*'],
  },
  // A grant of everything or NotAction names no service: not a need.
  { effect: 'Allow', action: ['*'], resource: ['*'] },
  { effect: 'Allow', notAction: ['iam:*'], resource: ['*'] },
  { effect: 'Deny', action: ['sqs:*'], resource: ['*'] },
];

function account(attached: { name: string; arn: string }[] = [], statements = APP) {
  return viewOf((_r, g) => {
    g.role('app', {
      inlinePolicies: [{ name: 'app', document: { statements } }],
      attachedPolicies: attached,
    });
  }).account;
}

describe('roleServiceNeeds', () => {
  it('maps explicitly allowed prefixes to endpoint services, leaving out the platform actions', () => {
    const view = account();
    const needs = roleServiceNeeds(view, view.role('app')!, { platformActions: LAMBDA_PLATFORM_ACTIONS });
    expect(needs.verdict).toBe('decided');
    expect(needs.needs.map((n) => n.service)).toEqual(['ecr.api', 'ecr.dkr', 'monitoring', 's3']);
    expect(needs.needs.find((n) => n.service === 's3')?.because).toEqual([
      { prefix: 'ecr', policy: 'app' },
      { prefix: 's3', policy: 'app' },
    ]);
    expect(needs.withoutEndpoint).toEqual(['iam']);
  });

  it('without platform actions, logs, ec2 and xray are needs too', () => {
    const view = account();
    const needs = roleServiceNeeds(view, view.role('app')!);
    expect(needs.needs.map((n) => n.service)).toEqual(
      expect.arrayContaining(['logs', 'ec2', 'xray', 'monitoring']),
    );
  });

  it('a known AWS managed policy counts by its actions; the Lambda VPC policy is all platform', () => {
    const view = account(
      [
        {
          name: 'AWSLambdaVPCAccessExecutionRole',
          arn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole',
        },
        { name: 'AmazonSQSFullAccess', arn: 'arn:aws:iam::aws:policy/AmazonSQSFullAccess' },
      ],
      [],
    );
    const needs = roleServiceNeeds(view, view.role('app')!, { platformActions: LAMBDA_PLATFORM_ACTIONS });
    expect(needs.verdict).toBe('decided');
    expect(needs.needs.map((n) => n.service)).toEqual(['sqs']);
  });

  it('a policy whose document is unknown makes the answer undecided, naming it', () => {
    const view = account([{ name: 'team-policy', arn: 'arn:aws:iam::111111111111:policy/team-policy' }]);
    const needs = roleServiceNeeds(view, view.role('app')!);
    expect(needs.verdict).toBe('undecided');
    expect(needs.missing).toEqual([
      'the document of policy team-policy (arn:aws:iam::111111111111:policy/team-policy) is not in the snapshot',
    ]);
  });

  it('by ARN: a missing role or uncollected roles are undecided with the missing kind', () => {
    const view = account();
    expect(roleArnServiceNeeds(view, 'arn:aws:iam::111111111111:role/gone')).toMatchObject({
      verdict: 'undecided',
      missing: ['role arn:aws:iam::111111111111:role/gone is not in the snapshot'],
    });
    expect(roleArnServiceNeeds(view, 'arn:aws:iam::111111111111:role/app').verdict).toBe('decided');
    const blind = viewOf((_r, g) => g.setCollection('iamRoles', 'failed')).account;
    expect(roleArnServiceNeeds(blind, 'arn:aws:iam::111111111111:role/app')).toMatchObject({
      verdict: 'undecided',
      missingKinds: ['iamRoles'],
    });
  });
});

describe('iamPrefixForEndpoint', () => {
  it('names the prefix of calls an endpoint service carries', () => {
    expect(iamPrefixForEndpoint('monitoring')).toBe('cloudwatch');
    expect(iamPrefixForEndpoint('ecr.dkr')).toBe('ecr');
    expect(iamPrefixForEndpoint('s3')).toBe('s3');
    expect(iamPrefixForEndpoint('kinesis-streams')).toBe('kinesis');
  });
});
