// Target reach (design.md "Workloads and paths"): a placement to an address or a subnet range on a
// port, hop by hop — groups both ways, both ACLs (stateless reply), the route (local, peering both
// ways, transit gateway undecided) — with the first broken hop.
import { pathHops } from '../../src/findings/path.js';
import {
  GlobalBuilder,
  RegionBuilder,
  buildAccount,
  buildSnapshot,
  naclEntry,
  route,
  sgRule,
} from '../support/builders/index.js';
import { SnapshotView } from '../../src/snapshot/view.js';
import {
  instancePlacement,
  reachTarget,
  type Placement,
  type Target,
} from '../../src/analysis/path/index.js';
import { regionView } from './helpers.js';

interface World {
  dbIngress?: ReturnType<typeof sgRule.tcp>[];
  appEgress?: ReturnType<typeof sgRule.tcp>[];
  dbAcl?: ReturnType<typeof naclEntry>[];
  appRoutes?: ReturnType<typeof route.nat>[];
  tweak?: (r: RegionBuilder) => void;
}

// vpc-1 10.0.0.0/16: subnet-app (i-app 10.0.1.10, sg-app), subnet-db (10.0.2.0/24, sg-db, acl-db).
function world(w: World = {}) {
  return regionView((r) => {
    r.vpc('vpc-1');
    r.subnet('subnet-app', 'vpc-1', { cidrBlock: '10.0.1.0/24' });
    r.subnet('subnet-db', 'vpc-1', { cidrBlock: '10.0.2.0/24' });
    r.routeTable('rtb-main', 'vpc-1', { main: true });
    r.routeTable('rtb-app', 'vpc-1', { subnets: ['subnet-app'], routes: w.appRoutes ?? [] });
    r.networkAcl('acl-dflt', 'vpc-1', { isDefault: true, subnetIds: ['subnet-app'] });
    r.networkAcl('acl-db', 'vpc-1', {
      subnetIds: ['subnet-db'],
      entries: w.dbAcl ?? [
        naclEntry(100, false, 'allow', '10.0.0.0/16', '6', [5432, 5432]),
        naclEntry(100, true, 'allow', '10.0.0.0/16', '6', [1024, 65535]),
      ],
    });
    r.securityGroup('sg-app', 'vpc-1', { egress: w.appEgress ?? [sgRule.all('0.0.0.0/0')] });
    r.securityGroup('sg-db', 'vpc-1', { ingress: w.dbIngress ?? [sgRule.fromGroup('tcp', 5432, 'sg-app')] });
    r.instance('i-app', 'subnet-app', { privateIpAddress: '10.0.1.10', securityGroupIds: ['sg-app'] });
    w.tweak?.(r);
  });
}

const DB: Target = {
  id: 'db-1',
  label: 'DB instance db-1',
  address: '10.0.2.50',
  subnetId: 'subnet-db',
  groupIds: ['sg-db'],
  ports: [5432],
  protocol: 'tcp',
};

function placementOf(region: ReturnType<typeof world>, id = 'i-app'): Placement {
  const instance = region.instance(id);
  const placement = instance && instancePlacement(region, instance);
  if (!placement) throw new Error(`no placement for ${id}`);
  return placement;
}

