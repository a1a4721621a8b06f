// A passing finding as a worker thread of a streamed scan sends it back: already rendered into the
// report files' text, so the main thread neither deserialises its evidence nor renders it. Passes
// are two thirds of a large account's findings and the review leaves them as they are (waivers and
// baseline marks apply to `fail` only; engine/waivers.ts, engine/baseline.ts), so rendering them
// where they were evaluated gives the same bytes. What the main thread still reads of one:
// `--min-severity` (severity), the summary (rule), the baseline's record of what passes now
// (fingerprint) and the HTML report's counts (account, region).
import type { Finding, Severity } from '../types.js';

export interface RenderedPass {
  ruleId: string;
  severity: Severity;
  fingerprint: string;
  accountId: string;
  region: string;
  /** The finding's text in each spilled report format, in the order the sink asked for them; opaque here. */
  texts: string[];
}

/** A finding as a streamed unit carries it: failing and unknown ones whole, passes rendered. */
export type StreamedFinding = Finding | RenderedPass;

export function isRenderedPass(item: StreamedFinding): item is RenderedPass {
  return 'texts' in item;
}

/** Renders a pass into the report texts of the formats a streamed scan writes (report/finding-render.ts). */
export type PassRenderer = (ruleIndex: number, finding: Finding) => string[];

/** `finding` as a worker sends it back: rendered when it passes, whole otherwise. */
export function streamedFinding(render: PassRenderer, ruleIndex: number, finding: Finding): StreamedFinding {
  if (finding.status !== 'pass') return finding;
  const { ruleId, severity, fingerprint, resource } = finding;
  return {
    ruleId,
    severity,
    fingerprint,
    accountId: resource.accountId,
    region: resource.region,
    texts: render(ruleIndex, finding),
  };
}
