import { naclEntry, defaultNaclEntries } from '../support/builders/index.js';
import type { NetworkAcl, NetworkAclEntry } from '../../src/snapshot/types.js';
import { ANY_IPV4, ANY_IPV6, hostCidr, type Cidr } from '../../src/analysis/cidr.js';
import { EPHEMERAL_PORTS, naclAllows } from '../../src/analysis/nacl.js';

const acl = (entries: NetworkAclEntry[]): NetworkAcl => ({
  id: 'acl-1',
  arn: 'arn:aws:ec2:us-east-1:111111111111:network-acl/acl-1',
  vpcId: 'vpc-1',
  isDefault: false,
  subnetIds: [],
  entries,
});
const peer = hostCidr('10.0.1.5') as Cidr;

describe('naclAllows (aws-facts §3.6)', () => {
  it('the default ACL allows everything both ways', () => {
    const a = acl(defaultNaclEntries());
    expect(naclAllows(a, 'egress', 'tcp', [443, 443], ANY_IPV4, 'internet').verdict).toBe('allowed');
    expect(naclAllows(a, 'ingress', 'tcp', EPHEMERAL_PORTS.any, ANY_IPV6, 'internet').verdict).toBe(
      'allowed',
    );
  });

  it('evaluates in rule-number order, first match wins, regardless of list order', () => {
    const a = acl([
      naclEntry(200, true, 'allow', '0.0.0.0/0', '6', [443, 443]),
      naclEntry(100, true, 'deny', '10.0.0.0/16', '6', [443, 443]),
    ]);
    const d = naclAllows(a, 'egress', 'tcp', [443, 443], peer, '10.0.1.5');
    expect(d.verdict).toBe('denied');
    expect(d.reason).toContain('rule 100');
    expect(d.evidence[0]?.kind).toBe('nacl-entry');
  });

  it('denies by default when nothing matches', () => {
    const d = naclAllows(
      acl([naclEntry(100, false, 'allow', '10.0.0.0/16', '6', [5432, 5432])]),
      'ingress',
      'tcp',
      [443, 443],
      peer,
      'x',
    );
    expect(d.verdict).toBe('denied');
    expect(d.reason).toContain('default deny');
  });

  it('blocks ephemeral return traffic when only part of the range is allowed', () => {
    const a = acl([
      naclEntry(100, false, 'allow', '0.0.0.0/0', '6', [49152, 65535]),
      naclEntry(32767, false, 'deny', '0.0.0.0/0'),
    ]);
    const linux = naclAllows(a, 'ingress', 'tcp', EPHEMERAL_PORTS.linux, peer, 'x');
    expect(linux.verdict).toBe('denied');
    expect(linux.reason).toContain('32768-49151');
    expect(naclAllows(a, 'ingress', 'tcp', EPHEMERAL_PORTS.windows, peer, 'x').verdict).toBe('allowed');
  });

  it('combines several allow entries to cover a range', () => {
    const a = acl([
      naclEntry(100, false, 'allow', '0.0.0.0/0', '6', [1024, 40000]),
      naclEntry(110, false, 'allow', '0.0.0.0/0', '-1'),
    ]);
    const d = naclAllows(a, 'ingress', 'tcp', EPHEMERAL_PORTS.any, peer, 'x');
    expect(d.verdict).toBe('allowed');
    expect(d.evidence).toHaveLength(2);
  });

  it('keeps IPv4 and IPv6 entries apart', () => {
    const a = acl([naclEntry(100, true, 'allow', '::/0')]);
    expect(naclAllows(a, 'egress', 'tcp', [443, 443], ANY_IPV4, 'internet').verdict).toBe('denied');
    expect(naclAllows(a, 'egress', 'tcp', [443, 443], ANY_IPV6, 'internet').verdict).toBe('allowed');
  });

  it('UDP entries do not allow TCP', () => {
    const a = acl([naclEntry(100, true, 'allow', '0.0.0.0/0', '17', [443, 443])]);
    expect(naclAllows(a, 'egress', 'tcp', [443, 443], ANY_IPV4, 'internet').verdict).toBe('denied');
  });

  it('a deny of part of the internet before an allow-all is indeterminate for "the internet"', () => {
    const a = acl([
      naclEntry(90, true, 'deny', '52.0.0.0/8', '6', [443, 443]),
      naclEntry(100, true, 'allow', '0.0.0.0/0'),
    ]);
    expect(naclAllows(a, 'egress', 'tcp', [443, 443], ANY_IPV4, 'internet').verdict).toBe('indeterminate');
    // A deny of private space does not touch public service addresses.
    const privateDeny = acl([
      naclEntry(90, true, 'deny', '10.0.0.0/8'),
      naclEntry(100, true, 'allow', '0.0.0.0/0'),
    ]);
    expect(naclAllows(privateDeny, 'egress', 'tcp', [443, 443], ANY_IPV4, 'internet').verdict).toBe(
      'allowed',
    );
    // …but decides for a host outside the denied range.
    expect(naclAllows(a, 'egress', 'tcp', [443, 443], peer, 'x').verdict).toBe('allowed');
  });
});
