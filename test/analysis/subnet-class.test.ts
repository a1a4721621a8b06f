import { route } from '../support/builders/index.js';
import type { Route } from '../../src/snapshot/types.js';
import type { RegionBuilder } from '../support/builders/index.js';
import { classifySubnet } from '../../src/analysis/subnet-class.js';
import { regionView } from './helpers.js';

function classOf(routes: Route[], extra?: (r: RegionBuilder) => void) {
  const region = regionView((r) => {
    r.vpc('vpc-1', { ipv6CidrBlocks: ['2600:1f18::/56'] });
    r.subnet('subnet-pub', 'vpc-1', { cidrBlock: '10.0.0.0/24' });
    r.subnet('subnet-1', 'vpc-1', { cidrBlock: '10.0.1.0/24' });
    r.routeTable('rtb-pub', 'vpc-1', { subnets: ['subnet-pub'], routes: [route.igw('0.0.0.0/0', 'igw-1')] });
    r.routeTable('rtb-1', 'vpc-1', { subnets: ['subnet-1'], routes });
    extra?.(r);
  });
  const result = classifySubnet(region, region.subnet('subnet-1')!);
  if (!result) throw new Error('no class');
  return result;
}

describe('classifySubnet (aws-facts §1.2–§1.4)', () => {
  it('public per family: an IGW route for IPv4 only is not IPv6-public', () => {
    const c = classOf([route.igw('0.0.0.0/0', 'igw-1')]);
    expect([c.ipv4.class, c.ipv6.class]).toEqual(['public', 'isolated']);
    expect(c.ipv4.route?.target.id).toBe('igw-1');
  });

  it('IPv6-only exposure: ::/0 to the IGW makes only IPv6 public', () => {
    const c = classOf([route.igw('::/0', 'igw-1')]);
    expect([c.ipv4.class, c.ipv6.class]).toEqual(['isolated', 'public']);
  });

  it('a narrower IGW route still makes the subnet public (§1.2)', () => {
    expect(classOf([route.igw('198.51.100.0/24', 'igw-1')]).ipv4.class).toBe('public');
  });

  const igwList = (id: string): Route => ({
    destinationPrefixListId: id,
    target: { kind: 'internet-gateway', id: 'igw-1' },
    state: 'active',
  });

  it('a prefix-list destination to the IGW makes the family public, by the list family (item 11)', () => {
    const v4 = classOf([igwList('pl-1')], (r) => r.prefixList('pl-1', 'partners', ['198.51.100.0/24']));
    expect([v4.ipv4.class, v4.ipv6.class]).toEqual(['public', 'isolated']);
    expect(v4.ipv4.route?.destinationPrefixListId).toBe('pl-1');
    expect(v4.ipv4.igwCoverage).toEqual({ status: 'partial' });
    const v6 = classOf([igwList('pl-6')], (r) => r.prefixList('pl-6', 'partners6', ['::/0']));
    expect([v6.ipv4.class, v6.ipv6.class]).toEqual(['isolated', 'public']);
    expect(v6.ipv6.igwCoverage).toEqual({ status: 'all' });
  });

  it('IGW coverage: CIDRs and prefix lists together; unread entries make it unknown (item 10)', () => {
    const whole = classOf([route.igw('0.0.0.0/1', 'igw-1'), igwList('pl-1')], (r) =>
      r.prefixList('pl-1', 'upper', ['128.0.0.0/1']),
    );
    expect(whole.ipv4.igwCoverage).toEqual({ status: 'all' });
    expect(whole.ipv4.igwRoutes).toHaveLength(2);
    const unread = classOf([route.igw('0.0.0.0/1', 'igw-1'), igwList('pl-1')], (r) =>
      r.prefixList('pl-1', 'upper', undefined),
    );
    expect(unread.ipv4.igwCoverage).toMatchObject({ status: 'unknown' });
    expect(classOf([route.igw('52.0.0.0/8', 'igw-1')]).ipv4.igwCoverage).toEqual({ status: 'partial' });
  });

  it('a blackhole IGW route does not count (§1.3)', () => {
    const c = classOf([{ ...route.igw('0.0.0.0/0', 'igw-1'), state: 'blackhole' }]);
    expect(c.ipv4.class).toBe('isolated');
  });

  it('private with NAT only when the NAT gateway is available and public', () => {
    const ok = classOf([route.nat('0.0.0.0/0', 'nat-1')], (r) =>
      r.natGateway('nat-1', 'vpc-1', 'subnet-pub'),
    );
    expect(ok.ipv4.class).toBe('private-nat');
    expect(ok.ipv4.natGateway?.id).toBe('nat-1');
    const pending = classOf([route.nat('0.0.0.0/0', 'nat-1')], (r) =>
      r.natGateway('nat-1', 'vpc-1', 'subnet-pub', { state: 'pending' }),
    );
    expect(pending.ipv4.class).toBe('isolated');
    expect(pending.ipv4.reason).toContain('pending');
    const privateNat = classOf([route.nat('0.0.0.0/0', 'nat-1')], (r) =>
      r.natGateway('nat-1', 'vpc-1', 'subnet-pub', { connectivityType: 'private' }),
    );
    expect(privateNat.ipv4.class).toBe('private-indeterminate');
  });

  it('NAT gateways not collected leave a NAT route indeterminate', () => {
    const c = classOf([route.nat('0.0.0.0/0', 'nat-1')], (r) => r.setCollection('natGateways', 'failed'));
    expect(c.ipv4.class).toBe('private-indeterminate');
  });

  it('a NAT instance is an ENI with source/destination check off', () => {
    const nat = classOf([route.to('0.0.0.0/0', 'network-interface', 'eni-nat')], (r) =>
      r.networkInterface('eni-nat', 'subnet-pub', { sourceDestCheck: false }),
    );
    expect(nat.ipv4.class).toBe('private-nat');
    const appliance = classOf([route.to('0.0.0.0/0', 'network-interface', 'eni-fw')], (r) =>
      r.networkInterface('eni-fw', 'subnet-pub'),
    );
    expect(appliance.ipv4.class).toBe('private-indeterminate');
  });

  it.each([
    ['transit-gateway', 'tgw-1'],
    ['vpc-peering', 'pcx-1'],
    ['virtual-private-gateway', 'vgw-1'],
    ['core-network', 'arn:aws:networkmanager::1:core-network/cn-1'],
  ] as const)('a default route to %s is indeterminate egress', (kind, id) => {
    const c = classOf([route.to('0.0.0.0/0', kind, id)]);
    expect(c.ipv4.class).toBe('private-indeterminate');
    expect(c.ipv4.route?.target.id).toBe(id);
  });

  it('routes to private ranges only leave the subnet isolated from the internet', () => {
    const c = classOf([
      route.to('10.50.0.0/16', 'transit-gateway', 'tgw-1'),
      route.gatewayEndpoint('pl-s3', 'vpce-s3'),
    ]);
    expect(c.ipv4.class).toBe('isolated');
  });

  it('egress-only IPv6 is its own class, not public', () => {
    const c = classOf([route.nat('0.0.0.0/0', 'nat-1'), route.eigw('::/0', 'eigw-1')], (r) =>
      r.natGateway('nat-1', 'vpc-1', 'subnet-pub'),
    );
    expect([c.ipv4.class, c.ipv6.class]).toEqual(['private-nat', 'egress-only']);
  });

  it('the default route decides over narrower public routes', () => {
    const c = classOf(
      [route.to('52.0.0.0/8', 'transit-gateway', 'tgw-1'), route.nat('0.0.0.0/0', 'nat-1')],
      (r) => r.natGateway('nat-1', 'vpc-1', 'subnet-pub'),
    );
    expect(c.ipv4.class).toBe('private-nat');
  });
});
