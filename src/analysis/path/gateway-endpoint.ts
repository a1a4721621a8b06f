// Gateway endpoints for S3 and DynamoDB (aws-facts §2.2, §2.5): the endpoint adds a route whose
// destination is the service's AWS prefix list to the route tables it is associated with. That
// route is more specific than any default route, so a subnet whose effective route table holds it
// sends same-Region S3 / DynamoDB traffic to the endpoint even with a NAT gateway or internet
// gateway present; other subnets use the public endpoint. The workload's groups must allow 443 to
// the prefix list (or 0.0.0.0/0), its subnet's network ACL the request and reply to the list's
// ranges (ACLs cannot name prefix lists, so the ranges must be known), and the endpoint policy the
// calls (§2.3).
import type { Route, Subnet, Vpc, VpcEndpoint } from '../../snapshot/types.js';
import type { RegionView } from '../../snapshot/view.js';
import { formatCidr } from '../cidr.js';
import { expandPrefixList } from '../prefix-lists.js';
import { ruleAllowsPort } from '../protocols.js';
import { effectiveRouteTable, isActiveRoute, routeEvidence } from '../route-tables.js';
import { emptyCheck, failedCheck, hop, merge, type Check, type JudgedHop } from './checks.js';
import { policyCheck } from './endpoint-policy-check.js';
import { clientTripToFixedPeer, egressCheck, HTTPS, type PlacementPeer } from './flows.js';
import { serviceNamePattern } from './interface-endpoint.js';
import { INTERNET, INTERNET_KEY, routeBasis } from './internet.js';

export interface GatewayWay {
  endpoint: VpcEndpoint;
  /** The subnet's effective route table sends the service's prefix list to the endpoint. */
  routed: boolean;
  route?: Route;
  check: Check;
}

/** Gateway endpoints of the VPC for `service`. */
export function gatewayEndpointsFor(region: RegionView, vpcId: string, service: string): VpcEndpoint[] {
  const name = serviceNamePattern(region, service);
  return region
    .endpointsOfVpc(vpcId)
    .filter((e) => e.type.toLowerCase() === 'gateway' && name.test(e.serviceName));
}

/** Whether the workload's groups allow 443 to every range of the prefix list (or to 0.0.0.0/0). */
function groupsToPrefixList(region: RegionView, self: PlacementPeer, prefixListId: string): Check {
  const anywhere = egressCheck(region, self, INTERNET, INTERNET_KEY);
  if (anywhere.ok) return anywhere;
  const what = `security groups of ${self.placement.label}`;
  const expansion = expandPrefixList(region, prefixListId);
  if (expansion.status === 'known' && expansion.cidrs.length > 0) {
    const check = emptyCheck();
    for (const cidr of expansion.cidrs) {
      const label = `${prefixListId} (${formatCidr(cidr)})`;
      merge(check, egressCheck(region, self, { cidr, groupIds: [], label }, `pl:${label}`));
      if (!check.ok) break;
    }
    return check;
  }
  // Entries unknown: a rule naming the list itself still decides it.
  for (const groupId of self.groupIds) {
    const rule = region
      .securityGroup(groupId)
      ?.egress.find(
        (r) =>
          r.peer.kind === 'prefix-list' &&
          r.peer.prefixListId === prefixListId &&
          ruleAllowsPort(r, 'tcp', HTTPS),
      );
    if (rule)
      return { ...emptyCheck(), hops: [hop('security-group', groupId, `egress tcp 443 to ${prefixListId}`)] };
  }
  return anywhere.problems.length > 0 && expansion.status === 'known'
    ? anywhere
    : failedCheck(
        `${what}: whether they allow tcp 443 to ${prefixListId} cannot be judged (${expansion.status === 'unknown' ? expansion.reason : 'the list is empty'})`,
        [],
        hop('security-group', self.groupsKey, `egress to ${prefixListId} undecided`, 'undecided'),
        true,
      );
}

/** The subnet's ACL round trip with every range of the prefix list; unknown ranges are a doubt. */
function aclToPrefixList(
  region: RegionView,
  subnet: Subnet,
  self: PlacementPeer,
  prefixListId: string,
): Check {
  const ports = self.placement.ephemeralPorts;
  const anywhere = clientTripToFixedPeer(region, subnet, INTERNET.cidr, INTERNET.label, INTERNET_KEY, ports);
  if (anywhere.ok) return anywhere;
  const expansion = expandPrefixList(region, prefixListId);
  if (expansion.status !== 'known')
    return failedCheck(
      `network ACL of ${subnet.id}: ACLs cannot name prefix lists and ${expansion.reason}, so the request to ${prefixListId} cannot be judged`,
      [],
      hop('network-acl', subnet.id, `ranges of ${prefixListId} unknown`, 'undecided'),
      true,
    );
  const check = emptyCheck();
  for (const cidr of expansion.cidrs) {
    const label = `${prefixListId} (${formatCidr(cidr)})`;
    merge(check, clientTripToFixedPeer(region, subnet, cidr, label, `pl:${label}`, ports));
    if (!check.ok) break;
  }
  return check;
}

/**
 * The gateway-endpoint way to `service` from the placement's subnet, or undefined when the VPC has
 * no gateway endpoint for it (or the subnet's route table is not visible).
 */
export function gatewayEndpointWay(
  region: RegionView,
  self: PlacementPeer,
  vpc: Vpc,
  service: string,
): GatewayWay | undefined {
  const endpoints = gatewayEndpointsFor(region, vpc.id, service);
  if (endpoints.length === 0) return undefined;
  const effective = effectiveRouteTable(region, self.subnet);
  if (!effective) return undefined;
  const table = effective.table;
  const routeTo = (e: VpcEndpoint): Route | undefined =>
    table.routes.find(
      (r) => r.target.kind === 'gateway-endpoint' && r.target.id === e.id && isActiveRoute(r),
    );
  const endpoint = endpoints.find((e) => routeTo(e)) ?? endpoints[0];
  if (!endpoint) return undefined;
  const route = routeTo(endpoint);
  if (!route) {
    const message = `route table ${table.id} of ${self.subnet.id} has no route to gateway endpoint ${endpoint.id}, so ${service} traffic takes the public endpoint`;
    return {
      endpoint,
      routed: false,
      check: failedCheck(message, [], hop('route', table.id, message, 'deny')),
    };
  }
  const prefixListId = route.destinationPrefixListId ?? '?';
  const groups = groupsToPrefixList(region, self, prefixListId);
  const acl = aclToPrefixList(region, self.subnet, self, prefixListId);
  const routeHop = hop('route', table.id, routeBasis(route));
  const available = endpoint.state.toLowerCase() === 'available';
  const state = available
    ? { ...emptyCheck(), evidence: [routeEvidence(table, route)] }
    : failedCheck(
        `gateway endpoint ${endpoint.id} is ${endpoint.state}, not available`,
        [routeEvidence(table, route)],
        undefined,
      );
  const endpointHop: JudgedHop = hop(
    'endpoint',
    endpoint.id,
    available
      ? `gateway endpoint ${endpoint.id} (${endpoint.serviceName})`
      : `${endpoint.state}, not available`,
    available ? 'allow' : 'deny',
  );
  const policy = policyCheck(endpoint, service, self.placement);
  const check = emptyCheck();
  for (const part of [state, groups, acl, policy]) merge(check, part, false);
  check.hops = [...groups.hops, ...acl.hops, routeHop, endpointHop, ...policy.hops];
  return { endpoint, routed: true, route, check };
}
