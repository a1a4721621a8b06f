// `aws-audit scan`: obtain a snapshot (a file, or the live account), evaluate, write reports, gate.
import { Command, Option } from 'commander';
import { ruleRegistry } from '../../../rules/index.js';
import { exitCodeFor } from '../../engine/gate.js';
import { evaluateSnapshot, type ScanSource } from '../../engine/scan.js';
import { selectRules } from '../../engine/select-rules.js';
import { readBaselineFile } from '../../report/read-baseline.js';
import { reviewScan, type ReviewInputs } from '../../engine/waivers-and-baseline.js';
import { readWaiversFile } from '../../engine/waivers.js';
import { formatShard, snapshotShard, type Shard } from '../../engine/shard.js';
import type { Rule, Severity } from '../../engine/types.js';
import { renderConsoleSummary } from '../../report/console.js';
import { writeReports } from '../../report/write-reports.js';
import { readSnapshotFile } from '../../snapshot/io.js';
import type { Snapshot } from '../../snapshot/types.js';
import { useColor, type CliIo } from '../io.js';
import { listParserFor, parseList, parseSeverity } from '../options.js';
import { collectLive, rejectLiveFlags, withLiveOptions, type LiveOptions } from './collect.js';
import { parseShardOption } from '../shard-option.js';
import { checkOrgFlags, isOrgRun, runOrgScan, withOrgOptions, type OrgOptions } from './scan-org.js';

export const REPORT_FORMATS = ['json', 'sarif', 'console', 'asff', 'html'] as const;

export interface ScanOptions extends LiveOptions, OrgOptions {
  snapshot?: string;
  format: string[];
  outDir: string;
  rules?: string[];
  failOn?: Severity;
  failOnNew?: Severity;
  waivers?: string;
  baseline?: string;
  allowIncomplete?: boolean;
  quiet?: boolean;
  /** Scan only this shard's accounts (engine/shard.ts). */
  shard?: Shard;
}

export function scanCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return withOrgOptions(withLiveOptions(new Command('scan')))
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
    .addOption(
      new Option(
        '--fail-on-new <severity>',
        'exit 1 when a failing finding not failing in --baseline is at or above this severity',
      ).argParser(parseSeverity),
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
        '--shard <k/n>',
        'scan only shard K of N of the account list (deterministic split)',
      ).argParser(parseShardOption),
    )
    .action(async (options: ScanOptions) => {
      setExitCode(await runScan(io, options));
    });
}

async function obtainSnapshot(
  io: CliIo,
  options: ScanOptions,
  rules: readonly Rule[],
): Promise<{ snapshot: Snapshot; source: ScanSource }> {
  if (options.snapshot !== undefined) {
    rejectLiveFlags(options, '--snapshot');
    return {
      snapshot: await readSnapshotFile(options.snapshot),
      source: { kind: 'snapshot', file: options.snapshot },
    };
  }
  // Live: collect only what the selected rules read (their `requires`, plus dependencies).
  const snapshot = await collectLive(
    io,
    options,
    rules.flatMap((rule) => rule.meta.requires),
  );
  return { snapshot, source: { kind: 'live' } };
}

export async function runScan(io: CliIo, options: ScanOptions): Promise<number> {
  // Organizations fan-out (scan-org.ts): many accounts, one report folder each.
  checkOrgFlags(options, 'scan');
  if (isOrgRun(options)) return runOrgScan(io, options);
  const startedAt = new Date();
  // Everything the user typed is checked before any work, so a mistake costs nothing.
  const rules = selectRules(ruleRegistry, options.rules);
  const review: ReviewInputs = { now: startedAt };
  if (options.waivers !== undefined) {
    const knownRuleIds = new Set(ruleRegistry.map((rule) => rule.meta.id));
    review.waivers = { file: options.waivers, entries: await readWaiversFile(options.waivers, knownRuleIds) };
  }
  if (options.baseline !== undefined)
    review.baseline = {
      file: options.baseline,
      findings: (await readBaselineFile(options.baseline)).findings,
    };
  const obtained = await obtainSnapshot(io, options, rules);
  const source = obtained.source;
  const snapshot = options.shard ? snapshotShard(obtained.snapshot, options.shard) : obtained.snapshot;
  if (options.shard && snapshot.accounts.length === 0)
    io.stderr(
      `aws-audit: shard ${formatShard(options.shard)} holds none of the accounts; nothing to scan.\n`,
    );
  const result = reviewScan(evaluateSnapshot(snapshot, rules, source, startedAt), review);
  const reportPaths = await writeReports(result, options.format, options.outDir);
  if (options.format.includes('console') && !options.quiet) {
    io.stdout(renderConsoleSummary(result, { color: useColor(io, io.stdoutIsTty), reportPaths }));
  }
  const gate: Parameters<typeof exitCodeFor>[1] = {};
  if (options.failOn) gate.failOn = options.failOn;
  if (options.failOnNew) gate.failOnNew = options.failOnNew;
  if (options.allowIncomplete) gate.allowIncomplete = true;
  return exitCodeFor(result, gate);
}
