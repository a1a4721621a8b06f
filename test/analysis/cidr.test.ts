import fc from 'fast-check';
import {
  ANY_IPV4,
  ANY_IPV6,
  canonicalCidr,
  cidrContains,
  cidrOverlaps,
  formatCidr,
  hostCidr,
  isNonPublic,
  parseAddress,
  parseCidr,
  unionCovers,
  unionCoversPublicSpace,
  type Cidr,
} from '../../src/analysis/cidr.js';

const c = (text: string): Cidr => {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`unparsable ${text}`);
  return parsed;
};

describe('CIDR parsing and canonicalisation', () => {
  it('clears host bits the way AWS canonicalises (aws-facts §3.1)', () => {
    expect(canonicalCidr('100.68.0.18/18')).toBe('100.68.0.0/18');
    expect(canonicalCidr('2001:db8::1/64')).toBe('2001:db8::/64');
    expect(canonicalCidr('0.0.0.0/0')).toBe('0.0.0.0/0');
    expect(canonicalCidr('::/0')).toBe('::/0');
  });

  it('parses IPv6 compression, embedded IPv4 and full forms alike', () => {
    expect(parseAddress('::ffff:10.0.0.1')?.value).toBe(parseAddress('0:0:0:0:0:ffff:a00:1')?.value);
    expect(parseAddress('2001:DB8:0:0:0:0:0:1')?.value).toBe(parseAddress('2001:db8::1')?.value);
    expect(formatCidr(c('2001:0db8:0000:0000:0001:0000:0000:0000/128'))).toBe('2001:db8:0:0:1::/128');
  });

  it('rejects malformed input instead of guessing', () => {
    for (const bad of [
      '10.0.0.256/8',
      '10.0.0/8',
      '10.0.0.0/33',
      '::1::/64',
      '1:2:3:4:5:6:7:8:9/64',
      'fe80::/129',
      'x',
      '10.0.0.0/8/1',
      '01234::/16',
    ])
      expect(parseCidr(bad)).toBeUndefined();
  });

  it('treats a bare address as a host route', () => {
    expect(formatCidr(hostCidr('10.1.2.3') as Cidr)).toBe('10.1.2.3/32');
    expect(c('10.1.2.3').prefix).toBe(32);
    expect(c('2001:db8::5').prefix).toBe(128);
  });

  it('round-trips any IPv4 CIDR through format and parse', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), (address, prefix) => {
        const parsed = c(`${address}/${prefix}`);
        expect(c(formatCidr(parsed))).toEqual(parsed);
      }),
    );
  });

  it('round-trips any IPv6 CIDR through format and parse', () => {
    fc.assert(
      fc.property(fc.ipV6(), fc.integer({ min: 0, max: 128 }), (address, prefix) => {
        const parsed = c(`${address}/${prefix}`);
        expect(c(formatCidr(parsed))).toEqual(parsed);
      }),
    );
  });
});

describe('containment and overlap', () => {
  it('contains narrower ranges of the same family only', () => {
    expect(cidrContains(c('10.0.0.0/16'), c('10.0.5.0/24'))).toBe(true);
    expect(cidrContains(c('10.0.5.0/24'), c('10.0.0.0/16'))).toBe(false);
    expect(cidrContains(c('0.0.0.0/0'), c('203.0.113.9'))).toBe(true);
    expect(cidrContains(c('0.0.0.0/0'), c('::/0'))).toBe(false);
    expect(cidrContains(c('::/0'), c('2001:db8::/32'))).toBe(true);
    expect(cidrContains(c('10.0.0.0/8'), c('11.0.0.0/8'))).toBe(false);
  });

  it('overlaps when either contains the other', () => {
    expect(cidrOverlaps(c('52.0.0.0/8'), c('0.0.0.0/0'))).toBe(true);
    expect(cidrOverlaps(c('10.0.0.0/24'), c('10.0.1.0/24'))).toBe(false);
    expect(cidrOverlaps(c('2001:db8::/32'), c('2001:db8:1::/48'))).toBe(true);
  });

  it('knows which ranges can never carry internet traffic', () => {
    expect(isNonPublic(c('10.20.0.0/16'))).toBe(true);
    expect(isNonPublic(c('172.16.0.0/12'))).toBe(true);
    expect(isNonPublic(c('fd00::/8'))).toBe(true);
    expect(isNonPublic(c('0.0.0.0/0'))).toBe(false);
    expect(isNonPublic(c('52.94.0.0/16'))).toBe(false);
    expect(isNonPublic(c('172.32.0.0/16'))).toBe(false);
  });
});

