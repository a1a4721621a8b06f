// The path engine (design.md "Workloads and paths"): placements, reach, and their evidence.
export type { PathProblem, PathVerdict, JudgedHop } from './checks.js';
export { instancePlacement, LINUX_EPHEMERAL_PORTS, type Placement } from './placement.js';
export {
  decisivePath,
  reach,
  reachFromPlacements,
  reachServices,
  type PlacementReach,
  type PlacementsReach,
} from './reach.js';
export { servicePathEvidence, serviceHops } from './path-evidence.js';
export type { ReachOptions, ServicePathResult, ServiceReach, Way, WayReach } from './reach-types.js';
export { servicePath } from './service-path.js';
export {
  reachTarget,
  type Target,
  type TargetPortReach,
  type TargetReach,
  type TargetOptions,
  type TargetRegions,
} from './target.js';
export type { TargetRouteKind } from './target-route.js';
export { reachFromInternet, type PublicAddress } from './internet-source.js';
export { interfaceEndpointsFor } from './interface-endpoint.js';
export { gatewayEndpointsFor } from './gateway-endpoint.js';
/** The port every AWS service API (and every interface endpoint) is called on (aws-facts §5.2). */
export { HTTPS } from './flows.js';
