// The universal egress check (src/analysis/path/universal-egress.ts) replaces a security-group
// decision per peer: for every peer it covers it must be the check the decision would give, and it
// must not claim peers its rule does not decide.
import { sgRule } from '../support/builders/index.js';
import type { SecurityGroupRule } from '../../src/snapshot/types.js';
import { hostCidr, parseCidr, type Cidr } from '../../src/analysis/cidr.js';
import { securityGroupsAllow } from '../../src/analysis/security-groups.js';
import { decisionCheck } from '../../src/analysis/path/checks.js';
import { universalEgress } from '../../src/analysis/path/universal-egress.js';
import { regionView } from './helpers.js';

function view(groups: Record<string, SecurityGroupRule[]>) {
  return regionView((r) => {
    r.vpc('vpc-1');
    for (const [id, egress] of Object.entries(groups)) r.securityGroup(id, 'vpc-1', { egress });
  });
}

/** The check a decision for `peer` gives (flows.ts `egressAsCheck` for an allowed decision). */
function decided(region: ReturnType<typeof view>, groupIds: string[], peer: Cidr) {
  const decision = securityGroupsAllow(region, groupIds, 'egress', 'tcp', 443, {
    cidr: peer,
    groupIds: [],
    label: 'p',
  });
  const groupId = decision.evidence[0]?.details?.groupId;
  return {
    verdict: decision.verdict,
    check: decisionCheck(decision, 'x', {
      kind: 'security-group',
      id: typeof groupId === 'string' ? groupId : '',
    }),
  };
}

const HOST = hostCidr('10.0.2.5') as Cidr;
const INTERNET = parseCidr('0.0.0.0/0') as Cidr;

describe('universalEgress', () => {
  it('is the allowed decision for every peer when the first rule allowing 443 is 0.0.0.0/0', () => {
    const region = view({ 'sg-a': [sgRule.tcp(22, '10.0.0.0/8'), sgRule.all('0.0.0.0/0')] });
    const universal = universalEgress(region, ['sg-a'], 'sg-a');
    expect(universal).not.toBeNull();
    for (const peer of [HOST, INTERNET]) {
      const { verdict, check } = decided(region, ['sg-a'], peer);
      expect(verdict).toBe('allowed');
      expect(universal?.check).toEqual(check);
    }
    expect(universal?.check.hops[0]).toMatchObject({ kind: 'security-group', id: 'sg-a', verdict: 'allow' });
  });

  it('skips a missing group as the decision does, and names the group whose rule allows', () => {
    const region = view({ 'sg-b': [sgRule.tcp(443, '0.0.0.0/0')] });
    const universal = universalEgress(region, ['sg-gone', 'sg-b'], 'sg-gone,sg-b');
    expect(universal?.check).toEqual(decided(region, ['sg-gone', 'sg-b'], HOST).check);
    expect(universal?.check.hops[0]?.id).toBe('sg-b');
  });

  it('covers only the range of its rule: a peer outside it is left to the decision', () => {
    const region = view({ 'sg-c': [sgRule.tcp(443, '10.0.0.0/16'), sgRule.all('0.0.0.0/0')] });
    const universal = universalEgress(region, ['sg-c'], 'sg-c');
    expect(universal?.range).toEqual(parseCidr('10.0.0.0/16'));
    // Inside: the first rule decides, as the decision says.
    expect(universal?.check).toEqual(decided(region, ['sg-c'], HOST).check);
    // The internet is not inside 10.0.0.0/16: the decision there names the second rule.
    expect(decided(region, ['sg-c'], INTERNET).check).not.toEqual(universal?.check);
  });

  it('is none when the first rule allowing 443 names a group, or nothing allows 443', () => {
    const region = view({
      'sg-g': [sgRule.fromGroup('tcp', 443, 'sg-x'), sgRule.all('0.0.0.0/0')],
      'sg-n': [sgRule.tcp(22, '0.0.0.0/0')],
    });
    expect(universalEgress(region, ['sg-g'], 'sg-g')).toBeNull();
    expect(universalEgress(region, ['sg-n'], 'sg-n')).toBeNull();
  });
});
