// Can a placement reach a regional AWS service on tcp 443? (aws-facts §2.2, §5.2, §5.6)
//
// Per service, the name `<service>.<region>.amazonaws.com` resolves either to an interface
// endpoint of the VPC (when the endpoint is available, has private DNS, and the VPC has DNS
// support and DNS hostnames) or to the public service. So:
//   - a usable interface endpoint is the *only* path for that service (interface-endpoint-way.ts);
//   - otherwise, for S3 and DynamoDB, a gateway endpoint whose prefix-list route is in the
//     subnet's effective route table takes the traffic (the more specific route wins, §2.2);
//   - otherwise the path is the internet: an IGW route plus a public IPv4 address, or a NAT
//     gateway / NAT instance (internet.ts).
// The answer is the way that works, or every broken prerequisite with the evidence that breaks it,
// and for every way considered its hops and first broken hop.
import type { Vpc } from '../../snapshot/types.js';
import type { RegionView } from '../../snapshot/view.js';
import { GATEWAY_ENDPOINT_SERVICES } from '../service-endpoints.js';
import { finish, wayOf } from './answer.js';
import type { PathProblem, PathVerdict } from './checks.js';
import type { PlacementPeer } from './flows.js';
import { gatewayEndpointWay } from './gateway-endpoint.js';
import { preferredEndpoint } from './interface-endpoint.js';
import { interfaceEndpointStep } from './interface-endpoint-way.js';
import type { InternetPath } from './internet.js';
import type { ServiceReach, Unfinished, WayReach } from './reach-types.js';

function internetWay(path: InternetPath, taken: boolean): WayReach {
  return wayOf(path.via ?? 'internet-gateway', path.verdict, taken, path.hops);
}

/** One service's answer from one placement (module comment). */
export function reachService(
  region: RegionView,
  self: PlacementPeer,
  vpc: Vpc,
  service: string,
  internet: () => InternetPath,
): ServiceReach {
  const ways: WayReach[] = [];
  const endpoint = preferredEndpoint(region, vpc.id, service);
  const step = endpoint ? interfaceEndpointStep(region, self, vpc, service, endpoint) : undefined;
  if (step && !('issues' in step)) return step;
  if (step) ways.push(step.way);
  const endpointIssues = step?.issues ?? [];
  const endpointDoubts = step?.doubts ?? [];
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
