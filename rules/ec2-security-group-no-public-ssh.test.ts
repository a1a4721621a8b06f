import { route, sgRule, singleRegionSnapshot } from '../test/support/builders/index.js';
import type { SecurityGroupRule } from '../src/snapshot/types.js';
import { ruleTester } from '../test/support/rule-tester.js';
import { groupInVpc, type GroupPlacement } from '../test/support/security-group-fixture.js';
import type { Snapshot, VpcBlockPublicAccess } from '../src/snapshot/types.js';
import rule from './ec2-security-group-no-public-ssh.js';

function withGroup(ingress: SecurityGroupRule[], place?: GroupPlacement) {
  return groupInVpc(ingress, place);
}

/** The public-instance fixture with VPC Block Public Access set (or its read failed). */
function withBpa(bpa: VpcBlockPublicAccess | 'failed'): Snapshot {
  const snapshot = groupInVpc([sgRule.tcp(22, '0.0.0.0/0')], { subnet: 'subnet-pub', publicIp: '54.0.0.9' });
  const region = snapshot.accounts[0]!.regions[0]!;
  if (bpa === 'failed') {
    region.collection.vpcBlockPublicAccess = 'failed';
    delete region.vpcBlockPublicAccess;
  } else region.vpcBlockPublicAccess = bpa;
  return snapshot;
}

/**
 * Group sg-1 (SSH from both worlds) on instance i-1 in a subnet whose table routes both families to
 * the internet gateway, in the given order; the instance has the given public addresses.
 */
function dualStackSubnet(
  addresses: { publicIp?: string; ipv6?: string },
  routeOrder: 'ipv4-first' | 'ipv6-first',
): Snapshot {
  const routes = [route.igw('0.0.0.0/0', 'igw-1'), route.igw('::/0', 'igw-1')];
  return singleRegionSnapshot((r) => {
    r.vpc('vpc-1');
    r.internetGateway('igw-1', 'vpc-1');
    r.subnet('subnet-ds', 'vpc-1');
    r.routeTable('rtb-ds', 'vpc-1', {
      subnets: ['subnet-ds'],
      routes: routeOrder === 'ipv4-first' ? routes : routes.reverse(),
    });
    r.securityGroup('sg-1', 'vpc-1', { ingress: [sgRule.tcp(22, '0.0.0.0/0'), sgRule.tcp(22, '::/0')] });
    r.instance('i-1', 'subnet-ds', {
      securityGroupIds: ['sg-1'],
      ...(addresses.publicIp ? { publicIpAddress: addresses.publicIp } : {}),
      ...(addresses.ipv6 ? { ipv6Addresses: [addresses.ipv6] } : {}),
    });
  });
}

/** The summaries of a finding's route evidence. */
function routeSummaries(finding: { evidence: { kind: string; summary: string }[] }): string[] {
  return finding.evidence.filter((e) => e.kind === 'route').map((e) => e.summary);
}

