// Security-group and network-ACL round trips on tcp 443 between a placement and a peer (aws-facts
// §3.3, §3.6): groups are stateful (the placement's egress and the peer's ingress), ACLs are
// stateless (the request one way and the reply on the client's ephemeral ports back, in every
// subnet the flow enters or leaves). Answers that hold for every address of a subnet are shared.
import type { Subnet, VpcEndpoint } from '../../snapshot/types.js';
import type { RegionView } from '../../snapshot/view.js';
import { cidrContains, hostCidr, parseCidr, type Cidr } from '../cidr.js';
import { naclAllows, naclUniformOver, type PortRange } from '../nacl.js';
import { ruleAllowsPort } from '../protocols.js';
import {
  securityGroupsAllow,
  securityGroupsUniformOver,
  type FlowPeer,
  type SecurityGroupDecision,
} from '../security-groups.js';
import { decisionCheck, emptyCheck, failedCheck, hop, merge, type Check, type JudgedHop } from './checks.js';
import type { EndpointTarget } from './endpoint-targets.js';
import type { Placement } from './placement.js';
import { pathCache } from './region-cache.js';
import { universalEgress, type UniversalEgress } from './universal-egress.js';

export const HTTPS = 443;

/** What a request is: a protocol and the server's port (tcp 443 for AWS services). */
export interface RequestFlow {
  protocol: 'tcp' | 'udp';
  port: number;
}

export const HTTPS_REQUEST: RequestFlow = { protocol: 'tcp', port: HTTPS };

/** The placement as a network peer, with the memo of its own decisions. */
export interface PlacementPeer {
  placement: Placement;
  subnet: Subnet;
  peer: FlowPeer;
  groupIds: readonly string[];
  /** `groupIds` joined, naming the set in the region's decision caches. */
  groupsKey: string;
  /** The universal egress of its groups, once asked (null: none). */
  universal?: UniversalEgress | null;
  /** This workload's own ingress decisions: endpoint → its target's groups (joined) → check. */
  ingressChecks?: Map<VpcEndpoint, Map<string, Check>>;
  /** The subnet's range when it holds the workload's address (null when not), once known. */
  homeRange?: Cidr | null;
  /** The first hop of every path from this placement (its ENI), once built. */
  start?: JudgedHop;
}

/**
 * The placement as a flow peer: its host address, or (no address) its whole subnet, which is what
 * "some ENI of this subnet" can be. Undefined when neither parses.
 */
export function placementPeer(placement: Placement, subnet: Subnet): PlacementPeer | undefined {
  const address = placement.privateIp;
  const cidr =
    address !== undefined
      ? hostCidr(address)
      : subnet.cidrBlock === undefined
        ? undefined
        : parseCidr(subnet.cidrBlock);
  if (!cidr) return undefined;
  const label =
    address !== undefined
      ? `${placement.label} (${address})`
      : `${placement.label} (any address in ${subnet.id})`;
  const groupIds = placement.securityGroupIds;
  return { placement, subnet, peer: { cidr, groupIds, label }, groupIds, groupsKey: groupIds.join(',') };
}

/** The universal tcp 443 egress of the placement's groups (universal-egress.ts), once per placement. */
export function placementUniversalEgress(region: RegionView, self: PlacementPeer): UniversalEgress | null {
  if (self.universal === undefined) self.universal = universalEgress(region, self.groupIds, self.groupsKey);
  return self.universal;
}

/** The subnet's IPv4 range, when it parses and holds the workload's address. */
function homeRange(self: PlacementPeer): Cidr | undefined {
  if (self.homeRange === undefined) {
    const home = self.subnet;
    const range = home.cidrBlock === undefined ? undefined : parseCidr(home.cidrBlock);
    self.homeRange = range && cidrContains(range, self.peer.cidr) ? range : null;
  }
  return self.homeRange ?? undefined;
}

function naclMissing(what: string, subnet: Subnet): Check {
  return failedCheck(
    `${what}: the subnet's network ACL is not visible`,
    [],
    hop('network-acl', subnet.id, 'the network ACL is not visible', 'undecided'),
    true,
  );
}

/**
 * Request and reply through one subnet's ACL: the request (443 unless `request` says otherwise)
 * one way, the client's ephemeral ports back.
 */
