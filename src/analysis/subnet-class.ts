// Public or not, per address family (aws-facts §1.2–§1.3): a subnet is public for IPv4 when its
// effective route table has an active route to an internet gateway for an IPv4 destination, and
// likewise for IPv6. Egress-only gateways never make a subnet public.
import type { Route, Subnet } from '../snapshot/types.js';
import type { RegionView } from '../snapshot/view.js';
import { effectiveRouteTable, type EffectiveRouteTable } from './route-tables.js';

export interface SubnetPublicity {
  ipv4: boolean;
  ipv6: boolean;
  /** The routes that made it public, for evidence. */
  routes: Route[];
  routeTable?: EffectiveRouteTable;
}

export function isActive(route: Route): boolean {
  return route.state === 'active';
}

export function subnetPublicity(region: RegionView, subnet: Subnet): SubnetPublicity | undefined {
  const routeTable = effectiveRouteTable(region, subnet);
  if (!routeTable) return undefined;
  const igwRoutes = routeTable.table.routes.filter(
    (r) => isActive(r) && r.target.kind === 'internet-gateway',
  );
  return {
    ipv4: igwRoutes.some((r) => r.destinationCidrBlock !== undefined),
    ipv6: igwRoutes.some((r) => r.destinationIpv6CidrBlock !== undefined),
    routes: igwRoutes,
    routeTable,
  };
}
