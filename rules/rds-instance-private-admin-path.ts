// Issue 15: a DB instance can be administered privately — Session Manager port forwarding through
// a managed instance: some running instance that Session Manager reaches (the verdict of
// `ssm-agent-endpoint-reachable`, aws-facts §5) has a network path to the DB's address and port
// (security groups both ways, both ACLs with the stateless reply, the route: same VPC, or VPC
// peering routed both ways; a transit gateway is undecided, aws-facts §1.3, §3.3, §3.6).
//
// Bounded work: candidate hosts are indexed by VPC once per region (the DB's own VPC, then the VPCs
// its subnets route to through a peering connection or transit gateway); hosts are tried in that
// order and the first that reaches the DB ends the search. The count checked is reported.
import {
  defineRegionalRule,
  fail,
  missingDataEvidence,
  pass,
  regionalRef,
  unknown,
} from '../src/engine/define-rule.js';
import type { Evidence, RegionalRuleContext, RuleResult } from '../src/engine/types.js';
import type { Instance, RegionalKind } from '../src/snapshot/types.js';
import type { RegionView } from '../src/snapshot/view.js';
import { cidrOverlaps, parseCidr, type Cidr } from '../src/analysis/cidr.js';
import { dbSubnetIds } from '../src/analysis/db-subnets.js';
import { effectiveRouteTable, isActiveRoute } from '../src/analysis/route-tables.js';
import {
  instancePlacement,
  reachTarget,
  type PathProblem,
  type Target,
  type TargetReach,
} from '../src/analysis/path/index.js';
import { mergeParallelClauses } from './support/merge-clauses.js';
import { SESSION_MANAGER_KINDS, sessionManagerResults } from './support/session-manager.js';

const RESOURCE_TYPE = 'AWS::RDS::DBInstance';
const PATH_KINDS: RegionalKind[] = [
  // The forwarding hosts: without them "no host" would be a guess, not a verdict.
  'instances',
  'dbSubnetGroups',
  'subnets',
  'vpcs',
  'routeTables',
  'securityGroups',
  'networkAcls',
  'networkInterfaces',
  'prefixLists',
];
/** DB states with no endpoint to reach (RDS DBInstanceStatus). */
const GONE = new Set([
  'deleting',
  'creating',
  'stopped',
  'stopping',
  'failed',
  'inaccessible-encryption-credentials',
]);
const MAX_LISTED = 4;

interface Candidates {
  /** VPC id → running instances Session Manager reaches (SSM rule `pass`), in snapshot order. */
  reachable: Map<string, Instance[]>;
  /** VPC id → running instances whose Session Manager verdict is `unknown`. */
  undecided: Map<string, Instance[]>;
}

const candidateMemo = new WeakMap<RegionView, Candidates>();

function candidates(context: RegionalRuleContext): Candidates {
  const cached = candidateMemo.get(context.region);
  if (cached) return cached;
  const ssm = sessionManagerResults(context);
  const out: Candidates = { reachable: new Map(), undecided: new Map() };
  for (const instance of context.region.data.instances) {
    const vpcId =
      instance.subnetId === undefined
        ? undefined
        : (context.region.subnet(instance.subnetId)?.vpcId ?? instance.vpcId);
    const status = ssm.get(instance.id)?.status;
    if (vpcId === undefined || (status !== 'pass' && status !== 'unknown')) continue;
    const index = status === 'pass' ? out.reachable : out.undecided;
    const list = index.get(vpcId);
    if (list) list.push(instance);
    else index.set(vpcId, [instance]);
  }
  candidateMemo.set(context.region, out);
  return out;
}

/**
 * The DB's VPC first, then every other VPC of the region whose range a DB subnet routes to through
 * a peering connection or transit gateway (only those can hold a host with a path).
 */
function candidateVpcs(region: RegionView, dbVpcId: string, subnetIds: readonly string[]): string[] {
  const vpcs = [dbVpcId];
  const remote: Cidr[] = [];
  for (const subnetId of subnetIds) {
    const subnet = region.subnet(subnetId);
    const table = subnet && effectiveRouteTable(region, subnet);
    for (const route of table?.table.routes ?? []) {
      if (!isActiveRoute(route)) continue;
      if (route.target.kind !== 'vpc-peering' && route.target.kind !== 'transit-gateway') continue;
      const cidr =
        route.destinationCidrBlock === undefined ? undefined : parseCidr(route.destinationCidrBlock);
      if (cidr) remote.push(cidr);
    }
  }
  if (remote.length === 0) return vpcs;
  for (const vpc of region.data.vpcs) {
    if (vpc.id === dbVpcId) continue;
    const ranges = vpc.cidrBlocks.map(parseCidr).filter((c) => c !== undefined);
    if (ranges.some((r) => remote.some((d) => cidrOverlaps(r, d)))) vpcs.push(vpc.id);
  }
  return vpcs;
}

