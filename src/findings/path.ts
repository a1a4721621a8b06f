// The path-hop vocabulary: how a finding says which network path decided it. A path is an evidence
// item of kind `path` whose details hold the ordered hops from the workload to its destination,
// each with its id, what decided it (the rule, entry or route) and whether it let the traffic
// through. The path engine (design.md "Workloads and paths") emits it; the HTML report draws it
// and the console prints it on one line.
import type { Evidence, JsonValue } from './types.js';

export const PATH_EVIDENCE_KIND = 'path';

export const PATH_HOP_KINDS = [
  'eni',
  'security-group',
  'network-acl',
  'route',
  'endpoint',
  'nat-gateway',
  'internet-gateway',
  'service',
  // An address and port: a DB instance, an instance's ENI, any address of a subnet (target reach).
  'target',
] as const;
export type PathHopKind = (typeof PATH_HOP_KINDS)[number];

export interface PathHop {
  kind: PathHopKind;
  /**
   * The resource id (`eni-…`, `sg-…`, `acl-…`, `rtb-…`, `vpce-…`, `nat-…`, `igw-…`), service name,
   * or for a `target` hop the target's id (`i-…`, a DB instance id, `eni-…`).
   */
  id: string;
  /** What decided this hop, e.g. `egress tcp 443 to 0.0.0.0/0`, `rule 50 deny tcp 443`, `0.0.0.0/0 → nat-1`. */
  decidedBy: string;
  verdict: 'allow' | 'deny';
}

/** An evidence item of kind `path` carrying `hops` in order (and the destination, if named). */
export function pathEvidence(summary: string, hops: readonly PathHop[], destination?: string): Evidence {
  const details: { [key: string]: JsonValue } = {
    hops: hops.map((hop) => ({ kind: hop.kind, id: hop.id, decidedBy: hop.decidedBy, verdict: hop.verdict })),
  };
  if (destination !== undefined) details.destination = destination;
  return { kind: PATH_EVIDENCE_KIND, summary, details };
}

function isHop(value: unknown): value is PathHop {
  if (typeof value !== 'object' || value === null) return false;
  const hop = value as Record<string, unknown>;
  return (
    (PATH_HOP_KINDS as readonly unknown[]).includes(hop.kind) &&
    typeof hop.id === 'string' &&
    typeof hop.decidedBy === 'string' &&
    (hop.verdict === 'allow' || hop.verdict === 'deny')
  );
}

/** The hops of a `path` evidence item, or undefined when it is not one or is malformed. */
export function pathHops(evidence: Evidence): PathHop[] | undefined {
  if (evidence.kind !== PATH_EVIDENCE_KIND) return undefined;
  const hops = evidence.details?.hops;
  if (!Array.isArray(hops) || hops.length === 0) return undefined;
  const valid = (hops as unknown[]).filter(isHop);
  return valid.length === hops.length ? valid : undefined;
}

/** Index of the first hop that denied the traffic, or -1 when every hop allowed it. */
export function brokenHopIndex(hops: readonly PathHop[]): number {
  return hops.findIndex((hop) => hop.verdict === 'deny');
}
