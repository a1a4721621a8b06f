import {
  naclEntry,
  sgRule,
  singleRegionSnapshot,
  type RegionBuilder,
} from '../test/support/builders/index.js';
import type { Instance, InstanceConnectEndpoint, SecurityGroupRule } from '../src/snapshot/types.js';
import { pathHops } from '../src/findings/path.js';
import { ruleTester } from '../test/support/rule-tester.js';
import rule from './ec2-instance-private-admin-path.js';

const SSM_CORE = {
  name: 'AmazonSSMManagedInstanceCore',
  arn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
};
const PROFILE = 'arn:aws:iam::111111111111:instance-profile/ssm-profile';

interface Setup {
  instance?: Partial<Instance>;
  /** Session Manager works (role + ssm/ssmmessages endpoints + Online ping); default false. */
  ssm?: boolean;
  /** The endpoint (default: create-complete in subnet-ep with sg-eice); null: none. */
  eice?: Partial<InstanceConnectEndpoint> | null;
  eiceEgress?: SecurityGroupRule[];
  instanceIngress?: SecurityGroupRule[];
  appAcl?: ReturnType<typeof naclEntry>[];
  extra?: (r: RegionBuilder) => void;
}

// vpc-1: subnet-app (i-1, 10.0.1.10, sg-i), subnet-ep (the endpoint, sg-eice; the SSM endpoints).
function account(s: Setup = {}) {
  return singleRegionSnapshot((r, g) => {
    r.vpc('vpc-1');
    r.subnet('subnet-app', 'vpc-1', { cidrBlock: '10.0.1.0/24' });
    r.subnet('subnet-ep', 'vpc-1', { cidrBlock: '10.0.2.0/24' });
    r.routeTable('rtb-main', 'vpc-1', { main: true });
    r.networkAcl('acl-dflt', 'vpc-1', { isDefault: true, subnetIds: ['subnet-ep'] });
    r.networkAcl('acl-app', 'vpc-1', {
      subnetIds: ['subnet-app'],
      entries: s.appAcl ?? [
        naclEntry(100, true, 'allow', '0.0.0.0/0'),
        naclEntry(100, false, 'allow', '0.0.0.0/0'),
      ],
    });
    r.securityGroup('sg-eice', 'vpc-1', { egress: s.eiceEgress ?? [sgRule.tcp(22, '10.0.0.0/16')] });
    r.securityGroup('sg-ep', 'vpc-1', { ingress: [sgRule.tcp(443, '10.0.0.0/16')] });
    r.securityGroup('sg-i', 'vpc-1', {
      ingress: s.instanceIngress ?? [sgRule.fromGroup('tcp', 22, 'sg-eice')],
      egress: [sgRule.all('0.0.0.0/0')],
    });
    if (s.eice !== null) r.instanceConnectEndpoint('eice-1', 'subnet-ep', ['sg-eice'], s.eice ?? {});
    if (s.ssm) {
      ['ssm', 'ssmmessages'].forEach((service, i) => {
        r.networkInterface(`eni-${service}`, 'subnet-ep', {
          interfaceType: 'vpc_endpoint',
          securityGroupIds: ['sg-ep'],
          privateIpAddresses: [`10.0.2.${10 + i}`],
        });
        r.vpcEndpoint(`vpce-${service}`, 'vpc-1', service, {
          subnetIds: ['subnet-ep'],
          securityGroupIds: ['sg-ep'],
          networkInterfaceIds: [`eni-${service}`],
        });
      });
      r.ssmInstance('i-1', { pingStatus: 'Online', agentVersion: '3.3.1345.0' });
      g.role('ssm-role', { attachedPolicies: [SSM_CORE] });
      g.instanceProfile('ssm-profile', ['ssm-role']);
    }
    r.defaultHostManagement(false);
    r.instance('i-1', 'subnet-app', {
      name: 'app',
      privateIpAddress: '10.0.1.10',
      securityGroupIds: ['sg-i'],
      ...(s.ssm ? { iamInstanceProfileArn: PROFILE } : {}),
      ...s.instance,
    });
    s.extra?.(r);
  });
}

