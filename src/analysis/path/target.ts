// Can a placement reach an address — a DB instance, an instance's ENI, any address of a subnet —
// on a port? (design.md "Workloads and paths"; aws-facts §1.1–§1.3, §3.3, §3.6). The hops, in the
// order the request meets them: the source's ENI, its security groups' egress (stateful: the
// reply needs no rule), the source subnet's network ACL (request out, reply in on the source's
// ephemeral ports: ACLs are stateless), the route (target-route.ts), the target subnet's network
// ACL (request in, reply out), the target's security groups' ingress, and the target. ACLs filter
// traffic entering and leaving a subnet, not traffic within it, so a flow inside one subnet meets
// none. The group and ACL decisions are those of security-groups.ts and nacl.ts (through
// flows.ts), so a target path and a service path judge a rule alike.
import type { Evidence } from '../../findings/types.js';
import type { Subnet } from '../../snapshot/types.js';
import type { RegionView } from '../../snapshot/view.js';
import { formatCidr, hostCidr, parseCidr, type Cidr } from '../cidr.js';
import { securityGroupsAllow, type FlowPeer } from '../security-groups.js';
import {
  decisionCheck,
  dedupe,
  emptyCheck,
  failedCheck,
  hop,
  merge,
  type Check,
  type JudgedHop,
  type PathProblem,
  type PathVerdict,
} from './checks.js';
import { naclRoundTrip, placementPeer, type PlacementPeer, type RequestFlow } from './flows.js';
import { firstBrokenHop, hopsAsEvidence } from './hops.js';
import type { Placement } from './placement.js';
import { routeToTarget, type FlowEnd, type RouteCheck, type TargetRouteKind } from './target-route.js';

/** What is reached: an address (or any address of a subnet), the groups filtering it, its ports. */
export interface Target {
  /** Names the target in the final hop: `i-0abc`, a DB instance id, `eni-…`. */
  id: string;
  /** How messages name it: `DB instance orders`, `i-0abc (10.0.1.5)`. */
  label: string;
  /** Its private IPv4 address; absent: any address of `subnetId` (e.g. a DB whose ENI is not known). */
  address?: string;
  subnetId: string;
  /** The groups on the target's interface: their ingress decides what comes in. */
  groupIds: readonly string[];
  ports: readonly number[];
  protocol: 'tcp' | 'udp';
}

export interface TargetOptions {
  /**
   * The source address the target sees, when it is not the placement's own: an EC2 Instance
   * Connect Endpoint with PreserveClientIp passes the client's address on (aws-facts §10.3). The
   * target's groups and its subnet's ACL judge this range, and no group reference matches it.
   */
  seenAs?: { cidr: Cidr; label: string };
}

/** The regions of the two ends: the same view, or (a cross-region peering) two. */
export type TargetRegions = RegionView | { source: RegionView; target: RegionView };

export interface TargetPortReach {
  port: number;
  verdict: PathVerdict;
  /** Every hop judged, in path order, from the source's ENI (to the target when reachable). */
  hops: JudgedHop[];
  /** For a port not reachable: the first hop that denies it or cannot be decided. */
  firstBrokenHop?: JudgedHop;
  problems: PathProblem[];
  doubts: PathProblem[];
  /** The rules, entries and routes that allowed the hops. */
  evidence: Evidence[];
  /** The hops as `path` evidence (src/findings/path.ts). */
  path: Evidence;
}

export interface TargetReach {
  /** Reachable when every port is; unreachable when one is surely not; else indeterminate. */
  verdict: PathVerdict;
  target: Target;
  /** How the traffic crosses from subnet to subnet, when decided (absent within one subnet). */
  via?: TargetRouteKind;
  ports: TargetPortReach[];
  problems: PathProblem[];
  doubts: PathProblem[];
  /** The decisive port's path: the first unreachable, else the first undecided, else the first. */
  path: Evidence;
}

function regionsOf(regions: TargetRegions): { source: RegionView; target: RegionView } {
  return 'source' in regions ? regions : { source: regions, target: regions };
}

