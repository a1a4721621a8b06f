// The path and identity analyses share answers between instances (per subnet, group set, role)
// to stay fast on large accounts. These tests pin that sharing never leaks one instance's answer
// to another whose address or ARN makes a difference: rules and ACL entries that split a subnet,
// and policies scoped to one instance's ARN.
import { GlobalBuilder, RegionBuilder, buildAccount, naclEntry, sgRule } from '../support/builders/index.js';
import type { NetworkAclEntry, SecurityGroupRule } from '../../src/snapshot/types.js';
import { AccountView } from '../../src/snapshot/view.js';
import { servicePath, type ServicePathResult } from '../../src/analysis/path/index.js';
import { grantsSsmCore, instanceSsmIdentity } from '../../src/analysis/ssm-identity.js';
import { regionView } from './helpers.js';

interface Fixture {
  endpointIngress?: SecurityGroupRule[];
  endpointSubnetAcl?: NetworkAclEntry[];
}

// subnet-app 10.0.1.0/24 holds i-low (10.0.1.10) and i-high (10.0.1.200), same groups; endpoints
// for ssm and ssmmessages sit in subnet-ep (10.0.2.0/24).
function region(fixture: Fixture) {
  return regionView((r) => {
    r.vpc('vpc-1', { enableDnsHostnames: true });
    r.subnet('subnet-app', 'vpc-1', { cidrBlock: '10.0.1.0/24' });
    r.subnet('subnet-ep', 'vpc-1', { cidrBlock: '10.0.2.0/24' });
    r.routeTable('rtb-main', 'vpc-1', { main: true });
    r.networkAcl('acl-dflt', 'vpc-1', { isDefault: true, subnetIds: ['subnet-app', 'subnet-ep'] });
    if (fixture.endpointSubnetAcl)
      r.networkAcl('acl-ep', 'vpc-1', { subnetIds: ['subnet-ep'], entries: fixture.endpointSubnetAcl });
    r.securityGroup('sg-ep', 'vpc-1', {
      ingress: fixture.endpointIngress ?? [sgRule.tcp(443, '10.0.0.0/16')],
    });
    r.securityGroup('sg-i', 'vpc-1', { egress: [sgRule.all('0.0.0.0/0')] });
    ['ssm', 'ssmmessages'].forEach((service, index) => {
      r.networkInterface(`eni-${service}`, 'subnet-ep', {
        interfaceType: 'vpc_endpoint',
        securityGroupIds: ['sg-ep'],
        privateIpAddresses: [`10.0.2.${10 + index}`],
      });
      r.vpcEndpoint(`vpce-${service}`, 'vpc-1', service, {
        subnetIds: ['subnet-ep'],
        securityGroupIds: ['sg-ep'],
        networkInterfaceIds: [`eni-${service}`],
      });
    });
    r.instance('i-low', 'subnet-app', { privateIpAddress: '10.0.1.10', securityGroupIds: ['sg-i'] });
    r.instance('i-high', 'subnet-app', { privateIpAddress: '10.0.1.200', securityGroupIds: ['sg-i'] });
  });
}

/** Both instances' paths judged in one view (so they share its caches), in the given order. */
function paths(fixture: Fixture, order: ('i-low' | 'i-high')[]): Record<string, ServicePathResult> {
  const view = region(fixture);
  const out: Record<string, ServicePathResult> = {};
  for (const id of order) out[id] = servicePath(view, view.instance(id)!, ['ssm', 'ssmmessages']);
  return out;
}

/** The same instance judged alone in a fresh view: the reference answer. */
function alone(fixture: Fixture, id: string): ServicePathResult {
  const view = region(fixture);
  return servicePath(view, view.instance(id)!, ['ssm', 'ssmmessages']);
}