export function naclRoundTrip(
  region: RegionView,
  subnet: Subnet,
  role: 'client' | 'server',
  peer: Cidr,
  peerLabel: string,
  replyPorts: PortRange,
  request: RequestFlow = HTTPS_REQUEST,
): Check {
  const acl = region.isCollected('networkAcls') ? region.networkAclOfSubnet(subnet) : undefined;
  const check = emptyCheck();
  const requestDirection = role === 'client' ? 'egress' : 'ingress';
  const replyDirection = role === 'client' ? 'ingress' : 'egress';
  const where = `network ACL of ${subnet.id}`;
  const at = { kind: 'network-acl' as const, id: acl?.id ?? subnet.id };
  merge(
    check,
    acl
      ? decisionCheck(
          naclAllows(acl, requestDirection, request.protocol, [request.port, request.port], peer, peerLabel),
          `${where} (request)`,
          at,
        )
      : naclMissing(`${where} (request)`, subnet),
  );
  merge(
    check,
    acl
      ? decisionCheck(
          naclAllows(acl, replyDirection, request.protocol, replyPorts, peer, peerLabel),
          `${where} (stateless reply on ephemeral ports)`,
          at,
        )
      : naclMissing(`${where} (stateless reply on ephemeral ports)`, subnet),
  );
  return check;
}

/**
 * The server subnet's ACL round trip with the workload as client. When the ACL lets every address
 * of the workload's subnet through both ways (no entry splits the subnet), that answer is the
 * workload's too, evidence included (an allowed trip names no peer), and it is shared.
 */
export function serverTripFromPlacement(
  region: RegionView,
  server: Subnet,
  self: PlacementPeer,
  replyPorts: PortRange,
): Check {
  const range = homeRange(self);
  const home = self.subnet;
  if (range) {
    // Look-ups written out (not getOrCreate): this runs per service per workload.
    const byServer = pathCache(region).serverTrips;
    let byHome = byServer.get(server);
    if (byHome === undefined) byServer.set(server, (byHome = new WeakMap()));
    let byPorts = byHome.get(home);
    if (byPorts === undefined) byHome.set(home, (byPorts = new Map<PortRange, Check | null>()));
    let shared = byPorts.get(replyPorts);
    if (shared === undefined) {
      const acl = region.isCollected('networkAcls') ? region.networkAclOfSubnet(server) : undefined;
      const uniform =
        acl !== undefined && naclUniformOver(acl, 'ingress', range) && naclUniformOver(acl, 'egress', range);
      const check = uniform ? naclRoundTrip(region, server, 'server', range, home.id, replyPorts) : undefined;
      shared = check?.ok && check.problems.length === 0 && check.doubts.length === 0 ? check : null;
      byPorts.set(replyPorts, shared);
    }
    if (shared) return shared;
  }
  return naclRoundTrip(region, server, 'server', self.peer.cidr, self.peer.label, replyPorts);
}

/**
 * Whether the endpoint target's groups let 443 in from the workload. Shared across the workloads
 * of a subnet carrying the same groups when the groups allow it for every address of the subnet
 * (no rule splits it); an allowed answer's evidence is the allowing rule, which names no peer.
 */
export function targetIngressFromPlacement(
  region: RegionView,
  target: EndpointTarget,
  endpoint: VpcEndpoint,
  self: PlacementPeer,
): Check {
  const range = homeRange(self);
  const home = self.subnet;
  if (range) {
    // Look-ups written out (not getOrCreate): this runs per interface per service per workload.
    const byTarget = pathCache(region).targetIngress;
    let byHome = byTarget.get(target);
    if (byHome === undefined) byTarget.set(target, (byHome = new WeakMap()));
    let byGroups = byHome.get(home);
    if (byGroups === undefined) byHome.set(home, (byGroups = new Map<string, Check | null>()));
    // The workload's groups matter only to a rule naming a group: else one answer for any groups.
    const groupsKey = targetNamesGroups(region, target) ? self.groupsKey : '';
    let shared = byGroups.get(groupsKey);
    if (shared === undefined) {
      shared = null;
      if (securityGroupsUniformOver(region, target.groupIds, 'ingress', range)) {
        const peer: FlowPeer = {
          cidr: range,
          groupIds: groupsKey === '' ? [] : self.groupIds,
          label: home.id,
        };
        const check = ingressCheck(region, target, endpoint, peer);
        if (check.ok) shared = check;
      }
      byGroups.set(groupsKey, shared);
    }
    if (shared) return shared;
  }
  // Interfaces of one endpoint usually carry the same groups: decide them once per workload.
  self.ingressChecks ??= new Map();
  let byGroups = self.ingressChecks.get(endpoint);
  if (byGroups === undefined) self.ingressChecks.set(endpoint, (byGroups = new Map<string, Check>()));
  let check = byGroups.get(target.groupsKey);
  if (check === undefined)
    byGroups.set(target.groupsKey, (check = ingressCheck(region, target, endpoint, self.peer)));
  return check;
}

