// `aws-audit rules`: the rule pack with severity and title (or as JSON), and for rules whose
// severity follows measured exposure, the grading. The pack loads when the command runs
// (../actions/rules.ts), never for `--help`.
import { Command } from 'commander';
import type { CliIo } from '../io.js';

export function rulesCommand(io: CliIo): Command {
  return new Command('rules')
    .description('list the rules with their default severity, title and severity grading')
    .option('--json', 'print the rule metadata as JSON')
    .action(async (options: { json?: boolean }) => {
      const { runRules } = await import('../actions/rules.js');
      runRules(io, options);
    });
}
