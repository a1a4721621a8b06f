// Engine results → answer rows: the hops as the engine judged them, the first broken one, the
// reasons, and the very `path` evidence the rules attach (so `reach` and a finding never disagree).
import type { Evidence } from '../../findings/types.js';
import type { ReachHop, ReachResource, ReachRow, ReachVerdict } from '../../findings/reach.js';
import type { JudgedHop, PathProblem } from '../path/index.js';

export function rowHop(h: JudgedHop): ReachHop {
  return { kind: h.kind, id: h.id, decidedBy: h.decidedBy, verdict: h.verdict };
}

export interface RowParts {
  from: ReachResource;
  subnetId?: string;
  to: string;
  port: number;
  verdict: ReachVerdict;
  way?: string;
  via?: string;
  hops: readonly JudgedHop[];
  firstBrokenHop?: JudgedHop;
  problems: readonly PathProblem[];
  doubts: readonly PathProblem[];
  path: Evidence;
}

export function row(parts: RowParts): ReachRow {
  const out: ReachRow = {
    from: parts.from,
    to: parts.to,
    port: parts.port,
    verdict: parts.verdict,
    hops: parts.hops.map(rowHop),
    reasons: [...new Set([...parts.problems, ...parts.doubts].map((p) => p.message))],
    path: parts.path,
  };
  if (parts.subnetId !== undefined) out.subnetId = parts.subnetId;
  if (parts.way !== undefined) out.way = parts.way;
  if (parts.via !== undefined) out.via = parts.via;
  if (parts.verdict !== 'reachable' && parts.firstBrokenHop)
    out.firstBrokenHop = rowHop(parts.firstBrokenHop);
  return out;
}
