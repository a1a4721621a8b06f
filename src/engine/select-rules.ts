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
