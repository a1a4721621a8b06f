// Can an instance reach a regional AWS service endpoint on tcp 443? (aws-facts §5.2, §5.6)
//
// Per service, the name `<service>.<region>.amazonaws.com` resolves either to an interface
// endpoint of the VPC (when the endpoint is available, has private DNS, and the VPC has DNS
// support and DNS hostnames) or to the public service. So:
//   - a usable interface endpoint is the *only* path for that service: its security group must
//     allow 443 in from the instance, the instance's groups 443 out to the endpoint's interfaces,
//     and both subnets' network ACLs the request and the reply (stateless, on the instance's
//     ephemeral ports) — a NAT gateway elsewhere does not help — and its policy must allow the
//     actions sent to that service (endpoint-policy.ts);
//   - otherwise the path is the internet: an IGW route plus a public IPv4 address, or a NAT
//     gateway / NAT instance; the instance's groups must allow 443 out to 0.0.0.0/0 and the
//     network ACLs on the way (the instance's subnet, and the NAT gateway's) the request and reply;
//   - a default route to a transit gateway, peering connection, VGW, … leaves it indeterminate.
// The answer is the path found, or every broken prerequisite with the evidence that breaks it.
import type { Instance, NetworkInterface, Subnet, Vpc, VpcEndpoint } from '../snapshot/types.js';
import type { RegionView } from '../snapshot/view.js';
import type { Evidence } from '../findings/types.js';
import { ANY_IPV4, cidrContains, formatCidr, hostCidr, parseCidr, type Cidr } from './cidr.js';
import {
  EPHEMERAL_PORTS,
  clientEphemeralPorts,
  naclAllows,
  naclUniformOver,
  type NaclDecision,
  type PortRange,
} from './nacl.js';
import { associationEvidence, routeEvidence } from './route-tables.js';
import {
  securityGroupsAllow,
  securityGroupsUniformOver,
  type FlowPeer,
  type SecurityGroupDecision,
} from './security-groups.js';
import { arrow, classifySubnet, type SubnetClass } from './subnet-class.js';
import { endpointPolicyAllows } from './endpoint-policy.js';
import { getOrCreate } from '../util/memo.js';

const HTTPS = 443;

// Per-region memo of the parts of a path that do not depend on the instance: the endpoint chosen
// per (VPC, service), an endpoint's interfaces, and decisions whose inputs (groups, ACL, peer,
// label) are all instance-independent. Views are immutable, so a WeakMap on the view is exact.
interface RegionPathCache {
  /** VPC → service → the endpoint that would take the service's name. */
  endpointFor: Map<string, Map<string, VpcEndpoint | undefined>>;
  targets: WeakMap<VpcEndpoint, Endpoint[]>;
  endpointEvidence: WeakMap<VpcEndpoint, Evidence>;
  /** peer key → instance groups (joined) → whether those groups allow 443 out to the peer. */
  egressDecisions: Map<string, Map<string, SecurityGroupDecision>>;
  /** subnet → peer key → reply ports → the subnet ACL's round trip as the client of the peer. */
  clientTrips: WeakMap<Subnet, Map<string, Map<PortRange, Check>>>;
  /**
   * server subnet → instance subnet → reply ports → the server ACL's round trip with any address
   * of the instance subnet, when it allows both ways and no entry splits that subnet (else null).
   */
  serverTrips: WeakMap<Subnet, WeakMap<Subnet, Map<PortRange, Check | null>>>;
  /**
   * endpoint target → instance subnet → instance groups → the target's groups letting 443 in from
   * any address of the instance subnet, when they do and no rule splits that subnet (else null).
   */
  targetIngress: WeakMap<Endpoint, WeakMap<Subnet, Map<string, Check | null>>>;
  /** subnet → the association and IPv4 egress route that decide its internet path. */
  routeEvidence: WeakMap<Subnet, readonly Evidence[]>;
}

const pathCaches = new WeakMap<RegionView, RegionPathCache>();

function pathCache(region: RegionView): RegionPathCache {
  return getOrCreate(pathCaches, region, (): RegionPathCache => ({
    endpointFor: new Map(),
    targets: new WeakMap(),
    endpointEvidence: new WeakMap(),
    egressDecisions: new Map(),
    clientTrips: new WeakMap(),
    serverTrips: new WeakMap(),
    targetIngress: new WeakMap(),
    routeEvidence: new WeakMap(),
  }));
}

/** The subnet's IPv4 range, when it parses and holds the instance's address. */
function homeRange(home: Subnet, self: InstancePeer): Cidr | undefined {
  if (self.homeRange === undefined) {
    const range = home.cidrBlock === undefined ? undefined : parseCidr(home.cidrBlock);
    self.homeRange = range && cidrContains(range, self.peer.cidr) ? range : null;
  }
  return self.homeRange ?? undefined;
}

/**
 * The server subnet's ACL round trip with the instance as client. When the ACL lets every address
 * of the instance's subnet through both ways (no entry splits the subnet), that answer is the
 * instance's too, evidence included (an allowed trip names no peer), and it is shared.
 */
