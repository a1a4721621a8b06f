// Can a range of internet addresses reach a target on a port? (aws-facts §1.2, §3.3, §3.6). The
// hops, in the order the request meets them: the target's public address (without one nothing on
// the internet can address it), the route back to the client through an internet gateway in the
// target subnet's effective route table (a subnet without one is not public, §1.2: "instances in
// the private subnet can't communicate with the internet over the internet gateway, even if they
// have public IP addresses"), the subnet's network ACL (request in on the port, reply out on the
// client's ephemeral ports — any OS, so 1024–65535, §3.6), the target's security groups' ingress
// from the range (stateful: the reply needs no rule, §3.3), and the target.
import type { Evidence } from '../../findings/types.js';
import type { Route } from '../../snapshot/types.js';
import type { RegionView } from '../../snapshot/view.js';
import { cidrContains, formatCidr, parseCidr, type Cidr } from '../cidr.js';
import { EPHEMERAL_PORTS, naclAllows } from '../nacl.js';
import { effectiveRouteTable, isActiveRoute, routeEvidence } from '../route-tables.js';
import { securityGroupsAllow } from '../security-groups.js';
import { decisionCheck, emptyCheck, failedCheck, hop, merge, type Check } from './checks.js';
import { judgedPortReach, type Target, type TargetPortReach } from './target.js';

/** Whether the target has a public address the internet can send to, and how messages say so. */
export interface PublicAddress {
  has: boolean;
  /** "no public IPv4 address", "publicly accessible (RDS gives it a public address)". */
  why: string;
}

/** The most specific active CIDR route holding the whole client range, in the target's subnet. */
function replyRoute(region: RegionView, subnetId: string, range: Cidr, label: string): Check {
  const subnet = region.subnet(subnetId);
  const table = subnet ? effectiveRouteTable(region, subnet) : undefined;
  if (!subnet || !table)
    return failedCheck(
      `the route table of ${subnetId} is not visible`,
      [],
      hop('route', subnetId, 'the route table is not visible', 'undecided'),
      true,
    );
  let best: { route: Route; cidr: Cidr } | undefined;
  for (const route of table.table.routes) {
    if (!isActiveRoute(route)) continue;
    const text = range.family === 'ipv4' ? route.destinationCidrBlock : route.destinationIpv6CidrBlock;
    const cidr = text === undefined ? undefined : parseCidr(text);
    if (cidr && cidrContains(cidr, range) && (!best || cidr.prefix > best.cidr.prefix))
      best = { route, cidr };
  }
  const tableId = table.table.id;
  if (!best || best.route.target.kind !== 'internet-gateway') {
    const why = best
      ? `replies to ${label} take ${formatCidr(best.cidr)} → ${best.route.target.id}, not an internet gateway`
      : `no route sends replies to ${label} to an internet gateway`;
    return failedCheck(`${subnet.id} is not public: ${why}`, [], hop('route', tableId, why, 'deny'));
  }
  const evidence: Evidence = routeEvidence(table.table, best.route);
  const decided = `${formatCidr(best.cidr)} → ${best.route.target.id}`;
  return {
    ok: true,
    problems: [],
    doubts: [],
    evidence: [evidence],
    hops: [
      hop('route', tableId, decided),
      hop('internet-gateway', best.route.target.id, 'public address translated'),
    ],
  };
}

/**
 * The path from the internet range `rangeText` (a public CIDR) to `target` on `port`. The caller
 * checks that subnets, route tables, network ACLs and security groups were collected.
 */
export function reachFromInternet(
  region: RegionView,
  rangeText: string,
  target: Target,
  port: number,
  address: PublicAddress,
): TargetPortReach {
  const range = parseCidr(rangeText);
  const label = `the internet (${rangeText})`;
  const start = hop('internet-gateway', rangeText, label);
  const check = emptyCheck();
  if (!address.has || !range)
    merge(
      check,
      failedCheck(
        `${target.label} ${address.has ? `cannot be matched against ${rangeText}` : `has ${address.why}`}`,
        [],
        hop('target', target.id, address.has ? `${rangeText} does not parse` : address.why, 'deny'),
      ),
    );
  else {
    merge(check, replyRoute(region, target.subnetId, range, label));
    const subnet = region.subnet(target.subnetId);
    const acl = subnet && region.isCollected('networkAcls') ? region.networkAclOfSubnet(subnet) : undefined;
    const at = { kind: 'network-acl' as const, id: acl?.id ?? target.subnetId };
    if (!acl)
      merge(
        check,
        failedCheck(
          `the network ACL of ${target.subnetId} is not visible`,
          [],
          hop('network-acl', target.subnetId, 'the network ACL is not visible', 'undecided'),
          true,
        ),
      );
    else {
      const where = `network ACL of ${target.subnetId}`;
      merge(
        check,
        decisionCheck(
          naclAllows(acl, 'ingress', target.protocol, [port, port], range, label),
          `${where} (request)`,
          at,
        ),
      );
      merge(
        check,
        decisionCheck(
          naclAllows(acl, 'egress', target.protocol, EPHEMERAL_PORTS.any, range, label),
          `${where} (stateless reply on ephemeral ports)`,
          at,
        ),
      );
    }
    merge(
      check,
      decisionCheck(
        securityGroupsAllow(region, target.groupIds, 'ingress', target.protocol, port, {
          cidr: range,
          groupIds: [],
          label,
        }),
        `security groups of ${target.label}`,
        { kind: 'security-group', id: target.groupIds.join(',') || target.id },
      ),
    );
  }
  return judgedPortReach(port, check, start, label, target, address.why);
}
