import { sgRule } from '../support/builders/index.js';
import type { SecurityGroupRule } from '../../src/snapshot/types.js';
import type { RegionBuilder } from '../support/builders/index.js';
import { ANY_IPV4, hostCidr, parseCidr, type Cidr } from '../../src/analysis/cidr.js';
import { securityGroupsAllow, type FlowPeer } from '../../src/analysis/security-groups.js';
import { regionView } from './helpers.js';

const host = (address: string, groupIds: string[] = []): FlowPeer => ({
  cidr: hostCidr(address) as Cidr,
  groupIds,
  label: address,
});
const internet: FlowPeer = { cidr: ANY_IPV4, groupIds: [], label: 'the internet' };

function decide(
  rules: { ingress?: SecurityGroupRule[]; egress?: SecurityGroupRule[] },
  direction: 'ingress' | 'egress',
  port: number,
  peer: FlowPeer,
  extra?: (r: RegionBuilder) => void,
) {
  const region = regionView((r) => {
    r.vpc('vpc-1');
    r.securityGroup('sg-1', 'vpc-1', { ingress: rules.ingress ?? [], egress: rules.egress ?? [] });
    extra?.(r);
  });
  return securityGroupsAllow(region, ['sg-1'], direction, 'tcp', port, peer);
}

describe('securityGroupsAllow (aws-facts §3.1, §3.3)', () => {
  it('allows by a CIDR that contains the peer, and names the rule', () => {
    const d = decide({ ingress: [sgRule.tcp(443, '10.0.0.0/16')] }, 'ingress', 443, host('10.0.3.4'));
    expect(d.verdict).toBe('allowed');
    expect(d.evidence[0]?.summary).toBe('sg-1 ingress tcp 443 from 10.0.0.0/16');
  });

  it('an endpoint group that allows only port 80 denies 443', () => {
    const d = decide({ ingress: [sgRule.tcp(80, '10.0.0.0/16')] }, 'ingress', 443, host('10.0.3.4'));
    expect(d.verdict).toBe('denied');
    expect(d.evidence[0]?.summary).toContain('no ingress rule allowing tcp 443');
  });

  it('-1 allows every port; ranges allow ports inside them only', () => {
    expect(decide({ egress: [sgRule.all('0.0.0.0/0')] }, 'egress', 443, internet).verdict).toBe('allowed');
    expect(decide({ egress: [sgRule.tcp([400, 500], '0.0.0.0/0')] }, 'egress', 443, internet).verdict).toBe(
      'allowed',
    );
    expect(decide({ egress: [sgRule.tcp([444, 500], '0.0.0.0/0')] }, 'egress', 443, internet).verdict).toBe(
      'denied',
    );
    expect(decide({ egress: [sgRule.udp(443, '0.0.0.0/0')] }, 'egress', 443, internet).verdict).toBe(
      'denied',
    );
  });

  it('a group with no egress rule allows nothing out', () => {
    const d = decide({ egress: [] }, 'egress', 443, host('10.0.0.9'));
    expect(d.verdict).toBe('denied');
    expect(d.reason).toContain('has no egress rule at all');
  });

  it('a referenced group matches members of that group (§3.3)', () => {
    const rules = { ingress: [sgRule.fromGroup('tcp', 443, 'sg-app')] };
    expect(decide(rules, 'ingress', 443, host('10.0.0.9', ['sg-app'])).verdict).toBe('allowed');
    expect(decide(rules, 'ingress', 443, host('10.0.0.9', ['sg-other'])).verdict).toBe('denied');
  });

  it('an IPv6 rule never matches an IPv4 peer', () => {
    expect(decide({ egress: [sgRule.all('::/0')] }, 'egress', 443, internet).verdict).toBe('denied');
  });

  it('a rule covering only part of the internet is unknown, not allowed', () => {
    const d = decide({ egress: [sgRule.tcp(443, '52.0.0.0/8')] }, 'egress', 443, internet);
    expect(d.verdict).toBe('unknown');
    expect(d.reason).toContain('only to part of the internet');
  });

  it('expands prefix lists; unknown entries give unknown; AWS lists never hold private peers', () => {
    const viaList = (entries: string[] | undefined, name = 'office') =>
      decide(
        { ingress: [sgRule.fromPrefixList('tcp', 443, 'pl-1')] },
        'ingress',
        443,
        host('10.0.0.9'),
        (r) => r.prefixList('pl-1', name, entries),
      );
    expect(viaList(['10.0.0.0/16']).verdict).toBe('allowed');
    expect(viaList(['192.168.0.0/16']).verdict).toBe('denied');
    expect(viaList(undefined).verdict).toBe('unknown');
    expect(viaList(undefined, 'com.amazonaws.us-east-1.s3').verdict).toBe('denied');
  });

  it('an AWS-managed prefix list whose entries were not read is unknown for a public peer', () => {
    const d = decide({ egress: [sgRule.fromPrefixList('tcp', 443, 'pl-s3')] }, 'egress', 443, internet, (r) =>
      r.prefixList('pl-s3', 'com.amazonaws.us-east-1.s3', undefined),
    );
    expect(d.verdict).toBe('unknown');
    expect(d.reason).toContain('the entries of prefix list pl-s3 (com.amazonaws.us-east-1.s3) were not read');
    const publicHost = decide(
      { ingress: [sgRule.fromPrefixList('tcp', 443, 'pl-s3')] },
      'ingress',
      443,
      host('52.216.0.9'),
      (r) => r.prefixList('pl-s3', 'com.amazonaws.us-east-1.s3', undefined),
    );
    expect(publicHost.verdict).toBe('unknown');
  });

  it('a group missing from the snapshot is unknown', () => {
    const region = regionView((r) => r.vpc('vpc-1'));
    expect(securityGroupsAllow(region, ['sg-gone'], 'egress', 'tcp', 443, internet).verdict).toBe('unknown');
  });

  it('parseCidr helper sanity for the peers used above', () => {
    expect(parseCidr('10.0.3.4')?.prefix).toBe(32);
  });
});
