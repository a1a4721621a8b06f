// Which kinds to collect: those the selected rules `require`, plus what those depend on
// (CloudSploit's apis-driven collection, style.md). `vpcAttributes` needs the VPCs, user data the
// instances, and so on; the order returned runs dependencies first.
import {
  ALL_KINDS,
  isGlobalKind,
  type GlobalKind,
  type RegionalKind,
  type ResourceKind,
} from '../snapshot/types.js';
import { kindsRequiredBy, type RequiresKinds } from '../snapshot/required-kinds.js';
import { collectorFor } from './collectors/index.js';

export interface CollectionPlan {
  regional: RegionalKind[];
  global: GlobalKind[];
}

export type { RequiresKinds };

export function kindsWithDependencies(kinds: Iterable<ResourceKind>): ResourceKind[] {
  const wanted = new Set<ResourceKind>();
  const visit = (kind: ResourceKind): void => {
    if (wanted.has(kind)) return;
    wanted.add(kind);
    for (const dependency of collectorFor(kind).dependsOn) visit(dependency);
  };
  for (const kind of kinds) visit(kind);
  // Canonical order (types.ts) keeps snapshots and logs stable.
  return ALL_KINDS.filter((kind) => wanted.has(kind));
}

export function planFor(kinds: Iterable<ResourceKind>): CollectionPlan {
  const all = kindsWithDependencies(kinds);
  return {
    regional: all.filter((kind): kind is RegionalKind => !isGlobalKind(kind)),
    global: all.filter((kind): kind is GlobalKind => isGlobalKind(kind)),
  };
}

export function planForRules(rules: readonly RequiresKinds[]): CollectionPlan {
  return planFor(kindsRequiredBy(rules));
}
