// Can a placement reach a regional AWS service on tcp 443? (aws-facts §2.2, §5.2, §5.6)
//
// Per service, the name `<service>.<region>.amazonaws.com` resolves either to an interface
// endpoint of the VPC (when the endpoint is available, has private DNS, and the VPC has DNS
// support and DNS hostnames) or to the public service. So:
//   - a usable interface endpoint is the *only* path for that service: its security group must
//     allow 443 in from the workload, the workload's groups 443 out to the endpoint's interfaces,
//     and both subnets' network ACLs the request and the reply (stateless, on the workload's
//     ephemeral ports) — a NAT gateway elsewhere does not help — and its policy must allow the
//     calls sent to that service;
//   - otherwise, for S3 and DynamoDB, a gateway endpoint whose prefix-list route is in the
//     subnet's effective route table takes the traffic (the more specific route wins, §2.2);
//   - otherwise the path is the internet: an IGW route plus a public IPv4 address, or a NAT
//     gateway / NAT instance (internet.ts).
// The answer is the way that works, or every broken prerequisite with the evidence that breaks it,
// and for every way considered its hops and first broken hop.
import type { Evidence } from '../../findings/types.js';
import type { Vpc } from '../../snapshot/types.js';
import type { RegionView } from '../../snapshot/view.js';
import { GATEWAY_ENDPOINT_SERVICES } from '../service-endpoints.js';
import { finish, wayOf } from './answer.js';
import { dedupe, hop, type Check, type PathProblem, type PathVerdict } from './checks.js';
import { endpointTargets, type EndpointTarget } from './endpoint-targets.js';
import { policyCheck } from './endpoint-policy-check.js';
import { placementPeer, type PlacementPeer } from './flows.js';
import { gatewayEndpointWay } from './gateway-endpoint.js';
import {
  cachedEndpointEvidence,
  customDnsDoubt,
  dnsProblems,
  endpointFlow,
  preferredEndpoint,
} from './interface-endpoint.js';
import { internetPath, type InternetPath } from './internet.js';
import { servicePathEvidence } from './path-evidence.js';
import type { Placement } from './placement.js';
import type { ReachOptions, ServicePathResult, ServiceReach, Unfinished, WayReach } from './reach-types.js';
import { sharedReach, sharedShapeOf } from './shared-reach.js';

function internetWay(path: InternetPath, taken: boolean): WayReach {
  return wayOf(path.via ?? 'internet-gateway', path.verdict, taken, path.hops);
}

