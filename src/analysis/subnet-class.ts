// What a subnet's effective route table says about internet egress, per address family
// (aws-facts §1.2–§1.4). IPv4 and IPv6 are classified separately: `0.0.0.0/0` never covers IPv6.
//   public                 an active route to an internet gateway (any destination width, §1.2; a
//                          prefix-list destination counts like a CIDR). Whether those routes cover
//                          all public address space — needed for an internet *path* — is in
//                          `igwCoverage`.
//   private-nat            internet-bound traffic goes to an available NAT gateway or a NAT instance
//   private-indeterminate  it goes to a transit gateway, peering, VGW, core network, appliance, …:
//                          egress is decided outside this VPC's view
//   egress-only            IPv6 through an egress-only internet gateway (outbound only, not public)
//   isolated               nothing routes to public address space (or the route's target is gone)
import type { NatGateway, NetworkInterface, Route, Subnet } from '../snapshot/types.js';
import type { RegionView } from '../snapshot/view.js';
import { isNonPublic, parseCidr, unionCoversPublicSpace, type AddressFamily, type Cidr } from './cidr.js';
import { expandPrefixList } from './prefix-lists.js';
import { effectiveRouteTable, isActiveRoute, type EffectiveRouteTable } from './route-tables.js';
import { getOrCreate } from '../util/memo.js';

export interface SubnetPublicity {
  ipv4: boolean;
  ipv6: boolean;
  /** The routes that made it public, for evidence: IPv4 first, then IPv6. */
  routes: Route[];
  /** The same routes by family, so evidence can cite the family that reaches an address. */
  ipv4Routes: Route[];
  ipv6Routes: Route[];
  routeTable?: EffectiveRouteTable;
}

/** Kept for callers of the first version; same as `isActiveRoute`. */
export const isActive = isActiveRoute;

/** The family a route's destination belongs to; a prefix list's by its address family. */
function routeFamily(region: RegionView, route: Route): AddressFamily | undefined {
  if (route.destinationCidrBlock !== undefined) return 'ipv4';
  if (route.destinationIpv6CidrBlock !== undefined) return 'ipv6';
  if (route.destinationPrefixListId === undefined) return undefined;
  const list = region.prefixList(route.destinationPrefixListId);
  // An unseen list is assumed IPv4, the family nearly every customer list holds.
  return list?.addressFamily === 'IPv6' ? 'ipv6' : 'ipv4';
}

/** Active internet-gateway routes of one family, CIDR and prefix-list destinations alike (item 11). */
function igwRoutesOf(region: RegionView, routes: readonly Route[], family: AddressFamily): Route[] {
  return routes.filter(
    (r) => isActiveRoute(r) && r.target.kind === 'internet-gateway' && routeFamily(region, r) === family,
  );
}

/** Public per family: an active route to an internet gateway (used for exposure grading). */
export function subnetPublicity(region: RegionView, subnet: Subnet): SubnetPublicity | undefined {
  const routeTable = effectiveRouteTable(region, subnet);
  if (!routeTable) return undefined;
  const ipv4 = igwRoutesOf(region, routeTable.table.routes, 'ipv4');
  const ipv6 = igwRoutesOf(region, routeTable.table.routes, 'ipv6');
  return {
    ipv4: ipv4.length > 0,
    ipv6: ipv6.length > 0,
    routes: [...ipv4, ...ipv6],
    ipv4Routes: ipv4,
    ipv6Routes: ipv6,
    routeTable,
  };
}

/** Whether internet-gateway routes reach every public address of the family (aws-facts §1.2). */
export type IgwCoverage = { status: 'all' } | { status: 'partial' } | { status: 'unknown'; reason: string };

