// An EC2 instance's intent: the endpoint services its profile role uses (issue 14).
import { instanceServiceNeeds } from '../../src/analysis/instance-needs.js';
import type { GlobalBuilder, RegionBuilder } from '../support/builders/index.js';
import { viewOf } from './helpers.js';

const PROFILE = 'arn:aws:iam::111111111111:instance-profile/app-profile';

function needsOf(
  extra: (r: RegionBuilder, g: GlobalBuilder) => void = () => {},
  profile: string | null = PROFILE,
) {
  const { account, region } = viewOf((r, g) => {
    r.vpc('vpc-1');
    r.subnet('subnet-1', 'vpc-1', { cidrBlock: '10.0.0.0/24' });
    r.instance('i-1', 'subnet-1', profile ? { iamInstanceProfileArn: profile } : {});
    g.role('app-role', {
      attachedPolicies: [
        { name: 'AmazonSSMManagedInstanceCore', arn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore' },
      ],
      inlinePolicies: [
        {
          name: 'jobs',
          document: {
            statements: [
              { effect: 'Allow', action: ['dynamodb:UpdateItem', 'iam:GetRole'], resource: ['*'] },
              { effect: 'Allow', action: ['*'], resource: ['*'] },
            ],
          },
        },
      ],
    });
    g.instanceProfile('app-profile', ['app-role']);
    g.instanceProfile('empty-profile', []);
    extra(r, g);
  });
  return instanceServiceNeeds(account, region.instance('i-1')!);
}

describe('instanceServiceNeeds', () => {
  it("maps the profile role's policies (inline and known AWS managed) to endpoint services", () => {
    const needs = needsOf();
    expect(needs.status).toBe('decided');
    if (needs.status !== 'decided') return;
    expect(needs.roles).toEqual(['app-role']);
    expect(needs.needs.map((n) => n.service)).toEqual(['dynamodb', 'ec2messages', 'ssm', 'ssmmessages']);
    expect(needs.withoutEndpoint).toEqual(['iam']);
    expect(needs.evidence.map((e) => e.summary)).toContain(
      'app-role uses dynamodb (dynamodb actions in jobs)',
    );
    expect(needs.evidence.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['instance-profile', 'service-need']),
    );
  });

  it('no profile, or a profile without a role, is no role (nothing to judge)', () => {
    expect(needsOf(undefined, null)).toMatchObject({
      status: 'no-role',
      reason: 'it has no instance profile',
    });
    expect(needsOf(undefined, 'arn:aws:iam::111111111111:instance-profile/empty-profile')).toMatchObject({
      status: 'no-role',
      reason: 'its instance profile empty-profile has no role',
    });
  });

  it('unread IAM data is undecided with the missing kinds, never "no need"', () => {
    expect(needsOf((_r, g) => g.setCollection('iamInstanceProfiles', 'failed'))).toMatchObject({
      status: 'undecided',
      missingKinds: ['iamInstanceProfiles'],
    });
    const managed = needsOf((_r, g) => {
      g.role('managed-role', {
        attachedPolicies: [{ name: 'custom', arn: 'arn:aws:iam::111111111111:policy/custom' }],
      });
      g.instanceProfile('managed-profile', ['managed-role']);
      g.setCollection('iamPolicies', 'failed');
    }, 'arn:aws:iam::111111111111:instance-profile/managed-profile');
    expect(managed).toMatchObject({ status: 'undecided', missingKinds: ['iamPolicies'] });
    if (managed.status === 'undecided') expect(managed.reason).toContain('custom');
  });
});
