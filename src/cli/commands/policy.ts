// `aws-audit policy`: the least-privilege IAM policy for the selected rules, generated from the
// collectors' declared permissions (so it cannot drift from what collection sends). Built by
// ../actions/policy.ts, loaded when the command runs.
import { Command } from 'commander';
import type { CliIo } from '../io.js';
import { parseList } from '../options.js';

export function policyCommand(io: CliIo): Command {
  return new Command('policy')
    .description(
      'print the IAM policy JSON the scan needs for the selected rules (AWS SecurityAudit also suffices)',
    )
    .option('--rules <ids>', 'comma-separated rule ids (default: all)', parseList)
    .option(
      '--publish',
      'print instead the policy `aws-audit publish security-hub` needs (Security Hub writes)',
    )
    .action(async (options: { rules?: string[]; publish?: boolean }) => {
      const { runPolicy } = await import('../actions/policy.js');
      await runPolicy(io, options);
    });
}