function igwCoverage(region: RegionView, routes: readonly Route[], family: AddressFamily): IgwCoverage {
  const pieces: Cidr[] = [];
  const unknown: string[] = [];
  for (const route of routes) {
    const text = familyDestination(route, family);
    if (text !== undefined) {
      const cidr = parseCidr(text);
      if (cidr) pieces.push(cidr);
    } else if (route.destinationPrefixListId !== undefined) {
      const expansion = expandPrefixList(region, route.destinationPrefixListId);
      if (expansion.status === 'known') pieces.push(...expansion.cidrs);
      else unknown.push(expansion.reason);
    }
  }
  if (unionCoversPublicSpace(pieces, family)) return { status: 'all' };
  return unknown.length > 0 ? { status: 'unknown', reason: unknown.join('; ') } : { status: 'partial' };
}

export type EgressClass = 'public' | 'private-nat' | 'private-indeterminate' | 'egress-only' | 'isolated';

export interface FamilyEgress {
  class: EgressClass;
  /** The deciding route (absent for `isolated` with no candidate route). */
  route?: Route;
  /** Why, in a phrase: "0.0.0.0/0 → nat-0abc (available)". */
  reason: string;
  /** For `private-nat` through a NAT gateway. */
  natGateway?: NatGateway;
  /** For `private-nat` through a NAT instance. */
  natInterface?: NetworkInterface;
  /** For `public`: every active internet-gateway route of the family, and whether they cover public space. */
  igwRoutes?: Route[];
  igwCoverage?: IgwCoverage;
}

export interface SubnetClass {
  routeTable: EffectiveRouteTable;
  ipv4: FamilyEgress;
  ipv6: FamilyEgress;
}

const INDETERMINATE_TARGETS: Partial<Record<Route['target']['kind'], string>> = {
  'transit-gateway': 'a transit gateway',
  'vpc-peering': 'a VPC peering connection',
  'virtual-private-gateway': 'a virtual private gateway',
  'core-network': 'a Cloud WAN core network',
  'local-gateway': 'an Outposts local gateway',
  'carrier-gateway': 'a Wavelength carrier gateway',
  'gateway-load-balancer-endpoint': 'a Gateway Load Balancer endpoint',
  unknown: 'an unrecognised target',
};

function familyDestination(route: Route, family: AddressFamily): string | undefined {
  return family === 'ipv4' ? route.destinationCidrBlock : route.destinationIpv6CidrBlock;
}

export function arrow(route: Route, family: AddressFamily): string {
  return `${familyDestination(route, family) ?? route.destinationPrefixListId ?? '?'} → ${route.target.id}`;
}

/**
 * The route that carries traffic towards the public internet: among active routes whose
 * destination reaches public address space, the widest one (the default route when present).
 * Customer prefix-list destinations are considered only when no CIDR route qualifies, since their
 * contents decide what they cover.
 */
function internetBoundRoute(
  region: RegionView,
  routes: readonly Route[],
  family: AddressFamily,
): Route | undefined {
  let best: { route: Route; prefix: number } | undefined;
  for (const route of routes) {
    const destination = familyDestination(route, family);
    if (destination === undefined || route.target.kind === 'local') continue;
    const cidr = parseCidr(destination);
    if (!cidr || isNonPublic(cidr)) continue;
    if (!best || cidr.prefix < best.prefix) best = { route, prefix: cidr.prefix };
  }
  if (best) return best.route;
  return routes.find(
    (r) =>
      r.destinationPrefixListId !== undefined &&
      r.target.kind !== 'gateway-endpoint' &&
      r.target.kind !== 'local' &&
      routeFamily(region, r) === family,
  );
}

function natGatewayEgress(region: RegionView, route: Route, family: AddressFamily): FamilyEgress {
  const via = arrow(route, family);
  if (family === 'ipv6') {
    // NAT devices do not carry IPv6 (vpc-nat.md, aws-facts §1.3); NAT64 needs DNS64 we cannot see.
    return {
      class: 'private-indeterminate',
      route,
      reason: `${via} (IPv6 to a NAT gateway needs NAT64/DNS64)`,
    };
  }
  if (!region.isCollected('natGateways')) {
    return { class: 'private-indeterminate', route, reason: `${via}; NAT gateways were not collected` };
  }
  const nat = region.natGateway(route.target.id);
  if (!nat) return { class: 'isolated', route, reason: `${via}, but that NAT gateway does not exist` };
  if (nat.state !== 'available') {
    return {
      class: 'isolated',
      route,
      reason: `${via}, but the NAT gateway is ${nat.state}`,
      natGateway: nat,
    };
  }
  if (nat.connectivityType === 'private') {
    return {
      class: 'private-indeterminate',
      route,
      reason: `${via}, a private NAT gateway (it forwards to a transit gateway or VGW, not the internet)`,
      natGateway: nat,
    };
  }
  return { class: 'private-nat', route, reason: `${via} (available NAT gateway)`, natGateway: nat };
}

