// Judged hops → a `path` evidence item (src/findings/path.ts): the hops up to and including the
// first that denies; an undecided hop ends the drawn path before it and the summary names it.
import type { Evidence } from '../../findings/types.js';
import { pathEvidence, type PathHop } from '../../findings/path.js';
import type { JudgedHop } from './checks.js';

/** The first hop that breaks the way (denies it, or cannot be decided), if any. */
export function firstBrokenHop(hops: readonly JudgedHop[]): JudgedHop | undefined {
  return hops.find((h) => h.verdict !== 'allow');
}

/** The hops a path item draws, and what the summary adds when an undecided hop ends it. */
export interface DrawnHops {
  drawn: PathHop[];
  tail: string;
}

export function drawHops(hops: readonly JudgedHop[]): DrawnHops {
  const drawn: PathHop[] = [];
  let tail = '';
  for (const h of hops) {
    if (h.verdict === 'undecided') {
      tail = `; undecided at ${h.kind} ${h.id}: ${h.decidedBy}`;
      break;
    }
    drawn.push({ kind: h.kind, id: h.id, decidedBy: h.decidedBy, verdict: h.verdict });
    if (h.verdict === 'deny') break;
  }
  return { drawn, tail };
}

export function hopsAsEvidence(summary: string, hops: readonly JudgedHop[], destination: string): Evidence {
  const { drawn, tail } = drawHops(hops);
  return pathEvidence(`${summary}${tail}`, drawn, destination);
}
