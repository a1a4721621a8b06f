// Shared by the workload reachability rules (Lambda, ECS): one verdict for a workload from its
// placements (one per subnet: it may run in any, so every subnet must work, aws-facts §10.1,
// §10.2) and the services it needs, through the path engine. Every finding carries a `path`
// evidence item per subnet, passes included; a failure names the subnet, the service and the first
// broken hop of the way its traffic takes.
import { fail, listPhrase, missingDataEvidence, pass, unknown } from '../../src/engine/define-rule.js';
import type { Evidence, ResourceRef, RuleResult } from '../../src/engine/types.js';
import type { ResourceKind, RegionalKind } from '../../src/snapshot/types.js';
import type { RegionView } from '../../src/snapshot/view.js';
import {
  decisivePath,
  reachFromPlacements,
  type PathProblem,
  type Placement,
  type ServiceReach,
} from '../../src/analysis/path/index.js';
import { PATH_KINDS, listedClauses, problemEvidence } from './path-problems.js';

/**
 * Every kind the path engine reads (a rule's `requires` lists them all); without `PATH_KINDS`
 * the network path cannot be judged at all.
 */
export const WORKLOAD_PATH_REQUIRES: RegionalKind[] = [
  ...PATH_KINDS,
  'vpcAttributes',
  'dhcpOptions',
  'natGateways',
  'prefixLists',
  // A BPA setting can block the NAT way (aws-facts §1.2; src/analysis/block-public-access.ts).
  'vpcBlockPublicAccess',
];

export interface WorkloadCase {
  ref: ResourceRef;
  /** How messages open: `Function orders-stream`, `ECS service prod/api`. */
  label: string;
  placements: readonly Placement[];
  /** The endpoint services it needs and why. */
  needs: readonly { service: string; because: readonly string[] }[];
  /** What keeps the answer from being complete: a pass becomes `unknown` while any is left. */
  undecided: readonly string[];
  /** Kinds whose absence made something undecided (for the evidence). */
  missingKinds: readonly ResourceKind[];
  /** Appended to every message (e.g. how the platform's traffic is modelled). */
  note?: string;
}

function subnetName(region: RegionView, subnetId: string): string {
  const name = region.subnet(subnetId)?.name;
  return name ? `${subnetId} (${name})` : subnetId;
}

/** Where a service's way breaks: "internet-gateway breaks at route rtb-1 (no IPv4 default route)". */
function brokenAt(reach: ServiceReach): string {
  const way = reach.ways.find((w) => w.taken) ?? reach.ways[0];
  const hop = way?.firstBrokenHop;
  if (way && hop) return `${way.way} breaks at ${hop.kind} ${hop.id} (${hop.decidedBy})`;
  return reach.problems[0]?.message ?? 'no way works';
}

/** A needs list → its evidence: workloads sharing a role (or a task definition) share one list. */
const needsEvidenceMemo = new WeakMap<WorkloadCase['needs'], readonly Evidence[]>();

function needsEvidence(needs: WorkloadCase['needs']): readonly Evidence[] {
  let evidence = needsEvidenceMemo.get(needs);
  if (evidence === undefined) {
    // Shared by the findings of those workloads, as analysis shares evidence (engine/run.ts).
    evidence = needs.map((n) => ({
      kind: 'service-need',
      summary: `needs ${n.service}: ${n.because.join('; ')}`,
      details: { service: n.service, because: [...n.because] },
    }));
    needsEvidenceMemo.set(needs, evidence);
  }
  return evidence;
}

