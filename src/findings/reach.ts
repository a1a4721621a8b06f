// The answer of `aws-audit reach` (README "Reachability queries"): who reaches what, on which port,
// which way, hop by hop. Plain data shared by src/analysis (which computes it) and src/report
// (which prints it and publishes its schema), so neither imports the other.
import type { Evidence } from './types.js';
import type { PathHopKind } from './path.js';

export const REACH_ANSWER_VERSION = 1;

export type ReachVerdict = 'reachable' | 'unreachable' | 'indeterminate';

/** The kinds of resource a query names. `internet` is a source only: a public address range. */
export const REACH_RESOURCE_KINDS = [
  'instance',
  'lambda-function',
  'ecs-service',
  'db-instance',
  'vpc-endpoint',
  'instance-connect-endpoint',
  'internet',
] as const;
export type ReachResourceKind = (typeof REACH_RESOURCE_KINDS)[number];

export interface ReachResource {
  kind: ReachResourceKind;
  /** `i-…`, a function or service ARN, a DB instance id, `vpce-…`, `eice-…`, or a CIDR for `internet`. */
  id: string;
  /** How the table names it: `i-0abc (bastion)`, `function orders-stream`. */
  label: string;
  accountId?: string;
  region?: string;
}

/** One hop as the engine judged it (`undecided`: the snapshot cannot tell). */
export interface ReachHop {
  kind: PathHopKind;
  id: string;
  decidedBy: string;
  verdict: 'allow' | 'deny' | 'undecided';
}

/** One source → destination on one port, through one placement of the source. */
export interface ReachRow {
  from: ReachResource;
  /** The subnet the source sits in for this row (a Lambda function or ECS service has several). */
  subnetId?: string;
  /** A service name (`ssm`, `s3`) or the target's id. */
  to: string;
  port: number;
  verdict: ReachVerdict;
  /** How the traffic goes: `interface-endpoint`, `gateway-endpoint`, `nat-gateway`, `local`, `internet-gateway`, … */
  way?: string;
  /** The endpoint, gateway or peering the way goes through, when there is one. */
  via?: string;
  /** Every hop judged, in path order. */
  hops: ReachHop[];
  /** For a row that is not reachable: the first hop that denies it or cannot be decided. */
  firstBrokenHop?: ReachHop;
  /** Broken prerequisites and undecidable points, one sentence each. */
  reasons: string[];
  /** The same hops as the `path` evidence the rules attach to findings. */
  path: Evidence;
}

export interface ReachQuery {
  mode: 'from-services' | 'from-to' | 'to';
  from?: string;
  to?: string;
  port?: number;
  services?: string[];
  whyNot: boolean;
}

export interface ReachAnswer {
  reachVersion: typeof REACH_ANSWER_VERSION;
  query: ReachQuery;
  /** When the data was read: the snapshot's `collectedAt`. */
  collectedAt: string;
  source?: ReachResource;
  target?: ReachResource & { ports: number[] };
  rows: ReachRow[];
  /** What the answer leaves out or could not judge, one sentence each. */
  notes: string[];
}
