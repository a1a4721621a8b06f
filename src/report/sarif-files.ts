// The SARIF files of a scan, each one GitHub code scanning accepts. When the whole scan fits one
// file within GitHub's limits it is one file, `aws-audit-report.sarif`, as it always was. Otherwise
// it is one file per code-scanning category, each holding one run whose `automationDetails.id` is
// that category, written as `aws-audit-report.<slug>.sarif` (README "SARIF and GitHub code
// scanning"; the GitHub Action uploads each file with its category). Categories go from coarse to
// fine only as far as needed: the account, then account/service, then (a service alone over the
// limits) account/service/region. Nothing is ever truncated: a region still over GitHub's limits is
// refused with one line, and the JSON report is written all the same (write-reports.ts).
import type * as Sarif from 'sarif';
import type { ScanResult } from '../engine/scan.js';
import { UserError } from '../util/errors.js';
import { GITHUB_SARIF_LIMITS } from './github-conformance.js';
import {
  SARIF_SCHEMA_URI,
  buildRun,
  buildSarifLog,
  checkedSarif,
  failingFindings,
  planServiceRuns,
  sarifCategory,
  type RunPlan,
} from './sarif.js';

export interface SarifFile {
  /** Absent for the one combined file; otherwise the file-name slug of its run's category. */
  slug?: string;
  /** The file's UTF-8 bytes, as the conformance check measured them. */
  bytes: Buffer;
}

/** `aws-audit/123456789012/ec2/` → `aws-audit-123456789012-ec2`: the category as a file-name part. */
export function categorySlug(category: string): string {
  return category.replace(/\//g, '-').replace(/-+$/, '');
}

function logOf(runs: Sarif.Run[]): Sarif.Log {
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs };
}

/** The whole scan as one file's bytes, or undefined when GitHub would not take it as one. */
function singleFile(result: ScanResult): Buffer | undefined {
  const L = GITHUB_SARIF_LIMITS;
  // Past 20 runs × 5,000 shown results no single file is shown in full; more would also risk a
  // string past V8's limit before the size check could refuse it.
  const failing = result.findings.reduce((n, finding) => n + (finding.status === 'fail' ? 1 : 0), 0);
  if (failing > L.runsPerFile * L.resultsShownPerRun) return undefined;
  let log: Sarif.Log;
  try {
    log = buildSarifLog(result);
  } catch (error) {
    if (error instanceof UserError) return undefined; // over a run or runs-per-file limit
    throw error;
  }
  const { bytes, problems } = checkedSarif(log);
  return problems.length === 0 ? bytes : undefined;
}

/** The next finer split of a run that does not fit: by service, then by region. */
function finerPlans(result: ScanResult, accountId: string, plan: RunPlan): RunPlan[] | undefined {
  if (plan.service === undefined) return planServiceRuns(plan.rules, plan.findings);
  if (plan.region !== undefined) return undefined;
  const account = result.snapshot.accounts.find((a) => a.accountId === accountId);
  // Every region of the account gets its category, with or without results, so an upload closes
  // the alerts fixed there; `global` (IAM) only when a finding is global.
  const regions = [
    ...new Set([
      ...(account?.regions.map((region) => region.region) ?? []),
      ...plan.findings.map((finding) => finding.resource.region),
    ]),
  ].sort();
  return regions.map((region) => ({
    ...plan,
    region,
    findings: plan.findings.filter((finding) => finding.resource.region === region),
  }));
}

function planFiles(result: ScanResult, accountId: string, plan: RunPlan): SarifFile[] {
  const category = sarifCategory(accountId, plan.service, plan.region);
  let problem = `${plan.findings.length} results, over GitHub's limit of ${GITHUB_SARIF_LIMITS.resultsPerRun} per run`;
  if (plan.findings.length <= GITHUB_SARIF_LIMITS.resultsPerRun) {
    const { bytes, problems } = checkedSarif(logOf([buildRun(result, accountId, plan)]));
    if (problems.length === 0) return [{ slug: categorySlug(category), bytes }];
    problem = problems[0] ?? problem;
  }
  const finer = finerPlans(result, accountId, plan);
  if (finer === undefined)
    throw new UserError(`cannot write SARIF: category ${category} is over GitHub's limits (${problem})`);
  return finer.flatMap((finerPlan) => planFiles(result, accountId, finerPlan));
}

/**
 * The scan's SARIF files: one combined file when it fits, else one per category. An account over
 * GitHub's shown 5,000 results starts at account/service, as the combined file's runs do.
 */
export function sarifFiles(result: ScanResult): SarifFile[] {
  if (result.snapshot.accounts.length === 0) return [];
  const single = singleFile(result);
  if (single !== undefined) return [{ bytes: single }];
  return result.snapshot.accounts.flatMap(({ accountId }) => {
    const failing = failingFindings(result, accountId);
    const plans =
      failing.length <= GITHUB_SARIF_LIMITS.resultsShownPerRun
        ? [{ rules: result.rules, findings: failing }]
        : planServiceRuns(result.rules, failing);
    return plans.flatMap((plan) => planFiles(result, accountId, plan));
  });
}
