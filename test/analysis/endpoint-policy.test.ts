import { describe, expect, it } from '@jest/globals';
import {
  endpointPolicyAllows,
  gatewayEndpointPolicy,
  s3EndpointPolicy,
} from '../../src/analysis/endpoint-policy.js';
import { serviceWidePolicy } from '../../src/analysis/path/endpoint-policy-check.js';
import type { Instance, PolicyStatement, VpcEndpoint } from '../../src/snapshot/types.js';
import { regionView } from './helpers.js';

const everyone = '*' as const;

function endpoint(
  statements: PolicyStatement[] | undefined,
  service = 'ssm',
): { e: VpcEndpoint; i: Instance } {
  const region = regionView((r) => {
    r.vpc('vpc-1');
    r.subnet('subnet-1', 'vpc-1', { cidrBlock: '10.0.0.0/24' });
    r.vpcEndpoint('vpce-1', 'vpc-1', service, statements ? { policyDocument: { statements } } : {});
    r.instance('i-1', 'subnet-1', { privateIpAddress: '10.0.0.5' });
  });
  return { e: region.data.vpcEndpoints[0]!, i: region.instance('i-1')! };
}

const decide = (statements: PolicyStatement[] | undefined, service = 'ssm') => {
  const { e, i } = endpoint(statements, service);
  return endpointPolicyAllows(e, service, i);
};

describe('endpointPolicyAllows (issue 20 item 3)', () => {
  it('no policy document is the default full-access policy', () => {
    expect(decide(undefined)).toMatchObject({
      verdict: 'allowed',
      reason: 'it has no endpoint policy (full access)',
    });
  });

  it('the default policy (Allow * on * for *) allows the agent', () => {
    const result = decide([{ effect: 'Allow', action: ['*'], resource: ['*'], principal: everyone }]);
    expect(result).toMatchObject({
      verdict: 'allowed',
      reason: 'its policy allows ssm:UpdateInstanceInformation',
    });
    expect(result?.evidence).toMatchObject({ kind: 'vpc-endpoint-policy', resourceId: 'vpce-1' });
  });

  it('Deny * for everyone denies, naming the statement', () => {
    const result = decide([
      { effect: 'Allow', action: ['*'], resource: ['*'], principal: everyone },
      { sid: 'Lockdown', effect: 'Deny', action: ['*'], resource: ['*'], principal: everyone },
    ]);
    expect(result).toMatchObject({
      verdict: 'denied',
      reason: 'its policy denies ssm:UpdateInstanceInformation (the policy of vpce-1 (statement Lockdown))',
    });
  });

  it('an Allow list that omits the needed actions gives no path', () => {
    const result = decide(
      [
        {
          effect: 'Allow',
          action: ['ssmmessages:CreateControlChannel'],
          resource: ['*'],
          principal: everyone,
        },
      ],
      'ssmmessages',
    );
    expect(result).toMatchObject({
      verdict: 'denied',
      reason:
        'its policy allows none of ssmmessages:CreateDataChannel, ssmmessages:OpenControlChannel, ssmmessages:OpenDataChannel',
    });
  });

  it('ec2messages: the agent needs all three actions (aws-facts §5.2); a policy without SendReply denies', () => {
    const allowing = (...action: string[]) =>
      decide([{ effect: 'Allow', action, resource: ['*'], principal: everyone }], 'ec2messages');
    expect(allowing('ec2messages:GetMessages', 'ec2messages:AcknowledgeMessage')).toMatchObject({
      verdict: 'denied',
      reason: 'its policy allows none of ec2messages:SendReply',
    });
    expect(
      allowing('ec2messages:GetMessages', 'ec2messages:AcknowledgeMessage', 'ec2messages:SendReply')?.verdict,
    ).toBe('allowed');
  });

  it('NotAction and Resource scoping are honoured', () => {
    expect(
      decide([{ effect: 'Allow', notAction: ['ssm:SendCommand'], resource: ['*'], principal: everyone }])
        ?.verdict,
    ).toBe('allowed');
    expect(
      decide([{ effect: 'Allow', notAction: ['ssm:Update*'], resource: ['*'], principal: everyone }])
        ?.verdict,
    ).toBe('denied');
    expect(
      decide([
        {
          effect: 'Allow',
          action: ['ssm:*'],
          resource: ['arn:aws:ec2:us-east-1:123456789012:instance/i-other'],
          principal: everyone,
        },
      ])?.verdict,
    ).toBe('denied');
  });

  it('a condition or a named principal that decides makes it indeterminate', () => {
    const conditional = decide([
      {
        effect: 'Allow',
        action: ['*'],
        resource: ['*'],
        principal: everyone,
        condition: { StringEquals: { 'aws:PrincipalOrgID': ['o-1'] } },
      },
    ]);
    expect(conditional?.verdict).toBe('indeterminate');
    expect(conditional?.reason).toContain('by a Condition or a named Principal');
    const named = decide([
      {
        effect: 'Allow',
        action: ['*'],
        resource: ['*'],
        principal: { AWS: ['arn:aws:iam::123456789012:role/x'] },
      },
    ]);
    expect(named?.verdict).toBe('indeterminate');
    // `{"AWS": "*"}` is everyone.
    expect(
      decide([{ effect: 'Allow', action: ['*'], resource: ['*'], principal: { AWS: ['*'] } }])?.verdict,
    ).toBe('allowed');
    // A Deny for a named principal does not deny everyone, but it may deny this one.
    expect(
      decide([
        { effect: 'Allow', action: ['*'], resource: ['*'], principal: everyone },
        { effect: 'Deny', action: ['*'], resource: ['*'], principal: { AWS: ['arn:aws:iam::1:role/x'] } },
      ])?.verdict,
    ).toBe('indeterminate');
  });

  it('services without an action list are not checked', () => {
    expect(decide([{ effect: 'Deny', action: ['*'], resource: ['*'] }], 'logs')).toBeUndefined();
  });
});

