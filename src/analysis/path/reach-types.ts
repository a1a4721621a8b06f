// The path engine's answers for services (reach.ts): for each service, every way considered and
// the one its traffic takes; for a placement, the services combined.
import type { Evidence } from '../../findings/types.js';
import type { JudgedHop, PathProblem, PathVerdict } from './checks.js';
import type { InternetPath } from './internet.js';

export type Way =
  'interface-endpoint' | 'gateway-endpoint' | 'internet-gateway' | 'nat-gateway' | 'nat-instance';

/** One way to the service and how far it gets. */
export interface WayReach {
  way: Way;
  /** The endpoint, NAT or internet gateway this way goes through, when known. */
  id?: string;
  verdict: PathVerdict;
  /** Whether the service's traffic actually takes this way (DNS and routing pick one way). */
  taken: boolean;
  /**
   * The hops in path order between the workload's ENI and the service (`servicePathEvidence`
   * draws them with the ENI first and, for a way that works, the service last).
   */
  hops: JudgedHop[];
  /** For a way that does not work: the first hop that denies it or cannot be decided. */
  firstBrokenHop?: JudgedHop;
}

export interface ServiceReach {
  service: string;
  verdict: PathVerdict;
  via?: Way;
  /**
   * Which way the service name leads: `endpoint` when an interface endpoint takes it, `internet`
   * when the public endpoint does (then every such service shares one internet path); absent when
   * that is itself undecided (e.g. the VPC's DNS attributes are unknown).
   */
  route?: 'endpoint' | 'internet';
  endpointId?: string;
  /** For `reachable`: one phrase describing the path. */
  summary: string;
  problems: PathProblem[];
  /** For `indeterminate`: why. */
  doubts: PathProblem[];
  evidence: Evidence[];
  /** Every way considered, the taken one included. */
  ways: WayReach[];
  /** How messages name the workload (its placement's label). */
  workload: string;
  /** The first hop of every way: the workload's ENI (or its subnet, for "any ENI of the subnet"). */
  from: JudgedHop;
  /** The service's DNS name. */
  destination: string;
}

export interface ServicePathResult {
  verdict: PathVerdict;
  services: ServiceReach[];
  /** Every broken prerequisite across services (deduplicated). */
  problems: PathProblem[];
  /** Every undecidable point across services (deduplicated). */
  doubts: PathProblem[];
  /** Evidence of the paths found. */
  evidence: Evidence[];
}

export interface ReachOptions {
  /** The internet path of this placement, when the caller computes it once for many services. */
  internet?: () => InternetPath;
}

/** An answer before `finish` (answer.ts) adds its ways and the words that name the workload. */
export type Unfinished = Omit<ServiceReach, 'ways' | 'workload' | 'from' | 'destination'>;
