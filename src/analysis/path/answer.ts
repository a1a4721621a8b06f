// Completing a service's answer (reach-types.ts): its ways, and the words and first hop that name
// the workload. Shared answers (shared-reach.ts) swap only those per workload.
import type { RegionView } from '../../snapshot/view.js';
import { hop, type JudgedHop, type PathVerdict } from './checks.js';
import type { PlacementPeer } from './flows.js';
import { firstBrokenHop } from './hops.js';
import type { ServiceReach, Unfinished, Way, WayReach } from './reach-types.js';

export function wayOf(
  way: Way,
  verdict: PathVerdict,
  taken: boolean,
  hops: JudgedHop[],
  id?: string,
): WayReach {
  const out: WayReach = { way, verdict, taken, hops };
  if (id !== undefined) out.id = id;
  const broken = verdict === 'reachable' ? undefined : firstBrokenHop(hops);
  if (broken) out.firstBrokenHop = broken;
  return out;
}

/** region → service → its DNS name (a nested map: a joined key would cost as much as the name). */
const destinations = new Map<string, Map<string, string>>();

/** `<service>.<region>.amazonaws.com`, built once per region and service. */
function destinationOf(region: RegionView, service: string): string {
  let byService = destinations.get(region.region);
  if (byService === undefined) destinations.set(region.region, (byService = new Map<string, string>()));
  let name = byService.get(service);
  if (name === undefined) byService.set(service, (name = `${service}.${region.region}.amazonaws.com`));
  return name;
}

/** The first hop of every path from this placement: its ENI, or its subnet for "any ENI of the subnet". */
export function startHop(self: PlacementPeer): JudgedHop {
  self.start ??= hop(
    'eni',
    self.placement.eniId ?? self.subnet.id,
    `${self.peer.label} in ${self.subnet.id}`,
  );
  return self.start;
}

export function finish(
  region: RegionView,
  self: PlacementPeer,
  reach: Unfinished,
  ways: WayReach[],
): ServiceReach {
  // Completed in place: a spread copy per service per workload was the engine's largest own cost.
  const out = reach as ServiceReach;
  out.ways = ways;
  out.workload = self.placement.label;
  out.from = startHop(self);
  out.destination = destinationOf(region, reach.service);
  return out;
}