describe('reachTarget within one VPC', () => {
  it('reaches the target through every hop, in the order the request meets them', () => {
    const region = world();
    const result = reachTarget(region, placementOf(region), DB);
    expect(result.verdict).toBe('reachable');
    expect(result.via).toBe('local');
    const port = result.ports[0];
    expect(port?.port).toBe(5432);
    expect(port?.hops.map((h) => `${h.kind}:${h.id}`)).toEqual([
      'eni:eni-app',
      'security-group:sg-app',
      'network-acl:acl-dflt',
      'network-acl:acl-dflt',
      'route:rtb-app',
      'network-acl:acl-db',
      'network-acl:acl-db',
      'security-group:sg-db',
      'target:db-1',
    ]);
    expect(port?.hops.find((h) => h.kind === 'route')?.decidedBy).toBe('10.0.0.0/16 → local');
    expect(port?.firstBrokenHop).toBeUndefined();
    const drawn = pathHops(result.path);
    expect(drawn?.at(-1)).toMatchObject({ kind: 'target', id: 'db-1', verdict: 'allow' });
    expect(result.path.details?.destination).toBe('db-1');
  });

  it('stops at the target group when it admits nothing from the source', () => {
    const region = world({ dbIngress: [sgRule.tcp(5432, '10.9.0.0/16')] });
    const result = reachTarget(region, placementOf(region), DB);
    expect(result.verdict).toBe('unreachable');
    expect(result.ports[0]?.firstBrokenHop).toMatchObject({
      kind: 'security-group',
      id: 'sg-db',
      verdict: 'deny',
    });
    expect(result.problems.map((p) => p.message).join(' ')).toMatch(/security groups of DB instance db-1/);
    expect(pathHops(result.path)?.at(-1)).toMatchObject({ kind: 'security-group', verdict: 'deny' });
  });

  it('stops at the source group when it lets nothing out to the target', () => {
    const region = world({ appEgress: [sgRule.tcp(443, '0.0.0.0/0')] });
    const result = reachTarget(region, placementOf(region), DB);
    expect(result.verdict).toBe('unreachable');
    expect(result.ports[0]?.firstBrokenHop).toMatchObject({ kind: 'security-group', id: 'sg-app' });
  });

  it("fails on the target ACL's stateless reply when it does not allow the source's ephemeral ports", () => {
    const region = world({
      dbAcl: [
        naclEntry(100, false, 'allow', '10.0.0.0/16', '6', [5432, 5432]),
        naclEntry(100, true, 'allow', '10.0.0.0/16', '6', [443, 443]),
      ],
    });
    const result = reachTarget(region, placementOf(region), DB);
    expect(result.verdict).toBe('unreachable');
    const broken = result.ports[0]?.firstBrokenHop;
    expect(broken).toMatchObject({ kind: 'network-acl', id: 'acl-db', verdict: 'deny' });
    expect(broken?.decidedBy).toMatch(/32768-60999/);
  });

  it('judges the request port on the ACLs, not 443', () => {
    const region = world({
      dbAcl: [
        naclEntry(100, false, 'allow', '10.0.0.0/16', '6', [443, 443]),
        naclEntry(110, true, 'allow', '10.0.0.0/16', '6', [1024, 65535]),
      ],
    });
    const result = reachTarget(region, placementOf(region), DB);
    expect(result.verdict).toBe('unreachable');
    expect(result.ports[0]?.firstBrokenHop?.decidedBy).toMatch(/tcp 5432 inbound/);
  });

  it('meets no ACL or route inside one subnet', () => {
    const region = world({
      tweak: (r) =>
        r.instance('i-db-peer', 'subnet-db', { privateIpAddress: '10.0.2.9', securityGroupIds: ['sg-app'] }),
      // The db ACL denies everything: it must not matter within the subnet.
      dbAcl: [],
    });
    const result = reachTarget(region, placementOf(region, 'i-db-peer'), DB);
    expect(result.verdict).toBe('reachable');
    expect(result.via).toBeUndefined();
    expect(result.ports[0]?.hops.map((h) => h.kind)).toEqual([
      'eni',
      'security-group',
      'security-group',
      'target',
    ]);
  });

  it('is undecided when a route more specific than local sends the target through an appliance', () => {
    const region = world({ appRoutes: [route.to('10.0.2.0/24', 'network-interface', 'eni-fw')] });
    const result = reachTarget(region, placementOf(region), DB);
    expect(result.verdict).toBe('indeterminate');
    expect(result.ports[0]?.firstBrokenHop).toMatchObject({
      kind: 'route',
      id: 'rtb-app',
      verdict: 'undecided',
    });
    expect(result.doubts[0]?.message).toMatch(/eni-fw .*appliance/);
  });

  it('judges a subnet-range target for every address, and is undecided when a rule admits only part', () => {
    const { address: _address, ...range } = DB;
    const ok = world({ dbIngress: [sgRule.tcp(5432, '10.0.1.0/24')] });
    expect(reachTarget(ok, placementOf(ok), range).verdict).toBe('reachable');
    // An egress rule to half the target subnet leaves "any address of it" undecided.
    const half = world({ appEgress: [sgRule.tcp(5432, '10.0.2.0/25')] });
    const result = reachTarget(half, placementOf(half), range);
    expect(result.verdict).toBe('indeterminate');
    expect(result.ports[0]?.firstBrokenHop).toMatchObject({
      kind: 'security-group',
      id: 'sg-app',
      verdict: 'undecided',
    });
  });

  it('judges a target with a known address at that address, not over its whole subnet', () => {
    // 10.0.2.50 is in the half of subnet-db the egress rule allows.
    const half = world({ appEgress: [sgRule.tcp(5432, '10.0.2.0/25')] });
    expect(reachTarget(half, placementOf(half), DB).verdict).toBe('reachable');
    const otherHalf = world({ appEgress: [sgRule.tcp(5432, '10.0.2.128/25')] });
    const result = reachTarget(otherHalf, placementOf(otherHalf), DB);
    expect(result.verdict).toBe('unreachable');
    expect(result.ports[0]?.firstBrokenHop).toMatchObject({
      kind: 'security-group',
      id: 'sg-app',
      verdict: 'deny',
    });
  });

  it('is undecided, never allowed, when network ACLs or route tables were not collected', () => {
    const acl = world({ tweak: (r) => r.setCollection('networkAcls', 'failed') });
    const a = reachTarget(acl, placementOf(acl), DB);
    expect(a.verdict).toBe('indeterminate');
    expect(a.ports[0]?.firstBrokenHop).toMatchObject({ kind: 'network-acl', verdict: 'undecided' });
    const routes = world({ tweak: (r) => r.setCollection('routeTables', 'failed') });
    const b = reachTarget(routes, placementOf(routes), DB);
    expect(b.verdict).toBe('indeterminate');
    expect(b.doubts.map((d) => d.message)).toContain('route tables were not collected in us-east-1');
  });

  it('is undecided when the target subnet is not in the snapshot; the path still starts at the source', () => {
    const region = world();
    const result = reachTarget(region, placementOf(region), { ...DB, subnetId: 'subnet-gone' });
    expect(result.verdict).toBe('indeterminate');
    expect(result.doubts.map((d) => d.message)).toEqual([
      `the subnet subnet-gone of ${DB.label} is not visible`,
    ]);
    expect(result.ports[0]?.hops.map((h) => h.kind)).toEqual(['eni']);
  });

  it('answers per port: one port denied makes the target unreachable', () => {
    const region = world();
    const result = reachTarget(region, placementOf(region), { ...DB, ports: [5432, 5433] });
    expect(result.ports.map((p) => p.verdict)).toEqual(['reachable', 'unreachable']);
    expect(result.verdict).toBe('unreachable');
    expect(pathHops(result.path)?.some((h) => h.verdict === 'deny')).toBe(true);
  });

  it('shows the undecided port, not a reachable one listed before it, when no port is denied', () => {
    // 5432 is allowed; 5433 only to half the DB subnet, so "any address of it" is undecided.
    const { address: _address, ...range } = DB;
    const region = world({
      appEgress: [sgRule.tcp(5432, '10.0.2.0/24'), sgRule.tcp(5433, '10.0.2.0/25')],
      dbIngress: [sgRule.fromGroup('tcp', 5432, 'sg-app'), sgRule.fromGroup('tcp', 5433, 'sg-app')],
      dbAcl: [
        naclEntry(100, false, 'allow', '10.0.0.0/16', '6', [5432, 5433]),
        naclEntry(100, true, 'allow', '10.0.0.0/16', '6', [1024, 65535]),
      ],
    });
    const result = reachTarget(region, placementOf(region), { ...range, ports: [5432, 5433] });
    expect(result.ports.map((p) => p.verdict)).toEqual(['reachable', 'indeterminate']);
    expect(result.verdict).toBe('indeterminate');
    expect(result.path.summary).toMatch(/on tcp 5433: undecided/);
    // The drawn path stops before the undecided group: it does not reach the DB.
    expect(pathHops(result.path)?.some((h) => h.kind === 'target')).toBe(false);
  });

  it('is undecided when the target subnet is not visible', () => {
    const region = world();
    const result = reachTarget(region, placementOf(region), { ...DB, subnetId: 'subnet-gone' });
    expect(result.verdict).toBe('indeterminate');
    expect(result.doubts[0]?.message).toMatch(/subnet-gone/);
  });
});

