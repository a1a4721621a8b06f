// `aws-audit reach` (README "Reachability queries"): reachability questions answered from a
// snapshot with the rules' own path engine (src/analysis/path), so no extra API call and no cost
// per query. Three questions:
//   --from X [--service s]   which AWS services X reaches on 443, and the way and hops of each;
//   --from X --to Y [--port] the path from X to Y, hop by hop;
//   --to Y [--why-not]       every workload and internet range that reaches Y on its port(s).
import { REACH_ANSWER_VERSION, type ReachAnswer, type ReachQuery } from '../../findings/reach.js';
import type { SnapshotView } from '../../snapshot/view.js';
import { missingKindsNote } from './kinds.js';
import { resolveResource, nearMatches, type Resolution } from './resolve.js';
import { KNOWN_SERVICES, serviceRows } from './services.js';
import { sourceOf } from './sources.js';

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

function unresolved(
  flag: string,
  query: string,
  r: Exclude<Resolution, { found: unknown }>,
  what: string,
): ReachQueryError {
  if ('ambiguous' in r)
    return {
      error: `${flag} ${query} names more than one resource: ${r.ambiguous.join(', ')}; give the ARN or id`,
    };
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
  const resolution = resolveResource(view, from, SOURCE_KINDS);
  if (!('found' in resolution))
    return unresolved('--from', from, resolution, 'instance, Lambda function or ECS service');
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

/** Runs one query. The caller has checked the flag combination (the CLI's usage errors). */
export function runReachQuery(view: SnapshotView, request: ReachRequest): ReachAnswer | ReachQueryError {
  if (request.from !== undefined && request.to === undefined)
    return fromServices(view, request, request.from);
  return { error: '--to is not available in this build' };
}
