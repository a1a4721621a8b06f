// Which route table governs a subnet (aws-facts §1.1, §1.4).
import type { RouteTable, RouteTableAssociation, Subnet } from '../snapshot/types.js';
import type { RegionView } from '../snapshot/view.js';

export interface EffectiveRouteTable {
  table: RouteTable;
  /** `explicit`: the subnet is associated with it; `main`: the main table of the subnet's own VPC. */
  via: 'explicit' | 'main';
  association: RouteTableAssociation;
}

const isLive = (association: RouteTableAssociation): boolean =>
  association.state === undefined || association.state === 'associated';

/**
 * The explicit association wins; otherwise the main table **of the subnet's own VPC** — Prowler's
 * fallback forgets the VPC and can pick another VPC's main table (aws-facts §1.4 item 5).
 * Gateway (edge) associations never govern subnet egress and are ignored. Undefined when the
 * table is not visible (e.g. a RAM-shared VPC, §1.4 item 7).
 */
export function effectiveRouteTable(region: RegionView, subnet: Subnet): EffectiveRouteTable | undefined {
  const tables = region.routeTablesOfVpc(subnet.vpcId);
  for (const table of tables) {
    const association = table.associations.find((a) => a.subnetId === subnet.id && isLive(a));
    if (association) return { table, via: 'explicit', association };
  }
  for (const table of tables) {
    const association = table.associations.find((a) => a.main && a.gatewayId === undefined);
    if (association) return { table, via: 'main', association };
  }
  return undefined;
}