// vpc-a 10.1.0.0/16 (subnet-a, i-a) and vpc-b 10.2.0.0/16 (subnet-b, the target).
function twoVpcs(aRoutes: ReturnType<typeof route.to>[], bRoutes: ReturnType<typeof route.to>[]) {
  return regionView((r) => {
    r.vpc('vpc-a', { cidrBlocks: ['10.1.0.0/16'] });
    r.vpc('vpc-b', { cidrBlocks: ['10.2.0.0/16'] });
    r.subnet('subnet-a', 'vpc-a', { cidrBlock: '10.1.1.0/24' });
    r.subnet('subnet-b', 'vpc-b', { cidrBlock: '10.2.1.0/24' });
    r.routeTable('rtb-a', 'vpc-a', { main: true, routes: [route.local('10.1.0.0/16'), ...aRoutes] });
    r.routeTable('rtb-b', 'vpc-b', { main: true, routes: [route.local('10.2.0.0/16'), ...bRoutes] });
    r.networkAcl('acl-a', 'vpc-a', { isDefault: true, subnetIds: ['subnet-a'] });
    r.networkAcl('acl-b', 'vpc-b', { isDefault: true, subnetIds: ['subnet-b'] });
    r.securityGroup('sg-a', 'vpc-a', {});
    r.securityGroup('sg-b', 'vpc-b', { ingress: [sgRule.tcp(5432, '10.1.0.0/16')] });
    r.instance('i-a', 'subnet-a', { privateIpAddress: '10.1.1.10', securityGroupIds: ['sg-a'] });
  });
}

