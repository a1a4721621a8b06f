// `aws-audit merge`: combine per-shard or per-account JSON reports into one merged summary, and
// gate on it like `scan` does (README "Exit codes"). The reports are read and merged by
// ../actions/merge.ts, loaded when the command runs.
import { Command, InvalidArgumentError } from 'commander';
import type { MergeCommandOptions } from '../actions/merge.js';
import type { CliIo } from '../io.js';
import { parseList, severityOption } from '../options.js';

function parseAccountList(value: string, previous: string[] | undefined): string[] {
  const list = parseList(value, previous);
  const bad = list.find((id) => !/^[0-9]{12}$/.test(id));
  if (bad !== undefined) throw new InvalidArgumentError(`${bad} is not a 12-digit account id.`);
  return list;
}

export function mergeCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command('merge')
    .description('combine per-shard or per-account JSON reports into one merged summary JSON')
    .argument('<reports...>', 'JSON reports written by `aws-audit scan`')
    .requiredOption('--out <file>', 'where to write the merged summary JSON')
    .option('--html <file>', 'also write the merged report as one self-contained HTML page')
    .option(
      '--expect-accounts <ids>',
      'comma-separated account ids the run was asked to scan; any without a report makes the merge incomplete',
      parseAccountList,
    )
    .addOption(severityOption('--fail-on', 'exit 1 when a failing finding is at or above this severity'))
    .option('--allow-incomplete', 'exit 0/1 even when the merged coverage is incomplete')
    .option('-q, --quiet', 'print nothing on stdout except errors')
    .action(async (files: string[], options: MergeCommandOptions) => {
      const { runMerge } = await import('../actions/merge.js');
      setExitCode(await runMerge(io, files, options));
    });
}
