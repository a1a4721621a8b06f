// The kinds a set of rules reads: the union of their `meta.requires`, in the canonical kind order.
// Collection plans (src/collect/plan.ts), `aws-audit policy`, live scans and the benchmarks all
// ask this one question, so it is answered here, in the contract both sides share.
import { ALL_KINDS, type ResourceKind } from './types.js';

/** Anything with a `meta.requires` list (a rule), so this does not depend on the engine. */
export interface RequiresKinds {
  meta: { requires: readonly ResourceKind[] };
}

export function kindsRequiredBy(rules: readonly RequiresKinds[]): ResourceKind[] {
  const wanted = new Set(rules.flatMap((rule) => rule.meta.requires));
  return ALL_KINDS.filter((kind) => wanted.has(kind));
}