function serverTripFromInstance(
  region: RegionView,
  server: Subnet,
  home: Subnet,
  self: InstancePeer,
  replyPorts: PortRange,
): Check {
  const range = homeRange(home, self);
  if (range) {
    const byPorts = getOrCreate(
      getOrCreate(pathCache(region).serverTrips, server, () => new WeakMap()),
      home,
      () => new Map(),
    );
    const shared = getOrCreate(byPorts, replyPorts, () => {
      const acl = region.isCollected('networkAcls') ? region.networkAclOfSubnet(server) : undefined;
      const uniform =
        acl !== undefined && naclUniformOver(acl, 'ingress', range) && naclUniformOver(acl, 'egress', range);
      const check = uniform ? naclRoundTrip(region, server, 'server', range, home.id, replyPorts) : undefined;
      return check?.ok && check.problems.length === 0 && check.doubts.length === 0 ? check : null;
    });
    if (shared) return shared;
  }
  return naclRoundTrip(region, server, 'server', self.peer.cidr, self.peer.label, replyPorts);
}

/**
 * Whether the endpoint target's groups let 443 in from the instance. Shared across the instances
 * of a subnet carrying the same groups when the groups allow it for every address of the subnet
 * (no rule splits it); an allowed answer's evidence is the allowing rule, which names no peer.
 */
function targetIngressFromInstance(
  region: RegionView,
  target: Endpoint,
  endpoint: VpcEndpoint,
  home: Subnet,
  self: InstancePeer,
): Check {
  const what = `security group of endpoint ${endpoint.id}`;
  const range = homeRange(home, self);
  if (range) {
    const byGroups = getOrCreate(
      getOrCreate(pathCache(region).targetIngress, target, () => new WeakMap()),
      home,
      () => new Map(),
    );
    const shared = getOrCreate(byGroups, self.groupsKey, () => {
      if (!securityGroupsUniformOver(region, target.groupIds, 'ingress', range)) return null;
      const peer: FlowPeer = { cidr: range, groupIds: self.groupIds, label: home.id };
      const check = decisionCheck(
        securityGroupsAllow(region, target.groupIds, 'ingress', 'tcp', HTTPS, peer),
        what,
      );
      return check.ok ? check : null;
    });
    if (shared) return shared;
  }
  // Interfaces of one endpoint usually carry the same groups: decide them once per instance.
  self.ingressChecks ??= new Map();
  const byGroups = getOrCreate(self.ingressChecks, endpoint, () => new Map());
  const check = getOrCreate(byGroups, target.groupsKey, () =>
    decisionCheck(securityGroupsAllow(region, target.groupIds, 'ingress', 'tcp', HTTPS, self.peer), what),
  );
  return check;
}

/** Whether the instance's groups allow 443 out to a peer that is the same for every instance. */
function egressToFixedPeer(
  region: RegionView,
  self: InstancePeer,
  peer: FlowPeer,
  peerKey: string,
): SecurityGroupDecision {
  const cache = pathCache(region).egressDecisions;
  const byGroups = getOrCreate(cache, peerKey, () => new Map());
  const decision = getOrCreate(byGroups, self.groupsKey, () =>
    securityGroupsAllow(region, self.groupIds, 'egress', 'tcp', HTTPS, peer),
  );
  return decision;
}

/** `naclRoundTrip` as the client of a peer that is the same for every instance (`peerKey` names it). */
function clientTripToFixedPeer(
  region: RegionView,
  subnet: Subnet,
  peer: Cidr,
  peerLabel: string,
  peerKey: string,
  replyPorts: PortRange,
): Check {
  const cache = pathCache(region).clientTrips;
  const byPeer = getOrCreate(cache, subnet, () => new Map());
  const byPorts = getOrCreate(byPeer, peerKey, () => new Map());
  const check = getOrCreate(byPorts, replyPorts, () =>
    naclRoundTrip(region, subnet, 'client', peer, peerLabel, replyPorts),
  );
  return check;
}

export type PathVerdict = 'reachable' | 'unreachable' | 'indeterminate';

/** One broken prerequisite, or one thing the snapshot cannot decide. */
export interface PathProblem {
  /** Short sentence for messages: "endpoint vpce-0abc's security group does not allow tcp 443 from i-0abc". */
  message: string;
  evidence: Evidence[];
}

export interface ServiceReach {
  service: string;
  verdict: PathVerdict;
  via?: 'interface-endpoint' | 'internet-gateway' | 'nat-gateway' | 'nat-instance';
  /**
   * Which way the service name leads: `endpoint` when an interface endpoint takes it, `internet`
   * when the public endpoint does (then every such service shares one internet path); absent when
   * that is itself undecided (e.g. the VPC's DNS attributes are unknown).
   */
  route?: 'endpoint' | 'internet';
  endpointId?: string;
  /** For `reachable`: one phrase describing the path. */
  summary: string;
  problems: PathProblem[];
  /** For `indeterminate`: why. */
  doubts: PathProblem[];
  evidence: Evidence[];
}