function reachService(
  region: RegionView,
  self: PlacementPeer,
  vpc: Vpc,
  service: string,
  internet: () => InternetPath,
): ServiceReach {
  const placement = self.placement;
  const ways: WayReach[] = [];
  const endpointIssues: PathProblem[] = [];
  const endpointDoubts: PathProblem[] = [];
  const endpoint = preferredEndpoint(region, vpc.id, service);
  if (endpoint) {
    const evidence = cachedEndpointEvidence(region, endpoint, vpc);
    const dns = dnsProblems(endpoint, vpc, region.isCollected('vpcAttributes'));
    const resolver = customDnsDoubt(vpc, region.isCollected('dhcpOptions'));
    if (resolver) dns.doubts.push(resolver);
    if (dns.problems.length === 0 && dns.doubts.length === 0) {
      // The service name resolves to this endpoint: it is the only path for this service (§5.2).
      const targets = endpointTargets(region, endpoint);
      if (targets.length === 0) {
        const message = `the network interfaces and subnets of endpoint ${endpoint.id} are not visible`;
        return finish(
          region,
          self,
          {
            service,
            verdict: 'indeterminate',
            route: 'endpoint',
            summary: '',
            problems: [],
            doubts: [{ message, evidence: [evidence] }],
            evidence: [],
          },
          [
            wayOf(
              'interface-endpoint',
              'indeterminate',
              true,
              [hop('endpoint', endpoint.id, message, 'undecided')],
              endpoint.id,
            ),
          ],
        );
      }
      // The first interface that works is the path; the others are only needed when none does.
      const checks: { target: EndpointTarget; check: Check }[] = [];
      let good: { target: EndpointTarget; check: Check } | undefined;
      for (const t of targets) {
        const c = { target: t, check: endpointFlow(region, self, endpoint, t) };
        checks.push(c);
        if (c.check.ok) {
          good = c;
          break;
        }
      }
      // The network path is half of it: the endpoint's policy must allow what is sent.
      const policy = policyCheck(endpoint, service, placement);
      const shownFlow = good ?? checks[0];
      const hops = [...(shownFlow?.check.hops ?? []), ...policy.hops];
      if (good && policy.ok) {
        return finish(
          region,
          self,
          {
            service,
            verdict: 'reachable',
            via: 'interface-endpoint',
            route: 'endpoint',
            endpointId: endpoint.id,
            summary: `interface endpoint ${endpoint.id}`,
            problems: [],
            doubts: [],
            evidence: [evidence, ...good.check.evidence, ...policy.evidence],
          },
          [wayOf('interface-endpoint', 'reachable', true, hops, endpoint.id)],
        );
      }
      const problems = dedupe([...policy.problems, ...(good ? [] : checks.flatMap((c) => c.check.problems))]);
      const doubts = dedupe([...policy.doubts, ...(good ? [] : checks.flatMap((c) => c.check.doubts))]);
      // Only when the policy or every interface is blocked for sure is the service unreachable.
      const allBroken = policy.problems.length > 0 || checks.every((c) => c.check.problems.length > 0);
      const verdict = allBroken ? 'unreachable' : 'indeterminate';
      return finish(
        region,
        self,
        {
          service,
          verdict,
          route: 'endpoint',
          endpointId: endpoint.id,
          summary: '',
          problems: problems.map((p) => ({ ...p, evidence: [evidence, ...p.evidence] })),
          doubts,
          evidence: [],
        },
        [wayOf('interface-endpoint', verdict, true, hops, endpoint.id)],
      );
    }
    // The endpoint does not take the service name, so calls go to the public endpoint.
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
      const c = endpointFlow(region, self, endpoint, t);
      if (c.ok) {
        anyOk = true;
        break;
      }
      checks.push(c);
    }
    if (checks.length > 0 && !anyOk) endpointIssues.push(...dedupe(checks.flatMap((c) => c.problems)));
    endpointIssues.push(...policyCheck(endpoint, service, placement).problems);
    const dnsHop = hop(
      'endpoint',
      endpoint.id,
      `does not take ${service}'s DNS name: ${[...dns.problems, ...dns.doubts].join('; ')}`,
      dns.problems.length > 0 ? 'deny' : 'undecided',
    );
    ways.push(
      wayOf(
        'interface-endpoint',
        dns.problems.length > 0 ? 'unreachable' : 'indeterminate',
        false,
        [dnsHop],
        endpoint.id,
      ),
    );
  }
  const route: Pick<ServiceReach, 'route'> = endpointDoubts.length === 0 ? { route: 'internet' } : {};
  // S3 and DynamoDB: a gateway endpoint's prefix-list route beats the default route (§2.2, §2.5).
  const gateway = GATEWAY_ENDPOINT_SERVICES.has(service)
    ? gatewayEndpointWay(region, self, vpc, service)
    : undefined;
  if (gateway) {
    const c = gateway.check;
    const verdict: PathVerdict = c.problems.length > 0 ? 'unreachable' : c.ok ? 'reachable' : 'indeterminate';
    ways.push(
      wayOf(
        'gateway-endpoint',
        gateway.routed ? verdict : 'unreachable',
        gateway.routed,
        c.hops,
        gateway.endpoint.id,
      ),
    );
    if (gateway.routed) {
      const settled = endpointDoubts.length === 0;
      const reach: Unfinished =
        verdict === 'reachable' && settled
          ? {
              service,
              verdict,
              via: 'gateway-endpoint',
              ...route,
              endpointId: gateway.endpoint.id,
              summary: `gateway endpoint ${gateway.endpoint.id}`,
              problems: [],
              doubts: [],
              evidence: c.evidence,
            }
          : {
              service,
              verdict: verdict === 'unreachable' && settled ? 'unreachable' : 'indeterminate',
              ...route,
              endpointId: gateway.endpoint.id,
              summary: '',
              problems: verdict === 'unreachable' ? [...endpointIssues, ...c.problems] : [],
              doubts: [...endpointDoubts, ...c.doubts],
              evidence: [],
            };
      return finish(region, self, reach, ways);
    }
  }
  const path = internet();
  ways.push(internetWay(path, true));
  if (path.verdict === 'reachable' && endpointDoubts.length === 0) {
    return finish(
      region,
      self,
      {
        service,
        verdict: 'reachable',
        ...route,
        via: path.via ?? 'nat-gateway',
        summary: path.summary,
        problems: [],
        doubts: [],
        evidence: path.evidence,
      },
      ways,
    );
  }
  if (path.verdict === 'reachable') {
    // Reachable either way only if the endpoint, were it used, would be; not worth guessing.
    return finish(
      region,
      self,
      {
        service,
        verdict: 'indeterminate',
        summary: '',
        problems: [],
        doubts: endpointDoubts,
        evidence: path.evidence,
      },
      ways,
    );
  }
  const missingEndpoint: PathProblem[] = endpoint
    ? []
    : [{ message: `${vpc.id} has no interface endpoint for ${service}`, evidence: [] }];
  return finish(
    region,
    self,
    {
      service,
      verdict:
        path.verdict === 'unreachable' && endpointDoubts.length === 0 ? 'unreachable' : 'indeterminate',
      ...route,
      summary: '',
      problems: [...endpointIssues, ...missingEndpoint, ...path.problems],
      doubts: [...endpointDoubts, ...path.doubts],
      evidence: [],
    },
    ways,
  );
}

