// `aws-audit collect --org-role-name … --out-dir DIR`: one snapshot per account, `DIR/<account>.json`.
import { join } from 'node:path';
import { ruleRegistry } from '../../../rules/index.js';
import type { AccountOutcome } from '../../collect/fan-out.js';
import { selectRules } from '../../engine/select-rules.js';
import type { Shard } from '../../engine/shard.js';
import { writeSnapshotFile } from '../../snapshot/io.js';
import { ensureDirectory } from '../../util/atomic-file.js';
import { ExitCode } from '../../util/errors.js';
import type { CliIo } from '../io.js';
import type { LiveOptions } from '../live-options.js';
import { failedKindCount, kindsToCollect, withCollectedRules } from '../scan-pipeline/collected-snapshot.js';
import { fanOutOptions } from './fan-out-options.js';
import { reportFailures, skippedLine } from './org-console.js';
import { checkOrgFlags, type OrgOptions } from './org-options.js';
import { resolveTargets } from './org-targets.js';

export async function runOrgCollect(
  io: CliIo,
  options: LiveOptions &
    OrgOptions & {
      outDir?: string;
      rules?: string[];
      quiet?: boolean;
      allowIncomplete?: boolean;
      shard?: Shard;
    },
): Promise<number> {
  checkOrgFlags(options, 'collect');
  const outDir = options.outDir as string;
  const selected = options.rules ? selectRules(ruleRegistry, options.rules) : undefined;
  // Before the first AWS call (listing the organisation): a bad --out-dir costs nothing.
  const targets = await resolveTargets(io, options, () => ensureDirectory(outDir));
  let incomplete = 0;
  const onAccount = async (outcome: AccountOutcome): Promise<void> => {
    if (outcome.kind === 'failed') return;
    await ensureDirectory(outDir);
    const file = join(outDir, `${outcome.accountId}.json`);
    await writeSnapshotFile(file, withCollectedRules(outcome.snapshot, selected));
    const failed = failedKindCount(outcome.snapshot);
    if (failed > 0) incomplete += 1;
    if (!options.quiet)
      io.stderr(
        `aws-audit: ${outcome.accountId}: wrote ${file}${failed > 0 ? ` (${failed} kinds not collected)` : ''}\n`,
      );
  };
  const { fanOut } = await import('../../collect/fan-out.js');
  const result = await fanOut(fanOutOptions(io, options, targets, kindsToCollect(selected), onAccount));
  for (const skipped of targets.skipped)
    if (!options.quiet) io.stderr(`aws-audit: ${skippedLine(skipped)}\n`);
  reportFailures(io, result.failed);
  const problems = result.failed.length + result.notStarted.length + incomplete;
  return problems > 0 && !options.allowIncomplete ? ExitCode.Incomplete : ExitCode.Ok;
}