describe('s3EndpointPolicy (issue 20 item 3)', () => {
  const s3 = (statements: PolicyStatement[] | undefined) => s3EndpointPolicy(endpoint(statements, 's3').e);

  it('no policy, the default policy, or one scoped to buckets carries S3 traffic', () => {
    expect(s3(undefined).verdict).toBe('some');
    expect(s3([{ effect: 'Allow', action: ['*'], resource: ['*'], principal: everyone }]).verdict).toBe(
      'some',
    );
    expect(
      s3([
        {
          effect: 'Allow',
          action: ['s3:GetObject'],
          resource: ['arn:aws:s3:::my-bucket/*'],
          principal: everyone,
        },
      ]).verdict,
    ).toBe('some');
    // A conditional Deny of everything (e.g. outside the organisation) still lets some through.
    expect(
      s3([
        { effect: 'Allow', action: ['*'], resource: ['*'], principal: everyone },
        {
          effect: 'Deny',
          action: ['*'],
          resource: ['*'],
          principal: everyone,
          condition: { StringNotEquals: { 'aws:PrincipalOrgID': ['o-1'] } },
        },
      ]).verdict,
    ).toBe('some');
  });

  it('an unconditional Deny of every S3 action on every bucket, or no S3 Allow at all, is none', () => {
    expect(
      s3([
        { effect: 'Allow', action: ['*'], resource: ['*'], principal: everyone },
        { sid: 'NoS3', effect: 'Deny', action: ['s3:*'], resource: ['arn:aws:s3:::*'], principal: everyone },
      ]),
    ).toEqual({
      verdict: 'none',
      reason: 'its policy (statement NoS3) denies every S3 action on every resource',
    });
    expect(s3([{ effect: 'Allow', action: ['dynamodb:*'], resource: ['*'], principal: everyone }])).toEqual({
      verdict: 'none',
      reason: 'its policy allows no S3 action',
    });
    expect(s3([]).verdict).toBe('none');
    // Denying only objects, or only some actions, is not everything.
    expect(
      s3([
        { effect: 'Allow', action: ['*'], resource: ['*'], principal: everyone },
        { effect: 'Deny', action: ['s3:*'], resource: ['arn:aws:s3:::*/*'], principal: everyone },
      ]).verdict,
    ).toBe('some');
  });
});

