// `scan`'s narrowing flags (--services, --skip-rules, --min-severity) and --config, which can set
// any of scan's flags from a file (config-file.ts). Kept apart from scan.ts's own flags. Declaring
// them loads no rule: the services come from the generated list (src/generated/rule-services.ts).
import type { Command } from 'commander';
import { Option } from 'commander';
import type { Severity } from '../engine/types.js';
import { RULE_SERVICES } from '../generated/rule-services.js';
import { applyConfigFile, CONFIG_FILE } from './config-file.js';
import type { CliIo } from './io.js';
import { listParserFor, parseList, severityOption } from './options.js';

export interface FilterOptions {
  services?: string[];
  skipRules?: string[];
  minSeverity?: Severity;
  config?: string;
}

export function withFilterOptions(io: CliIo, command: Command): Command {
  return command
    .addOption(
      new Option(
        '--services <names>',
        `run only the rules of these services: ${RULE_SERVICES.join(', ')}`,
      ).argParser(listParserFor(RULE_SERVICES)),
    )
    .option('--skip-rules <ids>', 'comma-separated rule ids not to run', parseList)
    .addOption(
      severityOption('--min-severity', 'leave results below this severity out of the reports and the gate'),
    )
    .option('--config <file>', `read flags from this YAML file (default: ./${CONFIG_FILE} when present)`)
    .hook('preAction', async (thisCommand) => {
      await applyConfigFile(io, thisCommand);
    });
}
