// Interface endpoints (aws-facts §5.2): which endpoint of the VPC would take a service's DNS name,
// whether it does (available, private DNS on, the VPC's DNS support and hostnames on, the Amazon
// resolver in use), and the flow from the workload to one of its interfaces on 443.
import type { Evidence } from '../../findings/types.js';
import type { Vpc, VpcEndpoint } from '../../snapshot/types.js';
import type { RegionView } from '../../snapshot/view.js';
import { getOrCreate } from '../../util/memo.js';
import {
  emptyCheck,
  failedCheck,
  hop,
  merge,
  type Check,
  type JudgedHop,
  type PathProblem,
} from './checks.js';
import type { EndpointTarget } from './endpoint-targets.js';
import {
  clientTripToFixedPeer,
  egressCheck,
  serverTripFromPlacement,
  targetIngressFromPlacement,
  type PlacementPeer,
} from './flows.js';
import { pathCache } from './region-cache.js';

const serviceNames = new Map<string, RegExp>();

/** `com.amazonaws.<region>.<service>`; China regions prefix `cn.` (aws-facts §2.1). */
export function serviceNamePattern(region: RegionView, service: string): RegExp {
  const key = `${region.region}/${service}`;
  return getOrCreate(
    serviceNames,
    key,
    () =>
      new RegExp(
        `^(cn\\.)?com\\.amazonaws\\.${region.region.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.${service.replace(/\./g, '\\.')}$`,
      ),
  );
}

/** Interface endpoints of the VPC for a service. */
export function interfaceEndpointsFor(region: RegionView, vpcId: string, service: string): VpcEndpoint[] {
  const name = serviceNamePattern(region, service);
  return region
    .endpointsOfVpc(vpcId)
    .filter((e) => e.type.toLowerCase() === 'interface' && name.test(e.serviceName));
}

