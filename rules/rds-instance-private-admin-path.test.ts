import {
  naclEntry,
  route,
  sgRule,
  singleRegionSnapshot,
  type RegionBuilder,
} from '../test/support/builders/index.js';
import type { Instance, SecurityGroupRule } from '../src/snapshot/types.js';
import { pathHops } from '../src/findings/path.js';
import { ruleTester } from '../test/support/rule-tester.js';
import rule from './rds-instance-private-admin-path.js';

const SSM_CORE = {
  name: 'AmazonSSMManagedInstanceCore',
  arn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
};
const PROFILE = 'arn:aws:iam::111111111111:instance-profile/ssm-profile';

interface Setup {
  /** The host's fields; `iamInstanceProfileArn` absent makes Session Manager fail for it. */
  host?: Partial<Instance> | null;
  /** The host has no instance profile, so Session Manager does not reach it. */
  hostWithoutProfile?: boolean;
  dbIngress?: SecurityGroupRule[];
  dbAcl?: ReturnType<typeof naclEntry>[];
  /** Put the host in vpc-2 (10.2.0.0/16), peered (or not) with the DB's VPC. */
  peered?: 'both-ways' | 'db-side-only' | 'host-side-only' | 'transit';
  extra?: (r: RegionBuilder) => void;
}

// vpc-1: subnet-app (host i-h 10.0.1.10, sg-h), subnet-ep (ssm + ssmmessages endpoints, sg-ep),
// subnet-db1/2 (DB db-1 in group dbsg, sg-db). The host has a role with the SSM core actions.
function account(s: Setup = {}) {
  return singleRegionSnapshot((r, g) => {
    r.vpc('vpc-1');
    r.subnet('subnet-app', 'vpc-1', { cidrBlock: '10.0.1.0/24' });
    r.subnet('subnet-ep', 'vpc-1', { cidrBlock: '10.0.2.0/24' });
    r.subnet('subnet-db1', 'vpc-1', { cidrBlock: '10.0.3.0/24' });
    r.subnet('subnet-db2', 'vpc-1', { cidrBlock: '10.0.4.0/24' });
    const peerRoutes =
      s.peered === 'transit'
        ? [route.to('10.2.0.0/16', 'transit-gateway', 'tgw-1')]
        : s.peered === 'both-ways' || s.peered === 'db-side-only'
          ? [route.to('10.2.0.0/16', 'vpc-peering', 'pcx-1')]
          : [];
    r.routeTable('rtb-main', 'vpc-1', { main: true, routes: [...peerRoutes] });
    r.networkAcl('acl-dflt', 'vpc-1', { isDefault: true, subnetIds: ['subnet-app', 'subnet-ep'] });
    r.networkAcl('acl-db', 'vpc-1', {
      subnetIds: ['subnet-db1', 'subnet-db2'],
      entries: s.dbAcl ?? [
        naclEntry(100, false, 'allow', '10.0.0.0/8'),
        naclEntry(100, true, 'allow', '10.0.0.0/8'),
      ],
    });
    r.securityGroup('sg-ep', 'vpc-1', { ingress: [sgRule.tcp(443, '10.0.0.0/8')] });
    r.securityGroup('sg-h', 'vpc-1', { egress: [sgRule.all('0.0.0.0/0')] });
    r.securityGroup('sg-db', 'vpc-1', { ingress: s.dbIngress ?? [sgRule.fromGroup('tcp', 5432, 'sg-h')] });
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
    let hostSubnet = 'subnet-app';
    if (s.peered) {
      // The host's VPC has its own SSM endpoints; its table routes back to vpc-1 (or not).
      r.vpc('vpc-2', { cidrBlocks: ['10.2.0.0/16'] });
      r.subnet('subnet-far', 'vpc-2', { cidrBlock: '10.2.1.0/24' });
      const back =
        s.peered === 'transit'
          ? [route.to('10.0.0.0/16', 'transit-gateway', 'tgw-1')]
          : s.peered === 'both-ways' || s.peered === 'host-side-only'
            ? [route.to('10.0.0.0/16', 'vpc-peering', 'pcx-1')]
            : [];
      r.routeTable('rtb-far', 'vpc-2', { main: true, routes: [route.local('10.2.0.0/16'), ...back] });
      r.networkAcl('acl-far', 'vpc-2', { isDefault: true, subnetIds: ['subnet-far'] });
      r.securityGroup('sg-ep2', 'vpc-2', { ingress: [sgRule.tcp(443, '10.2.0.0/16')] });
      ['ssm', 'ssmmessages'].forEach((service, i) => {
        r.networkInterface(`eni-${service}-2`, 'subnet-far', {
          interfaceType: 'vpc_endpoint',
          securityGroupIds: ['sg-ep2'],
          privateIpAddresses: [`10.2.1.${10 + i}`],
        });
        r.vpcEndpoint(`vpce-${service}-2`, 'vpc-2', service, {
          subnetIds: ['subnet-far'],
          securityGroupIds: ['sg-ep2'],
          networkInterfaceIds: [`eni-${service}-2`],
        });
      });
      hostSubnet = 'subnet-far';
    }
    g.role('ssm-role', { attachedPolicies: [SSM_CORE] });
    g.instanceProfile('ssm-profile', ['ssm-role']);
    r.defaultHostManagement(false);
    if (s.host !== null) {
      r.instance('i-h', hostSubnet, {
        name: 'jump',
        privateIpAddress: s.peered ? '10.2.1.20' : '10.0.1.10',
        securityGroupIds: ['sg-h'],
        ...(s.hostWithoutProfile ? {} : { iamInstanceProfileArn: PROFILE }),
        ...s.host,
      });
      r.ssmInstance('i-h', { pingStatus: 'Online', agentVersion: '3.3.1345.0' });
    }
    r.dbSubnetGroup('dbsg', 'vpc-1', ['subnet-db1', 'subnet-db2']);
    r.dbInstance('db-1', {
      vpcId: 'vpc-1',
      dbSubnetGroupName: 'dbsg',
      subnetIds: ['subnet-db1', 'subnet-db2'],
      securityGroupIds: ['sg-db'],
    });
    s.extra?.(r);
  });
}