export interface ServicePathResult {
  verdict: PathVerdict;
  services: ServiceReach[];
  /** Every broken prerequisite across services (deduplicated). */
  problems: PathProblem[];
  /** Every undecidable point across services (deduplicated). */
  doubts: PathProblem[];
  /** Evidence of the paths found. */
  evidence: Evidence[];
}

interface Endpoint {
  label: string;
  /** Names this target (and the groups it carries) in the region's decision caches. */
  key: string;
  /** The target as the peer of the instance's egress. */
  peer: FlowPeer;
  /** `groupIds` joined. */
  groupsKey: string;
  cidr: Cidr;
  groupIds: readonly string[];
  subnet: Subnet | undefined;
}

interface Check {
  ok: boolean;
  problems: PathProblem[];
  doubts: PathProblem[];
  evidence: Evidence[];
}

const emptyCheck = (): Check => ({ ok: true, problems: [], doubts: [], evidence: [] });

function merge(into: Check, from: Check): void {
  into.ok &&= from.ok;
  into.problems.push(...from.problems);
  into.doubts.push(...from.doubts);
  into.evidence.push(...from.evidence);
}

/** A security-group or network-ACL decision as a check: allowed, a problem, or a doubt. */
function decisionCheck(decision: SecurityGroupDecision | NaclDecision, what: string): Check {
  if (decision.verdict === 'allowed')
    return { ok: true, problems: [], doubts: [], evidence: decision.evidence };
  const finding = { message: `${what}: ${decision.reason}`, evidence: decision.evidence };
  return decision.verdict === 'denied'
    ? { ok: false, problems: [finding], doubts: [], evidence: [] }
    : { ok: false, problems: [], doubts: [finding], evidence: [] };
}

function naclCheck(decision: NaclDecision | undefined, what: string): Check {
  if (!decision)
    return {
      ok: false,
      problems: [],
      doubts: [{ message: `${what}: the subnet's network ACL is not visible`, evidence: [] }],
      evidence: [],
    };
  return decisionCheck(decision, what);
}

/** Request and reply through one subnet's ACL: 443 one way, the client's ephemeral ports back. */
function naclRoundTrip(
  region: RegionView,
  subnet: Subnet,
  role: 'client' | 'server',
  peer: Cidr,
  peerLabel: string,
  replyPorts: PortRange,
): Check {
  const acl = region.isCollected('networkAcls') ? region.networkAclOfSubnet(subnet) : undefined;
  const check = emptyCheck();
  const requestDirection = role === 'client' ? 'egress' : 'ingress';
  const replyDirection = role === 'client' ? 'ingress' : 'egress';
  const where = `network ACL of ${subnet.id}`;
  merge(
    check,
    naclCheck(
      acl && naclAllows(acl, requestDirection, 'tcp', [HTTPS, HTTPS], peer, peerLabel),
      `${where} (request)`,
    ),
  );
  merge(
    check,
    naclCheck(
      acl && naclAllows(acl, replyDirection, 'tcp', replyPorts, peer, peerLabel),
      `${where} (stateless reply on ephemeral ports)`,
    ),
  );
  return check;
}

interface InstancePeer {
  peer: FlowPeer;
  groupIds: readonly string[];
  /** `groupIds` joined, naming the set in the region's decision caches. */
  groupsKey: string;
  eni?: NetworkInterface;
  /** This instance's own ingress decisions: endpoint → its target's groups (joined) → check. */
  ingressChecks?: Map<VpcEndpoint, Map<string, Check>>;
  /** The instance subnet's range when it holds the instance's address (null when not), once known. */
  homeRange?: Cidr | null;
}

/** The instance as a network peer: its primary interface's address and groups. */
function instancePeer(region: RegionView, instance: Instance): InstancePeer | undefined {
  const eni =
    (instance.networkInterfaceIds[0] !== undefined
      ? region.networkInterface(instance.networkInterfaceIds[0])
      : undefined) ?? region.interfacesOfInstance(instance.id)[0];
  const address = instance.privateIpAddress ?? eni?.privateIpAddresses[0];
  const cidr = address === undefined ? undefined : hostCidr(address);
  if (!cidr) return undefined;
  // The instance's groups then the interface's, first occurrence kept (a Set's order).
  const groupIds: string[] = [];
  for (const id of instance.securityGroupIds) if (!groupIds.includes(id)) groupIds.push(id);
  for (const id of eni?.securityGroupIds ?? []) if (!groupIds.includes(id)) groupIds.push(id);
  const peer: FlowPeer = { cidr, groupIds, label: `${instance.id} (${address ?? '?'})` };
  const groupsKey = groupIds.join(',');
  return eni ? { peer, groupIds, groupsKey, eni } : { peer, groupIds, groupsKey };
}

const INTERNET: FlowPeer = { cidr: ANY_IPV4, groupIds: [], label: 'the internet (0.0.0.0/0)' };
const INTERNET_KEY = 'internet';

interface InternetPath {
  verdict: PathVerdict;
  via?: ServiceReach['via'];
  summary: string;
  problems: PathProblem[];
  doubts: PathProblem[];
  evidence: Evidence[];
}

