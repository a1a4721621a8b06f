// The critical path of a live scan (issue 18 item 2): the longest chain of round trips that must
// follow one another, whatever the concurrency. Read from the collectors themselves — the plan the
// rule pack asks for (src/collect/plan.ts), each collector's `dependsOn` and `operations`
// (src/collect/collectors/) — with, per kind, the sequential round trips its `collect` makes for
// the data served (pages one after another; per-resource calls one round, as they run concurrently).
//
//   account:  GetCallerIdentity → DescribeRegions (without --region) → regions; IAM needs only the
//             account id, so its chain may start after GetCallerIdentity.
//   kind:     own round trips + the longest chain among the kinds it depends on.
//
// `rounds × latency + start-up` is the lower bound a scan on a fake endpoint with that latency can
// reach. Two schedules are computed: `graph` (each kind starts as soon as its own inputs are read:
// the bound) and `waves` (a kind waits for a whole wave of independent kinds, as runKinds did
// before it started kinds one by one), so a change of schedule shows up as a change of rounds.
import { planFor } from '../src/collect/plan.js';
import { REGIONAL_COLLECTORS, collectorFor, globalCollectors } from '../src/collect/collectors/index.js';
import { MALFORMED_MAX_ATTEMPTS } from '../src/collect/retry-policy.js';
import type {
  AccountSnapshot,
  GlobalKind,
  GlobalSnapshot,
  RegionSnapshot,
  RegionalKind,
  ResourceKind,
} from '../src/snapshot/types.js';

const pages = (items: number, pageSize: number): number => Math.max(1, Math.ceil(items / pageSize));

/** Customer-managed prefix lists a security-group rule references: the ones whose entries are read. */
function expandedPrefixLists(r: RegionSnapshot): RegionSnapshot['prefixLists'] {
  const referenced = new Set<string>();
  for (const group of r.securityGroups)
    for (const rule of [...group.ingress, ...group.egress])
      if (rule.peer.kind === 'prefix-list') referenced.add(rule.peer.prefixListId);
  return r.prefixLists.filter((list) => !list.awsManaged && referenced.has(list.id));
}

/** Instances launched from a template version the `$Latest`/`$Default` sweep does not return. */
function pinnedVersions(r: RegionSnapshot): number {
  const templates = new Map(r.launchTemplates.map((t) => [t.id, t]));
  let pinned = 0;
  for (const instance of r.instances) {
    const template = instance.launchTemplateId ? templates.get(instance.launchTemplateId) : undefined;
    const tag = instance.launchTemplateVersion;
    if (!template || tag === undefined || !/^[1-9][0-9]*$/.test(tag)) continue;
    const n = Number(tag);
    if (n !== template.latestVersionNumber && n !== template.defaultVersionNumber) pinned += 1;
  }
  return pinned;
}

/**
 * Sequential round trips of the regional collectors whose `collect` is more than one sweep of
 * 1,000-item pages (src/collect/collectors/), page sizes as they send them (aws-facts §6.1). Any
 * other kind is that one sweep (`defaultRounds`); `scanChain` refuses a kind left to the default
 * whose collector sends more than one operation or depends on another kind, so a new collector
 * with a chain of its own fails the benchmark until it is modelled here. (Not a list of every kind:
 * test/meta/add-collector.test.ts keeps the kind table the only one.)
 */
