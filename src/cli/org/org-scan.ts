// `aws-audit scan --org-role-name …` (README "Scanning an organisation"): the organisation's ACTIVE
// accounts (or `--accounts`), this job's `--shard`, `--account-concurrency` at a time. Each account
// is assumed, collected, evaluated and written on its own (org-account.ts); then the summary is
// merged (org-summary.ts), printed (org-console.ts) and gated (org-exit.ts).
import { ruleRegistry } from '../../../rules/index.js';
import { requestedScope } from '../../engine/scan-scope.js';
import type { Rule } from '../../engine/types.js';
import { kindsRequiredBy } from '../../snapshot/required-kinds.js';
import { ensureDirectory } from '../../util/atomic-file.js';
import { scanRules } from '../scan-pipeline/scan-rules.js';
import type { CliIo } from '../io.js';
import { gateOptions } from '../scan-pipeline/review.js';
import type { ScanOptions } from '../scan-pipeline/scan-options.js';
import { fanOutOptions } from './fan-out-options.js';
import { accountScanner } from './org-account.js';
import { renderOrgConsole, reportFailures } from './org-console.js';
import { orgExitDecision } from './org-exit.js';
import { checkOrgFlags } from './org-options.js';
import { orgReviewInputs } from './org-review.js';
import { writeOrgSummary } from './org-summary.js';
import { resolveTargets } from './org-targets.js';

export async function runOrgScan(io: CliIo, options: ScanOptions): Promise<number> {
  checkOrgFlags(options, 'scan');
  const startedAt = new Date();
  const rules: readonly Rule[] = scanRules(options);
  const scope = requestedScope(
    options.region,
    rules.map((rule) => rule.meta.id),
    ruleRegistry,
    options.minSeverity,
  );
  const review = await orgReviewInputs(options, startedAt);
  const targets = await resolveTargets(io, options, () => ensureDirectory(options.outDir));
  const printSummary = options.format.includes('console') && !options.quiet;
  if (printSummary)
    io.stdout(`aws-audit: ${targets.source}; assuming role ${options.orgRoleName} in each.\n`);

  const gate = gateOptions(options);
  const { accounts, onAccount } = accountScanner({ options, rules, scope, startedAt, review, gate });
  // The fan-out itself (the SDK, credential providers, the collectors) is imported when a fan-out
  // runs, not when `scan` is defined (start-up, issue 18).
  const { fanOut } = await import('../../collect/fan-out.js');
  const outcome = await fanOut(fanOutOptions(io, options, targets, kindsRequiredBy(rules), onAccount));

  const { merged, summaryPath } = await writeOrgSummary(accounts.loaded, targets, outcome, options.outDir);
  const exit = orgExitDecision({ targets, gates: accounts.gates, outcome, gate, merged });
  if (printSummary)
    io.stdout(
      renderOrgConsole({
        scanned: accounts.scanned,
        outcome,
        skipped: targets.skipped,
        merged,
        summaryPath,
        exit,
      }),
    );
  reportFailures(io, outcome.failed);
  if (targets.accountIds.length === 0) io.stderr(`aws-audit: no account to scan (${targets.source}).\n`);
  return exit.code;
}
