// `npm run bench -- --per-rule`: each rule evaluated alone, in its own process, and what the figures
// say together. The pack's findings are the sum of each rule's (rules do not see each other's), so
// the cheapest rule's cost per finding times that sum is what the pack would cost were every rule
// as simple as the cheapest: the engine's floor for that many findings, before any analysis.

/** One rule evaluated alone at one size. */
export interface RuleCost {
  ruleId: string;
  findings: number;
  cpuMs: number;
}

export interface PerRuleSummary {
  /** The rules' findings summed: the pack's findings. */
  findings: number;
  /** The rules' CPU times summed: the pack with every rule in a heap of its own. */
  cpuMs: number;
  /** The rule with the lowest CPU time per finding, among those with enough findings to tell. */
  cheapest?: { ruleId: string; usPerFinding: number };
  /** `cheapest.usPerFinding` × `findings`, in milliseconds. */
  floorMs?: number;
}

/**
 * Below this many findings a rule's time per finding is mostly its fixed cost (indexing the region,
 * the first call of each function) and timer resolution, so it says nothing about a finding's cost.
 */
export const MIN_FINDINGS_FOR_FLOOR = 1000;

export function usPerFinding(cpuMs: number, findings: number): number {
  return (cpuMs * 1000) / findings;
}

export function perRuleSummary(costs: readonly RuleCost[]): PerRuleSummary {
  let findings = 0;
  let cpuMs = 0;
  let cheapest: PerRuleSummary['cheapest'];
  for (const cost of costs) {
    findings += cost.findings;
    cpuMs += cost.cpuMs;
    if (cost.findings < MIN_FINDINGS_FOR_FLOOR) continue;
    const perFinding = usPerFinding(cost.cpuMs, cost.findings);
    if (cheapest === undefined || perFinding < cheapest.usPerFinding)
      cheapest = { ruleId: cost.ruleId, usPerFinding: perFinding };
  }
  if (cheapest === undefined) return { findings, cpuMs };
  return { findings, cpuMs, cheapest, floorMs: (cheapest.usPerFinding * findings) / 1000 };
}