interface HostTry {
  host: Instance;
  reaches: TargetReach[];
  verdict: TargetReach['verdict'];
}

/** One host against every subnet the DB may sit in: it works only when it reaches them all. */
function tryHost(region: RegionView, host: Instance, targets: readonly Target[]): HostTry | undefined {
  const placement = instancePlacement(region, host);
  if (!placement) return undefined;
  const reaches = targets.map((t) => reachTarget(region, placement, t));
  const verdict = reaches.some((r) => r.verdict === 'unreachable')
    ? 'unreachable'
    : reaches.every((r) => r.verdict === 'reachable')
      ? 'reachable'
      : 'indeterminate';
  return { host, reaches, verdict };
}

function hostLabel(host: Instance): string {
  return host.name ? `${host.id} (${host.name})` : host.id;
}

function phrase(problems: readonly PathProblem[]): string {
  const clauses = mergeParallelClauses(problems.map((p) => p.message));
  const listed = clauses.slice(0, MAX_LISTED);
  const more = clauses.length - listed.length;
  return listed.join('; ') + (more > 0 ? `; and ${more} more (see evidence)` : '');
}

function hostEvidence(tried: HostTry, ssmSummary: string): Evidence {
  return {
    kind: 'forwarding-host',
    summary: `${hostLabel(tried.host)}: ${ssmSummary}; path to the DB ${tried.verdict}`,
    resourceId: tried.host.id,
    details: { instanceId: tried.host.id, subnetId: tried.host.subnetId ?? null, verdict: tried.verdict },
  };
}

function* evaluate(context: RegionalRuleContext): Iterable<RuleResult> {
  const { region } = context;
  const missing = region.missing(PATH_KINDS);
  const ssm = sessionManagerResults(context);
  for (const db of region.data.dbInstances) {
    const ref = regionalRef(region, RESOURCE_TYPE, db);
    const label = `DB instance ${db.id}`;
    if (GONE.has(db.status.toLowerCase())) continue;
    if (missing.length > 0) {
      yield unknown(
        ref,
        `${label}: ${missing.join(', ')} could not be read, so a private admin path cannot be judged.`,
        missingDataEvidence(region, missing),
      );
      continue;
    }
    const subnetIds = dbSubnetIds(region, db);
    const vpcId = db.vpcId ?? (subnetIds?.[0] === undefined ? undefined : region.subnet(subnetIds[0])?.vpcId);
    if (!subnetIds || vpcId === undefined || db.port === undefined) {
      const what = !subnetIds
        ? 'the subnets of its DB subnet group are'
        : vpcId === undefined
          ? 'its VPC is'
          : 'its port is';
      yield unknown(ref, `${label}: ${what} not known, so a private admin path cannot be judged.`, [
        {
          kind: 'db-instance',
          summary: `${db.id}: subnets ${subnetIds?.join(', ') ?? 'unknown'}, port ${db.port ?? 'unknown'}`,
          resourceId: db.id,
        },
      ]);
      continue;
    }
    // The DB's address is a DNS name; it may sit in (or fail over to) any subnet of its group, so
    // a host must reach every one of them (each judged as "any address of the subnet").
    const targets: Target[] = subnetIds.map((subnetId) => ({
      id: db.id,
      label,
      subnetId,
      groupIds: db.securityGroupIds,
      ports: [db.port ?? 0],
      protocol: 'tcp',
    }));
    const index = candidates(context);
    const vpcs = candidateVpcs(region, vpcId, subnetIds);
    let checked = 0;
    let found: HostTry | undefined;
    const failed: HostTry[] = [];
    const undecided: HostTry[] = [];
    for (const vpc of vpcs) {
      for (const host of index.reachable.get(vpc) ?? []) {
        const tried = tryHost(region, host, targets);
        if (!tried) continue;
        checked++;
        if (tried.verdict === 'reachable') {
          found = tried;
          break;
        }
        (tried.verdict === 'unreachable' ? failed : undecided).push(tried);
      }
      if (found) break;
    }
    const port = `tcp ${db.port}`;
    const where = `${vpcs.join(', ')}`;
    if (found) {
      const via = found.reaches[0]?.via ?? 'local';
      yield pass(
        ref,
        `${label} can be administered privately: Session Manager reaches ${hostLabel(found.host)}, which reaches the DB on ${port} in ${subnetIds.join(', ')} (${via === 'vpc-peering' ? 'over VPC peering' : 'same VPC'}); ${checked} forwarding host(s) checked.`,
        [
          hostEvidence(found, withoutPeriod(ssm.get(found.host.id)?.message ?? '')),
          ...found.reaches.map((r) => r.path),
          ...found.reaches.flatMap((r) => r.ports.flatMap((p) => p.evidence)),
        ],
      );
      continue;
    }
    const unknownHosts = vpcs.flatMap((v) => index.undecided.get(v) ?? []);
    const triedEvidence = [...failed, ...undecided]
      .slice(0, MAX_LISTED)
      .flatMap((t) => [
        hostEvidence(t, withoutPeriod(ssm.get(t.host.id)?.message ?? '')),
        ...t.reaches.filter((r) => r.verdict !== 'reachable').map((r) => r.path),
        ...t.reaches.flatMap((r) => r.problems.flatMap((p) => p.evidence)),
      ]);
    if (undecided.length > 0 || unknownHosts.length > 0) {
      const reasons = [
        ...(undecided.length > 0
          ? [
              `the path from ${undecided
                .map((t) => hostLabel(t.host))
                .slice(0, MAX_LISTED)
                .join(
                  ', ',
                )} cannot be decided: ${phrase(undecided.flatMap((t) => t.reaches.flatMap((r) => r.doubts)))}`,
            ]
          : []),
        ...(unknownHosts.length > 0
          ? [
              `whether Session Manager reaches ${unknownHosts.slice(0, MAX_LISTED).map(hostLabel).join(', ')}${unknownHosts.length > MAX_LISTED ? ` and ${unknownHosts.length - MAX_LISTED} more` : ''} is unknown`,
            ]
          : []),
      ];
      yield unknown(
        ref,
        `${label}: whether some instance Session Manager reaches can forward to it on ${port} cannot be decided: ${reasons.join('; ')}; ${checked} forwarding host(s) checked.`,
        [...triedEvidence, { kind: 'undecided', summary: reasons.join('; ') }],
      );
      continue;
    }
    if (checked === 0) {
      yield fail(
        ref,
        `${label} has no private admin path: no running instance that Session Manager reaches is in ${where} to forward a port to it.`,
        [
          {
            kind: 'broken-prerequisite',
            summary: `no instance in ${where} passes ssm-agent-endpoint-reachable`,
            details: { vpcs },
          },
        ],
      );
      continue;
    }
    const first = failed[0];
    yield fail(
      ref,
      `${label} has no private admin path: none of the ${checked} instance(s) Session Manager reaches in ${where} has a path to it on ${port}${first ? `; from ${hostLabel(first.host)}: ${phrase(first.reaches.flatMap((r) => r.problems))}` : ''}.`,
      triedEvidence,
    );
  }
}