describe('shared path answers within a subnet', () => {
  const splitByGroup: Fixture = { endpointIngress: [sgRule.tcp(443, '10.0.1.0/25')] };
  const splitByAcl: Fixture = {
    endpointSubnetAcl: [
      naclEntry(50, false, 'deny', '10.0.1.128/25'),
      naclEntry(100, false, 'allow', '0.0.0.0/0'),
      naclEntry(100, true, 'allow', '0.0.0.0/0'),
    ],
  };

  it.each([
    ['an endpoint group rule', splitByGroup],
    ['an endpoint-subnet ACL entry', splitByAcl],
  ])('%s that splits the subnet gives each instance its own verdict, in either order', (_, fixture) => {
    for (const order of [
      ['i-low', 'i-high'],
      ['i-high', 'i-low'],
    ] as ('i-low' | 'i-high')[][]) {
      const result = paths(fixture, order);
      expect(result['i-low']?.verdict).toBe('reachable');
      expect(result['i-high']?.verdict).toBe('unreachable');
      expect(result['i-high']?.problems.map((p) => p.message).join('\n')).toContain('i-high (10.0.1.200)');
      // Identical to judging each instance alone, evidence included.
      expect(result['i-low']).toEqual(alone(fixture, 'i-low'));
      expect(result['i-high']).toEqual(alone(fixture, 'i-high'));
    }
  });

  const allowSplitThenWhole: [string, Fixture, string, string][] = [
    [
      'endpoint group rules',
      { endpointIngress: [sgRule.tcp(443, '10.0.1.0/25'), sgRule.tcp(443, '10.0.0.0/16')] },
      'from 10.0.1.0/25',
      'from 10.0.0.0/16',
    ],
    [
      'endpoint-subnet ACL entries',
      {
        endpointSubnetAcl: [
          naclEntry(50, false, 'allow', '10.0.1.0/25'),
          naclEntry(100, false, 'allow', '0.0.0.0/0'),
          naclEntry(100, true, 'allow', '0.0.0.0/0'),
        ],
      },
      'inbound rule 50:',
      'inbound rule 100:',
    ],
  ];

  it.each(allowSplitThenWhole)(
    '%s allowing part of the subnet, then all of it, cite the rule that matched each instance',
    (_, fixture, lowRule, highRule) => {
      for (const order of [
        ['i-low', 'i-high'],
        ['i-high', 'i-low'],
      ] as ('i-low' | 'i-high')[][]) {
        const result = paths(fixture, order);
        const summaries = (id: string) => (result[id]?.evidence ?? []).map((e) => e.summary).join('\n');
        expect(result['i-low']?.verdict).toBe('reachable');
        expect(result['i-high']?.verdict).toBe('reachable');
        expect(summaries('i-low')).toContain(lowRule);
        expect(summaries('i-high')).toContain(highRule);
        expect(summaries('i-high')).not.toContain(lowRule);
        expect(result['i-low']).toEqual(alone(fixture, 'i-low'));
        expect(result['i-high']).toEqual(alone(fixture, 'i-high'));
      }
    },
  );

  it('a rule covering the whole subnet gives both instances the same reachable path and evidence', () => {
    const result = paths({}, ['i-low', 'i-high']);
    expect(result['i-low']?.verdict).toBe('reachable');
    expect(result['i-high']?.evidence).toEqual(result['i-low']?.evidence);
    expect(result['i-high']).toEqual(alone({}, 'i-high'));
  });

  it('a denied flow names each instance, never the first one judged', () => {
    const fixture: Fixture = { endpointIngress: [sgRule.tcp(443, '10.9.0.0/16')] };
    const result = paths(fixture, ['i-low', 'i-high']);
    expect(result['i-high']?.problems.map((p) => p.message).join('\n')).not.toContain('i-low');
    expect(result['i-high']).toEqual(alone(fixture, 'i-high'));
  });
});

describe('shared SSM core grants per role', () => {
  const PROFILE = 'arn:aws:iam::111111111111:instance-profile/p';

  // Two instances share profile p → role r, whose inline policy scopes
  // ssm:UpdateInstanceInformation to i-1 only.
  function setup() {
    const r = new RegionBuilder('us-east-1');
    r.vpc('vpc-1');
    r.subnet('subnet-1', 'vpc-1');
    const one = r.instance('i-1', 'subnet-1', { iamInstanceProfileArn: PROFILE });
    const two = r.instance('i-2', 'subnet-1', { iamInstanceProfileArn: PROFILE });
    const g = new GlobalBuilder();
    g.instanceProfile('p', ['r']);
    g.role('r', {
      inlinePolicies: [
        {
          name: 'scoped',
          document: {
            statements: [
              { effect: 'Allow', action: ['ssm:UpdateInstanceInformation'], resource: [one.arn] },
              { effect: 'Allow', action: ['ssmmessages:*'], resource: ['*'] },
            ],
          },
        },
      ],
    });
    return { account: new AccountView(buildAccount({ regions: [r], global: g })), one, two };
  }

  it('a statement scoped to one instance ARN grants that instance only, whichever is asked first', () => {
    for (const firstOne of [true, false]) {
      const { account, one, two } = setup();
      const ask = firstOne ? [one, two] : [two, one];
      const answers = new Map(ask.map((i) => [i.id, instanceSsmIdentity(account, i)]));
      expect(answers.get('i-1')?.verdict).toBe('granted');
      expect(answers.get('i-2')?.verdict).toBe('not-granted');
      expect(answers.get('i-2')?.reason).toContain('ssm:UpdateInstanceInformation');
    }
  });

  it('the shared answer equals a fresh one for every instance of the role', () => {
    const { account, one, two } = setup();
    const role = account.role('r')!;
    const first = [grantsSsmCore(account, role, one.arn), grantsSsmCore(account, role, two.arn)];
    const fresh = setup();
    const freshRole = fresh.account.role('r')!;
    expect(first[1]).toEqual(grantsSsmCore(fresh.account, freshRole, two.arn));
    expect(first[0]).toEqual(grantsSsmCore(setup().account, setup().account.role('r')!, one.arn));
    // Without an ARN the ssm action is asked for `*`, which the scoped statement does not cover.
    expect(grantsSsmCore(account, role).verdict).toBe('not-granted');
  });
});
