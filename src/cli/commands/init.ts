// `aws-audit init`: a commented starter config and waivers file in the working directory
// (../actions/init.ts writes them). Never overwrites without --force.
import { Command } from 'commander';
import { CONFIG_FILE, WAIVERS_FILE } from '../config-file.js';
import type { CliIo } from '../io.js';

export function initCommand(io: CliIo): Command {
  return new Command('init')
    .description(`write a commented starter ${CONFIG_FILE} and ${WAIVERS_FILE} in the working directory`)
    .option('--force', 'overwrite the files if they exist')
    .action(async (options: { force?: boolean }) => {
      const { runInit } = await import('../actions/init.js');
      await runInit(io, options);
    });
}
