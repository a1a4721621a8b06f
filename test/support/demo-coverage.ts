// Does the demo account exercise every rule? Each rule of the pack must pass at least once and
// fail at least once on examples/demo-account.json, so the demo shows what every rule reports and
// a rule that stopped firing (or started firing on everything) shows up as a gap. Shared by the
// demo meta-test and the "add a rule" meta-test, which runs it over a copy of the tree.
import { readFile } from 'node:fs/promises';
import { evaluateSnapshot } from '../../src/engine/scan.js';
import type { Finding, Rule } from '../../src/engine/types.js';
import { parseSnapshot } from '../../src/snapshot/io.js';

export const DEMO_SNAPSHOT = 'examples/demo-account.json';
export const DEMO_SOURCE = 'scripts/demo-account.ts';

export interface DemoGap {
  ruleId: string;
  missing: ('pass' | 'fail')[];
  /** What to do about it, naming the file to extend. */
  advice: string;
}

/** The rules that do not both pass and fail in `findings`, with what each lacks. */
export function demoGaps(
  rules: readonly Rule[],
  findings: readonly Pick<Finding, 'ruleId' | 'status'>[],
): DemoGap[] {
  const seen = new Map<string, Set<string>>();
  for (const finding of findings) {
    const statuses = seen.get(finding.ruleId) ?? new Set<string>();
    statuses.add(finding.status);
    seen.set(finding.ruleId, statuses);
  }
  const gaps: DemoGap[] = [];
  for (const { meta } of rules) {
    const statuses = seen.get(meta.id) ?? new Set<string>();
    const missing = (['pass', 'fail'] as const).filter((status) => !statuses.has(status));
    if (missing.length > 0)
      gaps.push({
        ruleId: meta.id,
        missing,
        advice: `extend ${DEMO_SOURCE} so the demo gives ${meta.id} a ${missing.join(' and a ')}, then run \`npm run demo:build\``,
      });
  }
  return gaps;
}

/** The findings of `rules` over the demo account file under `root` (the working directory by default). */
export async function demoFindings(rules: readonly Rule[], root = '.'): Promise<Finding[]> {
  const file = `${root}/${DEMO_SNAPSHOT}`;
  const snapshot = parseSnapshot(JSON.parse(await readFile(file, 'utf8')) as unknown, DEMO_SNAPSHOT);
  const started = new Date('2026-11-21T21:00:00.000Z');
  return evaluateSnapshot(snapshot, rules, { kind: 'snapshot', file: DEMO_SNAPSHOT }, started).findings;
}
