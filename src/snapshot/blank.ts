// Empty snapshot parts, built from the kind table (./types/kinds.ts): every list kind gets an empty
// list, so the collector's drafts, the fixture builders and the benchmarks cannot drift apart when
// a kind is added — and adding one means no edit here.
import {
  GLOBAL_LIST_KEYS,
  REGIONAL_LIST_KINDS,
  type GlobalSnapshot,
  type RegionAvailability,
  type RegionResourceKey,
  type RegionSnapshot,
} from './types.js';

/** A region with no resources and nothing marked collected. */
export function blankRegion(region: string, availability: RegionAvailability = 'enabled'): RegionSnapshot {
  const lists = Object.fromEntries(REGIONAL_LIST_KINDS.map((kind) => [kind, []]));
  // Complete by construction: the kind table's list kinds are exactly RegionSnapshot's lists
  // (checked at compile time by KindTableMatchesSnapshot in ./types/snapshot.ts).
  return { region, availability, collection: {}, ...lists } as RegionSnapshot;
}

/** The IAM part with no resources and nothing marked collected. */
export function blankGlobal(): GlobalSnapshot {
  const lists = Object.fromEntries(GLOBAL_LIST_KEYS.map((key) => [key, []]));
  return { collection: {}, ...lists } as GlobalSnapshot;
}

/** Every key of a region that holds a resource array, in snapshot order. */
export const REGION_RESOURCE_KEYS: readonly RegionResourceKey[] = REGIONAL_LIST_KINDS;
