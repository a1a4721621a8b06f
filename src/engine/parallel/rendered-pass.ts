// A passing finding as a worker thread of a streamed scan sends it back: already rendered into the
// report files' text, so the main thread neither deserialises its evidence nor renders it. Passes
// are two thirds of a large account's findings and the review leaves them as they are (waivers and
// baseline marks apply to `fail` only; engine/waivers.ts, engine/baseline.ts), so rendering them
// where they were evaluated gives the same bytes.
//
// The text itself crosses as bytes, not strings: per rule and unit, each format's passes are
// encoded into one buffer that is transferred, not copied (`UnitOutcome.rendered`), and each pass
// records where its text ends in each. Strings sent by message are allocated again in the main
// thread's heap, where hundreds of megabytes of them drove its collector over the whole snapshot
// (BENCHMARKS.md "Worker threads that stream").
//
// What the main thread still reads of a pass: `--min-severity` (severity), the summary (rule), the
// baseline's record of what passes now (fingerprint) and the HTML report's counts (account, region).
import type { Finding, Severity } from '../types.js';

export interface RenderedPass {
  ruleId: string;
  severity: Severity;
  fingerprint: string;
  accountId: string;
  region: string;
  /** Where this pass's text ends in each format's buffer of its rule and unit; it starts where the previous pass's ends. */
  ends: number[];
}

/** A finding as a streamed unit carries it: failing and unknown ones whole, passes rendered. */
export type StreamedFinding = Finding | RenderedPass;

export function isRenderedPass(item: StreamedFinding): item is RenderedPass {
  return 'ends' in item;
}

/** Renders a finding into the report texts of the formats a streamed scan writes (report/finding-spill.ts). */
export type PassRenderer = (ruleIndex: number, finding: Finding) => string[];
