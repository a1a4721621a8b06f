// `aws-audit policy`: the least-privilege IAM policy for the selected rules, generated from the
// collectors' declared permissions (so it cannot drift from what collection sends).
import { Command } from 'commander';
import { ruleRegistry } from '../../../rules/index.js';
import { selectRules } from '../../engine/select-rules.js';
import type { CliIo } from '../io.js';
import { parseList } from '../options.js';

export function policyCommand(io: CliIo): Command {
  return new Command('policy')
    .description(
      'print the IAM policy JSON the scan needs for the selected rules (AWS SecurityAudit also suffices)',
    )
    .option('--rules <ids>', 'comma-separated rule ids (default: all)', parseList)
    .action(async (options: { rules?: string[] }) => {
      const rules = selectRules(ruleRegistry, options.rules);
      // The permissions come from the collectors, which reference the SDK's command classes: loaded
      // only for this command (start-up, issue 18).
      const { leastPrivilegePolicy } = await import('../../collect/permissions.js');
      io.stdout(
        `${JSON.stringify(leastPrivilegePolicy(rules.flatMap((rule) => rule.meta.requires)), null, 2)}\n`,
      );
    });
}
