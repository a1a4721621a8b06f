// The unit every hop of a path is judged in: a check that passed, broke (a problem) or could not be
// decided (a doubt), with the evidence that decided it and the hop it stands for.
import type { Evidence } from '../../findings/types.js';
import type { PathHop, PathHopKind } from '../../findings/path.js';
import type { NaclDecision } from '../nacl.js';
import type { SecurityGroupDecision } from '../security-groups.js';

export type PathVerdict = 'reachable' | 'unreachable' | 'indeterminate';

/** One broken prerequisite, or one thing the snapshot cannot decide. */
export interface PathProblem {
  /** Short sentence for messages: "endpoint vpce-0abc's security group does not allow tcp 443 from i-0abc". */
  message: string;
  evidence: Evidence[];
}

/**
 * A hop as the engine sees it: a path hop (src/findings/path.ts) whose verdict may also be
 * `undecided` (the snapshot cannot tell). Path evidence stops before an undecided hop.
 */
export interface JudgedHop {
  kind: PathHopKind;
  id: string;
  decidedBy: string;
  verdict: PathHop['verdict'] | 'undecided';
}

export interface Check {
  ok: boolean;
  problems: PathProblem[];
  doubts: PathProblem[];
  evidence: Evidence[];
  /** The hops this check judged, in path order. */
  hops: JudgedHop[];
}

export const emptyCheck = (): Check => ({ ok: true, problems: [], doubts: [], evidence: [], hops: [] });

/** Adds `from`'s outcome to `into`; `withHops: false` when the caller orders the hops itself. */
export function merge(into: Check, from: Check, withHops = true): void {
  into.ok &&= from.ok;
  if (from.problems.length > 0) into.problems.push(...from.problems);
  if (from.doubts.length > 0) into.doubts.push(...from.doubts);
  if (from.evidence.length > 0) into.evidence.push(...from.evidence);
  if (withHops && from.hops.length > 0) into.hops.push(...from.hops);
}

/** A failed check: one problem (or, with `doubt`, one doubt) and the hop it breaks. */
export function failedCheck(
  message: string,
  evidence: Evidence[],
  hop: JudgedHop | undefined,
  doubt = false,
): Check {
  const finding = { message, evidence };
  return {
    ok: false,
    problems: doubt ? [] : [finding],
    doubts: doubt ? [finding] : [],
    evidence: [],
    hops: hop ? [hop] : [],
  };
}

export function hop(
  kind: PathHopKind,
  id: string,
  decidedBy: string,
  verdict: JudgedHop['verdict'] = 'allow',
): JudgedHop {
  return { kind, id, decidedBy, verdict };
}

function hopVerdict(
  verdict: SecurityGroupDecision['verdict'] | NaclDecision['verdict'],
): JudgedHop['verdict'] {
  if (verdict === 'allowed') return 'allow';
  return verdict === 'denied' ? 'deny' : 'undecided';
}

/** A security-group or network-ACL decision as a check: allowed, a problem, or a doubt. */
export function decisionCheck(
  decision: SecurityGroupDecision | NaclDecision,
  what: string,
  where: { kind: PathHopKind; id: string },
): Check {
  const judged = hop(where.kind, where.id, decisionBasis(decision), hopVerdict(decision.verdict));
  if (decision.verdict === 'allowed')
    return { ok: true, problems: [], doubts: [], evidence: decision.evidence, hops: [judged] };
  const finding = { message: `${what}: ${decision.reason}`, evidence: decision.evidence };
  return decision.verdict === 'denied'
    ? { ok: false, problems: [finding], doubts: [], evidence: [], hops: [judged] }
    : { ok: false, problems: [], doubts: [finding], evidence: [], hops: [judged] };
}

/** What decided a group or ACL hop: the allowing rule or entry when there is one, else the reason. */
function decisionBasis(decision: SecurityGroupDecision | NaclDecision): string {
  const evidence = decision.evidence;
  if (decision.verdict !== 'allowed' || evidence.length === 0) return decision.reason;
  // Usually one allowing rule or entry: no array for it.
  return evidence.length === 1
    ? (evidence[0]?.summary ?? decision.reason)
    : evidence.map((e) => e.summary).join('; ');
}

export function dedupe(problems: PathProblem[]): PathProblem[] {
  if (problems.length < 2) return [...problems];
  const seen = new Map<string, PathProblem>();
  for (const p of problems) if (!seen.has(p.message)) seen.set(p.message, p);
  return [...seen.values()];
}
