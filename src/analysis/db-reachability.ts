// Could the internet reach a DB instance's address at all? (issue 20 item 15). A publicly
// accessible DB instance gets a public address in one of its DB subnet group's subnets; without an
// active internet-gateway route from any of them, nothing on the internet can reach it, whatever
// the flag says. This grades severity only: the flag itself is what RDS.2 judges.
import type { Evidence } from '../findings/types.js';
import type { DbInstance } from '../snapshot/types.js';
import type { RegionView } from '../snapshot/view.js';
import { subnetPublicity } from './subnet-class.js';

export type DbInternetRoute =
  | { verdict: 'routable'; evidence: Evidence[] }
  | { verdict: 'not-routable'; evidence: Evidence[] }
  | { verdict: 'unknown'; why: string; evidence: Evidence[] };

/**
 * Whether any subnet of the DB instance's subnet group has an active route to an internet gateway.
 * The caller checks that `subnets` and `routeTables` were collected.
 */
export function dbInternetRoute(region: RegionView, db: DbInstance): DbInternetRoute {
  const group =
    db.dbSubnetGroupName !== undefined && region.isCollected('dbSubnetGroups')
      ? region.dbSubnetGroup(db.dbSubnetGroupName)
      : undefined;
  const subnetIds = db.subnetIds ?? group?.subnetIds;
  if (!subnetIds || subnetIds.length === 0)
    return { verdict: 'unknown', why: 'the subnets of its DB subnet group are not known', evidence: [] };
  const unseen: string[] = [];
  const closed: string[] = [];
  for (const id of subnetIds) {
    const subnet = region.subnet(id);
    const publicity = subnet && subnetPublicity(region, subnet);
    if (!publicity) {
      unseen.push(id);
      continue;
    }
    const route = publicity.routes[0];
    const table = publicity.routeTable?.table.id ?? '?';
    if ((publicity.ipv4 || publicity.ipv6) && route) {
      return {
        verdict: 'routable',
        evidence: [
          {
            kind: 'route',
            summary: `subnet ${id} of ${db.id}'s DB subnet group routes ${route.destinationCidrBlock ?? route.destinationIpv6CidrBlock ?? route.destinationPrefixListId ?? '?'} to internet gateway ${route.target.id} (route table ${table})`,
            resourceId: table,
            details: { subnetId: id, routeTableId: table, target: route.target.id },
          },
        ],
      };
    }
    closed.push(id);
  }
  if (unseen.length > 0)
    return {
      verdict: 'unknown',
      why: `the route tables of subnet(s) ${unseen.join(', ')} of its DB subnet group are not visible`,
      evidence: [],
    };
  return {
    verdict: 'not-routable',
    evidence: [
      {
        kind: 'route',
        summary: `no subnet of ${db.id}'s DB subnet group (${closed.join(', ')}) has an active route to an internet gateway`,
        resourceId: db.id,
        details: { subnetIds: closed },
      },
    ],
  };
}