/** The subnet's route-table association and IPv4 egress route, one evidence object each per subnet. */
function subnetRouteEvidence(region: RegionView, subnet: Subnet, classes: SubnetClass): readonly Evidence[] {
  return getOrCreate(pathCache(region).routeEvidence, subnet, () => {
    const association = associationEvidence(subnet, classes.routeTable);
    const route = classes.ipv4.route;
    return route ? [association, routeEvidence(classes.routeTable.table, route)] : [association];
  });
}

/**
 * An internet path needs the internet-gateway routes (CIDRs and prefix lists together) to cover all
 * public address space: `52.0.0.0/8 → igw` reaches only some AWS endpoints (aws-facts §1.2). A
 * narrower set, or a prefix list whose entries are unknown, is a doubt naming every such route.
 */
function narrowIgwDoubt(region: RegionView, subnet: Subnet, classes: SubnetClass): PathProblem | undefined {
  const egress = classes.ipv4;
  const coverage = egress.igwCoverage;
  if (!coverage || coverage.status === 'all') return undefined;
  const routes = egress.igwRoutes ?? [];
  const table = classes.routeTable.table;
  const listed = routes.map((r) => arrow(r, 'ipv4')).join(', ');
  return {
    message:
      coverage.status === 'partial'
        ? `the internet-gateway routes of ${subnet.id} (${listed}) do not cover all public address space, so whether the AWS service endpoints are reached through them is unknown`
        : `the internet-gateway routes of ${subnet.id} (${listed}) cannot be sized: ${coverage.reason}`,
    evidence: [
      associationEvidence(subnet, classes.routeTable),
      ...routes.map((r) => routeEvidence(table, r)),
    ],
  };
}

/**
 * A NAT instance forwards to the internet only through its own internet path: a public IPv4
 * address on its interface and a subnet whose internet-gateway routes cover public space (aws-facts
 * §1.3, VPC_NAT_Instance.md). Followed once: a NAT instance behind another NAT device is a doubt.
 */
function natInstanceEgress(region: RegionView, eni: NetworkInterface): Check {
  const name = `NAT instance ${eni.attachedInstanceId ? `${eni.attachedInstanceId} (${eni.id})` : eni.id}`;
  const fail = (message: string, evidence: Evidence[], doubt = false): Check => ({
    ok: false,
    problems: doubt ? [] : [{ message, evidence }],
    doubts: doubt ? [{ message, evidence }] : [],
    evidence: [],
  });
  const natSubnet = region.subnet(eni.subnetId);
  const natClass = natSubnet ? classifySubnet(region, natSubnet) : undefined;
  if (!natSubnet || !natClass)
    return fail(`the subnet or route table of ${name} (${eni.subnetId}) is not visible`, [], true);
  const own = natClass.ipv4;
  const evidence = [
    associationEvidence(natSubnet, natClass.routeTable),
    ...(own.route ? [routeEvidence(natClass.routeTable.table, own.route)] : []),
  ];
  if (own.class === 'isolated' || own.class === 'egress-only')
    return fail(
      `${name} sits in ${natSubnet.id}, which has no internet route of its own (${own.reason})`,
      evidence,
    );
  if (own.class !== 'public')
    return fail(
      `${name} sits in ${natSubnet.id}, whose internet egress goes via ${own.reason}; a NAT chain is not followed further`,
      evidence,
      true,
    );
  const narrow = narrowIgwDoubt(region, natSubnet, natClass);
  if (narrow) return { ok: false, problems: [], doubts: [narrow], evidence: [] };
  if (eni.publicIp === undefined)
    return fail(
      `${name} has no public IPv4 address, so it cannot forward to the internet through ${own.route?.target.id ?? 'the internet gateway'}`,
      evidence,
    );
  return {
    ok: true,
    problems: [],
    doubts: [],
    evidence: [
      {
        kind: 'network-interface',
        summary: `${name} has public address ${eni.publicIp} in ${natSubnet.id}, which routes ${own.reason}`,
        resourceId: eni.id,
        details: { subnetId: natSubnet.id, address: eni.publicIp, sourceDestCheck: eni.sourceDestCheck },
      },
      ...evidence,
    ],
  };
}

