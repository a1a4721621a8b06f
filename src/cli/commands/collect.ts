// `aws-audit collect --out FILE`: read the live account into a snapshot file, written atomically.
// The live-collection flags are live-options.ts; the fan-out (`--org-role-name`) is ../org/.
import { dirname } from 'node:path';
import { Command, Option } from 'commander';
import { ruleRegistry } from '../../../rules/index.js';
import { selectRules } from '../../engine/select-rules.js';
import type { Shard } from '../../engine/shard.js';
import { writeSnapshotFile } from '../../snapshot/io.js';
import { ensureDirectory } from '../../util/atomic-file.js';
import { ExitCode, UserError } from '../../util/errors.js';
import type { CliIo } from '../io.js';
import { withLiveOptions, type LiveOptions } from '../live-options.js';
import { parseList } from '../options.js';
import { runOrgCollect } from '../org/org-collect.js';
import { checkOrgFlags, isOrgRun, withOrgOptions, type OrgOptions } from '../org/org-options.js';
import { collectLive } from '../scan-pipeline/collect-live.js';
import { failedKindCount, kindsToCollect, withCollectedRules } from '../scan-pipeline/collected-snapshot.js';
import { parseShardOption } from '../shard-option.js';

interface CollectOptions extends LiveOptions, OrgOptions {
  /** Required unless fanning out (`--org-role-name`, which writes to `--out-dir`). */
  out?: string;
  outDir?: string;
  shard?: Shard;
  rules?: string[];
  quiet?: boolean;
  allowIncomplete?: boolean;
}

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
      // Organizations fan-out (../org/org-collect.ts): one snapshot per account.
      checkOrgFlags(options, 'collect');
      if (isOrgRun(options)) {
        setExitCode(await runOrgCollect(io, options));
        return;
      }
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
      setExitCode(failed > 0 && !options.allowIncomplete ? ExitCode.Incomplete : ExitCode.Ok);
    });
}
