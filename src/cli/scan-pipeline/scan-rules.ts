// The rules a scan runs, single account or fan-out: --rules (default all), narrowed by --services
// and --skip-rules (filter-options.ts declares those flags).
import { ruleRegistry } from '../../../rules/index.js';
import { narrowRules, selectRules } from '../../engine/select-rules.js';
import type { Rule } from '../../engine/types.js';
import type { FilterOptions } from '../filter-options.js';

export function scanRules(options: FilterOptions & { rules?: string[] }): Rule[] {
  return narrowRules(ruleRegistry, selectRules(ruleRegistry, options.rules), options);
}
