// A path (src/findings/path.ts) on one line for the console:
// `eni-1 (i-1 in subnet-1) → sg-1 → acl-1 (out, in) → rtb-1 (0.0.0.0/0 → nat-1) → acl-2 (rule 50 deny tcp 443) ✗`.
// A terminal line is read for where the path breaks, so it stays short: the source hop keeps what
// names the workload, routes keep the route that carried the traffic, network ACLs their direction,
// and every other hop that let the traffic through is only its id (the JSON and HTML reports keep
// each hop's full decision). The broken hop says what denied it. Hops after the broken one are left
// out: the traffic never reaches them. Colour (red for the broken hop) only when the caller has it.
import type { ChalkInstance } from 'chalk';
import type { Evidence } from '../findings/types.js';
import { brokenHopIndex, pathHops, type PathHop } from '../findings/path.js';

/**
 * The source hop's label, without a closing "in subnet-1" that its id or label already says
 * ("subnet-1 (function f (any address in subnet-1) in subnet-1)" → "subnet-1 (function f (any
 * address in subnet-1))").
 */
function withoutRepeatedSubnet(hop: PathHop): string {
  const suffix = ` in ${hop.id}`;
  if (!hop.decidedBy.endsWith(suffix)) return hop.decidedBy;
  const rest = hop.decidedBy.slice(0, -suffix.length);
  return rest.includes(hop.id) ? rest : hop.decidedBy;
}

/** What a passing hop adds to its id on the console line, if anything. */
function passingNote(hop: PathHop, isSource: boolean): string | undefined {
  if (hop.decidedBy === '') return undefined;
  if (isSource) return withoutRepeatedSubnet(hop);
  if (hop.kind === 'route') return hop.decidedBy;
  if (hop.kind === 'network-acl') {
    // A stateless ACL is passed twice per direction of the flow; which one is what matters.
    if (/\boutbound\b/.test(hop.decidedBy)) return 'out';
    if (/\binbound\b/.test(hop.decidedBy)) return 'in';
  }
  return undefined;
}

interface LineHop {
  id: string;
  notes: string[];
  broken?: string;
}

/** Consecutive passing hops through the same resource (an ACL out then in) become one. */
function foldHops(hops: readonly PathHop[]): LineHop[] {
  const line: LineHop[] = [];
  hops.forEach((hop, index) => {
    if (hop.verdict === 'deny') {
      line.push({ id: hop.id, notes: [], broken: hop.decidedBy });
      return;
    }
    const note = passingNote(hop, index === 0);
    const previous = line.at(-1);
    if (previous && previous.broken === undefined && previous.id === hop.id) {
      if (note !== undefined && !previous.notes.includes(note)) previous.notes.push(note);
      return;
    }
    line.push({ id: hop.id, notes: note === undefined ? [] : [note] });
  });
  return line;
}

function hopText(hop: LineHop, chalk?: ChalkInstance): string {
  if (hop.broken !== undefined) {
    const text = hop.broken === '' ? `${hop.id} ✗` : `${hop.id} (${hop.broken}) ✗`;
    return chalk ? chalk.red.bold(text) : text;
  }
  return hop.notes.length === 0 ? hop.id : `${hop.id} (${hop.notes.join(', ')})`;
}

/** The first broken `path` evidence of a finding on one line, or undefined when it has none. */
export function brokenPathLine(evidence: readonly Evidence[], chalk?: ChalkInstance): string | undefined {
  for (const item of evidence) {
    const hops = pathHops(item);
    if (!hops) continue;
    const broken = brokenHopIndex(hops);
    if (broken < 0) continue;
    return foldHops(hops.slice(0, broken + 1))
      .map((hop) => hopText(hop, chalk))
      .join(' → ');
  }
  return undefined;
}
