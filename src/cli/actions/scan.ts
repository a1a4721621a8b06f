// What `aws-audit scan` does (commands/scan.ts declares its flags): obtain a snapshot (a file, or
// the live account), evaluate, write reports, gate.
import { ruleRegistry } from '../../../rules/index.js';
import { exitDecision } from '../../engine/gate.js';
import type { FindingsKept, ScanSource } from '../../engine/scan.js';
import { requestedScope } from '../../engine/scan-scope.js';
import { narrowRules, selectRules } from '../../engine/select-rules.js';
import { readBaselineFile } from '../../report/read-baseline.js';
import { formatShard, snapshotShard } from '../../engine/shard.js';
import type { Rule } from '../../engine/types.js';
import { renderConsoleSummary } from '../../report/console.js';
import { writeReports } from '../../report/write-reports.js';
import { FindingSpill, SPILLED_FORMATS, type SpillScan } from '../../report/finding-spill.js';
import { kindsRequiredBy } from '../../snapshot/required-kinds.js';
import { ensureDirectory } from '../../util/atomic-file.js';
import { UserError } from '../../util/errors.js';
import { readSnapshotFile } from '../../snapshot/io.js';
import type { Snapshot } from '../../snapshot/types.js';
import { terminalWidth, useColor, type CliIo } from '../io.js';
import { rejectLiveFlags } from '../live-options.js';
import { isOrgRun, checkOrgFlags } from '../org/org-options.js';
import { runOrgScan } from '../org/org-scan.js';
import { collectLive } from '../scan-pipeline/collect-live.js';
import { evaluateAndReview, streamsFindings, type EvaluateInputs } from '../scan-pipeline/evaluate.js';
import { gateOptions, reviewWithWaivers } from '../scan-pipeline/review.js';
import type { ScanOptions } from '../scan-pipeline/scan-options.js';
import { scanRules } from '../scan-pipeline/scan-rules.js';
import { progressDisplayFor } from '../terminal-log.js';

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
  const snapshot = await collectLive(io, options, kindsRequiredBy(rules));
  return { snapshot, source: { kind: 'live' } };
}

/**
 * A snapshot collected with `collect --rules` holds data for those rules only: without `--rules`,
 * the scan runs just those and says so (the rest would all be `unknown` and the scan incomplete).
 * Ids this version no longer knows are named and left out.
 */
function rulesCollectedFor(io: CliIo, options: ScanOptions, ids: readonly string[]): Rule[] {
  const known = new Set(ruleRegistry.map((rule) => rule.meta.id));
  const dropped = ids.filter((id) => !known.has(id));
  if (dropped.length === ids.length)
    throw new UserError(
      `${options.snapshot} was collected for rules this version does not know (${dropped.join(', ')}); pass --rules`,
    );
  // --services and --skip-rules still narrow what the snapshot was collected for.
  const rules = narrowRules(
    ruleRegistry,
    selectRules(
      ruleRegistry,
      ids.filter((id) => known.has(id)),
    ),
    options,
  );
  if (!options.quiet) {
    const unknown = dropped.length > 0 ? `; not known to this version: ${dropped.join(', ')}` : '';
    io.stderr(
      `aws-audit: ${options.snapshot} was collected for ${rules.length} of ${ruleRegistry.length} rules ` +
        `(collect --rules); evaluating only those: ${rules.map((rule) => rule.meta.id).join(', ')}${unknown}\n`,
    );
  }
  return rules;
}