/** At most one endpoint per service can hold the private DNS name; prefer an available one. */
export function preferredEndpoint(
  region: RegionView,
  vpcId: string,
  service: string,
): VpcEndpoint | undefined {
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

export function cachedEndpointEvidence(region: RegionView, endpoint: VpcEndpoint, vpc: Vpc): Evidence {
  // The endpoint's VPC is the workload's VPC (endpoints are looked up per VPC), so the endpoint keys it.
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

/** Why the service name does not resolve to this endpoint (empty lists when it does). */
export function dnsProblems(
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
 * Why the workload may not resolve the endpoint's private DNS name: its VPC's DHCP options hand
 * out DNS servers other than the Amazon-provided resolver (issue 20 item 8, aws-facts §5.2 "Custom
 * DNS"). A custom resolver may forward to it, or not; the snapshot cannot tell.
 */
export function customDnsDoubt(vpc: Vpc, optionsCollected: boolean): string | undefined {
  if (!optionsCollected) return `the DHCP options (DNS servers) of ${vpc.id} were not collected`;
  const servers = vpc.domainNameServers;
  if (servers === undefined)
    return `the DHCP options set ${vpc.dhcpOptionsId ?? '?'} of ${vpc.id} is not in the snapshot`;
  if (servers.length === 1 && servers[0]?.toLowerCase() === 'amazonprovideddns') return undefined;
  if (servers.length === 0)
    return `${vpc.id} hands out no DNS servers (DHCP options ${vpc.dhcpOptionsId ?? '?'}), so whether the endpoint's private DNS name resolves is unknown`;
  return `${vpc.id} uses custom DNS servers ${servers.join(', ')} (DHCP options ${vpc.dhcpOptionsId ?? '?'}), which may not resolve the endpoint's private DNS name`;
}

/**
 * Whether `endpoint` takes its service's DNS name, and the problems and doubts worded as a path
 * reports them when it does not. They depend on the endpoint and its VPC only, so they are made
 * once per endpoint and region pass (region-cache.ts) and every workload's answer shares the same
 * objects: the findings of a VPC whose endpoints cannot take their names all carry the same
 * sentences, not a copy each.
 */
export interface EndpointDns {
  /** Why the name does not resolve to the endpoint: empty when it does. */
  problems: readonly string[];
  /** Why that cannot be decided (attributes or DHCP options unread, a custom resolver). */
  doubts: readonly string[];
  /** `problems` as path problems of a workload whose calls then go to the public name. */
  issues: readonly PathProblem[];
  /** `doubts` as path problems. */
  doubtProblems: readonly PathProblem[];
  /** The endpoint hop of that way, per service. */
  hops: Map<string, JudgedHop>;
}

export function endpointDns(region: RegionView, endpoint: VpcEndpoint, vpc: Vpc): EndpointDns {
  const cache = pathCache(region).endpointDns;
  const known = cache.get(endpoint);
  if (known) return known;
  const { problems, doubts } = dnsProblems(endpoint, vpc, region.isCollected('vpcAttributes'));
  const resolver = customDnsDoubt(vpc, region.isCollected('dhcpOptions'));
  if (resolver) doubts.push(resolver);
  const evidence = cachedEndpointEvidence(region, endpoint, vpc);
  // VPC-wide causes are phrased without the service so they are listed once.
  const dns: EndpointDns = {
    problems,
    doubts,
    issues: problems.map((message) => ({
      message: message.startsWith(vpc.id)
        ? `${message}, so private DNS of its endpoints does not apply`
        : message,
      evidence: [evidence],
    })),
    doubtProblems: doubts.map((message) => ({ message, evidence: [evidence] })),
    hops: new Map(),
  };
  cache.set(endpoint, dns);
  return dns;
}

/** The endpoint hop of a workload whose calls to `service` go to the public name instead. */
export function notTakenHop(endpoint: VpcEndpoint, dns: EndpointDns, service: string): JudgedHop {
  let judged = dns.hops.get(service);
  if (judged === undefined) {
    judged = hop(
      'endpoint',
      endpoint.id,
      `does not take ${service}'s DNS name: ${[...dns.problems, ...dns.doubts].join('; ')}`,
      dns.problems.length > 0 ? 'deny' : 'undecided',
    );
    dns.hops.set(service, judged);
  }
  return judged;
}

/**
 * Workload → one endpoint interface on 443: both groups, both ACLs (unless they share a subnet).
 * Problems are listed endpoint side first (the order findings have always named them); hops in
 * the order the packet meets them.
 */
export function endpointFlow(
  region: RegionView,
  self: PlacementPeer,
  endpoint: VpcEndpoint,
  target: EndpointTarget,
): Check {
  const subnet = self.subnet;
  const ingress =
    target.groupIds.length === 0
      ? failedCheck(
          `the security groups of endpoint ${endpoint.id} are not recorded`,
          [],
          hop('security-group', endpoint.id, 'the endpoint security groups are not recorded', 'undecided'),
          true,
        )
      : targetIngressFromPlacement(region, target, endpoint, self);
  const egress = egressCheck(region, self, target.peer, target.key);
  // Network ACLs filter traffic entering and leaving a subnet, not traffic within it (aws-facts §3.6).
  const ephemeral = self.placement.ephemeralPorts;
  let client: Check | undefined;
  let server: Check | undefined;
  if (target.subnet && target.subnet.id !== subnet.id) {
    client = clientTripToFixedPeer(region, subnet, target.cidr, target.label, target.key, ephemeral);
    server = serverTripFromPlacement(region, target.subnet, self, ephemeral);
  } else if (!target.subnet) {
    server = failedCheck(`the subnet of ${target.label} is not visible`, [], undefined, true);
  }
  const check = emptyCheck();
  merge(check, ingress, false);
  merge(check, egress, false);
  if (client) merge(check, client, false);
  if (server) merge(check, server, false);
  // The same for every workload: made once per target.
  target.arrival ??= hop(
    'endpoint',
    target.eniId ?? endpoint.id,
    `interface of ${endpoint.id}: ${target.label}`,
  );
  check.hops = [
    ...egress.hops,
    ...(client?.hops ?? []),
    target.arrival,
    ...(server?.hops ?? []),
    ...ingress.hops,
  ];
  return check;
}