function internetPath(
  region: RegionView,
  instance: Instance,
  subnet: Subnet,
  self: InstancePeer,
): InternetPath {
  const classes = classifySubnet(region, subnet);
  if (!classes) {
    return {
      verdict: 'indeterminate',
      summary: '',
      problems: [],
      doubts: [{ message: `the route table of ${subnet.id} is not visible (shared VPC?)`, evidence: [] }],
      evidence: [],
    };
  }
  const egress = classes.ipv4;
  const base = [...subnetRouteEvidence(region, subnet, classes)];
  const check = emptyCheck();
  let via: ServiceReach['via'];
  let summary = '';
  const ephemeral = clientEphemeralPorts(instance);
  switch (egress.class) {
    case 'private-indeterminate':
      return {
        verdict: 'indeterminate',
        summary: '',
        problems: [],
        doubts: [
          {
            message: `internet egress from ${subnet.id} goes via ${egress.reason}, outside this VPC's view`,
            evidence: base,
          },
        ],
        evidence: [],
      };
    case 'isolated':
    case 'egress-only':
      return {
        verdict: 'unreachable',
        summary: '',
        problems: [
          { message: `${subnet.id} has no IPv4 route to the internet (${egress.reason})`, evidence: base },
        ],
        doubts: [],
        evidence: [],
      };
    case 'public': {
      const narrow = narrowIgwDoubt(region, subnet, classes);
      if (narrow)
        return { verdict: 'indeterminate', summary: '', problems: [], doubts: [narrow], evidence: [] };
      const publicIp = instance.publicIpAddress ?? self.eni?.publicIp;
      if (publicIp === undefined) {
        return {
          verdict: 'unreachable',
          summary: '',
          problems: [
            {
              message: `${subnet.id} routes to an internet gateway (${egress.reason}) but ${instance.id} has no public IPv4 address`,
              evidence: base,
            },
          ],
          doubts: [],
          evidence: [],
        };
      }
      via = 'internet-gateway';
      summary = `internet gateway ${egress.route?.target.id ?? '?'} with public address ${publicIp}`;
      break;
    }
    case 'private-nat': {
      if (egress.natGateway) {
        via = 'nat-gateway';
        summary = `NAT gateway ${egress.natGateway.id}`;
        const natSubnet = region.subnet(egress.natGateway.subnetId);
        if (!natSubnet) {
          check.ok = false;
          check.doubts.push({
            message: `the subnet ${egress.natGateway.subnetId} of NAT gateway ${egress.natGateway.id} is not visible`,
            evidence: [],
          });
          break;
        }
        const natClass = classifySubnet(region, natSubnet);
        if (natClass?.ipv4.class !== 'public') {
          check.ok = false;
          check.problems.push({
            message: `NAT gateway ${egress.natGateway.id} sits in ${natSubnet.id}, which has no route to an internet gateway`,
            evidence: natClass ? [associationEvidence(natSubnet, natClass.routeTable)] : [],
          });
        } else {
          const narrow = narrowIgwDoubt(region, natSubnet, natClass);
          if (narrow) {
            check.ok = false;
            check.doubts.push(narrow);
          }
        }
        if (natSubnet.id !== subnet.id) {
          // The NAT gateway's subnet ACL sees the request from the instance, the request to the
          // internet, the reply from the internet on the NAT's ports, and the reply to the instance.
          merge(check, serverTripFromInstance(region, natSubnet, subnet, self, ephemeral));
          merge(
            check,
            clientTripToFixedPeer(
              region,
              natSubnet,
              ANY_IPV4,
              INTERNET.label,
              INTERNET_KEY,
              EPHEMERAL_PORTS.natGateway,
            ),
          );
        }
      } else {
        via = 'nat-instance';
        summary = `NAT instance ${egress.natInterface?.attachedInstanceId ?? egress.natInterface?.id ?? '?'}`;
        if (egress.natInterface) merge(check, natInstanceEgress(region, egress.natInterface));
      }
      break;
    }
  }
  merge(
    check,
    decisionCheck(
      egressToFixedPeer(region, self, INTERNET, INTERNET_KEY),
      `security groups of ${instance.id}`,
    ),
  );
  merge(check, clientTripToFixedPeer(region, subnet, ANY_IPV4, INTERNET.label, INTERNET_KEY, ephemeral));
  const verdict: PathVerdict =
    check.problems.length > 0 ? 'unreachable' : check.ok ? 'reachable' : 'indeterminate';
  return {
    verdict,
    via,
    summary,
    problems: check.problems,
    doubts: check.doubts,
    evidence: [...base, ...check.evidence],
  };
}

const serviceNames = new Map<string, RegExp>();

function serviceName(region: RegionView, service: string): RegExp {
  const key = `${region.region}/${service}`;
  const pattern = getOrCreate(serviceNames, key, () => buildServiceName(region, service));
  return pattern;
}

function buildServiceName(region: RegionView, service: string): RegExp {
  // `com.amazonaws.<region>.<service>`; China regions prefix `cn.` (aws-facts §2.1).
  return new RegExp(
    `^(cn\\.)?com\\.amazonaws\\.${region.region.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.${service}$`,
  );
}

/** Interface endpoints of the VPC for a service. */
export function interfaceEndpointsFor(region: RegionView, vpcId: string, service: string): VpcEndpoint[] {
  const name = serviceName(region, service);
  return region
    .endpointsOfVpc(vpcId)
    .filter((e) => e.type.toLowerCase() === 'interface' && name.test(e.serviceName));
}

/** At most one endpoint per service can hold the private DNS name; prefer an available one. */
function preferredEndpoint(region: RegionView, vpcId: string, service: string): VpcEndpoint | undefined {
  const cache = pathCache(region).endpointFor;
  const byService = getOrCreate(cache, vpcId, () => new Map());
  if (byService.has(service)) return byService.get(service);
  const ordered = interfaceEndpointsFor(region, vpcId, service).sort(
    (a, b) =>
      Number(b.privateDnsEnabled) - Number(a.privateDnsEnabled) ||
      Number(b.state.toLowerCase() === 'available') - Number(a.state.toLowerCase() === 'available'),
  );
  const endpoint = ordered[0];
  byService.set(service, endpoint);
  return endpoint;
}

