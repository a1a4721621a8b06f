// Applies a waivers file and a baseline report to an evaluated scan: marks findings, adds the
// report sections, and recounts the summary (waived findings leave `failingBySeverity`).
import { compareWithBaseline } from './baseline.js';
import type { ScanResult } from './scan.js';
import type { Finding } from './types.js';
import { summarise } from './summary.js';
import { applyWaivers, type Waiver } from './waivers.js';

export interface ReviewInputs {
  waivers?: { file: string; entries: readonly Waiver[] };
  /** The previous report's findings (only its failures matter). */
  baseline?: { file: string; findings: readonly Finding[] };
  /** The clock waiver expiry is measured against (the scan's start, injectable in tests). */
  now: Date;
}

export function reviewScan(result: ScanResult, inputs: ReviewInputs): ScanResult {
  let reviewed: ScanResult = result;
  if (inputs.waivers) {
    const { findings, report } = applyWaivers(reviewed.findings, inputs.waivers.entries, {
      file: inputs.waivers.file,
      now: inputs.now,
      evaluatedRuleIds: new Set(result.rules.map((rule) => rule.meta.id)),
    });
    reviewed = { ...reviewed, findings, waivers: report };
  }
  if (inputs.baseline) {
    const { findings, report } = compareWithBaseline(
      reviewed,
      inputs.baseline.findings,
      inputs.baseline.file,
    );
    reviewed = { ...reviewed, findings, baseline: report };
  }
  if (reviewed === result) return result;
  return {
    ...reviewed,
    summary: summarise(
      reviewed.findings,
      result.rules.map((rule) => rule.meta.id),
    ),
  };
}
