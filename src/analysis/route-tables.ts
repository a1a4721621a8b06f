// Which route table governs a subnet (aws-facts §1.1, §1.4).
import type { Route, RouteTable, RouteTableAssociation, Subnet } from '../snapshot/types.js';
import type { RegionView } from '../snapshot/view.js';
import type { Evidence } from '../findings/types.js';

export interface EffectiveRouteTable {
  table: RouteTable;
  /** `explicit`: the subnet is associated with it; `main`: the main table of the subnet's own VPC. */
  via: 'explicit' | 'main';
  association: RouteTableAssociation;
}

/**
 * The explicit association wins; otherwise the main table **of the subnet's own VPC** — Prowler's
 * fallback forgets the VPC and can pick another VPC's main table (aws-facts §1.4 item 5).
 * Gateway (edge) associations never govern subnet egress and are ignored; only live
 * (`associated`) explicit associations count. Undefined when the table is not visible (e.g. a
 * RAM-shared VPC, §1.4 item 7). Constant time: the view indexes associations once per region.
 */
export function effectiveRouteTable(region: RegionView, subnet: Subnet): EffectiveRouteTable | undefined {
  const explicit = region.explicitRouteTableOf(subnet.id);
  // An association can only name a subnet of the table's own VPC; the check guards odd input.
  if (explicit && explicit.table.vpcId === subnet.vpcId) return { ...explicit, via: 'explicit' };
  const main = region.mainRouteTableOf(subnet.vpcId);
  return main ? { ...main, via: 'main' } : undefined;
}

/** Only active routes carry traffic; blackhole and filtered routes are as good as absent (§1.3). */
export function isActiveRoute(route: Route): boolean {
  return route.state === 'active';
}

export function describeDestination(route: Route): string {
  return route.destinationCidrBlock ?? route.destinationIpv6CidrBlock ?? route.destinationPrefixListId ?? '?';
}

/** Evidence naming the association that made `effective.table` the subnet's table. */
export function associationEvidence(subnet: Subnet, effective: EffectiveRouteTable): Evidence {
  return {
    kind: 'route-table-association',
    summary:
      effective.via === 'explicit'
        ? `${subnet.id} is explicitly associated with route table ${effective.table.id} (${effective.association.id})`
        : `${subnet.id} has no explicit association, so it uses the main route table ${effective.table.id} of its VPC ${subnet.vpcId}`,
    resourceId: effective.table.id,
    details: {
      subnetId: subnet.id,
      routeTableId: effective.table.id,
      vpcId: effective.table.vpcId,
      via: effective.via,
      associationId: effective.association.id,
    },
  };
}

export function routeEvidence(table: RouteTable, route: Route, note?: string): Evidence {
  const details: Evidence['details'] = {
    routeTableId: table.id,
    destination: describeDestination(route),
    targetKind: route.target.kind,
    target: route.target.id,
    state: route.state,
  };
  if (route.origin !== undefined) details.origin = route.origin;
  return {
    kind: 'route',
    summary: `route table ${table.id} routes ${describeDestination(route)} to ${route.target.id}${route.state === 'active' ? '' : ` (${route.state})`}${note ? ` — ${note}` : ''}`,
    resourceId: table.id,
    details,
  };
}
