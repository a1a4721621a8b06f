// What `aws-audit collect` does (commands/collect.ts declares its flags): read the live account,
// or every account of a fan-out (../org/org-collect.ts), into snapshot files.
import { dirname } from 'node:path';
import type { Command } from 'commander';
import { ruleRegistry } from '../../../rules/index.js';
import { selectRules } from '../../engine/select-rules.js';
import type { Shard } from '../../engine/shard.js';
import { writeSnapshotFile } from '../../snapshot/io.js';
import { ensureDirectory } from '../../util/atomic-file.js';
import { ExitCode, UserError } from '../../util/errors.js';
import type { CliIo } from '../io.js';
import type { LiveOptions } from '../live-options.js';
import { runOrgCollect } from '../org/org-collect.js';
import { checkOrgFlags, isOrgRun, type OrgOptions } from '../org/org-options.js';
import { collectLive } from '../scan-pipeline/collect-live.js';
import { failedKindCount, kindsToCollect, withCollectedRules } from '../scan-pipeline/collected-snapshot.js';

export interface CollectOptions extends LiveOptions, OrgOptions {
  /** Required unless fanning out (`--org-role-name`, which writes to `--out-dir`). */
  out?: string;
  outDir?: string;
  shard?: Shard;
  rules?: string[];
  quiet?: boolean;
  allowIncomplete?: boolean;
}

export async function runCollect(io: CliIo, options: CollectOptions, command: Command): Promise<number> {
  // Organizations fan-out (../org/org-collect.ts): one snapshot per account.
  checkOrgFlags(options, 'collect');
  if (isOrgRun(options)) return runOrgCollect(io, options);
  // `--out` is required unless fanning out; reported exactly as commander reports a missing one.
  if (options.out === undefined)
    command.error("error: required option '--out <file>' not specified", {
      code: 'commander.missingMandatoryOptionValue',
      exitCode: ExitCode.Usage,
    });
  if (options.outDir !== undefined || options.shard !== undefined)
    throw new UserError(
      `${options.outDir !== undefined ? '--out-dir' : '--shard'} needs --org-role-name (one snapshot per account)`,
    );
  const selected = options.rules ? selectRules(ruleRegistry, options.rules) : undefined;
  const kinds = kindsToCollect(selected);
  // The destination's folder exists (or is created) before the first AWS call: a typo in --out
  // must not cost a whole collection.
  await ensureDirectory(dirname(options.out));
  const snapshot = withCollectedRules(await collectLive(io, options, kinds), selected);
  await writeSnapshotFile(options.out, snapshot);
  const failed = failedKindCount(snapshot);
  const errors = snapshot.accounts.reduce((n, a) => n + a.errors.length, 0);
  if (!options.quiet) {
    const regions = snapshot.accounts.reduce((n, a) => n + a.regions.length, 0);
    io.stderr(
      `aws-audit: wrote ${options.out} (${regions} regions${errors > 0 ? `, ${errors} collection errors, ${failed} kinds not collected` : ''})\n`,
    );
  }
  return failed > 0 && !options.allowIncomplete ? ExitCode.Incomplete : ExitCode.Ok;
}
