// `aws-audit scan`: obtain a snapshot (a file, or the live account), evaluate, write reports, gate.
import { Command, Option } from 'commander';
import { ruleRegistry } from '../../../rules/index.js';
import { exitCodeFor } from '../../engine/gate.js';
import { evaluateSnapshot, type ScanSource } from '../../engine/scan.js';
import { selectRules } from '../../engine/select-rules.js';
import type { Severity } from '../../engine/types.js';
import { renderConsoleSummary } from '../../report/console.js';
import { writeReports } from '../../report/write-reports.js';
import { readSnapshotFile } from '../../snapshot/io.js';
import type { Snapshot } from '../../snapshot/types.js';
import { UserError } from '../../util/errors.js';
import { useColor, type CliIo } from '../io.js';
import { listParserFor, parseList, parseSeverity } from '../options.js';

export const REPORT_FORMATS = ['json', 'console'] as const;

export interface ScanOptions {
  snapshot?: string;
  format: string[];
  outDir: string;
  rules?: string[];
  failOn?: Severity;
  allowIncomplete?: boolean;
  quiet?: boolean;
}

export function scanCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command('scan')
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
    .addOption(
      new Option(
        '--fail-on <severity>',
        'exit 1 when a failing finding is at or above this severity',
      ).argParser(parseSeverity),
    )
    .option('--allow-incomplete', 'exit 0/1 even when the scan is incomplete (the report still says so)')
    .option('-q, --quiet', 'print nothing on stdout except errors')
    .action(async (options: ScanOptions) => {
      setExitCode(await runScan(io, options));
    });
}

async function obtainSnapshot(options: ScanOptions): Promise<{ snapshot: Snapshot; source: ScanSource }> {
  if (options.snapshot !== undefined) {
    return {
      snapshot: await readSnapshotFile(options.snapshot),
      source: { kind: 'snapshot', file: options.snapshot },
    };
  }
  throw new UserError('live collection is not available in this build; pass --snapshot FILE');
}

export async function runScan(io: CliIo, options: ScanOptions): Promise<number> {
  const startedAt = new Date();
  // Everything the user typed is checked before any work, so a mistake costs nothing.
  const rules = selectRules(ruleRegistry, options.rules);
  const { snapshot, source } = await obtainSnapshot(options);
  const result = evaluateSnapshot(snapshot, rules, source, startedAt);
  const reportPaths = await writeReports(result, options.format, options.outDir);
  if (options.format.includes('console') && !options.quiet) {
    io.stdout(renderConsoleSummary(result, { color: useColor(io, io.stdoutIsTty), reportPaths }));
  }
  const gate: Parameters<typeof exitCodeFor>[1] = {};
  if (options.failOn) gate.failOn = options.failOn;
  if (options.allowIncomplete) gate.allowIncomplete = true;
  return exitCodeFor(result, gate);
}
