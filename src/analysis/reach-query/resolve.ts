// Which resource a `reach` flag names: an instance id or Name tag, a Lambda function's name or ARN,
// an ECS service's ARN, `cluster/name` or name, a DB instance's id or ARN, a VPC endpoint's id, an
// EC2 Instance Connect Endpoint's id or ARN.
// An unknown name is answered with the near matches (same prefix, or a small edit distance), so
// a typo costs one more try, not a search through the snapshot.
import type { ReachResource, ReachResourceKind } from '../../findings/reach.js';
import type { RegionView, SnapshotView } from '../../snapshot/view.js';
import type {
  DbInstance,
  EcsService,
  Instance,
  InstanceConnectEndpoint,
  LambdaFunction,
  VpcEndpoint,
} from '../../snapshot/types.js';
import { ecsLabel, lambdaLabel } from '../workloads/index.js';

export type Resolved =
  | { kind: 'instance'; region: RegionView; resource: Instance }
  | { kind: 'lambda-function'; region: RegionView; resource: LambdaFunction }
  | { kind: 'ecs-service'; region: RegionView; resource: EcsService }
  | { kind: 'db-instance'; region: RegionView; resource: DbInstance }
  | { kind: 'vpc-endpoint'; region: RegionView; resource: VpcEndpoint }
  | { kind: 'instance-connect-endpoint'; region: RegionView; resource: InstanceConnectEndpoint };

export type Resolution =
  | { found: Resolved }
  /** Nothing matched: the closest names, best first (possibly none). */
  | { unknown: string[] }
  /** More than one resource answers to the name: their unambiguous ids. */
  | { ambiguous: string[] };

interface Candidate {
  resolved: Resolved;
  /** The unambiguous id printed back to the user (an ARN when there is one). */
  id: string;
  /** Every name it answers to. */
  names: string[];
}

const MAX_NEAR = 5;

function candidates(view: SnapshotView, kinds: ReadonlySet<ReachResourceKind>): Candidate[] {
  const out: Candidate[] = [];
  for (const account of view.accounts)
    for (const region of account.regions) {
      const data = region.data;
      if (kinds.has('instance'))
        for (const i of data.instances)
          out.push({
            resolved: { kind: 'instance', region, resource: i },
            id: i.id,
            names: [i.id, i.arn, ...(i.name !== undefined ? [i.name] : [])],
          });
      if (kinds.has('lambda-function'))
        for (const f of data.lambdaFunctions)
          out.push({
            resolved: { kind: 'lambda-function', region, resource: f },
            id: f.arn,
            names: [f.name, f.arn],
          });
      if (kinds.has('ecs-service'))
        for (const s of data.ecsServices) {
          const cluster = s.clusterArn.slice(s.clusterArn.lastIndexOf('/') + 1);
          out.push({
            resolved: { kind: 'ecs-service', region, resource: s },
            id: s.arn,
            names: [s.arn, s.name, `${cluster}/${s.name}`],
          });
        }
      if (kinds.has('db-instance'))
        for (const d of data.dbInstances)
          out.push({
            resolved: { kind: 'db-instance', region, resource: d },
            id: d.arn,
            names: [d.id, d.arn, ...(d.endpointAddress !== undefined ? [d.endpointAddress] : [])],
          });
      if (kinds.has('vpc-endpoint'))
        for (const e of data.vpcEndpoints)
          if (e.type.toLowerCase() === 'interface')
            out.push({
              resolved: { kind: 'vpc-endpoint', region, resource: e },
              id: e.id,
              names: [e.id, e.arn],
            });
      if (kinds.has('instance-connect-endpoint'))
        for (const e of data.instanceConnectEndpoints)
          out.push({
            resolved: { kind: 'instance-connect-endpoint', region, resource: e },
            id: e.id,
            names: [e.id, e.arn],
          });
    }
  return out;
}

/** Levenshtein distance, stopping early once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The names among `names` close to `query`, best first: one starts with the other (and the shorter
 * has at least 3 characters), or they differ by at most a quarter of the query's length (at least 2
 * edits). Case is ignored.
 */
export function nearMatches(query: string, names: readonly string[], max = MAX_NEAR): string[] {
  const q = query.toLowerCase();
  const limit = Math.max(2, Math.floor(q.length / 4));
  const scored: { name: string; score: number }[] = [];
  for (const name of new Set(names)) {
    const n = name.toLowerCase();
    const prefix = Math.min(q.length, n.length) >= 3 && (n.startsWith(q) || q.startsWith(n));
    const distance = editDistance(q, n, limit);
    if (prefix || distance <= limit)
      scored.push({ name, score: prefix ? Math.min(distance, limit) : distance });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, max)
    .map((s) => s.name);
}

/** The one resource among `kinds` that `query` names (exactly, case-sensitive as AWS is). */
export function resolveResource(
  view: SnapshotView,
  query: string,
  kinds: readonly ReachResourceKind[],
): Resolution {
  const all = candidates(view, new Set(kinds));
  const hits = all.filter((c) => c.names.includes(query));
  if (hits.length === 1 && hits[0]) return { found: hits[0].resolved };
  if (hits.length > 1) return { ambiguous: hits.map((h) => `${h.id} (${h.resolved.region.region})`) };
  // Near matches among the short names (ids, names), not the ARNs, unless an ARN was typed.
  const typedArn = query.startsWith('arn:');
  const names = all.flatMap((c) => c.names.filter((n) => n.startsWith('arn:') === typedArn));
  return { unknown: nearMatches(query, names) };
}

/** The resource as the answer names it. */
export function describeResolved(r: Resolved): ReachResource {
  const where = { accountId: r.region.accountId, region: r.region.region };
  switch (r.kind) {
    case 'instance': {
      const i = r.resource;
      return { kind: r.kind, id: i.id, label: i.name ? `${i.id} (${i.name})` : i.id, ...where };
    }
    case 'lambda-function':
      return { kind: r.kind, id: r.resource.arn, label: lambdaLabel(r.resource), ...where };
    case 'ecs-service':
      return { kind: r.kind, id: r.resource.arn, label: ecsLabel(r.resource), ...where };
    case 'db-instance':
      return { kind: r.kind, id: r.resource.id, label: `DB instance ${r.resource.id}`, ...where };
    case 'vpc-endpoint':
      return {
        kind: r.kind,
        id: r.resource.id,
        label: `endpoint ${r.resource.id} (${r.resource.serviceName})`,
        ...where,
      };
    case 'instance-connect-endpoint':
      return {
        kind: r.kind,
        id: r.resource.id,
        label: `Instance Connect Endpoint ${r.resource.id}`,
        ...where,
      };
  }
}
