// Per-region memo of the parts of a path that do not depend on the workload: the endpoint chosen
// per (VPC, service), an endpoint's interfaces, and decisions whose inputs (groups, ACL, peer,
// label) are all workload-independent. Views are immutable, so a WeakMap on the view is exact.
import type { Evidence } from '../../findings/types.js';
import type { Subnet, VpcEndpoint } from '../../snapshot/types.js';
import type { RegionView } from '../../snapshot/view.js';
import { getOrCreate } from '../../util/memo.js';
import type { PortRange } from '../nacl.js';
import type { SecurityGroupDecision } from '../security-groups.js';
import type { Check } from './checks.js';
import type { EndpointTarget } from './endpoint-targets.js';
import type { EndpointDns } from './interface-endpoint.js';
import type { SharedReaches } from './shared-reach.js';
import type { UniversalEgress } from './universal-egress.js';

export interface RegionPathCache {
  /** VPC → service → the endpoint that would take the service's name. */
  endpointFor: Map<string, Map<string, VpcEndpoint | undefined>>;
  targets: WeakMap<VpcEndpoint, EndpointTarget[]>;
  endpointEvidence: WeakMap<VpcEndpoint, Evidence>;
  /** workload groups (joined) → the one rule allowing 443 out to a whole range, if any (universal-egress.ts). */
  universalEgress: Map<string, UniversalEgress | null>;
  /** Whether an endpoint target's groups let 443 in by naming a security group (then the workload's groups matter). */
  targetNamesGroups: WeakMap<EndpointTarget, boolean>;
  /** peer key → workload groups (joined) → whether those groups allow 443 out to the peer. */
  egressDecisions: Map<string, Map<string, SecurityGroupDecision>>;
  /** subnet → peer key → reply ports → the subnet ACL's round trip as the client of the peer. */
  clientTrips: WeakMap<Subnet, Map<string, Map<PortRange, Check>>>;
  /**
   * server subnet → workload subnet → reply ports → the server ACL's round trip with any address
   * of the workload subnet, when it allows both ways and no entry splits that subnet (else null).
   */
  serverTrips: WeakMap<Subnet, WeakMap<Subnet, Map<PortRange, Check | null>>>;
  /**
   * endpoint target → workload subnet → workload groups → the target's groups letting 443 in from
   * any address of the workload subnet, when they do and no rule splits that subnet (else null).
   */
  targetIngress: WeakMap<EndpointTarget, WeakMap<Subnet, Map<string, Check | null>>>;
  /** subnet → the association and IPv4 egress route that decide its internet path. */
  routeEvidence: WeakMap<Subnet, readonly Evidence[]>;
  /** placement shape → the service answers shared by the workloads of that shape (shared-reach.ts). */
  sharedReaches: Map<string, SharedReaches>;
  /** endpoint → whether it takes its service's name, and the sentences saying why not (interface-endpoint.ts). */
  endpointDns: Map<VpcEndpoint, EndpointDns>;
}

const pathCaches = new WeakMap<RegionView, RegionPathCache>();

export function pathCache(region: RegionView): RegionPathCache {
  // Asked many times per service per workload: the hit is written out (not getOrCreate).
  const cache = pathCaches.get(region);
  if (cache !== undefined) return cache;
  return getOrCreate(pathCaches, region, (): RegionPathCache => ({
    endpointFor: new Map(),
    targets: new WeakMap(),
    endpointEvidence: new WeakMap(),
    universalEgress: new Map(),
    targetNamesGroups: new WeakMap(),
    egressDecisions: new Map(),
    clientTrips: new WeakMap(),
    serverTrips: new WeakMap(),
    targetIngress: new WeakMap(),
    routeEvidence: new WeakMap(),
    sharedReaches: new Map(),
    endpointDns: new Map(),
  }));
}