function cachedEndpointEvidence(region: RegionView, endpoint: VpcEndpoint, vpc: Vpc): Evidence {
  // The endpoint's VPC is the instance's VPC (endpoints are looked up per VPC), so the endpoint keys it.
  const cache = pathCache(region).endpointEvidence;
  const evidence = getOrCreate(cache, endpoint, () => endpointEvidence(endpoint, vpc));
  return evidence;
}

function endpointEvidence(endpoint: VpcEndpoint, vpc: Vpc): Evidence {
  return {
    kind: 'vpc-endpoint',
    summary: `${endpoint.id} (${endpoint.serviceName}) is ${endpoint.state}, private DNS ${endpoint.privateDnsEnabled ? 'on' : 'off'}; ${vpc.id} DNS support ${String(vpc.enableDnsSupport ?? 'unknown')}, DNS hostnames ${String(vpc.enableDnsHostnames ?? 'unknown')}`,
    resourceId: endpoint.id,
    details: {
      endpointId: endpoint.id,
      serviceName: endpoint.serviceName,
      state: endpoint.state,
      privateDnsEnabled: endpoint.privateDnsEnabled,
      vpcId: vpc.id,
      enableDnsSupport: vpc.enableDnsSupport ?? null,
      enableDnsHostnames: vpc.enableDnsHostnames ?? null,
      securityGroupIds: endpoint.securityGroupIds,
    },
  };
}

/** Why the service name does not resolve to this endpoint, or undefined when it does. */
function dnsProblems(
  endpoint: VpcEndpoint,
  vpc: Vpc,
  attributesCollected: boolean,
): { problems: string[]; doubts: string[] } {
  const problems: string[] = [];
  const doubts: string[] = [];
  if (endpoint.state.toLowerCase() !== 'available')
    problems.push(`endpoint ${endpoint.id} is ${endpoint.state}, not available`);
  if (!endpoint.privateDnsEnabled) problems.push(`endpoint ${endpoint.id} has private DNS disabled`);
  // Private DNS needs both VPC attributes (CreateVpcEndpoint model doc, aws-facts §5.2).
  if (!attributesCollected || vpc.enableDnsSupport === undefined || vpc.enableDnsHostnames === undefined) {
    doubts.push(`the DNS attributes of ${vpc.id} were not collected`);
    return { problems, doubts };
  }
  if (!vpc.enableDnsSupport) problems.push(`${vpc.id} has DNS resolution (enableDnsSupport) off`);
  if (!vpc.enableDnsHostnames) problems.push(`${vpc.id} has DNS hostnames (enableDnsHostnames) off`);
  return { problems, doubts };
}

/**
 * Why the instance may not resolve the endpoint's private DNS name: its VPC's DHCP options hand
 * out DNS servers other than the Amazon-provided resolver (issue 20 item 8). A custom resolver may
 * forward to it, or not; the snapshot cannot tell, so the endpoint path is undecided.
 */
function customDnsDoubt(vpc: Vpc, optionsCollected: boolean): string | undefined {
  if (!optionsCollected) return `the DHCP options (DNS servers) of ${vpc.id} were not collected`;
  const servers = vpc.domainNameServers;
  if (servers === undefined)
    return `the DHCP options set ${vpc.dhcpOptionsId ?? '?'} of ${vpc.id} is not in the snapshot`;
  if (servers.length === 1 && servers[0]?.toLowerCase() === 'amazonprovideddns') return undefined;
  if (servers.length === 0)
    return `${vpc.id} hands out no DNS servers (DHCP options ${vpc.dhcpOptionsId ?? '?'}), so whether the endpoint's private DNS name resolves is unknown`;
  return `${vpc.id} uses custom DNS servers ${servers.join(', ')} (DHCP options ${vpc.dhcpOptionsId ?? '?'}), which may not resolve the endpoint's private DNS name`;
}

function endpointTargets(region: RegionView, endpoint: VpcEndpoint): Endpoint[] {
  const cache = pathCache(region).targets;
  const targets = getOrCreate(cache, endpoint, () => buildEndpointTargets(region, endpoint));
  return targets;
}

function buildEndpointTargets(region: RegionView, endpoint: VpcEndpoint): Endpoint[] {
  const targets: Endpoint[] = [];
  for (const eniId of endpoint.networkInterfaceIds) {
    const eni = region.networkInterface(eniId);
    const address = eni?.privateIpAddresses[0];
    const cidr = address === undefined ? undefined : hostCidr(address);
    if (!eni || !cidr) continue;
    const label = `${endpoint.id} interface ${eni.id} (${address ?? '?'})`;
    const groupIds = eni.securityGroupIds.length > 0 ? eni.securityGroupIds : endpoint.securityGroupIds;
    targets.push({
      label,
      key: `target:${label}|${groupIds.join(',')}`,
      peer: { cidr, groupIds, label },
      groupsKey: groupIds.join(','),
      cidr,
      groupIds,
      subnet: region.subnet(eni.subnetId),
    });
  }
  if (targets.length > 0) return targets;
  // Interfaces not in the snapshot: judge by the endpoint's subnets (their whole CIDR).
  for (const subnetId of endpoint.subnetIds) {
    const subnet = region.subnet(subnetId);
    const cidr = subnet?.cidrBlock === undefined ? undefined : parseCidr(subnet.cidrBlock);
    if (!subnet || !cidr) continue;
    const label = `${endpoint.id} in ${subnet.id} (${formatCidr(cidr)})`;
    targets.push({
      label,
      key: `target:${label}|${endpoint.securityGroupIds.join(',')}`,
      peer: { cidr, groupIds: endpoint.securityGroupIds, label },
      groupsKey: endpoint.securityGroupIds.join(','),
      cidr,
      groupIds: endpoint.securityGroupIds,
      subnet,
    });
  }
  return targets;
}

