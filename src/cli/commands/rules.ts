// `aws-audit rules`: the rule pack with severity and title (or as JSON).
import { Command } from 'commander';
import { ruleRegistry } from '../../../rules/index.js';
import type { CliIo } from '../io.js';

export function rulesCommand(io: CliIo): Command {
  return new Command('rules')
    .description('list the rules with their default severity and title')
    .option('--json', 'print the rule metadata as JSON')
    .action((options: { json?: boolean }) => {
      if (options.json) {
        io.stdout(
          `${JSON.stringify(
            ruleRegistry.map((rule) => rule.meta),
            null,
            2,
          )}\n`,
        );
        return;
      }
      const width = Math.max(...ruleRegistry.map((rule) => rule.meta.id.length)) + 2;
      for (const { meta } of ruleRegistry) {
        io.stdout(`${meta.id.padEnd(width)}${meta.severity.padEnd(10)}${meta.title}\n`);
      }
    });
}