ruleTester.run(rule, {
  pass: [
    {
      name: 'a host Session Manager reaches forwards to the DB in the same VPC',
      snapshot: account(),
      resourceId: 'db-1',
      message: [
        'Session Manager reaches i-h (jump)',
        'on tcp 5432 in subnet-db1, subnet-db2 (same VPC)',
        '1 forwarding host(s) checked',
      ],
      evidenceKinds: ['forwarding-host', 'path'],
      check: (finding) => {
        const paths = finding.evidence.filter((e) => e.kind === 'path');
        // One path per subnet the DB may sit in, each ending at the DB.
        expect(paths).toHaveLength(2);
        expect(paths.map((p) => pathHops(p)?.at(-1)?.id)).toEqual(['db-1', 'db-1']);
      },
    },
    {
      name: 'a host in a VPC peered both ways',
      snapshot: account({ peered: 'both-ways', dbIngress: [sgRule.tcp(5432, '10.2.0.0/16')] }),
      resourceId: 'db-1',
      message: 'over VPC peering',
    },
    {
      name: 'stops at the first working host and says how many were checked',
      snapshot: account({
        extra: (r) => {
          // A second managed host listed first whose group the DB does not admit.
          r.securityGroup('sg-other', 'vpc-1', { egress: [sgRule.all('0.0.0.0/0')] });
          r.instance('i-a-other', 'subnet-app', {
            privateIpAddress: '10.0.1.11',
            securityGroupIds: ['sg-other'],
            iamInstanceProfileArn: PROFILE,
          });
          r.data.instances.unshift(r.data.instances.pop()!);
          r.ssmInstance('i-a-other', { pingStatus: 'Online', agentVersion: '3.3.1345.0' });
        },
      }),
      resourceId: 'db-1',
      message: ['i-h (jump)', '2 forwarding host(s) checked'],
    },
  ],
  fail: [
    {
      name: "the DB's group admits nothing from the host",
      snapshot: account({ dbIngress: [sgRule.tcp(5432, '192.168.0.0/16')] }),
      resourceId: 'db-1',
      severity: 'low',
      message: [
        'none of the 1 instance(s) Session Manager reaches in vpc-1',
        /no rule of sg-db allows tcp 5432 from i-h/,
      ],
      evidenceKinds: ['forwarding-host', 'path'],
    },
    {
      name: 'trap: the DB ACL forgets the stateless reply',
      snapshot: account({
        dbAcl: [
          naclEntry(100, false, 'allow', '10.0.0.0/8'),
          naclEntry(100, true, 'allow', '10.0.0.0/8', '6', [443, 443]),
        ],
      }),
      resourceId: 'db-1',
      message: /acl-db denies tcp 32768-60999 outbound to i-h/,
    },
    {
      name: 'no instance Session Manager reaches',
      snapshot: account({ hostWithoutProfile: true }),
      resourceId: 'db-1',
      message: 'no running instance that Session Manager reaches is in vpc-1',
      evidenceKinds: ['broken-prerequisite'],
    },
    {
      name: 'trap: a stopped host does not count',
      snapshot: account({ host: { state: 'stopped' } }),
      resourceId: 'db-1',
      message: 'no running instance that Session Manager reaches',
    },
    {
      name: "a peered host whose VPC has no route to the DB's subnets",
      snapshot: account({ peered: 'db-side-only', dbIngress: [sgRule.tcp(5432, '10.2.0.0/16')] }),
      resourceId: 'db-1',
      message: [
        'reaches in vpc-1, vpc-2',
        /route table rtb-far of subnet-far has no active route to DB instance db-1/,
      ],
    },
    {
      name: "trap: a host in a VPC the DB's subnets do not route to is no candidate",
      snapshot: account({ peered: 'host-side-only', dbIngress: [sgRule.tcp(5432, '10.2.0.0/16')] }),
      resourceId: 'db-1',
      message: 'no running instance that Session Manager reaches is in vpc-1 to forward',
    },
    {
      name: "trap: the DB subnets' default route to a NAT gateway makes no other VPC a candidate",
      snapshot: account({
        peered: 'host-side-only',
        dbIngress: [sgRule.tcp(5432, '10.2.0.0/16')],
        extra: (r) =>
          r.data.routeTables.find((t) => t.id === 'rtb-main')?.routes.push(route.nat('0.0.0.0/0', 'nat-1')),
      }),
      resourceId: 'db-1',
      message: 'no running instance that Session Manager reaches is in vpc-1 to forward a port to it',
    },
  ],
  unknown: [
    {
      name: 'the only host sits behind a transit gateway',
      snapshot: account({ peered: 'transit', dbIngress: [sgRule.tcp(5432, '10.2.0.0/16')] }),
      resourceId: 'db-1',
      message: /cannot be decided: .*transit gateway tgw-1/,
    },
    {
      name: 'trap: instances failed to collect, so "no forwarding host" would be a guess',
      snapshot: account({ extra: (r) => r.setCollection('instances', 'failed') }),
      resourceId: 'db-1',
      message: /instances could not be read/,
    },
    {
      name: 'network ACLs were not collected',
      snapshot: account({ extra: (r) => r.setCollection('networkAcls', 'failed') }),
      resourceId: 'db-1',
      message: /networkAcls could not be read/,
      evidenceKinds: ['not-collected'],
    },
    {
      name: 'two of the kinds the path needs were not collected: both are named',
      snapshot: account({
        extra: (r) => {
          r.setCollection('securityGroups', 'failed');
          r.setCollection('networkAcls', 'failed');
        },
      }),
      resourceId: 'db-1',
      message: 'DB instance db-1: securityGroups, networkAcls could not be read',
      evidenceKinds: ['not-collected'],
    },
    {
      name: "the DB's port is not known",
      snapshot: account({
        extra: (r) => {
          const db = r.data.dbInstances[0];
          if (db) delete db.port;
        },
      }),
      resourceId: 'db-1',
      message: 'its port is not known',
    },
  ],
});
