// The route hop of a target path (aws-facts §1.1, §1.3, §1.4): which route of the source subnet's
// effective route table carries traffic to the target's address (longest prefix match over active
// routes, §1.2), and, for a target in another VPC, whether the target subnet's table sends the
// replies back the same way. Within one VPC the `local` route carries it; across VPCs a VPC
// peering connection does when both tables route to the same `pcx-` (a route to a peering
// connection only exists for a connection of the table's own VPC, and a deleted connection leaves
// its routes blackholed, §1.3). Transit gateway route tables and attachments are not collected,
// so a route to a transit gateway is undecided, with that reason.
import type { Evidence } from '../../findings/types.js';
import type { Route, RouteTable, Subnet } from '../../snapshot/types.js';
import type { RegionView } from '../../snapshot/view.js';
import { cidrContains, cidrOverlaps, formatCidr, isNonPublic, parseCidr, type Cidr } from '../cidr.js';
import { expandPrefixList } from '../prefix-lists.js';
import {
  associationEvidence,
  describeDestination,
  effectiveRouteTable,
  isActiveRoute,
  type EffectiveRouteTable,
  routeEvidence,
} from '../route-tables.js';
import { emptyCheck, failedCheck, hop, merge, type Check } from './checks.js';

/** One end of a target flow: where it sits and the range it sends from or answers on. */
export interface FlowEnd {
  region: RegionView;
  subnet: Subnet;
  cidr: Cidr;
  label: string;
}

/** How the traffic crosses between the subnets, once decided. */
export type TargetRouteKind = 'local' | 'vpc-peering';

export interface RouteCheck extends Check {
  via?: TargetRouteKind;
  /** The peering connection, for `vpc-peering`. */
  connectionId?: string;
}

type Match = { route: Route; cidr: Cidr } | { none: true } | { doubt: string };

/** The destination ranges a route stands for, or why they are not known. */
function routeRanges(region: RegionView, route: Route, dest: Cidr): Cidr[] | { doubt: string } {
  const text = dest.family === 'ipv4' ? route.destinationCidrBlock : route.destinationIpv6CidrBlock;
  if (text !== undefined) {
    const cidr = parseCidr(text);
    return cidr ? [cidr] : [];
  }
  if (route.destinationPrefixListId === undefined) return [];
  const expansion = expandPrefixList(region, route.destinationPrefixListId);
  if (expansion.status === 'known') return expansion.cidrs.filter((c) => c.family === dest.family);
  // AWS-managed lists hold public service ranges (gateway endpoints): never a private target.
  if (expansion.list?.awsManaged && isNonPublic(dest)) return [];
  return { doubt: `${describeDestination(route)}: ${expansion.reason}` };
}

/**
 * The most specific active route whose destination holds the whole of `dest`. A more specific
 * route covering only part of `dest` (a subnet-range target split by a middlebox route) leaves
 * the answer undecided, and so does a prefix list whose entries are unknown.
 */
function longestMatch(region: RegionView, table: RouteTable, dest: Cidr): Match {
  let best: { route: Route; cidr: Cidr } | undefined;
  const doubts: string[] = [];
  const partial: { route: Route; cidr: Cidr }[] = [];
  for (const route of table.routes) {
    if (!isActiveRoute(route)) continue;
    const ranges = routeRanges(region, route, dest);
    if (!Array.isArray(ranges)) {
      doubts.push(ranges.doubt);
      continue;
    }
    for (const cidr of ranges) {
      if (cidrContains(cidr, dest)) {
        if (!best || cidr.prefix > best.cidr.prefix) best = { route, cidr };
      } else if (cidrOverlaps(cidr, dest)) partial.push({ route, cidr });
    }
  }
  const splitting = partial.filter((p) => !best || p.cidr.prefix > best.cidr.prefix);
  if (splitting.length > 0)
    return {
      doubt: `route table ${table.id} sends part of ${formatCidr(dest)} elsewhere (${splitting
        .map((p) => `${formatCidr(p.cidr)} → ${p.route.target.id}`)
        .join(', ')})`,
    };
  if (doubts.length > 0) return { doubt: `route table ${table.id}: ${doubts.join('; ')}` };
  return best ?? { none: true };
}

