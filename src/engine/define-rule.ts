// Helpers rules use to build results: references, pass/fail/unknown, evidence from missing data.
import type { CollectionError, ResourceKind } from '../snapshot/types.js';
import type { RegionView } from '../snapshot/view.js';
import { flatString } from '../util/flat-string.js';
import { getOrCreate } from '../util/memo.js';
import type { Evidence, GlobalRule, RegionalRule, ResourceRef, RuleResult, Severity } from './types.js';

export function defineRegionalRule(rule: RegionalRule): RegionalRule {
  return rule;
}

export function defineGlobalRule(rule: GlobalRule): GlobalRule {
  return rule;
}

interface RefSource {
  id: string;
  arn: string;
  name?: string;
}

// One reference per (region, resource, type), shared by every rule that reports on the resource:
// an instance is judged by six rules, and a million findings should not hold six copies of each
// reference. Shared references are frozen, so no consumer can change another rule's finding.
const refCache = new WeakMap<RegionView, WeakMap<RefSource, Map<string, ResourceRef>>>();

function sharedRef(
  scope: RegionView,
  type: string,
  resource: RefSource,
  make: () => ResourceRef,
): ResourceRef {
  const byType = getOrCreate(
    getOrCreate(refCache, scope, () => new WeakMap()),
    resource,
    () => new Map(),
  );
  return getOrCreate(byType, type, () => {
    const ref = make();
    if (resource.name !== undefined && resource.name !== '') ref.name = resource.name;
    return Object.freeze(ref);
  });
}

/** A reference to a regional resource. */
export function regionalRef(region: RegionView, type: string, resource: RefSource): ResourceRef {
  return sharedRef(region, type, resource, () => ({
    arn: resource.arn,
    id: resource.id,
    type,
    accountId: region.accountId,
    region: region.region,
  }));
}

/** A pseudo-resource standing for a whole region of an account (for scope-level unknowns). */
export function regionScopeRef(region: RegionView): ResourceRef {
  return {
    arn: `arn:${region.partition}:ec2:${region.region}:${region.accountId}:region/${region.region}`,
    id: region.region,
    type: 'AWS::EC2::Region',
    accountId: region.accountId,
    region: region.region,
  };
}

/** A reference to a global (IAM) resource (one rule per resource today, so nothing to share). */
export function globalRef(accountId: string, type: string, resource: RefSource): ResourceRef {
  const ref: ResourceRef = { arn: resource.arn, id: resource.id, type, accountId, region: 'global' };
  if (resource.name !== undefined && resource.name !== '') ref.name = resource.name;
  return ref;
}

/**
 * Stores each evidence sentence flat (util/flat-string.ts). Evidence is the rule's to hand over, and
 * analysis shares one object between the findings it explains, so it is updated in place (the text
 * stays the same); a frozen object is left as it is.
 */
export function flattenEvidence(evidence: readonly Evidence[]): void {
  for (const item of evidence) {
    const summary = flatString(item.summary);
    if (summary !== item.summary && !Object.isFrozen(item)) item.summary = summary;
  }
}

/**
 * A result's sentences stored flat as it is made, not only when the engine turns it into a finding
 * (engine/run.ts): a rule that keeps its results for other rules (the SSM rule's, per region) would
 * otherwise keep every message's pieces alive until the region ends, and each scavenge on the way
 * copies them. At 100k instances, SSM rule alone: 4,870 → 4,395 bytes promoted per finding.
 */
function made(result: RuleResult): RuleResult {
  result.message = flatString(result.message);
  flattenEvidence(result.evidence);
  return result;
}

export function pass(resource: ResourceRef, message: string, evidence: Evidence[] = []): RuleResult {
  return made({ status: 'pass', resource, message, evidence });
}

export function fail(
  resource: ResourceRef,
  message: string,
  evidence: Evidence[] = [],
  severity?: Severity,
): RuleResult {
  const result: RuleResult = { status: 'fail', resource, message, evidence };
  if (severity !== undefined) result.severity = severity;
  return made(result);
}

export function unknown(resource: ResourceRef, message: string, evidence: Evidence[] = []): RuleResult {
  return made({ status: 'unknown', resource, message, evidence });
}

/** Evidence entries describing why data is missing: one per collection error, or the bare state. */
export function missingDataEvidence(region: RegionView, kinds: readonly ResourceKind[]): Evidence[] {
  const errors = region.errorsFor(kinds);
  if (errors.length > 0) return errors.map(collectionErrorEvidence);
  return kinds.map((kind) => ({
    kind: 'not-collected',
    summary: `${kind} ${describeState(region, kind)} in ${region.region}`,
    details: { kind },
  }));
}

function describeState(region: RegionView, kind: ResourceKind): string {
  const state = region.isCollected(kind) ? 'collected' : (region.state(kind as never) ?? 'not collected');
  return state === 'skipped' ? 'was skipped' : state === 'failed' ? 'failed to collect' : 'was not collected';
}

export function collectionErrorEvidence(error: CollectionError): Evidence {
  return {
    kind: 'collection-error',
    summary: `${error.service}:${error.operation} failed in ${error.region} (${error.category}: ${error.code})`,
    details: {
      service: error.service,
      operation: error.operation,
      region: error.region,
      category: error.category,
      code: error.code,
      message: error.message,
    },
  };
}

/** "a, b and c" for messages. */
export function listPhrase(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}