describe('unionCovers / unionCoversPublicSpace', () => {
  const cidrs = (...texts: string[]) => texts.map(c);
  it('two halves cover the whole family; a gap does not', () => {
    expect(unionCovers(cidrs('0.0.0.0/1', '128.0.0.0/1'), ANY_IPV4)).toBe(true);
    expect(unionCovers(cidrs('128.0.0.0/1', '0.0.0.0/2', '64.0.0.0/2'), ANY_IPV4)).toBe(true);
    expect(unionCovers(cidrs('0.0.0.0/1', '128.0.0.0/2'), ANY_IPV4)).toBe(false);
    expect(unionCovers(cidrs('0.0.0.0/1', '0.0.0.0/1'), ANY_IPV4)).toBe(false);
    expect(unionCovers(cidrs('::/1', '8000::/1'), ANY_IPV6)).toBe(true);
    expect(unionCovers(cidrs('0.0.0.0/1', '128.0.0.0/1'), ANY_IPV6)).toBe(false);
    expect(unionCovers([], c('10.0.0.0/8'), cidrs('10.0.0.0/8'))).toBe(true);
  });

  it('public space: private and non-unicast ranges may be missing, public ones may not', () => {
    // Everything but 10/8, 172.16/12, 192.168/16, 100.64/10, 127/8, 169.254/16, 0/8 and 224/3.
    const publicOnly = cidrs(
      '1.0.0.0/8',
      '2.0.0.0/7',
      '4.0.0.0/6',
      '8.0.0.0/7',
      '11.0.0.0/8',
      '12.0.0.0/6',
      '16.0.0.0/4',
      '32.0.0.0/3',
      '64.0.0.0/3',
      '96.0.0.0/6',
      '100.0.0.0/10',
      '100.128.0.0/9',
      '101.0.0.0/8',
      '102.0.0.0/7',
      '104.0.0.0/5',
      '112.0.0.0/5',
      '120.0.0.0/6',
      '124.0.0.0/7',
      '126.0.0.0/8',
      '128.0.0.0/3',
      '160.0.0.0/5',
      '168.0.0.0/8',
      '169.0.0.0/9',
      '169.128.0.0/10',
      '169.192.0.0/11',
      '169.224.0.0/12',
      '169.240.0.0/13',
      '169.248.0.0/14',
      '169.252.0.0/15',
      '169.255.0.0/16',
      '170.0.0.0/7',
      '172.0.0.0/12',
      '172.32.0.0/11',
      '172.64.0.0/10',
      '172.128.0.0/9',
      '173.0.0.0/8',
      '174.0.0.0/7',
      '176.0.0.0/4',
      '192.0.0.0/9',
      '192.128.0.0/11',
      '192.160.0.0/13',
      '192.169.0.0/16',
      '192.170.0.0/15',
      '192.172.0.0/14',
      '192.176.0.0/12',
      '192.192.0.0/10',
      '193.0.0.0/8',
      '194.0.0.0/7',
      '196.0.0.0/6',
      '200.0.0.0/5',
      '208.0.0.0/4',
    );
    expect(unionCoversPublicSpace(publicOnly, 'ipv4')).toBe(true);
    expect(
      unionCoversPublicSpace(
        publicOnly.filter((piece) => formatCidr(piece) !== '32.0.0.0/3'),
        'ipv4',
      ),
    ).toBe(false);
    expect(unionCoversPublicSpace(cidrs('52.0.0.0/8'), 'ipv4')).toBe(false);
    expect(unionCoversPublicSpace(cidrs('0.0.0.0/0'), 'ipv4')).toBe(true);
    expect(unionCoversPublicSpace(cidrs('2000::/3'), 'ipv6')).toBe(true);
    expect(unionCoversPublicSpace(cidrs('2600::/8'), 'ipv6')).toBe(false);
  });
});
