// `aws-audit scan`: obtain a snapshot (a file, or the live account), evaluate, write reports, gate.
// This file declares the command (flags, help); what it does is ../actions/scan.ts, loaded when it
// runs, so `--help` and the other commands never load the rule pack or a report writer.
import { Command, Option } from 'commander';
import { withFilterOptions } from '../filter-options.js';
import type { CliIo } from '../io.js';
import { withLiveOptions } from '../live-options.js';
import { listParserFor, parseList, parsePositiveInt, severityOption } from '../options.js';
import { withOrgOptions } from '../org/org-options.js';
import { REPORT_FORMATS, type ScanOptions } from '../scan-pipeline/scan-options.js';
import { parseShardOption } from '../shard-option.js';
import { workersOption } from '../workers-option.js';

export function scanCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return withFilterOptions(io, withOrgOptions(withLiveOptions(new Command('scan'))))
    .description(
      'evaluate the rule pack over a saved snapshot (--snapshot) or the live account, and write reports',
    )
    .option('--snapshot <file>', 'evaluate a saved snapshot file instead of reading the live account')
    .addOption(
      new Option('--format <formats>', `comma-separated report formats: ${REPORT_FORMATS.join(', ')}`)
        .argParser(listParserFor(REPORT_FORMATS))
        .default(['json', 'console'], 'json,console'),
    )
    .option('--out-dir <dir>', 'directory for report files', 'reports')
    .option('--rules <ids>', 'comma-separated rule ids to run (default: all)', parseList)
    .addOption(severityOption('--fail-on', 'exit 1 when a failing finding is at or above this severity'))
    .addOption(
      severityOption(
        '--fail-on-new',
        'exit 1 when a failing finding not failing in --baseline is at or above this severity',
      ),
    )
    .option(
      '--waivers <file>',
      'YAML or JSON file of accepted risks (rule, resource, reason, owner, expires)',
    )
    .option('--baseline <file>', 'a previous JSON report: mark findings new/unchanged and list fixed ones')
    .option('--allow-incomplete', 'exit 0/1 even when the scan is incomplete (the report still says so)')
    .option('-q, --quiet', 'print nothing on stdout except errors')
    .addOption(
      new Option(
        '--keep <n>',
        'keep the timestamped report copies of only the N most recent runs (default: all)',
      ).argParser(parsePositiveInt),
    )
    .addOption(
      new Option(
        '--shard <k/n>',
        'scan only shard K of N of the account list (deterministic split)',
      ).argParser(parseShardOption),
    )
    .addOption(workersOption())
    .action(async (options: ScanOptions) => {
      const { runScan } = await import('../actions/scan.js');
      setExitCode(await runScan(io, options));
    });
}