function withoutPeriod(text: string): string {
  return text.endsWith('.') ? text.slice(0, -1) : text;
}

export default defineRegionalRule({
  meta: {
    id: 'rds-instance-private-admin-path',
    title: 'Every DB instance can be administered privately through a Session Manager host',
    severity: 'low',
    service: 'rds',
    resourceType: RESOURCE_TYPE,
    description:
      "Passes for a DB instance when some running instance that Session Manager reaches (the verdict of ssm-agent-endpoint-reachable) has a network path to the DB's port in every subnet of its DB subnet group: its security groups allow the port out, the DB's groups allow it in, both subnets' network ACLs pass the request and the stateless reply, and the route is the VPC's local route or a VPC peering connection routed both ways. Candidate hosts are the DB's VPC's, then those of VPCs its subnets route to; the first that works ends the search and the finding says how many were checked. Fails when no such host exists or none has a path; unknown when a host's path or Session Manager verdict cannot be decided.",
    risk: 'A database with no private admin path is administered by making it publicly accessible or opening its port to the internet, or through long-lived bastions. Session Manager port forwarding through a managed instance needs no inbound opening at all.',
    remediation:
      "Give the DB's VPC (or a peered VPC) an instance that Session Manager reaches (see ssm-agent-endpoint-reachable), let the DB's security group allow the DB port from that instance's group, the instance's group allow it out, and the network ACLs of both subnets allow the port and the ephemeral reply ports; then use the AWS-StartPortForwardingSessionToRemoteHost document.",
    references: {
      // No Security Hub or Config control checks this; naming one would count these findings as
      // that control's in the compliance summary.
      links: [
        'https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-sessions-start.html',
        'https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_VPC.WorkingWithRDSInstanceinaVPC.html',
      ],
    },
    scope: 'regional',
    resourceKind: 'dbInstances',
    requires: [
      ...new Set<RegionalKind | (typeof SESSION_MANAGER_KINDS)[number]>([
        'dbInstances',
        ...PATH_KINDS,
        ...SESSION_MANAGER_KINDS,
      ]),
    ],
    precision: 'high',
  },
  evaluate,
});