function tableOf(end: FlowEnd): EffectiveRouteTable | { doubt: string } {
  if (!end.region.isCollected('routeTables'))
    return { doubt: `route tables were not collected in ${end.region.region}` };
  return (
    effectiveRouteTable(end.region, end.subnet) ?? {
      doubt: `the route table of ${end.subnet.id} is not visible`,
    }
  );
}

function undecided(id: string, message: string): RouteCheck {
  return failedCheck(message, [], hop('route', id, message, 'undecided'), true);
}

/** One end's lookup of the other's range: the route that carries it, as a check with its hop. */
function lookup(from: FlowEnd, to: FlowEnd): { check: RouteCheck; route?: Route; table?: RouteTable } {
  const table = tableOf(from);
  if ('doubt' in table) return { check: undecided(from.subnet.id, table.doubt) };
  const evidence: Evidence[] = [associationEvidence(from.subnet, table)];
  const match = longestMatch(from.region, table.table, to.cidr);
  if ('doubt' in match) return { check: undecided(table.table.id, match.doubt) };
  if ('none' in match) {
    const message = `route table ${table.table.id} of ${from.subnet.id} has no active route to ${to.label} (${formatCidr(to.cidr)})`;
    return {
      check: failedCheck(message, evidence, hop('route', table.table.id, message, 'deny')),
      table: table.table,
    };
  }
  const { route } = match;
  return {
    check: {
      ok: true,
      problems: [],
      doubts: [],
      evidence: [...evidence, routeEvidence(table.table, route)],
      hops: [hop('route', table.table.id, `${describeDestination(route)} → ${route.target.id}`)],
    },
    route,
    table: table.table,
  };
}

/**
 * Whether the source subnet's routes carry traffic to the target (and, across VPCs, the target's
 * routes carry the replies back). Within a subnet no route is consulted.
 */
export function routeToTarget(source: FlowEnd, target: FlowEnd): RouteCheck {
  if (source.subnet === target.subnet) return emptyCheck();
  const sameVpc = source.region === target.region && source.subnet.vpcId === target.subnet.vpcId;
  const out = lookup(source, target);
  const { check, route, table } = out;
  if (!check.ok || !route || !table) return check;
  const kind = route.target.kind;
  const what = `${describeDestination(route)} → ${route.target.id}`;
  if (sameVpc) {
    if (kind === 'local') return { ...check, via: 'local' };
    // A route more specific than the VPC's own sends the traffic to an appliance (§1.4).
    return undecided(
      table.id,
      `route table ${table.id} sends ${target.label} to ${route.target.id} (${kind}), an appliance whose forwarding is not modelled`,
    );
  }
  if (kind === 'local')
    return {
      ...failedCheck(
        `route table ${table.id} keeps ${target.label} inside ${source.subnet.vpcId} (${what}), so it never reaches ${target.subnet.vpcId}`,
        check.evidence,
        hop('route', table.id, `${what}: ${target.subnet.vpcId} is another VPC`, 'deny'),
      ),
    };
  if (kind === 'transit-gateway')
    return undecided(
      table.id,
      `route table ${table.id} sends ${target.label} to transit gateway ${route.target.id}; transit gateway route tables and attachments are not collected, so whether it reaches ${target.subnet.vpcId} is unknown`,
    );
  if (kind !== 'vpc-peering') {
    if (kind === 'internet-gateway' && isNonPublic(target.cidr))
      return failedCheck(
        `route table ${table.id} sends ${target.label} to internet gateway ${route.target.id}, which does not carry private addresses`,
        check.evidence,
        hop('route', table.id, `${what}: private address`, 'deny'),
      );
    return undecided(
      table.id,
      `route table ${table.id} sends ${target.label} to ${route.target.id} (${kind}), whose forwarding to ${target.subnet.vpcId} is not modelled`,
    );
  }
  // Peering: the replies must come back over the same connection.
  const back = lookup(target, source);
  const result: RouteCheck = { ...emptyCheck(), via: 'vpc-peering', connectionId: route.target.id };
  merge(result, check);
  if (!back.check.ok || !back.route || !back.table) {
    merge(result, back.check);
    return result;
  }
  if (back.route.target.id !== route.target.id) {
    const message = `route table ${back.table.id} of ${target.subnet.id} does not route the replies to ${source.label} back over ${route.target.id} (${describeDestination(back.route)} → ${back.route.target.id})`;
    merge(result, failedCheck(message, back.check.evidence, hop('route', back.table.id, message, 'deny')));
    return result;
  }
  merge(result, back.check);
  return result;
}