function applianceEgress(region: RegionView, route: Route, family: AddressFamily): FamilyEgress {
  const via = arrow(route, family);
  if (!region.isCollected('networkInterfaces')) {
    return { class: 'private-indeterminate', route, reason: `${via}; network interfaces were not collected` };
  }
  const interfaces =
    route.target.kind === 'instance'
      ? region.interfacesOfInstance(route.target.id)
      : [region.networkInterface(route.target.id)].filter((n): n is NetworkInterface => n !== undefined);
  if (interfaces.length === 0)
    return { class: 'isolated', route, reason: `${via}, but that target does not exist` };
  // A NAT instance has source/destination checking disabled (VPC_NAT_Instance.md, aws-facts §1.3).
  const nat = interfaces.find((n) => !n.sourceDestCheck);
  if (nat && family === 'ipv4') {
    return {
      class: 'private-nat',
      route,
      reason: `${via} (NAT instance, source/dest check off)`,
      natInterface: nat,
    };
  }
  return {
    class: 'private-indeterminate',
    route,
    reason: `${via} (an appliance; where it forwards is not visible here)`,
  };
}

function classifyFamily(region: RegionView, routes: readonly Route[], family: AddressFamily): FamilyEgress {
  const active = routes.filter(isActiveRoute);
  const igwRoutes = igwRoutesOf(region, active, family);
  // The widest CIDR route names the gateway; a prefix-list destination sorts after every CIDR.
  const igw = [...igwRoutes].sort(
    (a, b) =>
      (parseCidr(familyDestination(a, family) ?? '')?.prefix ?? 999) -
      (parseCidr(familyDestination(b, family) ?? '')?.prefix ?? 999),
  )[0];
  if (igw) {
    return {
      class: 'public',
      route: igw,
      reason: `${arrow(igw, family)} (internet gateway)`,
      igwRoutes,
      igwCoverage: igwCoverage(region, igwRoutes, family),
    };
  }
  const route = internetBoundRoute(region, active, family);
  if (!route) {
    return {
      class: 'isolated',
      reason: `no active ${family === 'ipv4' ? 'IPv4' : 'IPv6'} route to public address space`,
    };
  }
  switch (route.target.kind) {
    case 'nat-gateway':
      return natGatewayEgress(region, route, family);
    case 'instance':
    case 'network-interface':
      return applianceEgress(region, route, family);
    case 'egress-only-internet-gateway':
      return {
        class: 'egress-only',
        route,
        reason: `${arrow(route, family)} (egress-only internet gateway)`,
      };
    default: {
      const label = INDETERMINATE_TARGETS[route.target.kind] ?? `a ${route.target.kind}`;
      return { class: 'private-indeterminate', route, reason: `${arrow(route, family)} (${label})` };
    }
  }
}

// Per region view, one classification per subnet: rules ask once per instance, and many
// instances share a subnet.
const classCache = new WeakMap<RegionView, Map<string, SubnetClass | undefined>>();

/** Classifies a subnet per family; undefined when its route table is not visible. */
export function classifySubnet(region: RegionView, subnet: Subnet): SubnetClass | undefined {
  const cache = getOrCreate(classCache, region, () => new Map());
  if (cache.has(subnet.id)) return cache.get(subnet.id);
  const routeTable = effectiveRouteTable(region, subnet);
  const result = routeTable && {
    routeTable,
    ipv4: classifyFamily(region, routeTable.table.routes, 'ipv4'),
    ipv6: classifyFamily(region, routeTable.table.routes, 'ipv6'),
  };
  cache.set(subnet.id, result);
  return result;
}
