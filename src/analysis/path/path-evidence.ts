// A service answer drawn as one `path` evidence item (src/findings/path.ts): the workload's first
// hop, then the way shown (the taken one, else the first considered), then the service when that
// way reaches it. Everything after the first hop belongs to the way, which workloads sharing an
// answer (shared-reach.ts) share too, so it is drawn once per way list and reused.
import type { Evidence, JsonValue } from '../../findings/types.js';
import type { PathHop } from '../../findings/path.js';
import { PATH_EVIDENCE_KIND } from '../../findings/path.js';
import { hop, type JudgedHop } from './checks.js';
import { drawHops, hopsAsEvidence } from './hops.js';
import type { ServiceReach, WayReach } from './reach-types.js';

/** The way a service answer shows: the one taken, else the first considered. */
function shownWay(reach: ServiceReach): WayReach | undefined {
  return reach.ways.find((w) => w.taken) ?? reach.ways[0];
}

/**
 * The `service` hop that ends a way reaching the service, one per service and endpoint name: every
 * finding whose way reaches a service ends with it, so they share it instead of a copy each. Its
 * verdict is `allow`, so it is drawn as it stands.
 */
const serviceHopsByName = new Map<string, Map<string, JudgedHop>>();

function serviceHop(service: string, destination: string): JudgedHop {
  let byDestination = serviceHopsByName.get(service);
  if (byDestination === undefined)
    serviceHopsByName.set(service, (byDestination = new Map<string, JudgedHop>()));
  let judged = byDestination.get(destination);
  if (judged === undefined)
    byDestination.set(destination, (judged = hop('service', destination, `tcp 443 to ${service}`)));
  return judged;
}

/** The judged hops of the way shown, past the workload's own first hop. */
function wayHops(reach: ServiceReach): JudgedHop[] {
  const shown = shownWay(reach);
  const hops = shown?.hops ?? [];
  return shown?.verdict === 'reachable' ? [...hops, serviceHop(reach.service, reach.destination)] : hops;
}

/**
 * Every judged hop of the way shown, from the workload's ENI to the service (the service hop only
 * when that way reaches it): what `servicePathEvidence` draws and `aws-audit reach` lists.
 */
export function serviceHops(reach: ServiceReach): JudgedHop[] {
  return [reach.from, ...wayHops(reach)];
}

interface DrawnWay {
  /** The summary after the workload's name: ` → s3 via nat-gateway: reachable` and any undecided tail. */
  afterWorkload: string;
  /** The drawn hops after the first, shared by every item drawn from these ways. */
  drawn: { [key: string]: JsonValue }[];
}

/** Ways of answers shared between workloads (shared-reach.ts), and their drawing once made. */
const drawnWays = new WeakMap<readonly WayReach[], DrawnWay | null>();

/** Marks an answer as shared: its ways are drawn once for all its workloads. */
export function markShared(reach: ServiceReach): void {
  if (!drawnWays.has(reach.ways)) drawnWays.set(reach.ways, null);
}

function drawnWay(reach: ServiceReach): DrawnWay {
  // Everything an answer's ways are drawn from (verdict, service, destination) is shared with them.
  const known = drawnWays.get(reach.ways);
  if (known) return known;
  const drawn = drawWay(reach);
  if (known === null) drawnWays.set(reach.ways, drawn);
  return drawn;
}

function drawWay(reach: ServiceReach): DrawnWay {
  const shown = shownWay(reach);
  const verdictText =
    reach.verdict === 'reachable' ? 'reachable' : reach.verdict === 'unreachable' ? 'broken' : 'undecided';
  // drawHops(wayHops(reach)), without listing the hops again: the service hop is drawn only after
  // every hop allowed, and is shared rather than copied.
  const hops = shown?.hops ?? [];
  const { drawn, tail } = drawHops(hops);
  if (shown?.verdict === 'reachable' && hops.every((h) => h.verdict === 'allow'))
    drawn.push(serviceHop(reach.service, reach.destination) as PathHop);
  return {
    afterWorkload: ` → ${reach.service}${shown ? ` via ${shown.way}` : ''}: ${verdictText}${tail}`,
    // Plain objects (drawHops copies each hop; the service hop is shared), JSON values as they stand.
    drawn: drawn as unknown as DrawnWay['drawn'],
  };
}

/**
 * The taken way's hops (or the first way's, when none is taken) as a `path` evidence item, built
 * when a finding asks for it (most services of most workloads never need drawing; each answer is
 * drawn once, by the one finding it explains, so the item is not memoised).
 */
export function servicePathEvidence(reach: ServiceReach): Evidence {
  const from = reach.from;
  // The first hop is the workload's own, allowed (answer.ts): drawn, never the end of the path.
  if (from.verdict !== 'allow')
    return hopsAsEvidence(`${reach.workload}${drawnWay(reach).afterWorkload}`, [from], reach.destination);
  const way = drawnWay(reach);
  const first = { kind: from.kind, id: from.id, decidedBy: from.decidedBy, verdict: from.verdict };
  return {
    kind: PATH_EVIDENCE_KIND,
    summary: `${reach.workload}${way.afterWorkload}`,
    details: { hops: [first, ...way.drawn], destination: reach.destination },
  };
}
