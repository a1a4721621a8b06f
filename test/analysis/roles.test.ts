import { GlobalBuilder, RegionBuilder, buildAccount } from '../support/builders/index.js';
import type { PolicyStatement } from '../../src/snapshot/types.js';
import { AccountView } from '../../src/snapshot/view.js';
import {
  grantsSsmCore,
  instanceSsmIdentity,
  resolveInstanceRoles,
  rolePolicies,
} from '../../src/analysis/roles.js';
import { decideAction, iamPatternMatches } from '../../src/analysis/iam-policy.js';

const SSM_CORE = {
  name: 'AmazonSSMManagedInstanceCore',
  arn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
};
const PROFILE_ARN = (name: string) => `arn:aws:iam::111111111111:instance-profile/${name}`;

/** One account with one instance using `profile`, and IAM built by `iam`. */
function setup(iam: (g: GlobalBuilder) => void, profile: string | null = 'p') {
  const r = new RegionBuilder('us-east-1');
  r.vpc('vpc-1');
  r.subnet('subnet-1', 'vpc-1');
  const instance = r.instance(
    'i-1',
    'subnet-1',
    profile ? { iamInstanceProfileArn: PROFILE_ARN(profile) } : {},
  );
  const g = new GlobalBuilder();
  iam(g);
  const account = new AccountView(buildAccount({ regions: [r], global: g }));
  return { account, instance };
}

const allow = (action: string[], extra: Partial<PolicyStatement> = {}): PolicyStatement => ({
  effect: 'Allow',
  action,
  resource: ['*'],
  ...extra,
});
const deny = (action: string[], extra: Partial<PolicyStatement> = {}): PolicyStatement => ({
  effect: 'Deny',
  action,
  resource: ['*'],
  ...extra,
});

describe('iamPatternMatches', () => {
  it('matches IAM wildcards, actions case-insensitively', () => {
    expect(iamPatternMatches('ssm:*', 'SSM:UpdateInstanceInformation', true)).toBe(true);
    expect(iamPatternMatches('ssmmessages:Open*Channel', 'ssmmessages:OpenDataChannel', true)).toBe(true);
    expect(iamPatternMatches('ssm:Update?nstance*', 'ssm:UpdateInstanceInformation', true)).toBe(true);
    expect(iamPatternMatches('ssm:*', 'ssmmessages:OpenDataChannel', true)).toBe(false);
    expect(
      iamPatternMatches('arn:aws:ec2:*:*:instance/i-1', 'arn:aws:ec2:us-east-1:1:instance/i-1', false),
    ).toBe(true);
  });
});

describe('decideAction', () => {
  const source = (statements: PolicyStatement[]) => ({
    id: 'p',
    name: 'p',
    kind: 'inline' as const,
    document: { statements },
  });
  const request = { action: 'ssmmessages:OpenControlChannel', resource: '*' };

  it('an explicit Deny beats an Allow', () => {
    const result = decideAction([source([allow(['*']), deny(['ssmmessages:*'])])], request);
    expect(result.decision).toBe('denied');
  });
  it('NotAction allows everything else', () => {
    expect(
      decideAction([source([{ effect: 'Allow', notAction: ['iam:*'], resource: ['*'] }])], request).decision,
    ).toBe('allowed');
    expect(
      decideAction([source([{ effect: 'Allow', notAction: ['ssmmessages:*'], resource: ['*'] }])], request)
        .decision,
    ).toBe('not-allowed');
  });
  it('a conditional Allow is indeterminate, a conditional Deny makes an Allow indeterminate', () => {
    const condition = { StringEquals: { 'aws:SourceVpc': ['vpc-1'] } };
    expect(decideAction([source([allow(['ssmmessages:*'], { condition })])], request).decision).toBe(
      'indeterminate',
    );
    expect(decideAction([source([allow(['*']), deny(['*'], { condition })])], request).decision).toBe(
      'indeterminate',
    );
  });
  it('an action without resource types needs Resource "*"', () => {
    const scoped = allow(['ssmmessages:*'], { resource: ['arn:aws:ec2:*:*:instance/*'] });
    expect(decideAction([source([scoped])], request).decision).toBe('not-allowed');
  });
});

