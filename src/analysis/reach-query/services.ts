// `reach --from X [--service s]`: which AWS services a workload reaches on tcp 443, and how — the
// path engine's `reachServices` for each of its placements (the rules' very computation, so the
// SSM rule's `path` evidence and this answer's path are the same item).
import type { ReachRow } from '../../findings/reach.js';
import { HTTPS, reachServices, serviceHops, servicePathEvidence } from '../path/index.js';
import { IAM_PREFIX_ENDPOINTS } from '../service-endpoints.js';
import { row } from './rows.js';
import type { Source } from './sources.js';

/** Every endpoint service the engine can judge: those some IAM prefix's calls resolve to. */
export const KNOWN_SERVICES: readonly string[] = [
  ...new Set(Object.values(IAM_PREFIX_ENDPOINTS).flat()),
].sort((a, b) => a.localeCompare(b));

/** One row per placement × service, in the services' order. */
export function serviceRows(source: Source, services: readonly string[]): ReachRow[] {
  const rows: ReachRow[] = [];
  for (const placement of source.placements) {
    const result = reachServices(source.region, placement, services);
    if (result.services.length === 0) {
      // The placement itself could not be located: one undecided row per service says why.
      for (const service of services)
        rows.push(
          row({
            from: source.resource,
            subnetId: placement.subnetId,
            to: service,
            port: HTTPS,
            verdict: 'indeterminate',
            hops: [],
            problems: [],
            doubts: result.doubts,
            path: {
              kind: 'path',
              summary: result.doubts.map((d) => d.message).join('; '),
              details: { hops: [] },
            },
          }),
        );
      continue;
    }
    for (const s of result.services) {
      const taken = s.ways.find((w) => w.taken) ?? s.ways[0];
      const way = s.via ?? taken?.way;
      // The internet ways name their gateway only as a hop: the NAT (or instance) or the IGW.
      const gateway = taken?.hops.find((h) => h.kind === 'nat-gateway' || h.kind === 'internet-gateway');
      const via = s.endpointId ?? taken?.id ?? gateway?.id;
      rows.push(
        row({
          from: source.resource,
          subnetId: placement.subnetId,
          to: s.service,
          port: HTTPS,
          verdict: s.verdict,
          ...(way !== undefined ? { way } : {}),
          ...(via !== undefined ? { via } : {}),
          hops: serviceHops(s),
          ...(taken?.firstBrokenHop ? { firstBrokenHop: taken.firstBrokenHop } : {}),
          problems: s.problems,
          doubts: s.doubts,
          path: servicePathEvidence(s),
        }),
      );
    }
  }
  return rows;
}
