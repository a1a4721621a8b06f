import { sgRule, singleRegionSnapshot } from '../test/support/builders/index.js';
import type { SecurityGroupRule } from '../src/snapshot/types.js';
import { ruleTester } from '../test/support/rule-tester.js';
import { groupInVpc, type GroupPlacement } from '../test/support/security-group-fixture.js';
import rule from './ec2-security-group-no-public-rdp.js';

function withGroup(ingress: SecurityGroupRule[], place?: GroupPlacement) {
  return groupInVpc(ingress, place, { groupName: 'jump', instance: { platform: 'windows' } });
}

ruleTester.run(rule, {
  pass: [
    { name: 'no ingress rules', snapshot: withGroup([]), resourceId: 'sg-1' },
    {
      name: 'RDP from an office CIDR',
      snapshot: withGroup([sgRule.tcp(3389, '203.0.113.0/24')]),
      resourceId: 'sg-1',
    },
    {
      name: 'UDP 3389 from an office CIDR',
      snapshot: withGroup([sgRule.udp(3389, '203.0.113.0/24')]),
      resourceId: 'sg-1',
    },
    {
      name: 'UDP 3390 from the world is not RDP',
      snapshot: withGroup([sgRule.udp(3390, '0.0.0.0/0')]),
      resourceId: 'sg-1',
    },
    {
      name: 'SSH from the world is not RDP',
      snapshot: withGroup([sgRule.tcp(22, '0.0.0.0/0')]),
      resourceId: 'sg-1',
    },
    {
      name: 'range 3390-3400 stops short of 3389',
      snapshot: withGroup([sgRule.tcp([3390, 3400], '0.0.0.0/0')]),
      resourceId: 'sg-1',
    },
    {
      name: 'all traffic from another security group',
      snapshot: withGroup([sgRule.fromGroup('-1', undefined, 'sg-other')]),
      resourceId: 'sg-1',
    },
  ],
  fail: [
    {
      name: 'tcp 3389 from 0.0.0.0/0 on a public instance in a public subnet is critical',
      snapshot: withGroup([sgRule.tcp(3389, '0.0.0.0/0')], { subnet: 'subnet-pub', publicIp: '54.0.0.9' }),
      resourceId: 'sg-1',
      severity: 'critical',
      message: ['Security group sg-1 (jump) allows RDP (port 3389) from 0.0.0.0/0', 'public subnet'],
      evidenceKinds: ['security-group-rule', 'network-interface', 'route'],
    },
    {
      name: 'attached in a private subnet is high',
      snapshot: withGroup([sgRule.tcp(3389, '0.0.0.0/0')], { subnet: 'subnet-priv' }),
      resourceId: 'sg-1',
      severity: 'high',
    },
    {
      name: 'a range 3000-4000 covers 3389; unattached is low',
      snapshot: withGroup([sgRule.tcp([3000, 4000], '0.0.0.0/0')]),
      resourceId: 'sg-1',
      severity: 'low',
      message: 'attached to no network interface',
      check: (finding) =>
        expect(finding.evidence[0]?.summary).toBe('sg-1 ingress tcp 3000-4000 from 0.0.0.0/0'),
    },
    {
      name: 'protocol -1 from the world',
      snapshot: withGroup([sgRule.all('0.0.0.0/0')]),
      resourceId: 'sg-1',
      message: 'port 3389',
    },
    {
      name: 'IPv6-only exposure',
      snapshot: withGroup([sgRule.tcp(3389, '::/0')]),
      resourceId: 'sg-1',
      message: 'from ::/0',
    },
    {
      // issue 20 item 13: EC2.53/54 and CIS 5.3/5.4 fail UDP 3389 (RDP's UDP transport) too.
      name: 'UDP 3389 from the world fails, with its own evidence',
      snapshot: withGroup([sgRule.udp(3389, '0.0.0.0/0')], { subnet: 'subnet-pub', publicIp: '54.0.0.9' }),
      resourceId: 'sg-1',
      severity: 'critical',
      message: 'Security group sg-1 (jump) allows RDP (udp 3389) from 0.0.0.0/0',
      evidenceKinds: ['security-group-rule', 'network-interface', 'route'],
      check: (finding) => {
        expect(finding.evidence[0]?.summary).toBe('sg-1 ingress udp 3389 from 0.0.0.0/0 (udp 3389)');
        expect(finding.evidence[0]?.details).toMatchObject({ protocol: 'udp', ports: [3389] });
      },
    },
    {
      name: 'an all-traffic rule opens RDP over tcp and udp, each with its evidence',
      snapshot: withGroup([sgRule.all('::/0')]),
      resourceId: 'sg-1',
      message: 'allows RDP (port 3389 and udp 3389) from ::/0',
      check: (finding) =>
        expect(finding.evidence.map((e) => e.summary).slice(0, 2)).toEqual([
          'sg-1 ingress all traffic from ::/0',
          'sg-1 ingress all traffic from ::/0 (udp 3389)',
        ]),
    },
  ],
  unknown: [
    {
      name: 'a prefix list whose entries could not be read',
      snapshot: singleRegionSnapshot((r) => {
        r.vpc('vpc-1');
        r.prefixList('pl-1', 'admins', undefined);
        r.securityGroup('sg-1', 'vpc-1', { ingress: [sgRule.fromPrefixList('tcp', 3389, 'pl-1')] });
      }),
      resourceId: 'sg-1',
      message: 'pl-1 whose entries could not be read',
    },
    {
      name: 'security groups not collected',
      snapshot: singleRegionSnapshot((r) => {
        r.setCollection('securityGroups', 'failed');
      }),
      resourceId: 'us-east-1',
    },
  ],
});
