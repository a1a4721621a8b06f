// `aws-audit reach` (README "Reachability queries"): reachability questions answered from a
// snapshot with the rules' own path engine (src/analysis/path), so no extra API call and no cost
// per query. Three questions:
//   --from X [--service s]   which AWS services X reaches on 443, and the way and hops of each;
//   --from X --to Y [--port] the path from X to Y, hop by hop (X may also be an EC2 Instance
//                            Connect Endpoint, Y then an instance);
//   --to Y [--why-not]       every workload and internet range that reaches Y on its port(s).
import { REACH_ANSWER_VERSION, type ReachAnswer, type ReachQuery } from '../../findings/reach.js';
import type { SnapshotView } from '../../snapshot/view.js';
import { instanceConnectRow } from './instance-connect.js';
import { missingKindsNote } from './kinds.js';
import { adminPort } from '../instance-connect.js';
import { describeResolved, resolveResource, nearMatches, type Resolution, type Resolved } from './resolve.js';
import { KNOWN_SERVICES, serviceRows } from './services.js';
import { sourceOf, workloadsOf } from './sources.js';
import { internetRows, isTargetKind, targetSpec, workloadRows, type TargetSpec } from './targets.js';

export { KNOWN_SERVICES } from './services.js';
export { REACH_KINDS } from './kinds.js';
export { editDistance, nearMatches } from './resolve.js';

export interface ReachRequest {
  from?: string;
  to?: string;
  port?: number;
  /** `--service`: endpoint service names; absent: every service the engine knows (KNOWN_SERVICES). */
  services?: readonly string[];
  whyNot?: boolean;
}

/** A query that could not run: an unknown or ambiguous name (exit 2), in one line. */
export interface ReachQueryError {
  error: string;
}

const SOURCE_KINDS = ['instance', 'lambda-function', 'ecs-service'] as const;
/** `--from` with `--to`: a workload, or an Instance Connect Endpoint (its target an instance). */
const PATH_SOURCE_KINDS = [...SOURCE_KINDS, 'instance-connect-endpoint'] as const;

function unresolved(
  flag: string,
  query: string,
  r: Exclude<Resolution, { found: unknown }>,
  what: string,
): ReachQueryError {
  if ('ambiguous' in r) {
    const listed = r.ambiguous.slice(0, 5).join(', ');
    const more = r.ambiguous.length > 5 ? ` and ${r.ambiguous.length - 5} more` : '';
    return { error: `${flag} ${query} names more than one resource: ${listed}${more}; give the ARN` };
  }
  const near = r.unknown.length > 0 ? `; did you mean ${r.unknown.join(', ')}?` : '';
  return { error: `${flag} ${query}: no ${what} of that name in the snapshot${near}` };
}

function queryOf(request: ReachRequest, mode: ReachQuery['mode'], services?: readonly string[]): ReachQuery {
  const q: ReachQuery = { mode, whyNot: request.whyNot === true };
  if (request.from !== undefined) q.from = request.from;
  if (request.to !== undefined) q.to = request.to;
  if (request.port !== undefined) q.port = request.port;
  if (services) q.services = [...services];
  return q;
}

/** `--from X [--service s]`. */
function fromServices(
  view: SnapshotView,
  request: ReachRequest,
  from: string,
): ReachAnswer | ReachQueryError {
  const services = request.services ?? KNOWN_SERVICES;
  const unknown = services.filter((s) => !KNOWN_SERVICES.includes(s));
  if (unknown.length > 0) {
    const hints = unknown.map((s) => {
      const near = nearMatches(s, KNOWN_SERVICES, 3);
      return near.length > 0 ? `${s} (did you mean ${near.join(', ')}?)` : s;
    });
    return { error: `--service: unknown service ${hints.join('; ')}; known: ${KNOWN_SERVICES.join(', ')}` };
  }
  const resolution = resolveResource(view, from, PATH_SOURCE_KINDS);
  if (!('found' in resolution))
    return unresolved('--from', from, resolution, 'instance, Lambda function or ECS service');
  if (resolution.found.kind === 'instance-connect-endpoint')
    return {
      error: `--from ${from} is an Instance Connect Endpoint: it calls no AWS service; give --to <instance> for its way to an instance`,
    };
  const source = sourceOf(resolution.found);
  if (!source) return { error: `--from ${from} is not a workload` };
  return {
    reachVersion: REACH_ANSWER_VERSION,
    query: queryOf(request, 'from-services', services),
    collectedAt: view.snapshot.collectedAt,
    source: source.resource,
    rows: serviceRows(source, services),
    notes: [...(source.unplaced ? [source.unplaced] : []), ...missingKindsNote(source.region)],
  };
}

const TARGET_KINDS = ['db-instance', 'instance', 'vpc-endpoint'] as const;

