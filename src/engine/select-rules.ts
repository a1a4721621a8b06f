// Picks the rules a scan runs; an unknown id is a usage error naming it.
import { UserError } from '../util/errors.js';
import type { Rule } from './types.js';

export function selectRules(
  registry: readonly Rule[],
  ids: readonly string[] | undefined,
  flag = '--rules',
): Rule[] {
  if (!ids || ids.length === 0) return [...registry];
  const byId = new Map(registry.map((rule) => [rule.meta.id, rule]));
  const unknownIds = ids.filter((id) => !byId.has(id));
  if (unknownIds.length > 0) {
    throw new UserError(
      `unknown rule id${unknownIds.length > 1 ? 's' : ''} in ${flag}: ${unknownIds.join(', ')} ` +
        `(run 'aws-audit rules' to list them)`,
    );
  }
  // Registry order, not argument order, so reports are stable whatever order ids are given in.
  const wanted = new Set(ids);
  return registry.filter((rule) => wanted.has(rule.meta.id));
}

export interface RuleNarrowing {
  /** Keep only rules of these services (`ec2`, `iam`, …: each rule's `meta.service`). */
  services?: readonly string[];
  /** Drop these rule ids; an unknown id is a usage error, like in `--rules`. */
  skipRules?: readonly string[];
}

/** The services the rule pack covers, for `--services` and the config file's allowed values. */
export function ruleServices(registry: readonly Rule[]): string[] {
  return [...new Set(registry.map((rule) => rule.meta.service))].sort();
}

/** `rules` narrowed by `--services` and `--skip-rules`; nothing left is a usage error. */
export function narrowRules(
  registry: readonly Rule[],
  rules: readonly Rule[],
  narrowing: RuleNarrowing,
): Rule[] {
  const skipped = new Set(selectRules(registry, narrowing.skipRules, '--skip-rules').map((r) => r.meta.id));
  if (!narrowing.skipRules || narrowing.skipRules.length === 0) skipped.clear();
  const services =
    narrowing.services && narrowing.services.length > 0 ? new Set(narrowing.services) : undefined;
  const kept = rules.filter(
    (rule) => !skipped.has(rule.meta.id) && (!services || services.has(rule.meta.service)),
  );
  if (kept.length === 0)
    throw new UserError(
      'no rule left to run after --rules, --services and --skip-rules; widen the selection',
    );
  return kept;
}