ruleTester.run(rule, {
  pass: [
    { name: 'no ingress rules', snapshot: withGroup([]), resourceId: 'sg-1' },
    {
      name: 'SSH from a narrow CIDR',
      snapshot: withGroup([sgRule.tcp(22, '203.0.113.0/24')]),
      resourceId: 'sg-1',
    },
    {
      name: 'UDP 22 from the world is not SSH',
      snapshot: withGroup([sgRule.udp(22, '0.0.0.0/0')]),
      resourceId: 'sg-1',
    },
    {
      // aws-facts §3.4 as corrected (issue 20 item 1): protocol 50 allows all ESP traffic, no TCP port.
      name: 'an IPsec appliance: ESP (protocol 50) and GRE (47) from the world on a public instance',
      snapshot: withGroup(
        [
          { protocol: '50', peer: { kind: 'cidr-ipv4', cidr: '0.0.0.0/0' } },
          { protocol: '47', fromPort: -1, toPort: -1, peer: { kind: 'cidr-ipv6', cidr: '::/0' } },
        ],
        { subnet: 'subnet-pub', publicIp: '54.0.0.9' },
      ),
      resourceId: 'sg-1',
      message: 'does not allow SSH from 0.0.0.0/0 or ::/0',
    },
    { name: 'HTTPS from the world', snapshot: withGroup([sgRule.tcp(443, '0.0.0.0/0')]), resourceId: 'sg-1' },
    {
      name: 'range 23-25 does not include 22',
      snapshot: withGroup([sgRule.tcp([23, 25], '0.0.0.0/0')]),
      resourceId: 'sg-1',
    },
    {
      name: 'all traffic from another security group',
      snapshot: withGroup([sgRule.fromGroup('-1', undefined, 'sg-other')]),
      resourceId: 'sg-1',
    },
    {
      name: 'two halves that leave a gap are not the whole internet',
      snapshot: withGroup([sgRule.tcp(22, '0.0.0.0/1'), sgRule.tcp(22, '128.0.0.0/2')]),
      resourceId: 'sg-1',
    },
    {
      name: 'halves on different ports do not add up for port 22',
      snapshot: withGroup([sgRule.tcp(22, '0.0.0.0/1'), sgRule.tcp(23, '128.0.0.0/1')]),
      resourceId: 'sg-1',
    },
    {
      name: 'an IPv4 half and an IPv6 half are two families, neither whole',
      snapshot: withGroup([sgRule.tcp(22, '0.0.0.0/1'), sgRule.tcp(22, '8000::/1')]),
      resourceId: 'sg-1',
    },
    {
      name: 'a customer prefix list without 0.0.0.0/0',
      snapshot: singleRegionSnapshot((r) => {
        r.vpc('vpc-1');
        r.prefixList('pl-1', 'office', ['198.51.100.0/24']);
        r.securityGroup('sg-1', 'vpc-1', { ingress: [sgRule.fromPrefixList('tcp', 22, 'pl-1')] });
      }),
      resourceId: 'sg-1',
    },
  ],
  fail: [
    {
      // aws-facts §1.2 (security-vpc-bpa.html): block-ingress blocks inbound internet traffic.
      name: 'a public instance under VPC Block Public Access block-ingress is not internet-exposed: high, says why',
      snapshot: withBpa({ mode: 'block-ingress', state: 'update-complete', exclusions: [] }),
      resourceId: 'sg-1',
      severity: 'high',
      message: 'but VPC Block Public Access blocks inbound internet traffic to them',
      evidenceKinds: ['vpc-block-public-access'],
    },
    {
      name: 'an allow-egress exclusion still blocks inbound in block-bidirectional: high',
      snapshot: withBpa({
        mode: 'block-bidirectional',
        exclusions: [
          { id: 'vpcbpa-exclude-1', subnetId: 'subnet-pub', mode: 'allow-egress', state: 'create-complete' },
        ],
      }),
      resourceId: 'sg-1',
      severity: 'high',
    },
    {
      name: 'an allow-bidirectional exclusion of the VPC exposes it again: critical, the exclusion is evidence',
      snapshot: withBpa({
        mode: 'block-bidirectional',
        exclusions: [
          { id: 'vpcbpa-exclude-2', vpcId: 'vpc-1', mode: 'allow-bidirectional', state: 'create-complete' },
        ],
      }),
      resourceId: 'sg-1',
      severity: 'critical',
      evidenceKinds: ['vpc-block-public-access'],
    },
    {
      // Missing data never lowers severity.
      name: 'VPC Block Public Access not readable: critical as without it, the evidence says it was not counted',
      snapshot: withBpa('failed'),
      resourceId: 'sg-1',
      severity: 'critical',
      check: (finding) => {
        expect(finding.evidence.map((e) => e.summary)).toContain(
          'the VPC Block Public Access setting of us-east-1 was not readable, so it is not counted as blocking inbound traffic',
        );
      },
    },
    {
      name: 'tcp 22 from 0.0.0.0/0 on a public instance in a public subnet is critical',
      snapshot: withGroup([sgRule.tcp(22, '0.0.0.0/0')], { subnet: 'subnet-pub', publicIp: '54.0.0.1' }),
      resourceId: 'sg-1',
      severity: 'critical',
      message: ['sg-1', 'public address in a public subnet'],
      evidenceKinds: ['security-group-rule', 'network-interface', 'route'],
    },
    {
      // issue 20 item 11: a prefix-list destination to the IGW makes the subnet public.
      name: 'a subnet routing only a prefix list to the internet gateway is public: critical',
      snapshot: singleRegionSnapshot((r) => {
        r.vpc('vpc-1');
        r.subnet('subnet-pl', 'vpc-1');
        r.prefixList('pl-office', 'offices', ['198.51.100.0/24']);
        r.routeTable('rtb-pl', 'vpc-1', {
          subnets: ['subnet-pl'],
          routes: [
            {
              destinationPrefixListId: 'pl-office',
              target: { kind: 'internet-gateway', id: 'igw-1' },
              state: 'active',
            },
          ],
        });
        r.securityGroup('sg-1', 'vpc-1', { ingress: [sgRule.tcp(22, '0.0.0.0/0')] });
        r.instance('i-1', 'subnet-pl', { securityGroupIds: ['sg-1'], publicIpAddress: '54.0.0.1' });
      }),
      resourceId: 'sg-1',
      severity: 'critical',
      message: 'public address in a public subnet',
      check: (finding) =>
        expect(finding.evidence.map((e) => e.summary)).toContain(
          'route table rtb-pl (explicit association) routes pl-office to igw-1',
        ),
    },
    {
      // aws-facts §1.2: 0.0.0.0/0 does not carry IPv6, so only ::/0 makes an IPv6-only instance reachable.
      name: 'an IPv6-only instance in a dual-stack public subnet: the evidence cites ::/0, not 0.0.0.0/0',
      snapshot: dualStackSubnet({ ipv6: '2600:1f18::10' }, 'ipv4-first'),
      resourceId: 'sg-1',
      severity: 'critical',
      check: (finding) => {
        expect(routeSummaries(finding)).toEqual([
          'route table rtb-ds (explicit association) routes ::/0 to igw-1',
        ]);
        expect(finding.evidence.find((e) => e.kind === 'network-interface')?.summary).toBe(
          'eni-1 (i-1) has public address 2600:1f18::10 in public subnet subnet-ds',
        );
      },
    },
    {
      name: 'a public-IPv4-only instance in a dual-stack public subnet routed ::/0 first: the evidence cites 0.0.0.0/0',
      snapshot: dualStackSubnet({ publicIp: '54.0.0.7' }, 'ipv6-first'),
      resourceId: 'sg-1',
      severity: 'critical',
      check: (finding) =>
        expect(routeSummaries(finding)).toEqual([
          'route table rtb-ds (explicit association) routes 0.0.0.0/0 to igw-1',
        ]),
    },
    {
      name: 'an instance public in both families: the evidence cites both addresses and both routes',
      snapshot: dualStackSubnet({ publicIp: '54.0.0.7', ipv6: '2600:1f18::10' }, 'ipv6-first'),
      resourceId: 'sg-1',
      severity: 'critical',
      check: (finding) => {
        expect(routeSummaries(finding)).toEqual([
          'route table rtb-ds (explicit association) routes 0.0.0.0/0 to igw-1',
          'route table rtb-ds (explicit association) routes ::/0 to igw-1',
        ]);
        expect(finding.evidence.find((e) => e.kind === 'network-interface')?.summary).toBe(
          'eni-1 (i-1) has public addresses 54.0.0.7 and 2600:1f18::10 in public subnet subnet-ds',
        );
      },
    },
    {
      name: 'a public IP in a private subnet is not internet-reachable: high',
      snapshot: withGroup([sgRule.tcp(22, '0.0.0.0/0')], { subnet: 'subnet-priv', publicIp: '54.0.0.1' }),
      resourceId: 'sg-1',
      severity: 'high',
      message: 'not reachable from the internet',
    },
    {
      name: 'unattached group is low',
      snapshot: withGroup([sgRule.tcp(22, '0.0.0.0/0')]),
      resourceId: 'sg-1',
      severity: 'low',
      message: 'attached to no network interface',
    },
    {
      name: 'port range 20-25 covers 22',
      snapshot: withGroup([sgRule.tcp([20, 25], '0.0.0.0/0')]),
      resourceId: 'sg-1',
      message: 'port 22',
    },
    {
      name: 'protocol -1 from the world',
      snapshot: withGroup([sgRule.all('0.0.0.0/0')]),
      resourceId: 'sg-1',
    },
    {
      name: 'IPv6-only exposure',
      snapshot: withGroup([sgRule.tcp(22, '::/0')]),
      resourceId: 'sg-1',
      message: '::/0',
    },
    {
      name: 'protocol number 6 is tcp',
      snapshot: withGroup([
        { protocol: '6', fromPort: 22, toPort: 22, peer: { kind: 'cidr-ipv4', cidr: '0.0.0.0/0' } },
      ]),
      resourceId: 'sg-1',
    },
    {
      name: 'a customer prefix list containing 0.0.0.0/0',
      snapshot: singleRegionSnapshot((r) => {
        r.vpc('vpc-1');
        r.prefixList('pl-1', 'admins', ['198.51.100.0/24', '0.0.0.0/0']);
        r.securityGroup('sg-1', 'vpc-1', { ingress: [sgRule.fromPrefixList('tcp', 22, 'pl-1')] });
      }),
      resourceId: 'sg-1',
      message: 'via prefix list pl-1',
    },
    {
      // issue 20 item 4: the union per group and port is the whole internet.
      name: '0.0.0.0/1 + 128.0.0.0/1 is the whole IPv4 internet; evidence names both rules',
      snapshot: withGroup(
        [
          { ...sgRule.tcp(22, '0.0.0.0/1'), ruleId: 'sgr-low' },
          { ...sgRule.tcp([20, 25], '128.0.0.0/1'), ruleId: 'sgr-high' },
        ],
        { subnet: 'subnet-pub', publicIp: '54.0.0.1' },
      ),
      resourceId: 'sg-1',
      severity: 'critical',
      message:
        'Security group sg-1 (test) allows SSH (port 22) from all of IPv4 (0.0.0.0/1 + 128.0.0.0/1) and is attached',
      evidenceKinds: ['security-group-rules', 'network-interface', 'route'],
      check: (finding) => {
        expect(finding.evidence[0]?.summary).toBe(
          'sg-1 ingress from 0.0.0.0/1 (tcp 22, sgr-low) + 128.0.0.0/1 (tcp 20-25, sgr-high): together all of IPv4',
        );
        expect(finding.evidence[0]?.details).toMatchObject({
          ports: [22],
          rules: [
            { ruleId: 'sgr-low', source: '0.0.0.0/1' },
            { ruleId: 'sgr-high', source: '128.0.0.0/1' },
          ],
        });
      },
    },
    {
      name: 'thirty-two /5 rules together are all of IPv4: the message names twenty and counts the rest',
      snapshot: withGroup(Array.from({ length: 32 }, (_, i) => sgRule.tcp(22, `${i * 8}.0.0.0/5`))),
      resourceId: 'sg-1',
      message: 'from all of IPv4 (0.0.0.0/5 + 8.0.0.0/5 + ',
      check: (finding) => {
        expect(finding.message).toContain(' + 144.0.0.0/5 + 152.0.0.0/5 + 12 more)');
        expect(finding.message).not.toContain('160.0.0.0/5');
        expect(finding.evidence[0]?.summary).toMatch(
          /\+ 152\.0\.0\.0\/5 \(tcp 22\) and 12 more: together all of IPv4$/,
        );
      },
    },
    {
      name: 'a CIDR and prefix-list entries together cover all of IPv6',
      snapshot: singleRegionSnapshot((r) => {
        r.vpc('vpc-1');
        r.prefixList('pl-1', 'partners', ['8000::/2', 'c000::/2']);
        r.securityGroup('sg-1', 'vpc-1', {
          ingress: [sgRule.tcp(22, '::/1'), sgRule.fromPrefixList('tcp', 22, 'pl-1')],
        });
      }),
      resourceId: 'sg-1',
      message: 'from all of IPv6 (::/1 + 8000::/2 via prefix list pl-1 + c000::/2 via prefix list pl-1)',
    },
    {
      name: 'an exact 0.0.0.0/0 is still reported as such, next to a split IPv6 world',
      snapshot: withGroup([
        sgRule.tcp(22, '0.0.0.0/0'),
        sgRule.tcp(22, '0.0.0.0/1'),
        sgRule.tcp(22, '128.0.0.0/1'),
        sgRule.tcp(22, '::/1'),
        sgRule.tcp(22, '8000::/1'),
      ]),
      resourceId: 'sg-1',
      message: 'from 0.0.0.0/0 and all of IPv6 (::/1 + 8000::/1)',
      evidenceKinds: ['security-group-rule', 'security-group-rules', 'attachment'],
    },
  ],
  unknown: [
    {
      name: 'security groups not collected',
      snapshot: singleRegionSnapshot((r) => {
        r.setCollection('securityGroups', 'failed');
      }),
      resourceId: 'us-east-1',
      message: 'securityGroups could not be read',
    },
    {
      name: 'a prefix list whose entries could not be read',
      snapshot: singleRegionSnapshot((r) => {
        r.vpc('vpc-1');
        r.prefixList('pl-1', 'admins', undefined);
        r.securityGroup('sg-1', 'vpc-1', { ingress: [sgRule.fromPrefixList('tcp', 22, 'pl-1')] });
      }),
      resourceId: 'sg-1',
      message: 'could not be read',
    },
  ],
});
