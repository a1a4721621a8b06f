// Which rules the evaluation benchmark runs: `--rules` names the ones to keep, `--skip-rules` the
// ones to leave out, so the time of one rule (or of all but one) at 1M can be read off the table.
import type { Rule } from '../src/engine/types.js';
import { selectRules } from '../src/engine/select-rules.js';
import { UserError } from '../src/util/errors.js';

/** The chosen rule ids in registry order; a UserError names an unknown id or an empty choice. */
export function benchRuleIds(
  registry: readonly Rule[],
  ids: readonly string[],
  mode: 'include' | 'skip',
  flag: string,
): string[] {
  const named = new Set(selectRules(registry, ids, flag).map((rule) => rule.meta.id));
  const chosen = registry.map((rule) => rule.meta.id).filter((id) => named.has(id) === (mode === 'include'));
  if (chosen.length === 0) throw new UserError(`${flag} leaves no rule to evaluate`);
  return chosen;
}