const REMOTE: Target = { ...DB, address: '10.2.1.50', subnetId: 'subnet-b', groupIds: ['sg-b'] };

describe('reachTarget across VPCs', () => {
  it('reaches a peered VPC when both route tables use the same peering connection', () => {
    const region = twoVpcs(
      [route.to('10.2.0.0/16', 'vpc-peering', 'pcx-1')],
      [route.to('10.1.0.0/16', 'vpc-peering', 'pcx-1')],
    );
    const result = reachTarget(region, placementOf(region, 'i-a'), REMOTE);
    expect(result.verdict).toBe('reachable');
    expect(result.via).toBe('vpc-peering');
    const routes = result.ports[0]?.hops.filter((h) => h.kind === 'route');
    expect(routes?.map((h) => `${h.id} ${h.decidedBy}`)).toEqual([
      'rtb-a 10.2.0.0/16 → pcx-1',
      'rtb-b 10.1.0.0/16 → pcx-1',
    ]);
  });

  it('fails at the target table when the replies do not come back over the peering', () => {
    const region = twoVpcs([route.to('10.2.0.0/16', 'vpc-peering', 'pcx-1')], []);
    const result = reachTarget(region, placementOf(region, 'i-a'), REMOTE);
    expect(result.verdict).toBe('unreachable');
    expect(result.ports[0]?.firstBrokenHop).toMatchObject({ kind: 'route', id: 'rtb-b', verdict: 'deny' });
  });

  it('fails when the source has no route to the other VPC at all', () => {
    const region = twoVpcs([], []);
    const result = reachTarget(region, placementOf(region, 'i-a'), REMOTE);
    expect(result.verdict).toBe('unreachable');
    expect(result.ports[0]?.firstBrokenHop).toMatchObject({ kind: 'route', id: 'rtb-a', verdict: 'deny' });
    expect(result.problems[0]?.message).toMatch(/no active route to DB instance db-1/);
  });

  it('ignores a blackholed peering route', () => {
    const dead = { ...route.to('10.2.0.0/16', 'vpc-peering', 'pcx-1'), state: 'blackhole' };
    const region = twoVpcs([dead], [route.to('10.1.0.0/16', 'vpc-peering', 'pcx-1')]);
    expect(reachTarget(region, placementOf(region, 'i-a'), REMOTE).verdict).toBe('unreachable');
  });

  it('is undecided through a transit gateway, saying why', () => {
    const region = twoVpcs(
      [route.to('10.0.0.0/8', 'transit-gateway', 'tgw-1')],
      [route.to('10.0.0.0/8', 'transit-gateway', 'tgw-1')],
    );
    const result = reachTarget(region, placementOf(region, 'i-a'), REMOTE);
    expect(result.verdict).toBe('indeterminate');
    expect(result.doubts[0]?.message).toMatch(/transit gateway tgw-1.*not collected/);
    expect(result.ports[0]?.firstBrokenHop).toMatchObject({ kind: 'route', verdict: 'undecided' });
  });

  it('reaches a target in another region over a peering connection, each end judged in its own region', () => {
    const east = new RegionBuilder('us-east-1');
    east.vpc('vpc-a', { cidrBlocks: ['10.1.0.0/16'] });
    east.subnet('subnet-a', 'vpc-a', { cidrBlock: '10.1.1.0/24' });
    east.routeTable('rtb-a', 'vpc-a', {
      main: true,
      routes: [route.to('10.2.0.0/16', 'vpc-peering', 'pcx-x')],
    });
    east.networkAcl('acl-a', 'vpc-a', { isDefault: true, subnetIds: ['subnet-a'] });
    east.securityGroup('sg-a', 'vpc-a', {});
    east.instance('i-a', 'subnet-a', { privateIpAddress: '10.1.1.10', securityGroupIds: ['sg-a'] });
    const west = new RegionBuilder('eu-west-1');
    west.vpc('vpc-b', { cidrBlocks: ['10.2.0.0/16'] });
    west.subnet('subnet-b', 'vpc-b', { cidrBlock: '10.2.1.0/24' });
    west.routeTable('rtb-b', 'vpc-b', {
      main: true,
      routes: [route.to('10.1.0.0/16', 'vpc-peering', 'pcx-x')],
    });
    west.networkAcl('acl-b', 'vpc-b', { isDefault: true, subnetIds: ['subnet-b'] });
    west.securityGroup('sg-b', 'vpc-b', { ingress: [sgRule.tcp(5432, '10.1.1.0/24')] });
    const view = new SnapshotView(
      buildSnapshot([buildAccount({ regions: [east, west], global: new GlobalBuilder() })]),
    );
    const [source, target] = view.accounts[0]?.regions ?? [];
    if (!source || !target) throw new Error('regions not built');
    const instance = source.instance('i-a');
    const placement = instance && instancePlacement(source, instance);
    if (!placement) throw new Error('no placement');
    const result = reachTarget({ source, target }, placement, REMOTE);
    expect(result.verdict).toBe('reachable');
    expect(result.via).toBe('vpc-peering');
    // The same target judged as if it were in the source's region is not visible there.
    expect(reachTarget(source, placement, REMOTE).verdict).toBe('indeterminate');
  });
});
