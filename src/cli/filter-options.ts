// `scan`'s narrowing flags (--services, --skip-rules, --min-severity) and --config, which can set
// any of scan's flags from a file (config-file.ts). Kept apart from scan.ts's own flags.
import type { Command } from 'commander';
import { Option } from 'commander';
import { ruleRegistry } from '../../rules/index.js';
import { narrowRules, ruleServices, selectRules } from '../engine/select-rules.js';
import type { Rule, Severity } from '../engine/types.js';
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
  const services = ruleServices(ruleRegistry);
  return command
    .addOption(
      new Option(
        '--services <names>',
        `run only the rules of these services: ${services.join(', ')}`,
      ).argParser(listParserFor(services)),
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

/** The rules a scan runs: --rules (default all), narrowed by --services and --skip-rules. */
export function scanRules(options: FilterOptions & { rules?: string[] }): Rule[] {
  return narrowRules(ruleRegistry, selectRules(ruleRegistry, options.rules), options);
}