export const REGIONAL_ROUNDS: Readonly<Partial<Record<RegionalKind, (r: RegionSnapshot) => number>>> = {
  vpcAttributes: (r) => (r.vpcs.length > 0 ? 1 : 0), // two calls per VPC, all at once
  dhcpOptions: () => 1,
  routeTables: (r) => pages(r.routeTables.length, 100),
  egressOnlyInternetGateways: (r) => pages(r.egressOnlyInternetGateways.length, 255),
  instanceProfileAssociations: (r) =>
    pages(
      r.instances.filter((i) => i.iamInstanceProfileArn !== undefined && i.state !== 'terminated').length,
      1000,
    ),
  instanceUserData: (r) =>
    r.instances.some((i) => i.state !== 'terminated' && i.state !== 'shutting-down') ? 1 : 0,
  // DescribeLaunchTemplates, then $Latest + $Default of all in one sweep, then pinned versions.
  launchTemplates: (r) =>
    r.launchTemplates.length === 0
      ? 1
      : pages(r.launchTemplates.length, 200) +
        pages(2 * r.launchTemplates.length, 200) +
        (pinnedVersions(r) > 0 ? 1 : 0),
  // DescribeManagedPrefixLists, then the entries of referenced customer lists (each list at once).
  prefixLists: (r) => {
    const expanded = expandedPrefixLists(r);
    return (
      pages(r.prefixLists.length, 100) +
      (expanded.length > 0 ? Math.max(...expanded.map((l) => pages(l.entries?.length ?? 0, 100))) : 0)
    );
  },
  ssmInstances: (r) => pages(r.ssmInstances.length, 50),
  dbInstances: (r) => pages(r.dbInstances.length, 100),
  dbSubnetGroups: (r) => pages(r.dbSubnetGroups.length, 100),
  lambdaFunctions: (r) => pages(r.lambdaFunctions.length, 50),
  // ListClusters; per cluster (clusters at once) ListServices, then DescribeServices 10 at a time
  // one batch after another.
  ecsServices: (r) => {
    const perCluster = new Map<string, number>();
    for (const s of r.ecsServices) perCluster.set(s.clusterArn, (perCluster.get(s.clusterArn) ?? 0) + 1);
    const clusterChain = Math.max(
      0,
      ...[...perCluster.values()].map((n) => pages(n, 100) + Math.ceil(n / 10)),
    );
    return pages(perCluster.size, 100) + clusterChain;
  },
  ecsTaskDefinitions: (r) => (r.ecsServices.some((s) => s.taskDefinitionArn !== undefined) ? 1 : 0),
  instanceConnectEndpoints: (r) => pages(r.instanceConnectEndpoints.length, 50),
  // The options, then the exclusions.
  vpcBlockPublicAccess: (r) => 1 + pages(r.vpcBlockPublicAccess?.exclusions.length ?? 0, 1000),
};

/** One sweep of 1,000-item pages over the region's list of that kind (one call if it is not a list). */
export function defaultRounds(kind: RegionalKind, r: RegionSnapshot): number {
  const records = (r as unknown as Record<string, unknown>)[kind];
  return Array.isArray(records) ? pages(records.length, 1000) : 1;
}

/**
 * The same for IAM (src/collect/collectors/iam.ts), with a credential report IAM already holds; a
 * kind not here is one sweep of 1,000-item pages of `globalListLength`.
 */
export const GLOBAL_ROUNDS: Readonly<Partial<Record<GlobalKind, (g: GlobalSnapshot) => number>>> = {
  iamRoles: (g) => pages(g.roles.length, 1000),
  iamPolicies: (g) => pages(g.policies.length, 1000),
  // ListUsers, GenerateCredentialReport (COMPLETE at once), GetCredentialReport; no per-user call.
  iamUsers: (g) => pages(g.users.length, 1000) + 2,
};

/** A kind's own round trips; a chain the model does not know is an error, not a guess. */
function modelled<K extends ResourceKind, S>(
  rounds: Readonly<Partial<Record<K, (scope: S) => number>>>,
  kind: K,
  scope: S,
  fallback: () => number,
): number {
  const own = rounds[kind];
  if (own) return own(scope);
  const collector = collectorFor(kind);
  if (collector.operations.length > 1 || collector.dependsOn.length > 0)
    throw new Error(
      `critical path: ${kind} sends ${collector.operations.join(', ')} after ${collector.dependsOn.join(', ') || 'nothing'}; model its round trips in bench/critical-path.ts`,
    );
  return fallback();
}

const regionalRounds = (kind: RegionalKind, r: RegionSnapshot): number =>
  modelled(REGIONAL_ROUNDS, kind, r, () => defaultRounds(kind, r));

const GLOBAL_LISTS: Readonly<Partial<Record<GlobalKind, (g: GlobalSnapshot) => readonly unknown[]>>> = {
  iamInstanceProfiles: (g) => g.instanceProfiles,
};

const globalRounds = (kind: GlobalKind, g: GlobalSnapshot): number =>
  modelled(GLOBAL_ROUNDS, kind, g, () => pages(GLOBAL_LISTS[kind]?.(g).length ?? 0, 1000));

interface KindSpec {
  kind: ResourceKind;
  dependsOn: readonly ResourceKind[];
  operations: readonly string[];
}

export interface Chain {
  /** Dependent round trips with each kind started as soon as its inputs are read. */
  graph: number;
  /** The same with kinds run in whole waves. */
  waves: number;
  /** The kinds along the graph chain, first to last, with their own round trips. */
  path: { kind: ResourceKind; rounds: number }[];
}

/**
 * One scope's chain (a region, or IAM). A kind whose first operation is `faulted` (an HTML 500 on
 * every attempt) costs MALFORMED_MAX_ATTEMPTS round trips and then fails, so the kinds that depend
 * on it are marked failed without a call.
 */
