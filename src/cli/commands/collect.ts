// `aws-audit collect --out FILE`: read the live account into a snapshot file, written atomically.
// The live-collection flags are live-options.ts; the fan-out (`--org-role-name`) is ../org/. What
// the command does is ../actions/collect.ts, loaded when it runs.
import { Command, Option } from 'commander';
import type { CollectOptions } from '../actions/collect.js';
import type { CliIo } from '../io.js';
import { withLiveOptions } from '../live-options.js';
import { parseList } from '../options.js';
import { withOrgOptions } from '../org/org-options.js';
import { parseShardOption } from '../shard-option.js';

export function collectCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return withOrgOptions(withLiveOptions(new Command('collect')))
    .description('read the live account into a snapshot file (evaluate it later with scan --snapshot)')
    .option('--out <file>', 'snapshot file to write (atomically, owner-only)')
    .option('--out-dir <dir>', 'with --org-role-name: one snapshot per account, <dir>/<account>.json')
    .addOption(
      new Option(
        '--shard <k/n>',
        'with --org-role-name: collect only shard K of N of the accounts',
      ).argParser(parseShardOption),
    )
    .option('--rules <ids>', 'collect only what these rules need (default: everything)', parseList)
    .option('--allow-incomplete', 'exit 0 even when some data could not be collected')
    .option('-q, --quiet', 'no progress on stderr')
    .action(async (options: CollectOptions, command: Command) => {
      const { runCollect } = await import('../actions/collect.js');
      setExitCode(await runCollect(io, options, command));
    });
}