function verdictOf(check: Check): PathVerdict {
  if (check.problems.length > 0) return 'unreachable';
  return check.ok ? 'reachable' : 'indeterminate';
}

/**
 * One port's answer from the check of every hop after `start`: its verdict, the hops (ending at
 * the target, `at` its address, when reachable), the first broken hop, and the `path` item
 * "<from> → <target> on <protocol> <port>: reachable | broken | undecided". Shared by a
 * placement's reach (below) and the internet's (internet-source.ts).
 */
export function judgedPortReach(
  port: number,
  check: Check,
  start: JudgedHop,
  from: string,
  target: Target,
  at: string,
): TargetPortReach {
  const verdict = verdictOf(check);
  const hops = [
    start,
    ...check.hops,
    ...(verdict === 'reachable' ? [hop('target', target.id, `${target.protocol} ${port} at ${at}`)] : []),
  ];
  const text = verdict === 'reachable' ? 'reachable' : verdict === 'unreachable' ? 'broken' : 'undecided';
  const out: TargetPortReach = {
    port,
    verdict,
    hops,
    problems: dedupe(check.problems),
    doubts: dedupe(check.doubts),
    evidence: check.evidence,
    path: hopsAsEvidence(`${from} → ${target.label} on ${target.protocol} ${port}: ${text}`, hops, target.id),
  };
  const broken = verdict === 'reachable' ? undefined : firstBrokenHop(hops);
  if (broken) out.firstBrokenHop = broken;
  return out;
}

function combineVerdicts(verdicts: readonly PathVerdict[]): PathVerdict {
  if (verdicts.some((v) => v === 'unreachable')) return 'unreachable';
  return verdicts.length > 0 && verdicts.every((v) => v === 'reachable') ? 'reachable' : 'indeterminate';
}

function undecidedReach(
  target: Target,
  source: Placement,
  message: string,
  start: JudgedHop = hop('eni', source.eniId ?? source.subnetId, source.label),
): TargetReach {
  const doubts = [{ message, evidence: [] }];
  const summary = `${source.label} → ${target.label}: undecided`;
  const ports = target.ports.map((port): TargetPortReach => ({
    port,
    verdict: 'indeterminate',
    hops: [start],
    firstBrokenHop: hop('target', target.id, message, 'undecided'),
    problems: [],
    doubts,
    evidence: [],
    path: hopsAsEvidence(`${summary}; ${message}`, [start], target.id),
  }));
  return {
    verdict: 'indeterminate',
    target,
    ports,
    problems: [],
    doubts,
    path: hopsAsEvidence(`${summary}; ${message}`, [start], target.id),
  };
}

/** The target as a flow end: its host address, or its whole subnet. */
function targetEnd(region: RegionView, target: Target, subnet: Subnet): FlowEnd | undefined {
  const cidr: Cidr | undefined =
    target.address !== undefined
      ? hostCidr(target.address)
      : subnet.cidrBlock === undefined
        ? undefined
        : parseCidr(subnet.cidrBlock);
  if (!cidr) return undefined;
  const label =
    target.address !== undefined
      ? `${target.label} (${target.address})`
      : `${target.label} (any address in ${subnet.id}, ${formatCidr(cidr)})`;
  return { region, subnet, cidr, label };
}

