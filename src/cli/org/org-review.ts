// A fan-out's review inputs: the waivers every account shares, and `--baseline` as the previous
// run's --out-dir, from which each account reads its own report.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ReviewInputs } from '../../engine/waivers-and-baseline.js';
import { readBaselineFile } from '../../report/read-baseline.js';
import { REPORT_BASENAME } from '../../report/write-reports.js';
import { describeFsError } from '../../util/atomic-file.js';
import { UserError } from '../../util/errors.js';
import { reviewWithWaivers } from '../scan-pipeline/review.js';
import type { ScanOptions } from '../scan-pipeline/scan-options.js';

export interface OrgReview {
  review: ReviewInputs;
  baselineDir?: string;
}

/** Review inputs shared by every account; `--baseline` is the previous run's --out-dir. */
export async function orgReviewInputs(options: ScanOptions, now: Date): Promise<OrgReview> {
  const review = await reviewWithWaivers(options, now);
  if (options.baseline === undefined) return { review };
  let isDirectory: boolean;
  try {
    isDirectory = statSync(options.baseline).isDirectory();
  } catch (error) {
    throw new UserError(`--baseline ${options.baseline}: cannot read: ${describeFsError(error)}`);
  }
  if (!isDirectory)
    throw new UserError(
      `--baseline ${options.baseline}: with --org-role-name, pass the previous run's --out-dir (a directory of <account>/${REPORT_BASENAME}.json)`,
    );
  return { review, baselineDir: options.baseline };
}

/** One account's review: the shared inputs plus its own report of the previous run, if any. */
export async function accountReview(shared: OrgReview, accountId: string): Promise<ReviewInputs> {
  if (shared.baselineDir === undefined) return shared.review;
  const file = join(shared.baselineDir, accountId, `${REPORT_BASENAME}.json`);
  // An account new since the previous run has no baseline: its findings carry no new/unchanged mark.
  if (!existsSync(file)) return shared.review;
  return { ...shared.review, baseline: { file, findings: (await readBaselineFile(file)).findings } };
}
