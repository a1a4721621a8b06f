// One service's reach shared by the workloads that sit alike (issue 14 item 5): a Lambda function
// or an ECS service is "any ENI of the subnet" with its groups, so every function or service in
// the same subnet with the same groups, public-IP kind and reply ports gets the same answer for a
// service, apart from the words that name it (`workload`, `from`). Most functions share their
// subnets and groups with others, so most of their answers are one map look-up.
//
// What the answer reads from a placement, and how the key covers it:
//   - subnet, groups, public IPv4 (kind, address, note), ephemeral ports: in the key;
//   - the endpoint policy's decision for the workload's ARN (only the SSM Agent's services decide
//     calls on the workload itself, endpoint-policy.ts): the decision object, memoised per request
//     shape, is the last level of the key;
//   - an ENI, a private address or an instance's IPv6 address: placements with any of those are
//     never shared (an EC2 instance is its own host address, judged on its own);
//   - the label: only interpolated into messages. An answer that never mentions the label of the
//     workload it was computed for is the answer for every workload of that shape; one that does
//     (a denied security group names the workload) is computed per workload.
import type { Vpc } from '../../snapshot/types.js';
import type { RegionView } from '../../snapshot/view.js';
import { getOrCreate } from '../../util/memo.js';
import { ENDPOINT_ACTIONS } from '../endpoint-policy.js';
import type { Check } from './checks.js';
import { policyCheck } from './endpoint-policy-check.js';
import type { PlacementPeer } from './flows.js';
import { preferredEndpoint } from './interface-endpoint.js';
import { markShared } from './path-evidence.js';
import { pathCache } from './region-cache.js';
import type { ServiceReach } from './reach-types.js';
import { startHop } from './answer.js';

/** One computed answer of a shape, and whether it has been found to be shareable. */
interface SharedAnswer {
  /** The workload it was computed for (its placement, policy decision and label). */
  self: PlacementPeer;
  reach: ServiceReach;
  /**
   * Decided when a second workload of the shape asks (most shapes have one workload: deciding
   * up front would cost every workload a walk over its answer): the endpoint-policy decision it
   * depends on, or `names-workload` when it cannot be shared.
   */
  shared?: { policy: Check | null } | 'names-workload';
}

/** The answers of one placement shape, per service. */
export type SharedReaches = Map<string, SharedAnswer>;

/**
 * The shape key of a placement whose answers can be shared, or undefined when they cannot: a
 * placement with an ENI, a private address or an instance behind it is judged on its own.
 */
export function sharedShapeOf(region: RegionView, self: PlacementPeer): SharedReaches | undefined {
  const p = self.placement;
  if (p.eniId !== undefined || p.privateIp !== undefined) return undefined;
  // ipv6-internet.ts reads an instance's IPv6 address by workload id.
  if (region.instance(p.workloadId) !== undefined) return undefined;
  const key =
    `${p.subnetId}|${self.groupsKey}|${String(p.publicIpv4)}|${p.publicIpAddress ?? ''}|` +
    `${p.publicIpv4Note ?? ''}|${p.ephemeralPorts[0]}-${p.ephemeralPorts[1]}`;
  return getOrCreate(pathCache(region).sharedReaches, key, () => new Map());
}

/** The endpoint-policy decision the answer depends on for this workload, or null when none does. */
function policyDependence(region: RegionView, self: PlacementPeer, vpc: Vpc, service: string): Check | null {
  if (!ENDPOINT_ACTIONS[service]) return null;
  const endpoint = preferredEndpoint(region, vpc.id, service);
  return endpoint ? policyCheck(endpoint, service, self.placement) : null;
}

/** Whether any string in `value` contains `text` (the answer's own `workload` and `from` aside). */
function mentions(value: unknown, text: string): boolean {
  if (typeof value === 'string') return value.includes(text);
  if (Array.isArray(value)) return value.some((v) => mentions(v, text));
  if (typeof value === 'object' && value !== null)
    return Object.values(value as Record<string, unknown>).some((v) => mentions(v, text));
  return false;
}

function namesWorkload(reach: ServiceReach, label: string): boolean {
  if (label === '') return true;
  for (const [key, value] of Object.entries(reach))
    if (key !== 'workload' && key !== 'from' && mentions(value, label)) return true;
  return false;
}

/**
 * `compute`'s answer for this workload, from the shape's shared answer when it can be shared; the
 * first workload of a shape computes it, the second decides whether it can be shared.
 */
export function sharedReach(
  region: RegionView,
  shape: SharedReaches,
  self: PlacementPeer,
  vpc: Vpc,
  service: string,
  compute: () => ServiceReach,
): ServiceReach {
  const first = shape.get(service);
  if (!first) {
    const reach = compute();
    shape.set(service, { self, reach });
    return reach;
  }
  first.shared ??= namesWorkload(first.reach, first.self.placement.label)
    ? 'names-workload'
    : { policy: policyDependence(region, first.self, vpc, service) };
  if (first.shared === 'names-workload') return compute();
  if (policyDependence(region, self, vpc, service) !== first.shared.policy) return compute();
  markShared(first.reach);
  // The same answer in this workload's words (the key order of the computed answer kept).
  return { ...first.reach, workload: self.placement.label, from: startHop(self) };
}