ruleTester.run(rule, {
  pass: [
    {
      name: 'Instance Connect Endpoint whose group the instance admits on 22',
      snapshot: account(),
      resourceId: 'i-1',
      message: [
        /Instance Connect Endpoint eice-1, which reaches it on tcp 22/,
        'the instance sees the endpoint as the source',
      ],
      evidenceKinds: ['instance-connect-endpoint', 'path'],
      check: (finding) => {
        const path = finding.evidence.find((e) => e.kind === 'path');
        const hops = path && pathHops(path);
        expect(hops?.map((h) => h.kind)).toEqual([
          'eni',
          'security-group',
          'network-acl',
          'network-acl',
          'route',
          'network-acl',
          'network-acl',
          'security-group',
          'target',
        ]);
      },
    },
    {
      name: 'Session Manager works and there is no endpoint: the SSM verdict is quoted',
      snapshot: account({ ssm: true, eice: null }),
      resourceId: 'i-1',
      message: [/through Session Manager \(SSM reports its agent Online/, /interface endpoint vpce-ssm/],
      evidenceKinds: ['ssm-ping', 'path'],
    },
    {
      name: 'Windows instance reached on 3389',
      snapshot: account({
        instance: { platform: 'windows' },
        eiceEgress: [sgRule.tcp(3389, '10.0.0.0/16')],
        instanceIngress: [sgRule.fromGroup('tcp', 3389, 'sg-eice')],
      }),
      resourceId: 'i-1',
      message: 'on tcp 3389',
    },
    {
      name: 'PreserveClientIp: the instance admits the client range, which the message names',
      snapshot: account({
        eice: { preserveClientIp: true },
        instanceIngress: [sgRule.tcp(22, '192.0.2.0/24')],
      }),
      resourceId: 'i-1',
      message: ['with PreserveClientIp on, from clients in 192.0.2.0/24 (sg-i)'],
    },
  ],
  fail: [
    {
      name: 'neither way: no endpoint in the VPC and no SSM identity, both named',
      snapshot: account({ eice: null }),
      resourceId: 'i-1',
      severity: 'low',
      message: [
        /Session Manager cannot reach its agent: no identity/,
        'vpc-1 has no EC2 Instance Connect Endpoint',
      ],
      evidenceKinds: ['broken-prerequisite'],
    },
    {
      name: "the instance's group admits 22 only from elsewhere",
      snapshot: account({ instanceIngress: [sgRule.tcp(22, '172.16.0.0/12')] }),
      resourceId: 'i-1',
      message: /no rule of sg-i allows tcp 22 from Instance Connect Endpoint eice-1/,
      check: (finding) => {
        // The Instance Connect path (to the instance), not the SSM rule's path to its services.
        const path = finding.evidence.find((e) => e.kind === 'path' && e.details?.destination === 'i-1');
        expect(path && pathHops(path)?.at(-1)).toMatchObject({
          kind: 'security-group',
          id: 'sg-i',
          verdict: 'deny',
        });
        // The denying group itself, as evidence: what the problem named, not only the path.
        const denial = finding.evidence.find((e) => e.kind === 'security-group');
        expect(denial?.summary).toMatch(/^sg-i .*has no ingress rule allowing tcp 22 from Instance Connect/);
      },
    },
    {
      name: "the endpoint's group lets nothing out on 22 (traffic to the endpoint needs no inbound rule)",
      snapshot: account({ eiceEgress: [sgRule.tcp(443, '0.0.0.0/0')] }),
      resourceId: 'i-1',
      message: /security groups of Instance Connect Endpoint eice-1: no rule of sg-eice allows tcp 22/,
    },
    {
      name: 'endpoint still being created',
      snapshot: account({ eice: { state: 'create-in-progress' } }),
      resourceId: 'i-1',
      message: 'endpoint eice-1 is create-in-progress, not create-complete',
    },
    {
      name: "the instance subnet's ACL drops the stateless reply to the endpoint",
      snapshot: account({
        appAcl: [
          naclEntry(100, false, 'allow', '0.0.0.0/0'),
          naclEntry(100, true, 'allow', '0.0.0.0/0', '6', [443, 443]),
        ],
      }),
      resourceId: 'i-1',
      message: /acl-app denies tcp 1024-65535 outbound to Instance Connect Endpoint eice-1/,
    },
    {
      name: 'trap: PreserveClientIp makes the group reference to the endpoint useless',
      snapshot: account({ eice: { preserveClientIp: true } }),
      resourceId: 'i-1',
      message: "preserves the client's IP, and the groups of i-1 (sg-i) admit tcp 22 from no address range",
    },
    {
      name: 'trap: a Windows instance needs 3389, an SSH-only path does not count',
      snapshot: account({ instance: { platform: 'windows' } }),
      resourceId: 'i-1',
      message: 'on tcp 3389',
    },
  ],
  unknown: [
    {
      name: 'endpoints were not collected and Session Manager does not work',
      snapshot: account({ extra: (r) => r.setCollection('instanceConnectEndpoints', 'failed') }),
      resourceId: 'i-1',
      message: /instanceConnectEndpoints could not be read/,
      evidenceKinds: ['not-collected'],
    },
    {
      name: 'two of the kinds the endpoint path needs were not collected: both are named',
      snapshot: account({
        extra: (r) => {
          r.setCollection('instanceConnectEndpoints', 'failed');
          r.setCollection('networkInterfaces', 'failed');
        },
      }),
      resourceId: 'i-1',
      message: /Instance Connect: instanceConnectEndpoints, networkInterfaces could not be read/,
      evidenceKinds: ['not-collected'],
    },
    {
      name: 'the endpoint path goes through an appliance route the engine does not follow',
      snapshot: account({
        extra: (r) => {
          const table = r.data.routeTables.find((t) => t.id === 'rtb-main');
          table?.routes.push({
            destinationCidrBlock: '10.0.1.0/24',
            target: { kind: 'network-interface', id: 'eni-fw' },
            state: 'active',
          });
        },
      }),
      resourceId: 'i-1',
      message: /cannot be decided: route table rtb-main sends i-1/,
    },
  ],
});