describe('resolveInstanceRoles', () => {
  it('no instance profile', () => {
    const { account, instance } = setup(() => undefined, null);
    expect(resolveInstanceRoles(account, instance).status).toBe('no-profile');
  });

  it('a profile without a role', () => {
    const { account, instance } = setup((g) => g.instanceProfile('p', []));
    const resolution = resolveInstanceRoles(account, instance);
    expect(resolution.status).toBe('profile-without-role');
    expect(resolution.evidence[0]?.summary).toContain('with no role');
  });

  it('resolves profile → role', () => {
    const { account, instance } = setup((g) => {
      g.role('r', { attachedPolicies: [SSM_CORE] });
      g.instanceProfile('p', ['r']);
    });
    const resolution = resolveInstanceRoles(account, instance);
    expect(resolution.status).toBe('resolved');
    if (resolution.status === 'resolved') expect(resolution.roles.map((r) => r.name)).toEqual(['r']);
  });

  it('a profile ARN that is not in the fully read profile list', () => {
    const { account, instance } = setup((g) => g.instanceProfile('other', ['r']));
    expect(resolveInstanceRoles(account, instance).status).toBe('profile-not-found');
  });

  it('is unknown when profiles or roles were not collected', () => {
    const a = setup((g) => {
      g.instanceProfile('other', ['r']);
      g.setCollection('iamInstanceProfiles', 'failed');
    });
    const ra = resolveInstanceRoles(a.account, a.instance);
    expect(ra.status).toBe('unknown');
    if (ra.status === 'unknown') expect(ra.missingKinds).toEqual(['iamInstanceProfiles']);
    const b = setup((g) => {
      g.instanceProfile('p', ['r']);
      g.setCollection('iamRoles', undefined);
    });
    const rb = resolveInstanceRoles(b.account, b.instance);
    expect(rb.status).toBe('unknown');
    if (rb.status === 'unknown') expect(rb.missingKinds).toEqual(['iamRoles']);
  });
});

describe('resolveInstanceRoles over partly read IAM', () => {
  it('does not trust the records of a failed sweep (snapshot contract)', () => {
    const { account, instance } = setup((g) => {
      g.role('r');
      g.instanceProfile('p', ['r']);
      g.setCollection('iamRoles', 'failed');
    });
    expect(resolveInstanceRoles(account, instance)).toMatchObject({
      status: 'unknown',
      missingKinds: ['iamRoles'],
    });
  });
});

describe('grantsSsmCore', () => {
  function grant(iam: (g: GlobalBuilder) => void, instanceArn?: string) {
    const { account } = setup(iam);
    const role = account.role('r');
    if (!role) throw new Error('fixture has no role r');
    return grantsSsmCore(account, role, instanceArn);
  }

  it.each([
    'AmazonSSMManagedInstanceCore',
    'AmazonSSMManagedEC2InstanceDefaultPolicy',
    'AmazonEC2RoleforSSM',
    'AmazonSSMFullAccess',
    'AdministratorAccess',
    'PowerUserAccess',
  ])('AWS managed %s grants it', (name) => {
    const result = grant((g) =>
      g.role('r', { attachedPolicies: [{ name, arn: `arn:aws:iam::aws:policy/${name}` }] }),
    );
    expect(result.verdict).toBe('granted');
    expect(result.grantedBy).toEqual([name]);
  });

  it('a well-known unrelated AWS managed policy does not', () => {
    const result = grant((g) =>
      g.role('r', {
        attachedPolicies: [
          { name: 'AmazonS3ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' },
        ],
      }),
    );
    expect(result.verdict).toBe('not-granted');
    expect(result.reason).toContain('ssm:UpdateInstanceInformation');
  });

  it('an AWS managed policy the snapshot does not know leaves it indeterminate', () => {
    const result = grant((g) =>
      g.role('r', {
        attachedPolicies: [{ name: 'SomeNewPolicy', arn: 'arn:aws:iam::aws:policy/SomeNewPolicy' }],
      }),
    );
    expect(result.verdict).toBe('indeterminate');
    expect(result.reason).toContain('SomeNewPolicy');
  });

  it('an inline policy with wildcards grants it', () => {
    const result = grant((g) =>
      g.role('r', {
        inlinePolicies: [
          { name: 'agent', document: { statements: [allow(['ssm:*']), allow(['ssmmessages:*'])] } },
        ],
      }),
    );
    expect(result.verdict).toBe('granted');
    expect(result.grantedBy).toEqual(['agent']);
  });

  it('a customer policy missing OpenDataChannel does not, and says which action', () => {
    const result = grant((g) => {
      g.policy('agent-min', {
        document: {
          statements: [
            allow([
              'ssm:UpdateInstanceInformation',
              'ssmmessages:CreateControlChannel',
              'ssmmessages:CreateDataChannel',
              'ssmmessages:OpenControlChannel',
            ]),
          ],
        },
      });
      g.role('r', { attachedPolicies: [{ name: 'agent-min', arn: g.arn('policy/agent-min') }] });
    });
    expect(result.verdict).toBe('not-granted');
    expect(result.reason).toContain('ssmmessages:OpenDataChannel');
    expect(result.reason).not.toContain('CreateControlChannel');
  });

  it('an explicit Deny removes what the core policy grants', () => {
    const result = grant((g) =>
      g.role('r', {
        attachedPolicies: [SSM_CORE],
        inlinePolicies: [{ name: 'no-sessions', document: { statements: [deny(['ssmmessages:Open*'])] } }],
      }),
    );
    expect(result.verdict).toBe('not-granted');
    expect(result.reason).toContain('no-sessions explicitly denies ssmmessages:OpenControlChannel');
  });

  it('one granting policy "grants" the SSM core actions (the reason is quoted in findings)', () => {
    const result = grant((g) => g.role('r', { attachedPolicies: [SSM_CORE] }));
    expect(result.verdict).toBe('granted');
    expect(result.reason).toBe('AmazonSSMManagedInstanceCore grants the SSM core actions');
  });

  it('an inline policy without a document makes a grant indeterminate (it could deny)', () => {
    const result = grant((g) =>
      g.role('r', { attachedPolicies: [SSM_CORE], inlinePolicies: [{ name: 'opaque' }] }),
    );
    expect(result.verdict).toBe('indeterminate');
    expect(result.grantedBy).toEqual(['AmazonSSMManagedInstanceCore']);
  });

  it('a customer policy scoped to other instances does not cover this one', () => {
    const iam = (g: GlobalBuilder) =>
      g.role('r', {
        inlinePolicies: [
          {
            name: 'scoped',
            document: {
              statements: [
                allow(['ssm:UpdateInstanceInformation'], { resource: ['arn:aws:ec2:*:*:instance/i-other'] }),
                allow(['ssmmessages:*']),
              ],
            },
          },
        ],
      });
    expect(grant(iam, 'arn:aws:ec2:us-east-1:111111111111:instance/i-1').verdict).toBe('not-granted');
    expect(grant(iam, 'arn:aws:ec2:us-east-1:111111111111:instance/i-other').verdict).toBe('granted');
  });
});

