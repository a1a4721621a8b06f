// What a scan was asked to cover, against the full scope (every region, the whole rule pack). A
// narrowed scan is honest about what it saw, yet its results must never stand in for a full one:
// uploaded under the account's code scanning category it would close the alerts of every rule and
// region it left out, and as tomorrow's baseline it would make them all look new
// (README "Nightly scan in GitHub Actions").
import type { Rule, Severity } from './types.js';

export interface ScanScope {
  /** True when neither the regions nor the rules were narrowed. */
  full: boolean;
  /** `--region` as given, or `all`: every enabled region (live) or every region the snapshot holds. */
  regions: 'all' | string[];
  /** `--rules` as given, or `all`: the whole rule pack (also when the list names every rule). */
  rules: 'all' | string[];
  /** Rules in the whole pack, to read `rules` against. */
  rulesInPack: number;
  /** `--min-severity`: results below it were left out, so the scan is not full. */
  minSeverity?: Severity;
}

/** The scope of a caller that evaluates everything it holds with the pack it was given. */
export function fullScope(pack: readonly Rule[]): ScanScope {
  return { full: true, regions: 'all', rules: 'all', rulesInPack: pack.length };
}

export function requestedScope(
  regions: readonly string[] | undefined,
  rules: readonly string[] | undefined,
  pack: readonly Rule[],
  minSeverity?: Severity,
): ScanScope {
  const asked = new Set(rules ?? []);
  const everyRule = rules === undefined || pack.every((rule) => asked.has(rule.meta.id));
  const scope: ScanScope = {
    full: false,
    regions: regions === undefined || regions.length === 0 ? 'all' : [...new Set(regions)].sort(),
    rules: everyRule ? 'all' : [...asked].sort(),
    rulesInPack: pack.length,
  };
  if (minSeverity !== undefined) scope.minSeverity = minSeverity;
  scope.full = scope.regions === 'all' && scope.rules === 'all' && minSeverity === undefined;
  return scope;
}
