// Coverage: which kinds the selected rules needed and could not get. A scan with a gap (or a rule
// error) is incomplete: the report says so and the exit code says so, so a partial scan is never
// uploaded as if it were the whole truth (design.md "Reports").
import type { CollectionError, ResourceKind } from '../snapshot/types.js';
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
    for (const [kind, ruleIds] of rulesByKind) {
      if (!isGlobalKind(kind)) continue;
      const state = account.data.global.collection[kind];
      if (state !== 'collected') {
        gaps.push({
          accountId: account.accountId,
          region: 'global',
          kind,
          state: state ?? 'not-collected',
          rules: ruleIds,
        });
      }
    }
    for (const region of account.regions) {
      if (region.data.availability === 'not-opted-in') {
        regionsNotEnabled.push({ accountId: account.accountId, region: region.region });
        continue;
      }
      for (const [kind, ruleIds] of rulesByKind) {
        if (isGlobalKind(kind)) continue;
        const state = region.data.collection[kind];
        if (state !== 'collected') {
          gaps.push({
            accountId: account.accountId,
            region: region.region,
            kind,
            state: state ?? 'not-collected',
            rules: ruleIds,
          });
        }
      }
    }
  }
  const collectionErrors = view.accounts.flatMap((account) =>
    account.data.errors.map((error) => ({ accountId: account.accountId, ...error })),
  );
  const complete = ruleErrors.length === 0 && gaps.every((gap) => gap.state === 'skipped');
  return { complete, gaps, collectionErrors, ruleErrors, regionsNotEnabled };
}