function resolveTarget(view: SnapshotView, request: ReachRequest, to: string): TargetSpec | ReachQueryError {
  const resolution = resolveResource(view, to, TARGET_KINDS);
  if (!('found' in resolution))
    return unresolved('--to', to, resolution, 'DB instance, instance or interface endpoint');
  const found = resolution.found;
  if (!isTargetKind(found))
    return { error: `--to ${to} is not a DB instance, instance or interface endpoint` };
  const spec = targetSpec(found, request.port);
  return typeof spec === 'string' ? { error: `--to ${to}: ${spec}` } : spec;
}

/** `--to Y [--why-not]`: every workload of Y's region and every internet range the groups admit. */
function toTarget(view: SnapshotView, request: ReachRequest, to: string): ReachAnswer | ReachQueryError {
  const spec = resolveTarget(view, request, to);
  if ('error' in spec) return spec;
  const rows = [
    ...workloadsOf(spec.region)
      .filter((w) => w.resource.id !== spec.workloadId)
      .flatMap((w) => workloadRows(w, spec)),
    ...internetRows(spec),
  ];
  const shown = request.whyNot ? rows : rows.filter((r) => r.verdict !== 'unreachable');
  const hidden = rows.length - shown.length;
  return {
    reachVersion: REACH_ANSWER_VERSION,
    query: queryOf(request, 'to'),
    collectedAt: view.snapshot.collectedAt,
    target: spec.resource,
    rows: shown,
    notes: [
      ...(hidden > 0
        ? [`${hidden} blocked path(s) not listed; --why-not lists them with the first broken hop`]
        : []),
      ...spec.notes,
      `sources are the running instances, VPC-attached Lambda functions and awsvpc ECS services of ${spec.region.accountId}/${spec.region.region}, and the internet ranges the target's security groups admit`,
      ...missingKindsNote(spec.region),
    ],
  };
}

/** `--from X --to Y [--port N]`: one path per placement of X (and port). */
function fromTo(
  view: SnapshotView,
  request: ReachRequest,
  from: string,
  to: string,
): ReachAnswer | ReachQueryError {
  const resolution = resolveResource(view, from, PATH_SOURCE_KINDS);
  if (!('found' in resolution))
    return unresolved(
      '--from',
      from,
      resolution,
      'instance, Lambda function, ECS service or Instance Connect Endpoint',
    );
  if (resolution.found.kind === 'instance-connect-endpoint')
    return fromInstanceConnect(view, request, resolution.found, to);
  const source = sourceOf(resolution.found);
  if (!source) return { error: `--from ${from} is not a workload` };
  const spec = resolveTarget(view, request, to);
  if ('error' in spec) return spec;
  return {
    reachVersion: REACH_ANSWER_VERSION,
    query: queryOf(request, 'from-to'),
    collectedAt: view.snapshot.collectedAt,
    source: source.resource,
    target: spec.resource,
    rows: workloadRows(source, spec),
    notes: [
      ...(source.unplaced ? [source.unplaced] : []),
      ...spec.notes,
      ...missingKindsNote(source.region),
      ...(source.region === spec.region ? [] : missingKindsNote(spec.region)),
    ],
  };
}

/** `--from eice-… --to i-… [--port 22|3389]`: the endpoint's way, as the admin-path rule judges it. */
function fromInstanceConnect(
  view: SnapshotView,
  request: ReachRequest,
  endpoint: Extract<Resolved, { kind: 'instance-connect-endpoint' }>,
  to: string,
): ReachAnswer | ReachQueryError {
  const resolution = resolveResource(view, to, ['instance']);
  if (!('found' in resolution))
    return unresolved('--to', to, resolution, 'instance (an Instance Connect Endpoint reaches instances)');
  const target = resolution.found;
  if (target.kind !== 'instance') return { error: `--to ${to} is not an instance` };
  const spec = targetSpec(target, request.port ?? adminPort(target.resource));
  if (typeof spec === 'string') return { error: `--to ${to}: ${spec}` };
  const source = describeResolved(endpoint);
  const r = instanceConnectRow(source, endpoint.resource, target, request.port);
  if (typeof r === 'string') return { error: `--to ${to}: ${r}` };
  return {
    reachVersion: REACH_ANSWER_VERSION,
    query: queryOf(request, 'from-to'),
    collectedAt: view.snapshot.collectedAt,
    source,
    target: spec.resource,
    rows: [r],
    notes: missingKindsNote(target.region),
  };
}

/** Runs one query. The caller has checked the flag combination (the CLI's usage errors). */
export function runReachQuery(view: SnapshotView, request: ReachRequest): ReachAnswer | ReachQueryError {
  const { from, to } = request;
  if (from !== undefined && to !== undefined) return fromTo(view, request, from, to);
  if (from !== undefined) return fromServices(view, request, from);
  if (to !== undefined) return toTarget(view, request, to);
  return { error: 'reach needs --from, --to, or both' };
}
