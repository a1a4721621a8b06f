// The review step's inputs (waivers and the exit gate) as both scans read them from the flags.
// The baseline differs: a single scan reads one report (scan.ts), a fan-out a folder of them
// (../org/org-review.ts).
import { ruleRegistry } from '../../../rules/index.js';
import type { GateOptions } from '../../engine/gate.js';
import type { ReviewInputs } from '../../engine/waivers-and-baseline.js';
import { readWaiversFile, waiverWarnings } from '../../engine/waivers.js';
import type { CliIo } from '../io.js';
import type { ScanOptions } from './scan-options.js';

/** `--waivers`, checked against the known rule ids before any work; warnings only when asked. */
export async function reviewWithWaivers(
  options: Pick<ScanOptions, 'waivers' | 'quiet'>,
  now: Date,
  warn?: CliIo,
): Promise<ReviewInputs> {
  const review: ReviewInputs = { now };
  if (options.waivers === undefined) return review;
  const knownRuleIds = new Set(ruleRegistry.map((rule) => rule.meta.id));
  review.waivers = { file: options.waivers, entries: await readWaiversFile(options.waivers, knownRuleIds) };
  if (warn && !options.quiet)
    for (const warning of waiverWarnings(review.waivers.entries, options.waivers))
      warn.stderr(`aws-audit: warning: ${warning}\n`);
  return review;
}

/** `--fail-on`, `--fail-on-new` and `--allow-incomplete` as the gate reads them. */
export function gateOptions(
  options: Pick<ScanOptions, 'failOn' | 'failOnNew' | 'allowIncomplete'>,
): GateOptions {
  const gate: GateOptions = {};
  if (options.failOn) gate.failOn = options.failOn;
  if (options.failOnNew) gate.failOnNew = options.failOnNew;
  if (options.allowIncomplete) gate.allowIncomplete = true;
  return gate;
}
