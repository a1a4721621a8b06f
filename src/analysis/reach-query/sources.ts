// A workload as a source of traffic: its placements (design.md "Workloads and paths"). An instance
// has one (its primary ENI); a Lambda function or an ECS awsvpc service has one per subnet, since
// its ENIs may be in any of them. Each placement is judged on its own, so a row says which subnet.
import type { ReachResource } from '../../findings/reach.js';
import type { RegionView } from '../../snapshot/view.js';
import { instancePlacement, type Placement } from '../path/index.js';
import { ecsPlacements, lambdaPlacements } from '../workloads/index.js';
import { describeResolved, type Resolved } from './resolve.js';

export interface Source {
  resource: ReachResource;
  region: RegionView;
  placements: Placement[];
  /** Why it has no placement to judge (outside a VPC, no awsvpc configuration, no subnet). */
  unplaced?: string;
}

/** The source as it is, or, with no placement to judge, with the reason why. */
function placedOrWhyNot(source: Source, unplaced: string): Source {
  return source.placements.length > 0 ? source : { ...source, unplaced };
}

/** The placements of a resolved workload; a DB instance or an endpoint is not a source. */
export function sourceOf(resolved: Resolved): Source | undefined {
  const resource = describeResolved(resolved);
  const region = resolved.region;
  switch (resolved.kind) {
    case 'instance': {
      const placement = instancePlacement(region, resolved.resource);
      return placedOrWhyNot(
        { resource, region, placements: placement ? [placement] : [] },
        `${resource.label} has no subnet`,
      );
    }
    case 'lambda-function':
      return placedOrWhyNot(
        { resource, region, placements: lambdaPlacements(resolved.resource) },
        `${resource.label} is not attached to a VPC: it reaches what the Lambda service's own network reaches, which the snapshot does not model`,
      );
    case 'ecs-service':
      return placedOrWhyNot(
        { resource, region, placements: ecsPlacements(resolved.resource) },
        `${resource.label} has no awsvpc configuration: its tasks use the network of the container instances`,
      );
    default:
      return undefined;
  }
}

/**
 * Every workload of `region` that may send traffic: running instances (a stopped one sends
 * nothing), Lambda functions attached to a VPC, ECS services with an awsvpc configuration.
 */
export function workloadsOf(region: RegionView): Source[] {
  const out: Source[] = [];
  for (const instance of region.data.instances) {
    if (instance.state !== 'running') continue;
    const s = sourceOf({ kind: 'instance', region, resource: instance });
    if (s && s.placements.length > 0) out.push(s);
  }
  for (const fn of region.data.lambdaFunctions) {
    const s = sourceOf({ kind: 'lambda-function', region, resource: fn });
    if (s && s.placements.length > 0) out.push(s);
  }
  for (const service of region.data.ecsServices) {
    const s = sourceOf({ kind: 'ecs-service', region, resource: service });
    if (s && s.placements.length > 0) out.push(s);
  }
  return out;
}
