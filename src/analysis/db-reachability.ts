// Could the internet reach a DB instance's address at all? (issue 20 item 15). A publicly
// accessible DB instance gets a public address in one of its DB subnet group's subnets; without an
// active internet-gateway route from any of them, nothing on the internet can reach it, whatever
// the flag says. This grades severity only: the flag itself is what RDS.2 judges. VPC Block Public
// Access blocking inbound internet traffic to a subnet (aws-facts §1.2) closes it the same way;
// BPA that was not read never closes a subnet (the evidence says so).
import type { Evidence } from '../findings/types.js';
import type { DbInstance } from '../snapshot/types.js';
import type { RegionView } from '../snapshot/view.js';
import { subnetBlockPublicAccess } from './block-public-access.js';
import { subnetPublicity } from './subnet-class.js';

export type DbInternetRoute =
  | { verdict: 'routable'; evidence: Evidence[] }
  | { verdict: 'not-routable'; evidence: Evidence[]; blockedByBpa?: boolean }
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
  const blocked: Evidence[] = [];
  for (const id of subnetIds) {
    const subnet = region.subnet(id);
    const publicity = subnet && subnetPublicity(region, subnet);
    if (!publicity || !subnet) {
      unseen.push(id);
      continue;
    }
    const route = publicity.routes[0];
    const table = publicity.routeTable?.table.id ?? '?';
    if ((publicity.ipv4 || publicity.ipv6) && route) {
      const bpa = subnetBlockPublicAccess(region, subnet);
      if (bpa.known && !bpa.inbound) {
        blocked.push({
          ...bpa.evidence,
          summary: `subnet ${id} routes to internet gateway ${route.target.id}, but ${bpa.reason}, which blocks inbound internet traffic`,
        });
        closed.push(id);
        continue;
      }
      return {
        verdict: 'routable',
        evidence: [
          {
            kind: 'route',
            summary: `subnet ${id} of ${db.id}'s DB subnet group routes ${route.destinationCidrBlock ?? route.destinationIpv6CidrBlock ?? route.destinationPrefixListId ?? '?'} to internet gateway ${route.target.id} (route table ${table})`,
            resourceId: table,
            details: { subnetId: id, routeTableId: table, target: route.target.id },
          },
          ...(bpa.known
            ? []
            : [
                {
                  kind: 'vpc-block-public-access',
                  summary: `${bpa.reason}, so it is not counted as blocking inbound traffic`,
                  resourceId: region.region,
                },
              ]),
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
        summary:
          blocked.length > 0
            ? `no subnet of ${db.id}'s DB subnet group (${closed.join(', ')}) takes inbound internet traffic: VPC Block Public Access blocks it where a route exists`
            : `no subnet of ${db.id}'s DB subnet group (${closed.join(', ')}) has an active route to an internet gateway`,
        resourceId: db.id,
        details: { subnetIds: closed },
      },
      ...blocked,
    ],
    ...(blocked.length > 0 ? { blockedByBpa: true } : {}),
  };
}