describe('rolePolicies', () => {
  it('uses a collected managed-policy document before the built-in excerpt', () => {
    const { account } = setup((g) => {
      g.policy('custom', { document: { statements: [allow(['s3:GetObject'])] } });
      g.role('r', { attachedPolicies: [{ name: 'custom', arn: g.arn('policy/custom') }] });
    });
    const policies = rolePolicies(account, account.role('r')!);
    expect(policies.known.map((p) => [p.name, p.kind])).toEqual([['custom', 'customer-managed']]);
    expect(policies.unknown).toEqual([]);
  });
});

describe('instanceSsmIdentity', () => {
  const identity = (iam: (g: GlobalBuilder) => void, profile?: string | null) => {
    const { account, instance } = setup(iam, profile);
    return instanceSsmIdentity(account, instance);
  };

  it('granted through profile → role → AmazonSSMManagedInstanceCore, with evidence', () => {
    const result = identity((g) => {
      g.role('r', { attachedPolicies: [SSM_CORE] });
      g.instanceProfile('p', ['r']);
    });
    expect(result.verdict).toBe('granted');
    expect(result.roleName).toBe('r');
    expect(result.evidence.map((e) => e.kind)).toEqual(['instance-profile', 'iam-policy']);
  });

  it('not granted: profile without role', () => {
    const result = identity((g) => g.instanceProfile('p', []));
    expect(result).toMatchObject({
      verdict: 'not-granted',
      reason: 'its instance profile p contains no role',
    });
  });

  it('not granted: no profile', () => {
    expect(identity(() => undefined, null).reason).toBe('it has no instance profile');
  });

  it('indeterminate when roles were not collected', () => {
    const result = identity((g) => {
      g.instanceProfile('p', ['r']);
      g.setCollection('iamRoles', 'failed');
    });
    expect(result).toMatchObject({ verdict: 'indeterminate', missingKinds: ['iamRoles'] });
  });

  it('indeterminate, naming iamPolicies, when a customer policy document was not read', () => {
    const result = identity((g) => {
      g.role('r', { attachedPolicies: [{ name: 'agent', arn: g.arn('policy/agent') }] });
      g.instanceProfile('p', ['r']);
      g.setCollection('iamPolicies', 'failed');
    });
    expect(result).toMatchObject({ verdict: 'indeterminate', missingKinds: ['iamPolicies'] });
  });
});
