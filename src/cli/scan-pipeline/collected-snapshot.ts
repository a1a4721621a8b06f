// What `collect` (one account or a fan-out) decides about the snapshots it writes: which kinds to
// read for `--rules`, the rules recorded in the file, and how many kinds are missing.
import { kindsRequiredBy } from '../../snapshot/required-kinds.js';
import { ALL_KINDS, type ResourceKind, type Snapshot } from '../../snapshot/types.js';
import type { Rule } from '../../engine/types.js';

/** `collect --rules`: just what those rules read (dependencies are added by the plan); else all. */
export function kindsToCollect(selected: readonly Rule[] | undefined): ResourceKind[] {
  return selected ? kindsRequiredBy(selected) : [...ALL_KINDS];
}

/**
 * Records which rules a `collect --rules` snapshot was gathered for (before `accounts`, where a
 * reader looks first), so `scan --snapshot` evaluates just those rather than fail the rest.
 */
export function withCollectedRules(snapshot: Snapshot, rules: readonly Rule[] | undefined): Snapshot {
  if (rules === undefined) return snapshot;
  const { accounts, ...head } = snapshot;
  return { ...head, rules: rules.map((rule) => rule.meta.id), accounts };
}

export function failedKindCount(snapshot: Snapshot): number {
  let failed = 0;
  for (const account of snapshot.accounts) {
    for (const region of account.regions)
      failed += Object.values(region.collection).filter((s) => s === 'failed').length;
    failed += Object.values(account.global.collection).filter((s) => s === 'failed').length;
  }
  return failed;
}