describe('gatewayEndpointPolicy for DynamoDB (issue 14)', () => {
  const ddb = (statements: PolicyStatement[] | undefined) =>
    gatewayEndpointPolicy(endpoint(statements, 'dynamodb').e, 'dynamodb');

  it('no policy, the default policy, or one scoped to tables carries DynamoDB traffic', () => {
    expect(ddb(undefined)).toEqual({ verdict: 'some', reason: 'no endpoint policy (full access)' });
    expect(ddb([{ effect: 'Allow', action: ['*'], resource: ['*'], principal: everyone }])).toEqual({
      verdict: 'some',
      reason: 'its policy allows DynamoDB requests',
    });
    expect(
      ddb([
        {
          effect: 'Allow',
          action: ['dynamodb:GetItem'],
          resource: ['arn:aws:dynamodb:us-east-1:111111111111:table/jobs'],
          principal: everyone,
        },
      ]).verdict,
    ).toBe('some');
  });

  it('an unconditional Deny of every DynamoDB action on every resource, or no DynamoDB Allow, is none', () => {
    expect(
      ddb([
        { effect: 'Allow', action: ['*'], resource: ['*'], principal: everyone },
        { sid: 'NoDdb', effect: 'Deny', action: ['dynamodb:*'], resource: ['*'], principal: everyone },
      ]),
    ).toEqual({
      verdict: 'none',
      reason: 'its policy (statement NoDdb) denies every DynamoDB action on every resource',
    });
    expect(ddb([{ effect: 'Allow', action: ['s3:*'], resource: ['*'], principal: everyone }])).toEqual({
      verdict: 'none',
      reason: 'its policy allows no DynamoDB action',
    });
    // Denying one table, or denying S3, is not everything.
    expect(
      ddb([
        { effect: 'Allow', action: ['*'], resource: ['*'], principal: everyone },
        {
          effect: 'Deny',
          action: ['dynamodb:*'],
          resource: ['arn:aws:dynamodb:*:*:table/secret'],
          principal: everyone,
        },
        { effect: 'Deny', action: ['s3:*'], resource: ['*'], principal: everyone },
      ]).verdict,
    ).toBe('some');
  });
});

describe('serviceWidePolicy (endpoint-policy-check.ts)', () => {
  const wide = (statements: PolicyStatement[], prefix: string) =>
    serviceWidePolicy(endpoint(statements, 'sqs').e, prefix);

  it('a Deny for everyone written with NotAction (no Action) is not a Deny of every call', () => {
    const decision = wide(
      [
        { effect: 'Allow', principal: everyone, action: ['*'], resource: ['*'] },
        { sid: 'OnlySqs', effect: 'Deny', principal: everyone, notAction: ['sqs:*'], resource: ['*'] },
      ],
      'sqs',
    );
    expect(decision).toMatchObject({ verdict: 'allowed', reason: 'its policy allows sqs requests' });
  });

  it('a Deny for everyone of every sqs action on every resource is none', () => {
    const decision = wide(
      [
        { effect: 'Allow', principal: everyone, action: ['*'], resource: ['*'] },
        { sid: 'NoSqs', effect: 'Deny', principal: everyone, action: ['SQS:*'], resource: ['*'] },
      ],
      'sqs',
    );
    expect(decision).toMatchObject({
      verdict: 'denied',
      reason: 'its policy (statement NoSqs) denies every sqs action on every resource',
    });
  });
});