function portReach(
  regions: { source: RegionView; target: RegionView },
  self: PlacementPeer,
  target: Target,
  end: FlowEnd,
  route: RouteCheck,
  port: number,
  options: TargetOptions,
): TargetPortReach {
  const request: RequestFlow = { protocol: target.protocol, port };
  const targetPeer: FlowPeer = { cidr: end.cidr, groupIds: target.groupIds, label: end.label };
  const source = self.placement;
  const seen: FlowPeer = options.seenAs
    ? { cidr: options.seenAs.cidr, groupIds: [], label: options.seenAs.label }
    : self.peer;
  const egress = decisionCheck(
    securityGroupsAllow(regions.source, source.securityGroupIds, 'egress', target.protocol, port, targetPeer),
    `security groups of ${source.label}`,
    { kind: 'security-group', id: source.securityGroupIds.join(',') || self.subnet.id },
  );
  const ingress =
    target.groupIds.length === 0
      ? failedCheck(
          `the security groups of ${target.label} are not recorded`,
          [],
          hop('security-group', target.id, 'the target security groups are not recorded', 'undecided'),
          true,
        )
      : decisionCheck(
          securityGroupsAllow(regions.target, target.groupIds, 'ingress', target.protocol, port, seen),
          `security groups of ${target.label}`,
          { kind: 'security-group', id: target.groupIds.join(',') },
        );
  let clientAcl: Check | undefined;
  let serverAcl: Check | undefined;
  if (end.subnet !== self.subnet) {
    const reply = source.ephemeralPorts;
    clientAcl = naclRoundTrip(regions.source, self.subnet, 'client', end.cidr, end.label, reply, request);
    serverAcl = naclRoundTrip(regions.target, end.subnet, 'server', seen.cidr, seen.label, reply, request);
  }
  const check = emptyCheck();
  for (const part of [egress, clientAcl, route, serverAcl, ingress]) if (part) merge(check, part);
  const start = hop('eni', source.eniId ?? self.subnet.id, `${self.peer.label} in ${self.subnet.id}`);
  return judgedPortReach(port, check, start, source.label, target, end.label);
}

/**
 * Every hop from `placement` to `target` on each of its ports, and the first broken one. `regions`
 * is the region of both ends, or `{ source, target }` for ends in two regions (peering). The
 * caller checks that the kinds this reads were collected (subnets, route tables, security groups,
 * network ACLs, prefix lists); what was not is undecided here, never allowed.
 */
export function reachTarget(
  regions: TargetRegions,
  placement: Placement,
  target: Target,
  options: TargetOptions = {},
): TargetReach {
  const both = regionsOf(regions);
  const sourceSubnet = both.source.subnet(placement.subnetId);
  if (!sourceSubnet)
    return undecidedReach(target, placement, `the subnet of ${placement.label} is not visible`);
  const self = placementPeer(placement, sourceSubnet);
  if (!self)
    return undecidedReach(
      target,
      placement,
      placement.privateIp === undefined
        ? `the address range of ${sourceSubnet.id} is not known`
        : `the private address of ${placement.label} is not known`,
    );
  const start = hop('eni', placement.eniId ?? sourceSubnet.id, `${self.peer.label} in ${sourceSubnet.id}`);
  const targetSubnet = both.target.subnet(target.subnetId);
  if (!targetSubnet)
    return undecidedReach(
      target,
      placement,
      `the subnet ${target.subnetId} of ${target.label} is not visible`,
      start,
    );
  const end = targetEnd(both.target, target, targetSubnet);
  if (!end)
    return undecidedReach(
      target,
      placement,
      target.address === undefined
        ? `the address range of ${targetSubnet.id} is not known`
        : `the address ${target.address} of ${target.label} does not parse`,
      start,
    );
  if (end.cidr.family !== self.peer.cidr.family)
    return undecidedReach(
      target,
      placement,
      `${target.label} and ${placement.label} are in different address families (IPv6 paths are not modelled)`,
      start,
    );
  const sourceEnd: FlowEnd = {
    region: both.source,
    subnet: sourceSubnet,
    cidr: self.peer.cidr,
    label: self.peer.label,
  };
  const route = routeToTarget(sourceEnd, end);
  const ports = target.ports.map((port) => portReach(both, self, target, end, route, port, options));
  const verdict = combineVerdicts(ports.map((p) => p.verdict));
  const decisive =
    ports.find((p) => p.verdict === 'unreachable') ??
    ports.find((p) => p.verdict === 'indeterminate') ??
    ports[0];
  const result: TargetReach = {
    verdict,
    target,
    ports,
    problems: dedupe(ports.flatMap((p) => p.problems)),
    doubts: dedupe(ports.flatMap((p) => p.doubts)),
    path:
      decisive?.path ??
      hopsAsEvidence(`${placement.label} → ${target.label}: no port given`, [start], target.id),
  };
  if (route.via) result.via = route.via;
  return result;
}