/** The workload's verdict: unknown while the path kinds are missing, else the path engine's. */
export function judgeWorkload(region: RegionView, c: WorkloadCase): RuleResult {
  const note = c.note ? ` (${c.note})` : '';
  const pathMissing = region.missing(PATH_KINDS);
  if (pathMissing.length > 0)
    return unknown(
      c.ref,
      `${c.label}: ${pathMissing.join(', ')} could not be read, so its paths to AWS services cannot be judged${note}.`,
      missingDataEvidence(region, pathMissing),
    );
  const undecidedEvidence = (): Evidence[] => [
    ...c.undecided.map((u) => ({ kind: 'undecided', summary: u })),
    ...(c.missingKinds.length > 0 ? missingDataEvidence(region, c.missingKinds) : []),
  ];
  if (c.needs.length === 0) {
    const subnets = listPhrase(c.placements.map((p) => subnetName(region, p.subnetId)));
    if (c.undecided.length > 0)
      return unknown(
        c.ref,
        `${c.label}: what it needs to reach cannot be decided: ${listedClauses(c.undecided)}${note}.`,
        undecidedEvidence(),
      );
    return pass(c.ref, `${c.label} needs no AWS service through its subnets (${subnets})${note}.`);
  }
  const services = c.needs.map((n) => n.service);
  const result = reachFromPlacements(region, c.placements, services);
  const paths: Evidence[] = [];
  for (const p of result.placements) {
    const path = decisivePath(p.result);
    if (path) paths.push(path);
  }
  const evidenceBase = [...needsEvidence(c.needs), ...paths];
  if (result.verdict === 'unreachable') {
    // One clause per subnet and broken hop, naming every service that breaks there.
    const clauses = new Map<string, { subnetId: string; at: string; services: string[] }>();
    const broken = new Set<string>();
    const problems: PathProblem[] = [];
    for (const p of result.placements) {
      for (const s of p.result.services) {
        if (s.verdict !== 'unreachable') continue;
        broken.add(p.placement.subnetId);
        const at = brokenAt(s);
        const key = `${p.placement.subnetId}\u0000${at}`;
        const clause = clauses.get(key) ?? { subnetId: p.placement.subnetId, at, services: [] };
        clause.services.push(s.service);
        clauses.set(key, clause);
      }
      problems.push(...p.result.problems);
    }
    const clauseText = [...clauses.values()].map(
      (c) => `${listPhrase(c.services)} from ${subnetName(region, c.subnetId)}: ${c.at}`,
    );
    const working = c.placements.filter((p) => !broken.has(p.subnetId)).map((p) => p.subnetId);
    const workingPart =
      working.length > 0 ? `; ${listPhrase(working)} ${working.length > 1 ? 'work' : 'works'}` : '';
    const undecidedPart = c.undecided.length > 0 ? `; not decided: ${listedClauses(c.undecided)}` : '';
    const only = clauses.size === 1 ? [...clauses.values()][0] : undefined;
    const what = only
      ? `${listPhrase(only.services)} from ${subnetName(region, only.subnetId)}: ${only.at}`
      : `every service it needs from every subnet: ${listedClauses(clauseText)}`;
    return fail(c.ref, `${c.label} cannot reach ${what}${workingPart}${undecidedPart}${note}.`, [
      ...problemEvidence(problems),
      ...evidenceBase,
      ...undecidedEvidence(),
    ]);
  }
  if (result.verdict === 'indeterminate' || c.undecided.length > 0) {
    const doubts = result.placements.flatMap((p) =>
      p.result.doubts.map((d) => ({ ...d, message: `from ${p.placement.subnetId}: ${d.message}` })),
    );
    const reasons = [...doubts.map((d) => d.message), ...c.undecided];
    return unknown(
      c.ref,
      `${c.label}: whether it reaches ${listPhrase(services)} from every subnet cannot be decided: ${listedClauses(reasons)}${note}.`,
      [...problemEvidence(doubts), ...evidenceBase, ...undecidedEvidence()],
    );
  }
  const routes = result.placements.map(
    (p) =>
      `from ${subnetName(region, p.placement.subnetId)}: ${p.result.services.map((s) => `${s.service} via ${s.summary}`).join(', ')}`,
  );
  const evidence = [...evidenceBase];
  const seen = new Set(evidence.map((e) => e.summary));
  for (const p of result.placements)
    for (const e of p.result.evidence)
      if (!seen.has(e.summary)) {
        seen.add(e.summary);
        evidence.push(e);
      }
  return pass(
    c.ref,
    `${c.label} reaches ${listPhrase(services)} from every subnet (${routes.join('; ')})${note}.`,
    evidence,
  );
}
