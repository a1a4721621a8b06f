// The interface-endpoint step of a service's answer (service-reach.ts; aws-facts §2.3, §5.2, §5.6).
// When the VPC's interface endpoint for the service takes its DNS name, the endpoint is the only
// path: its security group must allow 443 in from the workload, the workload's groups 443 out to
// the endpoint's interfaces, both subnets' network ACLs the request and the stateless reply, and
// its policy the calls sent. When it does not take the name (private DNS off, the VPC's DNS
// attributes), calls go to the public name, and what else would block the endpoint is reported
// with the reason it is not used, so that one pass fixes everything.
import type { Vpc, VpcEndpoint } from '../../snapshot/types.js';
import type { RegionView } from '../../snapshot/view.js';
import { finish, wayOf } from './answer.js';
import { dedupe, hop, type Check, type PathProblem } from './checks.js';
import { endpointTargets, type EndpointTarget } from './endpoint-targets.js';
import { policyCheck } from './endpoint-policy-check.js';
import type { PlacementPeer } from './flows.js';
import { cachedEndpointEvidence, endpointDns, endpointFlow, notTakenHop } from './interface-endpoint.js';
import type { ServiceReach, WayReach } from './reach-types.js';

/** The endpoint does not take the service's name: why, and its way (not taken). */
export interface EndpointNotTaken {
  /** What blocks the endpoint: its DNS, then what would still block it once DNS is fixed. */
  issues: PathProblem[];
  /** Whether the endpoint takes the name cannot be decided: then neither can the way taken. */
  doubts: PathProblem[];
  way: WayReach;
}

/**
 * The service's whole answer when `endpoint` takes its name, else why it does not (the caller
 * goes on with the gateway endpoint and the internet).
 */
export function interfaceEndpointStep(
  region: RegionView,
  self: PlacementPeer,
  vpc: Vpc,
  service: string,
  endpoint: VpcEndpoint,
): ServiceReach | EndpointNotTaken {
  const evidence = cachedEndpointEvidence(region, endpoint, vpc);
  const dns = endpointDns(region, endpoint, vpc);
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
    const policy = policyCheck(endpoint, service, self.placement);
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
  const issues: PathProblem[] = [...dns.issues];
  const doubts = [...dns.doubtProblems];
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
  if (checks.length > 0 && !anyOk) issues.push(...dedupe(checks.flatMap((c) => c.problems)));
  issues.push(...policyCheck(endpoint, service, self.placement).problems);
  const dnsHop = notTakenHop(endpoint, dns, service);
  const way = wayOf(
    'interface-endpoint',
    dns.problems.length > 0 ? 'unreachable' : 'indeterminate',
    false,
    [dnsHop],
    endpoint.id,
  );
  return { issues, doubts, way };
}
