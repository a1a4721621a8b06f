// Baseline diff: compares this scan's failing findings with a previous JSON report by fingerprint,
// so a nightly job can fail on regressions instead of known debt (design.md "Findings, waivers,
// baseline"; README "Baseline").
//
// Decisions:
// - Only `fail` findings get `baseline: 'new' | 'unchanged'`; pass and unknown carry no mark.
// - A failing finding is `unchanged` only when the same fingerprint was failing before. Failing now
//   but pass, unknown or absent before counts as `new` (an unknown that turns into a fail may be
//   old debt, but nothing proved it was there: gating treats it as new).
// - A fingerprint failing before is `fixed` when it now passes, or when its rule ran cleanly over
//   its account and region and found no such resource (deleted). When this scan cannot say (the
//   finding is `unknown`, or its rule, account or region was not evaluated or has a coverage gap
//   or rule error) it is listed as `unverified`, never as fixed.
import type { ScanResult } from './scan.js';
import type { Finding, ResourceRef, Severity } from './types.js';

/** A finding of the previous report that no longer fails. */
export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  severity: Severity;
  resource: ResourceRef;
  /** The message from the previous report. */
  message: string;
}

/** The report's `baseline` section. */
export interface BaselineReport {
  file: string;
  /** Failing findings whose fingerprint was not failing in the baseline. */
  new: number;
  /** Failing findings that were already failing in the baseline. */
  unchanged: number;
  fixed: BaselineEntry[];
  unverified: BaselineEntry[];
}

/** True when this scan ran `ruleId` over the resource's account and region without a gap. */
function evaluatedCleanly(
  result: Pick<ScanResult, 'rules' | 'snapshot' | 'coverage'>,
  ruleId: string,
  resource: ResourceRef,
): boolean {
  const rule = result.rules.find((r) => r.meta.id === ruleId);
  if (!rule) return false;
  const account = result.snapshot.accounts.find((a) => a.accountId === resource.accountId);
  if (!account) return false;
  if (rule.meta.scope === 'global') {
    if (resource.region !== 'global') return false;
  } else {
    const region = account.regions.find((r) => r.region === resource.region);
    if (!region || region.availability === 'not-opted-in') return false;
  }
  const { coverage } = result;
  const inScope = (accountId: string, region: string): boolean =>
    accountId === resource.accountId && (region === resource.region || region === 'global');
  if (coverage.gaps.some((gap) => inScope(gap.accountId, gap.region) && gap.rules.includes(ruleId)))
    return false;
  return !coverage.ruleErrors.some(
    (error) => error.ruleId === ruleId && inScope(error.accountId, error.region),
  );
}

function entryOf(finding: Finding): BaselineEntry {
  return {
    fingerprint: finding.fingerprint,
    ruleId: finding.ruleId,
    severity: finding.severity,
    resource: finding.resource,
    message: finding.message,
  };
}

export interface BaselineOutcome {
  findings: Finding[];
  report: BaselineReport;
}

/** Marks findings one at a time and, at the end, lists what the baseline's failures became. */
export interface BaselineMarker {
  mark(finding: Finding): Finding;
  /** `mark` for a pass a worker thread rendered (engine/parallel/rendered-pass.ts): only its fingerprint is read. */
  markPass(fingerprint: string): void;
  report(result: Pick<ScanResult, 'rules' | 'snapshot' | 'coverage'>): BaselineReport;
}

/**
 * `compareWithBaseline` one finding at a time, so a streamed scan (engine/stream-scan.ts) need not
 * keep its passes: of each finding it remembers only the status, and only when the baseline had
 * that fingerprint failing (the last one seen wins, as in a map built over the whole list).
 */
export function baselineMarker(previous: readonly Finding[], file: string): BaselineMarker {
  const failingBefore = new Map<string, Finding>();
  for (const finding of previous)
    if (finding.status === 'fail') failingBefore.set(finding.fingerprint, finding);
  const statusNow = new Map<string, Finding['status']>();
  let fresh = 0;
  let unchanged = 0;
  const mark = (finding: Finding): Finding => {
    if (failingBefore.has(finding.fingerprint)) statusNow.set(finding.fingerprint, finding.status);
    if (finding.status !== 'fail') return finding;
    const baseline = failingBefore.has(finding.fingerprint) ? 'unchanged' : 'new';
    if (baseline === 'new') fresh += 1;
    else unchanged += 1;
    return { ...finding, baseline };
  };
  const markPass = (fingerprint: string): void => {
    if (failingBefore.has(fingerprint)) statusNow.set(fingerprint, 'pass');
  };
  const report = (result: Pick<ScanResult, 'rules' | 'snapshot' | 'coverage'>): BaselineReport => {
    const fixed: BaselineEntry[] = [];
    const unverified: BaselineEntry[] = [];
    for (const [fingerprint, before] of failingBefore) {
      const current = statusNow.get(fingerprint);
      if (current === 'fail') continue;
      const isFixed =
        current === undefined ? evaluatedCleanly(result, before.ruleId, before.resource) : current === 'pass';
      (isFixed ? fixed : unverified).push(entryOf(before));
    }
    return { file, new: fresh, unchanged, fixed, unverified };
  };
  return { mark, markPass, report };
}

/**
 * `previous` is the earlier report's findings, read by the report layer (src/report/read-baseline.ts):
 * the engine compares the findings it is given and never reads a report itself (design.md layers).
 */
export function compareWithBaseline(
  result: ScanResult,
  previous: readonly Finding[],
  file: string,
): BaselineOutcome {
  const marker = baselineMarker(previous, file);
  const findings = result.findings.map((finding) => marker.mark(finding));
  return { findings, report: marker.report(result) };
}