/** Instance → one endpoint interface on 443: both groups, both ACLs (unless they share a subnet). */
function endpointFlow(
  region: RegionView,
  instance: Instance,
  subnet: Subnet,
  self: InstancePeer,
  endpoint: VpcEndpoint,
  target: Endpoint,
): Check {
  const check = emptyCheck();
  if (target.groupIds.length === 0) {
    check.ok = false;
    check.doubts.push({
      message: `the security groups of endpoint ${endpoint.id} are not recorded`,
      evidence: [],
    });
  } else {
    merge(check, targetIngressFromInstance(region, target, endpoint, subnet, self));
  }
  merge(
    check,
    decisionCheck(
      egressToFixedPeer(region, self, target.peer, target.key),
      `security groups of ${instance.id}`,
    ),
  );
  // Network ACLs filter traffic entering and leaving a subnet, not traffic within it.
  if (target.subnet && target.subnet.id !== subnet.id) {
    const ephemeral = clientEphemeralPorts(instance);
    merge(check, clientTripToFixedPeer(region, subnet, target.cidr, target.label, target.key, ephemeral));
    merge(check, serverTripFromInstance(region, target.subnet, subnet, self, ephemeral));
  } else if (!target.subnet) {
    check.ok = false;
    check.doubts.push({ message: `the subnet of ${target.label} is not visible`, evidence: [] });
  }
  return check;
}

/** The endpoint policy's answer for what the agent sends to `service`, as a check. */
function policyCheck(endpoint: VpcEndpoint, service: string, instance: Instance): Check {
  const decision = endpointPolicyAllows(endpoint, service, instance);
  if (!decision) return emptyCheck();
  if (decision.verdict === 'allowed')
    return { ok: true, problems: [], doubts: [], evidence: [decision.evidence] };
  const finding = { message: `endpoint ${endpoint.id}: ${decision.reason}`, evidence: [decision.evidence] };
  return decision.verdict === 'denied'
    ? { ok: false, problems: [finding], doubts: [], evidence: [] }
    : { ok: false, problems: [], doubts: [finding], evidence: [] };
}

function dedupe(problems: PathProblem[]): PathProblem[] {
  if (problems.length < 2) return [...problems];
  const seen = new Map<string, PathProblem>();
  for (const p of problems) if (!seen.has(p.message)) seen.set(p.message, p);
  return [...seen.values()];
}

