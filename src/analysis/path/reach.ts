// The path engine's entry points (design.md "Workloads and paths"): every service a placement
// needs, each answered by service-reach.ts (shared between workloads placed alike,
// shared-reach.ts), combined per placement and per workload; a placement that cannot be located
// is undecided, never a verdict.
import type { Evidence } from '../../findings/types.js';
import type { Vpc } from '../../snapshot/types.js';
import type { RegionView } from '../../snapshot/view.js';
import { dedupe, type PathProblem, type PathVerdict } from './checks.js';
import { placementPeer, type PlacementPeer } from './flows.js';
import { internetPath, type InternetPath } from './internet.js';
import { servicePathEvidence } from './path-evidence.js';
import type { Placement } from './placement.js';
import type { ReachOptions, ServicePathResult, ServiceReach } from './reach-types.js';
import { reachService } from './service-reach.js';
import { sharedReach, sharedShapeOf } from './shared-reach.js';

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
  // Most answers have no problems or doubts: lists are gathered only when one has some.
  let problems: PathProblem[] | undefined;
  let doubts: PathProblem[] | undefined;
  for (const r of reaches) {
    for (const e of r.evidence) {
      if (seen.has(e.summary)) continue;
      seen.add(e.summary);
      evidence.push(e);
    }
    if (r.problems.length > 0) (problems ??= []).push(...r.problems);
    if (r.doubts.length > 0) (doubts ??= []).push(...r.doubts);
  }
  return {
    verdict,
    services: reaches,
    problems: problems ? dedupe(problems) : [],
    doubts: doubts ? dedupe(doubts) : [],
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
