// A path (src/findings/path.ts) on one line for the console:
// `i-1 → sg-1 (egress 443 ok) → acl-1 (rule 50 deny 443) ✗`. Hops after the broken one are left
// out: the traffic never reaches them. Colour (red for the broken hop) only when the caller has it.
import type { ChalkInstance } from 'chalk';
import type { Evidence } from '../findings/types.js';
import { brokenHopIndex, pathHops, type PathHop } from '../findings/path.js';

function hopText(hop: PathHop, chalk?: ChalkInstance): string {
  if (hop.verdict === 'deny') {
    const text = `${hop.id} (${hop.decidedBy}) ✗`;
    return chalk ? chalk.red.bold(text) : text;
  }
  return hop.decidedBy === '' ? hop.id : `${hop.id} (${hop.decidedBy} ok)`;
}

/** The first broken `path` evidence of a finding on one line, or undefined when it has none. */
export function brokenPathLine(evidence: readonly Evidence[], chalk?: ChalkInstance): string | undefined {
  for (const item of evidence) {
    const hops = pathHops(item);
    if (!hops) continue;
    const broken = brokenHopIndex(hops);
    if (broken < 0) continue;
    return hops
      .slice(0, broken + 1)
      .map((hop) => hopText(hop, chalk))
      .join(' → ');
  }
  return undefined;
}