/** Why a placement cannot be judged at all, or its peer, subnet and VPC. */
function locate(
  region: RegionView,
  placement: Placement,
): { self: PlacementPeer; vpc: Vpc } | { undecided: string } {
  const subnet = region.subnet(placement.subnetId);
  if (!subnet) return { undecided: `the subnet of ${placement.label} is not visible` };
  const vpc = region.vpc(subnet.vpcId);
  if (!vpc) return { undecided: `the VPC ${subnet.vpcId} of ${placement.label} is not visible` };
  const self = placementPeer(placement, subnet);
  if (!self)
    return {
      undecided:
        placement.privateIp === undefined
          ? `the address range of ${subnet.id} is not known`
          : `the private address of ${placement.label} is not known`,
    };
  return { self, vpc };
}

function combine(reaches: ServiceReach[]): ServicePathResult {
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

function undecided(message: string): ServicePathResult {
  return {
    verdict: 'indeterminate',
    services: [],
    problems: [],
    doubts: [{ message, evidence: [] }],
    evidence: [],
  };
}

/**
 * Every way `placement` can reach `services` (endpoint short names: `ssm`, `s3`, `ecr.api`) on
 * tcp 443, the internet path computed once for all of them. The caller checks that the kinds this
 * reads were collected.
 */
export function reachServices(
  region: RegionView,
  placement: Placement,
  services: readonly string[],
): ServicePathResult {
  const located = locate(region, placement);
  if ('undecided' in located) return undecided(located.undecided);
  const { self, vpc } = located;
  let cached: InternetPath | undefined;
  const internet = (): InternetPath => (cached ??= internetPath(region, self));
  const compute = (service: string) => (): ServiceReach => reachService(region, self, vpc, service, internet);
  // Workloads placed alike share their answers (shared-reach.ts): most Lambda functions and ECS
  // services have a subnet and groups in common with others.
  const shape = sharedShapeOf(region, self);
  return combine(
    services.map((service) =>
      shape ? sharedReach(region, shape, self, vpc, service, compute(service)) : compute(service)(),
    ),
  );
}

/**
 * One service from one placement. Undefined `services` entry means the placement itself could not
 * be located (its subnet, VPC or address is not visible): the result's doubts say why.
 */
export function reach(
  region: RegionView,
  placement: Placement,
  service: string,
  options: ReachOptions = {},
): ServicePathResult {
  const located = locate(region, placement);
  if ('undecided' in located) return undecided(located.undecided);
  const { self, vpc } = located;
  const internet = options.internet ?? (() => internetPath(region, self));
  return combine([reachService(region, self, vpc, service, internet)]);
}

export interface PlacementReach {
  placement: Placement;
  result: ServicePathResult;
}

export interface PlacementsReach {
  /** Reachable only when every placement reaches every service (a workload may run in any subnet). */
  verdict: PathVerdict;
  placements: PlacementReach[];
}

/** `reachServices` for each placement of one workload (a Lambda function's subnets, an ECS service's). */
export function reachFromPlacements(
  region: RegionView,
  placements: readonly Placement[],
  services: readonly string[],
): PlacementsReach {
  const results = placements.map((placement) => ({
    placement,
    result: reachServices(region, placement, services),
  }));
  const verdict: PathVerdict =
    results.length === 0
      ? 'indeterminate'
      : results.some((r) => r.result.verdict === 'unreachable')
        ? 'unreachable'
        : results.every((r) => r.result.verdict === 'reachable')
          ? 'reachable'
          : 'indeterminate';
  return { verdict, placements: results };
}

/**
 * The `path` evidence that explains a result in one item: the first unreachable service's path,
 * else the first undecided one's, else the first service's.
 */
export function decisivePath(result: ServicePathResult): Evidence | undefined {
  const services = result.services;
  const pick =
    services.find((s) => s.verdict === 'unreachable') ??
    services.find((s) => s.verdict === 'indeterminate') ??
    services[0];
  return pick ? servicePathEvidence(pick) : undefined;
}