function reachService(
  region: RegionView,
  instance: Instance,
  subnet: Subnet,
  vpc: Vpc,
  self: InstancePeer,
  service: string,
  internet: () => InternetPath,
): ServiceReach {
  const endpointIssues: PathProblem[] = [];
  const endpointDoubts: PathProblem[] = [];
  const endpoint = preferredEndpoint(region, vpc.id, service);
  if (endpoint) {
    const evidence = cachedEndpointEvidence(region, endpoint, vpc);
    const dns = dnsProblems(endpoint, vpc, region.isCollected('vpcAttributes'));
    const resolver = customDnsDoubt(vpc, region.isCollected('dhcpOptions'));
    if (resolver) dns.doubts.push(resolver);
    if (dns.problems.length === 0 && dns.doubts.length === 0) {
      // The service name resolves to this endpoint: it is the only path for this service.
      const targets = endpointTargets(region, endpoint);
      if (targets.length === 0) {
        return {
          service,
          verdict: 'indeterminate',
          route: 'endpoint',
          summary: '',
          problems: [],
          doubts: [
            {
              message: `the network interfaces and subnets of endpoint ${endpoint.id} are not visible`,
              evidence: [evidence],
            },
          ],
          evidence: [],
        };
      }
      // The first interface that works is the path; the others are only needed when none does.
      const checks: { target: Endpoint; check: Check }[] = [];
      let good: { target: Endpoint; check: Check } | undefined;
      for (const t of targets) {
        const c = { target: t, check: endpointFlow(region, instance, subnet, self, endpoint, t) };
        checks.push(c);
        if (c.check.ok) {
          good = c;
          break;
        }
      }
      // The network path is half of it: the endpoint's policy must allow what the agent sends.
      const policy = policyCheck(endpoint, service, instance);
      if (good && policy.ok) {
        return {
          service,
          verdict: 'reachable',
          via: 'interface-endpoint',
          route: 'endpoint',
          endpointId: endpoint.id,
          summary: `interface endpoint ${endpoint.id}`,
          problems: [],
          doubts: [],
          evidence: [evidence, ...good.check.evidence, ...policy.evidence],
        };
      }
      const problems = dedupe([...policy.problems, ...(good ? [] : checks.flatMap((c) => c.check.problems))]);
      const doubts = dedupe([...policy.doubts, ...(good ? [] : checks.flatMap((c) => c.check.doubts))]);
      // Only when the policy or every interface is blocked for sure is the service unreachable.
      const allBroken = policy.problems.length > 0 || checks.every((c) => c.check.problems.length > 0);
      return {
        service,
        verdict: allBroken ? 'unreachable' : 'indeterminate',
        route: 'endpoint',
        endpointId: endpoint.id,
        summary: '',
        problems: problems.map((p) => ({ ...p, evidence: [evidence, ...p.evidence] })),
        doubts,
        evidence: [],
      };
    }
    // The endpoint does not take the service name, so the agent goes to the public endpoint.
    // VPC-wide causes are phrased without the service so they are listed once.
    for (const message of dns.problems)
      endpointIssues.push({
        message: message.startsWith(vpc.id)
          ? `${message}, so private DNS of its endpoints does not apply`
          : message,
        evidence: [evidence],
      });
    for (const message of dns.doubts) endpointDoubts.push({ message, evidence: [evidence] });
    // Report what else would block the endpoint once DNS is fixed, so one pass fixes everything.
    // Stop at the first interface that would work: then nothing else blocks the endpoint.
    const checks: Check[] = [];
    let anyOk = false;
    for (const t of endpointTargets(region, endpoint)) {
      const c = endpointFlow(region, instance, subnet, self, endpoint, t);
      if (c.ok) {
        anyOk = true;
        break;
      }
      checks.push(c);
    }
    if (checks.length > 0 && !anyOk) endpointIssues.push(...dedupe(checks.flatMap((c) => c.problems)));
    endpointIssues.push(...policyCheck(endpoint, service, instance).problems);
  }
  const path = internet();
  const route: Pick<ServiceReach, 'route'> = endpointDoubts.length === 0 ? { route: 'internet' } : {};
  if (path.verdict === 'reachable' && endpointDoubts.length === 0) {
    return {
      service,
      verdict: 'reachable',
      ...route,
      via: path.via ?? 'nat-gateway',
      summary: path.summary,
      problems: [],
      doubts: [],
      evidence: path.evidence,
    };
  }
  if (path.verdict === 'reachable') {
    // Reachable either way only if the endpoint, were it used, would be; not worth guessing.
    return {
      service,
      verdict: 'indeterminate',
      summary: '',
      problems: [],
      doubts: endpointDoubts,
      evidence: path.evidence,
    };
  }
  const missingEndpoint: PathProblem[] = endpoint
    ? []
    : [{ message: `${vpc.id} has no interface endpoint for ${service}`, evidence: [] }];
  return {
    service,
    verdict: path.verdict === 'unreachable' && endpointDoubts.length === 0 ? 'unreachable' : 'indeterminate',
    ...route,
    summary: '',
    problems: [...endpointIssues, ...missingEndpoint, ...path.problems],
    doubts: [...endpointDoubts, ...path.doubts],
    evidence: [],
  };
}

/**
 * The path from `instance` to each of `services` (short names: `ssm`, `ssmmessages`,
 * `ec2messages`) over tcp 443. The caller checks that the kinds this reads were collected.
 */
export function servicePath(
  region: RegionView,
  instance: Instance,
  services: readonly string[],
): ServicePathResult {
  const undecided = (message: string): ServicePathResult => ({
    verdict: 'indeterminate',
    services: [],
    problems: [],
    doubts: [{ message, evidence: [] }],
    evidence: [],
  });
  const subnet = instance.subnetId === undefined ? undefined : region.subnet(instance.subnetId);
  if (!subnet) return undecided(`the subnet of ${instance.id} is not visible`);
  const vpc = region.vpc(subnet.vpcId);
  if (!vpc) return undecided(`the VPC ${subnet.vpcId} of ${instance.id} is not visible`);
  const self = instancePeer(region, instance);
  if (!self) return undecided(`the private address of ${instance.id} is not known`);
  let cached: InternetPath | undefined;
  const internet = (): InternetPath => (cached ??= internetPath(region, instance, subnet, self));
  const reaches = services.map((service) =>
    reachService(region, instance, subnet, vpc, self, service, internet),
  );
  const verdict: PathVerdict = reaches.some((r) => r.verdict === 'unreachable')
    ? 'unreachable'
    : reaches.every((r) => r.verdict === 'reachable')
      ? 'reachable'
      : 'indeterminate';
  const evidence: Evidence[] = [];
  const seen = new Set<string>();
  for (const r of reaches)
    for (const e of r.evidence) {
      if (seen.has(e.summary)) continue;
      seen.add(e.summary);
      evidence.push(e);
    }
  return {
    verdict,
    services: reaches,
    problems: dedupe(reaches.flatMap((r) => r.problems)),
    doubts: dedupe(reaches.flatMap((r) => r.doubts)),
    evidence,
  };
}
