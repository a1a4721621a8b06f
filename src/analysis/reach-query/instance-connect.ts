// `reach --from eice-… --to i-…`: the way an EC2 Instance Connect Endpoint reaches an instance
// (aws-facts §10.3). The row is built from `endpointWay`, the very judgement
// `ec2-instance-private-admin-path` makes of each endpoint (including PreserveClientIp, where the
// instance sees the client ranges rather than the endpoint), so the path printed is the path
// evidence of that rule's finding.
import type { ReachResource, ReachRow } from '../../findings/reach.js';
import type { InstanceConnectEndpoint } from '../../snapshot/types.js';
import { adminPort, endpointWay } from '../instance-connect.js';
import { instancePlacement } from '../path/index.js';
import { row } from './rows.js';
import type { Resolved } from './resolve.js';

type InstanceTarget = Extract<Resolved, { kind: 'instance' }>;

/** One row: the endpoint to the instance on `port` (default: 22, or 3389 for Windows). */
export function instanceConnectRow(
  from: ReachResource,
  endpoint: InstanceConnectEndpoint,
  target: InstanceTarget,
  port: number | undefined,
): ReachRow | string {
  const instance = target.resource;
  const placement = instancePlacement(target.region, instance);
  if (!placement) return `${instance.id} has no subnet`;
  const way = endpointWay(target.region, endpoint, instance, placement, port ?? adminPort(instance));
  const portReach = way.reach?.ports[0];
  const reasons = [...way.problems, ...way.doubts];
  return row({
    from,
    subnetId: endpoint.subnetId,
    to: instance.id,
    port: portReach?.port ?? port ?? adminPort(instance),
    verdict: way.verdict,
    ...(way.reach?.via !== undefined ? { way: way.reach.via } : {}),
    hops: portReach?.hops ?? [],
    ...(portReach?.firstBrokenHop ? { firstBrokenHop: portReach.firstBrokenHop } : {}),
    problems: way.problems,
    doubts: way.doubts,
    // An endpoint that cannot be used draws no hop: the reason is the whole path.
    path: way.reach?.path ?? {
      kind: 'path',
      summary: reasons.map((r) => r.message).join('; '),
      details: { hops: [] },
    },
  });
}
