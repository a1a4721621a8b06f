// How the path rules word what broke a path or left it undecided: the engine's problems as
// merged clauses (at most five, then "and N more"), and as evidence items next to their own.
import type { Evidence } from '../../src/engine/types.js';
import type { RegionalKind } from '../../src/snapshot/types.js';
import type { PathProblem } from '../../src/analysis/path/index.js';
import { mergeParallelClauses } from './merge-clauses.js';

/** Without these the network path cannot be judged at all. */
export const PATH_KINDS: RegionalKind[] = [
  'subnets',
  'vpcs',
  'routeTables',
  'vpcEndpoints',
  'securityGroups',
  'networkAcls',
  'networkInterfaces',
];

const MAX_LISTED = 5;

/** Clauses merged where they differ only in one name, the first five, then "and N more". */
export function listedClauses(clauses: readonly string[]): string {
  const merged = mergeParallelClauses(clauses);
  const shown = merged.slice(0, MAX_LISTED);
  const more = merged.length - shown.length;
  return shown.join('; ') + (more > 0 ? `; and ${more} more (see evidence)` : '');
}

export function phraseProblems(problems: readonly PathProblem[]): string {
  return listedClauses(problems.map((p) => p.message));
}

/** Each problem as a `broken-prerequisite` item, followed by its evidence (each item once). */
export function problemEvidence(problems: readonly PathProblem[]): Evidence[] {
  const out: Evidence[] = [];
  const seen = new Set<string>();
  for (const p of problems) {
    out.push({ kind: 'broken-prerequisite', summary: p.message });
    for (const e of p.evidence) {
      if (seen.has(e.summary)) continue;
      seen.add(e.summary);
      out.push(e);
    }
  }
  return out;
}