function scopeChain(
  specs: readonly KindSpec[],
  own: (kind: ResourceKind) => number,
  faulted: ReadonlySet<string>,
): Chain {
  const planned = new Set(specs.map((s) => s.kind));
  const rounds = new Map<ResourceKind, number>();
  const failed = new Set<ResourceKind>();
  const finish = new Map<ResourceKind, { at: number; via: ResourceKind | undefined }>();
  const pending = [...specs];
  let waves = 0;
  while (pending.length > 0) {
    const ready = pending.filter((s) => s.dependsOn.every((d) => !planned.has(d) || finish.has(d)));
    if (ready.length === 0) throw new Error('dependency cycle among the collectors');
    let wave = 0;
    for (const spec of ready) {
      pending.splice(pending.indexOf(spec), 1);
      const hit = spec.operations.findIndex((op) => faulted.has(op));
      if (hit > 0)
        throw new Error(
          `critical path: a fault on ${spec.operations[hit]} (not ${spec.kind}'s first call) is not modelled`,
        );
      let n: number;
      if (spec.dependsOn.some((d) => failed.has(d))) {
        n = 0;
        failed.add(spec.kind);
      } else if (hit === 0) {
        n = MALFORMED_MAX_ATTEMPTS;
        failed.add(spec.kind);
      } else n = own(spec.kind);
      rounds.set(spec.kind, n);
      const inputs = spec.dependsOn.filter((d) => planned.has(d));
      const via = inputs.reduce<ResourceKind | undefined>(
        (best, d) => (best === undefined || finish.get(d)!.at > finish.get(best)!.at ? d : best),
        undefined,
      );
      finish.set(spec.kind, { at: n + (via ? finish.get(via)!.at : 0), via });
      wave = Math.max(wave, n);
    }
    waves += wave;
  }
  let last: ResourceKind | undefined;
  for (const [kind, f] of finish) if (last === undefined || f.at > finish.get(last)!.at) last = kind;
  const path: Chain['path'] = [];
  for (let k = last; k !== undefined; k = finish.get(k)!.via)
    path.unshift({ kind: k, rounds: rounds.get(k)! });
  return { graph: last === undefined ? 0 : finish.get(last)!.at, waves, path };
}

export interface ScanChain {
  /** Dependent round trips of the whole scan, each kind started as soon as its inputs are read. */
  rounds: number;
  /** The same with the collector's former schedule: IAM after DescribeRegions, kinds in waves. */
  wavesRounds: number;
  /** The longest chain, step by step, for the table. */
  path: string;
}

/**
 * The scan's chain for `account` as served, the rule pack's plan, `faulted` operations answering an
 * HTML 500 every time, and whether DescribeRegions is called (no `--region`).
 */
export function scanChain(
  account: AccountSnapshot,
  kinds: readonly ResourceKind[],
  options: { faulted?: ReadonlySet<string>; describeRegions: boolean },
): ScanChain {
  const plan = planFor(kinds);
  const faulted = options.faulted ?? new Set<string>();
  const iam = globalCollectors();
  const regionChains = account.regions.map((region) => ({
    region: region.region,
    chain: scopeChain(
      plan.regional.map((k) => REGIONAL_COLLECTORS[k]),
      (k) => regionalRounds(k as RegionalKind, region),
      faulted,
    ),
  }));
  const global =
    plan.global.length === 0
      ? { graph: 0, waves: 0, path: [] }
      : scopeChain(
          plan.global.map((k) => iam[k]),
          (k) => globalRounds(k as GlobalKind, account.global),
          faulted,
        );
  const regions = options.describeRegions ? 1 : 0;
  const longest = regionChains.reduce<(typeof regionChains)[number] | undefined>(
    (a, b) => (a === undefined || b.chain.graph > a.chain.graph ? b : a),
    undefined,
  );
  const regional = regions + (longest?.chain.graph ?? 0);
  const wavesRegional = regions + Math.max(0, ...regionChains.map((r) => r.chain.waves));
  const steps = (chain: Chain): string => chain.path.map((p) => `${p.kind} ${p.rounds}`).join(' → ');
  const path =
    regional >= global.graph
      ? `GetCallerIdentity 1 → ${regions ? 'DescribeRegions 1 → ' : ''}${longest ? `${longest.region}: ${steps(longest.chain)}` : ''}`
      : `GetCallerIdentity 1 → IAM: ${steps(global)}`;
  return {
    rounds: 1 + Math.max(regional, global.graph),
    // Before: IAM started after DescribeRegions, and each scope ran its kinds in waves.
    wavesRounds: 1 + regions + Math.max(wavesRegional - regions, global.waves),
    path,
  };
}