export async function runScan(io: CliIo, options: ScanOptions): Promise<number> {
  // Organizations fan-out (../org/): many accounts, one report folder each.
  checkOrgFlags(options, 'scan');
  if (isOrgRun(options)) return runOrgScan(io, options);
  const startedAt = new Date();
  // Everything the user typed is checked before any work, so a mistake costs nothing.
  let rules = scanRules(options);
  const review = await reviewWithWaivers(options, startedAt, io);
  if (options.baseline !== undefined)
    review.baseline = {
      file: options.baseline,
      findings: (await readBaselineFile(options.baseline)).findings,
    };
  // A live scan checks (and creates) the report folder before the first AWS call.
  if (options.snapshot === undefined && options.format.some((format) => format !== 'console'))
    await ensureDirectory(options.outDir);
  const obtained = await obtainSnapshot(io, options, rules);
  let source = obtained.source;
  const collectedFor = options.rules === undefined ? obtained.snapshot.rules : undefined;
  if (collectedFor !== undefined && source.kind === 'snapshot') {
    rules = rulesCollectedFor(io, options, collectedFor);
    source = { ...source, rulesFromSnapshot: true };
  }
  const snapshot = options.shard ? snapshotShard(obtained.snapshot, options.shard) : obtained.snapshot;
  if (options.shard && snapshot.accounts.length === 0)
    io.stderr(
      `aws-audit: shard ${formatShard(options.shard)} holds none of the accounts; nothing to scan.\n`,
    );
  // The scope is what was evaluated: a snapshot collected for some rules, --rules, --services,
  // --skip-rules and --min-severity all narrow it (not full), so it never stands in for a full scan.
  const scope = requestedScope(
    options.region,
    rules.map((rule) => rule.meta.id),
    ruleRegistry,
    options.minSeverity,
  );
  const workers = options.workers ?? 1;
  // Formats that allow it (evaluate.ts `streamsFindings`: today every one): the findings go to
  // spill files in the report folder as they are evaluated, in this thread or in worker threads
  // that render the passes themselves, and the JSON, CSV, ASFF and HTML reports are joined from
  // them (memory, issue 18 item 4). The spill files are removed however the scan ends.
  const spill = streamsFindings(options.format)
    ? await openSpill(options, rules, { startedAt, snapshot })
    : undefined;
  try {
    return await evaluateAndReport(io, options, spill, {
      snapshot,
      rules,
      source,
      startedAt,
      scope,
      review,
      minSeverity: options.minSeverity,
      workers,
      keep: keptFindings(options),
    });
  } finally {
    await spill?.discard();
  }
}

/** What of a streamed scan's findings this run reads as objects (engine/stream-scan.ts `keep`). */
function keptFindings(options: ScanOptions): FindingsKept {
  const readers =
    options.format.includes('sarif') ||
    options.format.includes('console') ||
    options.failOn !== undefined ||
    options.failOnNew !== undefined;
  return readers ? 'failing-and-unknown' : 'none';
}

async function openSpill(
  options: ScanOptions,
  rules: readonly Rule[],
  scan: SpillScan,
): Promise<FindingSpill> {
  if (SPILLED_FORMATS.some((format) => options.format.includes(format)))
    await ensureDirectory(options.outDir);
  return FindingSpill.open(options.outDir, rules, options.format, scan);
}

/** Evaluate → review → write the reports → gate and console; the exit code. */
async function evaluateAndReport(
  io: CliIo,
  options: ScanOptions,
  spill: FindingSpill | undefined,
  inputs: EvaluateInputs,
): Promise<number> {
  // The display redraws as units finish (stderr writes to a terminal or pipe are synchronous) and
  // shows nothing for the usual snapshot that takes well under a second.
  const display = progressDisplayFor(io, options, {
    label: 'evaluating',
    unit: 'rule×scope',
    showAfterMs: 1000,
  });
  const result = await evaluateAndReview(
    {
      ...inputs,
      progress: display && {
        planned: (units) => display.addTotal(units),
        evaluated: () => display.advance(),
      },
    },
    spill,
  );
  display?.finish();
  spill?.close();
  const reportPaths = await writeReports(result, options.format, options.outDir, undefined, {
    ...(options.keep !== undefined && { keep: options.keep }),
    ...(spill !== undefined && { spill }),
  });
  const exit = exitDecision(result, gateOptions(options));
  if (options.format.includes('console') && !options.quiet) {
    io.stdout(
      renderConsoleSummary(result, {
        color: useColor(io, io.stdoutIsTty),
        width: terminalWidth(io),
        reportPaths,
        exit,
      }),
    );
  }
  return exit.code;
}
