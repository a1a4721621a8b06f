import { compareVersions, requiredSsmServices, ssmIdentity } from '../../src/analysis/ssm-reachability.js';
import { viewOf } from './helpers.js';

describe('SSM agent needs (aws-facts §5.2, §5.3)', () => {
  it('compares agent versions numerically, not as strings', () => {
    expect(compareVersions('3.3.40.0', '3.3.1345.0')).toBeLessThan(0);
    expect(compareVersions('3.10.0.0', '3.9.9.9')).toBeGreaterThan(0);
    expect(compareVersions('3.3.40', '3.3.40.0')).toBe(0);
  });

  it('needs ec2messages only for agents older than 3.3.40.0', () => {
    expect(requiredSsmServices('3.3.39.9')).toEqual(['ssm', 'ssmmessages', 'ec2messages']);
    expect(requiredSsmServices('3.3.40.0')).toEqual(['ssm', 'ssmmessages']);
    expect(requiredSsmServices(undefined)).toEqual(['ssm', 'ssmmessages']);
  });
});

describe('ssmIdentity', () => {
  type DhmcRole = 'valid' | 'missing' | 'trusts-ec2' | 'no-policy' | 'conditional-trust' | 'no-trust-policy';
  const SSM_TRUST = {
    statements: [
      { effect: 'Allow' as const, principal: { Service: ['ssm.amazonaws.com'] }, action: ['sts:AssumeRole'] },
    ],
  };
  const DHMC_POLICY = {
    name: 'AmazonSSMManagedEC2InstanceDefaultPolicy',
    arn: 'arn:aws:iam::aws:policy/AmazonSSMManagedEC2InstanceDefaultPolicy',
  };
  function identity(options: {
    dhmc?: boolean;
    tokens?: string;
    agent?: string;
    dhmcCollected?: boolean;
    dhmcRole?: DhmcRole;
  }) {
    const { region, account } = viewOf((r, g) => {
      const kind = options.dhmcRole ?? 'valid';
      if (kind !== 'missing')
        g.role('dhmc-role', {
          path: '/service-role/',
          attachedPolicies: kind === 'no-policy' ? [] : [DHMC_POLICY],
          ...(kind === 'no-trust-policy'
            ? {}
            : {
                trustPolicy:
                  kind === 'trusts-ec2'
                    ? {
                        statements: [
                          { ...SSM_TRUST.statements[0]!, principal: { Service: ['ec2.amazonaws.com'] } },
                        ],
                      }
                    : kind === 'conditional-trust'
                      ? {
                          statements: [
                            {
                              ...SSM_TRUST.statements[0]!,
                              condition: { StringEquals: { 'aws:SourceAccount': ['123456789012'] } },
                            },
                          ],
                        }
                      : SSM_TRUST,
              }),
        });
      r.vpc('vpc-1');
      r.subnet('subnet-1', 'vpc-1');
      r.instance('i-1', 'subnet-1', {
        metadataOptions: { httpTokens: options.tokens ?? 'required', httpEndpoint: 'enabled' },
      });
      if (options.dhmc !== undefined) r.defaultHostManagement(options.dhmc, 'dhmc-role');
      if (options.dhmcCollected === false) r.setCollection('ssmDefaultHostManagement', 'failed');
      if (options.agent) r.ssmInstance('i-1', { agentVersion: options.agent, pingStatus: 'ConnectionLost' });
    });
    const instance = region.instance('i-1')!;
    return ssmIdentity(region, account, instance, region.ssmInstance('i-1'));
  }

  it('Default Host Management grants an identity to IMDSv2 instances without a profile', () => {
    const result = identity({ dhmc: true });
    expect([result.verdict, result.source]).toEqual(['granted', 'default-host-management']);
  });

  it('but not to IMDSv1 instances, nor to agents older than 3.2.582.0', () => {
    expect(identity({ dhmc: true, tokens: 'optional' }).reason).toContain('IMDSv1 is allowed');
    expect(identity({ dhmc: true, agent: '3.2.500.0' }).reason).toContain('older than 3.2.582.0');
  });

  it('the minimum agent version 3.2.582.0 itself qualifies; one build below does not', () => {
    expect(identity({ dhmc: true, agent: '3.2.582.0' })).toMatchObject({
      verdict: 'granted',
      source: 'default-host-management',
    });
    expect(identity({ dhmc: true, agent: '3.2.581.9' })).toMatchObject({ verdict: 'not-granted' });
    expect(identity({ dhmc: true, agent: '3.2.581.9' }).reason).toContain(
      'agent 3.2.581.9 is older than 3.2.582.0',
    );
  });

  it('no profile and no Default Host Management is no identity; an unread setting is undecided', () => {
    expect(identity({ dhmc: false }).verdict).toBe('not-granted');
    expect(identity({ dhmcCollected: false }).verdict).toBe('indeterminate');
  });

  describe('the Default Host Management role is checked like an instance role (issue 20 item 7)', () => {
    it('a valid role (exists, trusts ssm.amazonaws.com, the default policy) grants, named in the evidence', () => {
      const result = identity({ dhmc: true });
      expect(result.verdict).toBe('granted');
      expect(result.evidence.map((e) => e.summary)).toEqual(
        expect.arrayContaining([
          'Default Host Management role dhmc-role: its trust policy lets ssm.amazonaws.com assume it',
          'role dhmc-role: AmazonSSMManagedEC2InstanceDefaultPolicy allows ssm:UpdateInstanceInformation, ssmmessages:CreateControlChannel, ssmmessages:CreateDataChannel, ssmmessages:OpenControlChannel, ssmmessages:OpenDataChannel',
        ]),
      );
    });

    it('a role that does not exist is no identity', () => {
      const result = identity({ dhmc: true, dhmcRole: 'missing' });
      expect(result.verdict).toBe('not-granted');
      expect(result.reason).toBe(
        'it has no instance profile, and Default Host Management role dhmc-role does not exist',
      );
    });

    it('a role that does not trust ssm.amazonaws.com is no identity', () => {
      const result = identity({ dhmc: true, dhmcRole: 'trusts-ec2' });
      expect(result.verdict).toBe('not-granted');
      expect(result.reason).toContain(
        'Default Host Management role dhmc-role: its trust policy does not let ssm.amazonaws.com assume it',
      );
    });

    it('a role without the SSM core permissions is no identity', () => {
      const result = identity({ dhmc: true, dhmcRole: 'no-policy' });
      expect(result.verdict).toBe('not-granted');
      expect(result.reason).toContain(
        'Default Host Management role dhmc-role: no attached or inline policy allows',
      );
    });

    it('a conditional trust, or a trust policy not in the snapshot, is undecided', () => {
      const conditional = identity({ dhmc: true, dhmcRole: 'conditional-trust' });
      expect(conditional.verdict).toBe('indeterminate');
      expect(conditional.reason).toContain('lets ssm.amazonaws.com assume it only under a Condition');
      const absent = identity({ dhmc: true, dhmcRole: 'no-trust-policy' });
      expect(absent.verdict).toBe('indeterminate');
      expect(absent.reason).toContain('the trust policy of dhmc-role is not in the snapshot');
    });
  });
});