/** Whether a rule of the target's groups allowing tcp 443 in names a security group. */
function targetNamesGroups(region: RegionView, target: EndpointTarget): boolean {
  const cache = pathCache(region).targetNamesGroups;
  let names = cache.get(target);
  if (names === undefined) {
    names = target.groupIds.some((id) =>
      (region.securityGroup(id)?.ingress ?? []).some(
        (rule) => rule.peer.kind === 'security-group' && ruleAllowsPort(rule, 'tcp', HTTPS),
      ),
    );
    cache.set(target, names);
  }
  return names;
}

function ingressCheck(
  region: RegionView,
  target: EndpointTarget,
  endpoint: VpcEndpoint,
  peer: FlowPeer,
): Check {
  return decisionCheck(
    securityGroupsAllow(region, target.groupIds, 'ingress', 'tcp', HTTPS, peer),
    `security group of endpoint ${endpoint.id}`,
    { kind: 'security-group', id: target.groupsKey },
  );
}

/** Whether the workload's groups allow 443 out to a peer that is the same for every workload. */
export function egressToFixedPeer(
  region: RegionView,
  self: PlacementPeer,
  peer: FlowPeer,
  peerKey: string,
): SecurityGroupDecision {
  const cache = pathCache(region).egressDecisions;
  let byGroups = cache.get(peerKey);
  if (byGroups === undefined) cache.set(peerKey, (byGroups = new Map<string, SecurityGroupDecision>()));
  let decision = byGroups.get(self.groupsKey);
  if (decision === undefined)
    byGroups.set(
      self.groupsKey,
      (decision = securityGroupsAllow(region, self.groupIds, 'egress', 'tcp', HTTPS, peer)),
    );
  return decision;
}

/** `egressToFixedPeer` as a check naming the workload, with its security-group hop. */
export function egressCheck(region: RegionView, self: PlacementPeer, peer: FlowPeer, peerKey: string): Check {
  // One rule allows every peer in its range: the same check for all of them (universal-egress.ts).
  const universal = placementUniversalEgress(region, self);
  if (universal && cidrContains(universal.range, peer.cidr)) return universal.check;
  const decision = egressToFixedPeer(region, self, peer, peerKey);
  // An allowed answer names no workload, so every workload with these groups shares it.
  if (decision.verdict !== 'allowed') return egressAsCheck(decision, self);
  let check = allowedEgress.get(decision);
  if (check === undefined) allowedEgress.set(decision, (check = egressAsCheck(decision, self)));
  return check;
}

const allowedEgress = new WeakMap<SecurityGroupDecision, Check>();

function egressAsCheck(decision: SecurityGroupDecision, self: PlacementPeer): Check {
  const allowing = decision.verdict === 'allowed' ? decision.evidence[0]?.details?.groupId : undefined;
  return decisionCheck(decision, `security groups of ${self.placement.label}`, {
    kind: 'security-group',
    id: typeof allowing === 'string' ? allowing : self.groupsKey,
  });
}

/** `naclRoundTrip` as the client of a peer that is the same for every workload (`peerKey` names it). */
export function clientTripToFixedPeer(
  region: RegionView,
  subnet: Subnet,
  peer: Cidr,
  peerLabel: string,
  peerKey: string,
  replyPorts: PortRange,
): Check {
  const cache = pathCache(region).clientTrips;
  let byPeer = cache.get(subnet);
  if (byPeer === undefined) cache.set(subnet, (byPeer = new Map<string, Map<PortRange, Check>>()));
  let byPorts = byPeer.get(peerKey);
  if (byPorts === undefined) byPeer.set(peerKey, (byPorts = new Map<PortRange, Check>()));
  let check = byPorts.get(replyPorts);
  if (check === undefined)
    byPorts.set(replyPorts, (check = naclRoundTrip(region, subnet, 'client', peer, peerLabel, replyPorts)));
  return check;
}
