// Clauses that say the same thing about different targets, said once: "sg-1 has no egress rule
// (tcp 443 to A); sg-1 has no egress rule (tcp 443 to B)" becomes "sg-1 has no egress rule (tcp
// 443 to A and B)". A finding's message must never repeat a clause (issue 19).

function commonPrefixAtWord(a: string, b: string): number {
  let end = 0;
  for (let i = 0; i < Math.min(a.length, b.length) && a[i] === b[i]; i += 1) if (a[i] === ' ') end = i + 1;
  return end;
}

function balanced(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === '(') depth += 1;
    else if (ch === ')' && --depth < 0) return false;
  }
  return depth === 0;
}

/** Merges two clauses that differ only in one balanced stretch after a shared prefix; or undefined. */
function mergePair(a: string, b: string): string | undefined {
  const prefix = commonPrefixAtWord(a, b);
  // Only the same statement about another target: most of it shared, the differing part a name.
  if (prefix < Math.min(a.length, b.length) / 2) return undefined;
  const restA = a.slice(prefix);
  const restB = b.slice(prefix);
  let suffix = 0;
  while (
    suffix < Math.min(restA.length, restB.length) &&
    restA[restA.length - 1 - suffix] === restB[restB.length - 1 - suffix] &&
    /[).\]]/.test(restA[restA.length - 1 - suffix] ?? '')
  )
    suffix += 1;
  for (; suffix >= 0; suffix -= 1) {
    const middleA = restA.slice(0, restA.length - suffix);
    const middleB = restB.slice(0, restB.length - suffix);
    const plain = (middle: string): boolean => middle !== '' && balanced(middle) && !/[:;] /.test(middle);
    if (plain(middleA) && plain(middleB))
      return `${a.slice(0, prefix)}${middleA} and ${middleB}${restA.slice(restA.length - suffix)}`;
  }
  return undefined;
}

export function mergeParallelClauses(clauses: readonly string[]): string[] {
  const out: string[] = [];
  for (const clause of clauses) {
    if (out.includes(clause)) continue;
    const index = out.findIndex((previous) => mergePair(previous, clause) !== undefined);
    if (index >= 0) out[index] = mergePair(out[index] as string, clause) as string;
    else out.push(clause);
  }
  return out;
}
