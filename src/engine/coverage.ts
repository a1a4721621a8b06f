// Coverage: which kinds the selected rules needed and could not get. A scan with a gap (or a rule
// error) is incomplete: the report says so and the exit code says so, so a partial scan is never
// uploaded as if it were the whole truth (design.md "Reports").
import type { CollectionError, CollectionState, ResourceKind } from '../snapshot/types.js';
import { isGlobalKind } from '../snapshot/types.js';
import type { SnapshotView } from '../snapshot/view.js';
import type { Rule, RuleError } from './types.js';

export interface CoverageGap {
  accountId: string;
  /** AWS region, or `global`. */
  region: string;
  kind: ResourceKind;
  /** `failed`: calls failed; `skipped`: turned off on purpose; `not-collected`: never requested. */
  state: 'failed' | 'skipped' | 'not-collected';
  /** Selected rules that read this kind and so may say `unknown`. */
  rules: string[];
}

export interface Coverage {
  /** False when any gap is `failed`/`not-collected` or any rule threw. */
  complete: boolean;
  gaps: CoverageGap[];
  collectionErrors: (CollectionError & { accountId: string })[];
  ruleErrors: RuleError[];
  /** Regions skipped because the account has not opted in: recorded, not a gap. */
  regionsNotEnabled: { accountId: string; region: string }[];
}

/**
 * The gap a kind leaves, if any. A recorded collection error naming the kind makes it `failed`
 * whatever its state says: coverage must never claim completeness while an error says otherwise.
 */
function gapState(state: CollectionState | undefined, erred: boolean): CoverageGap['state'] | undefined {
  if (erred && state !== 'skipped') return 'failed';
  if (state === 'collected') return undefined;
  return state ?? 'not-collected';
}

export function computeCoverage(
  view: SnapshotView,
  rules: readonly Rule[],
  ruleErrors: RuleError[],
): Coverage {
  const rulesByKind = new Map<ResourceKind, string[]>();
  for (const rule of rules) {
    for (const kind of rule.meta.requires) {
      const list = rulesByKind.get(kind) ?? [];
      list.push(rule.meta.id);
      rulesByKind.set(kind, list);
    }
  }
  const gaps: CoverageGap[] = [];
  const regionsNotEnabled: Coverage['regionsNotEnabled'] = [];
  for (const account of view.accounts) {
    // Kinds a recorded error names, per region: an error is a gap even if a state says otherwise.
    const erred = new Set(
      account.data.errors.flatMap((error) => error.kinds.map((kind) => `${error.region} ${kind}`)),
    );
    for (const [kind, ruleIds] of rulesByKind) {
      if (!isGlobalKind(kind)) continue;
      const state = gapState(account.data.global.collection[kind], erred.has(`global ${kind}`));
      if (state) gaps.push({ accountId: account.accountId, region: 'global', kind, state, rules: ruleIds });
    }
    for (const region of account.regions) {
      if (region.data.availability === 'not-opted-in') {
        regionsNotEnabled.push({ accountId: account.accountId, region: region.region });
        continue;
      }
      for (const [kind, ruleIds] of rulesByKind) {
        if (isGlobalKind(kind)) continue;
        const state = gapState(region.data.collection[kind], erred.has(`${region.region} ${kind}`));
        if (state)
          gaps.push({ accountId: account.accountId, region: region.region, kind, state, rules: ruleIds });
      }
    }
  }
  const collectionErrors = view.accounts.flatMap((account) =>
    account.data.errors.map((error) => ({ accountId: account.accountId, ...error })),
  );
  const complete = ruleErrors.length === 0 && gaps.every((gap) => gap.state === 'skipped');
  return { complete, gaps, collectionErrors, ruleErrors, regionsNotEnabled };
}
