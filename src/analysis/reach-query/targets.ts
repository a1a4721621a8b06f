// `reach --to Y` and `reach --from X --to Y`: paths to an address and port, from workloads
// (the engine's `reachTarget`, the rules' computation) and from internet ranges
// (`reachFromInternet`). A target whose interface is not in the snapshot (a DB instance: RDS
// places it in one subnet of its DB subnet group) is judged in each subnet it may be in; the
// answer is reachable or blocked only when every subnet agrees.
import type { ReachResource, ReachRow } from '../../findings/reach.js';
import type { RegionView } from '../../snapshot/view.js';
import { parseCidr, isNonPublic } from '../cidr.js';
import { dbSubnetIds } from '../db-subnets.js';
import {
  HTTPS,
  instancePlacement,
  reachFromInternet,
  reachTarget,
  type PublicAddress,
  type Target,
  type TargetPortReach,
} from '../path/index.js';
import { adminPort } from '../instance-connect.js';
import { row } from './rows.js';
import { describeResolved, type Resolved } from './resolve.js';
import type { Source } from './sources.js';

export interface TargetSpec {
  resource: ReachResource & { ports: number[] };
  region: RegionView;
  /** One per subnet (or interface) the target may be in. */
  variants: Target[];
  publicAddress: PublicAddress;
  /** The workload the target is, when it is one (it is not its own source). */
  workloadId?: string;
  notes: string[];
}

type TargetOf = Extract<Resolved, { kind: 'db-instance' | 'instance' | 'vpc-endpoint' }>;

export function isTargetKind(r: Resolved): r is TargetOf {
  return r.kind === 'db-instance' || r.kind === 'instance' || r.kind === 'vpc-endpoint';
}

/** The target's variants, default ports and public address; a string when it cannot be a target. */
export function targetSpec(resolved: TargetOf, port: number | undefined): TargetSpec | string {
  const described = describeResolved(resolved);
  const region = resolved.region;
  const spec = (
    variants: Omit<Target, 'ports' | 'protocol'>[],
    ports: number[],
    publicAddress: PublicAddress,
    notes: string[] = [],
    workloadId?: string,
  ): TargetSpec => ({
    resource: { ...described, ports },
    region,
    variants: variants.map((v) => ({ ...v, ports, protocol: 'tcp' })),
    publicAddress,
    notes,
    ...(workloadId !== undefined ? { workloadId } : {}),
  });
  switch (resolved.kind) {
    case 'db-instance': {
      const db = resolved.resource;
      const ports = port !== undefined ? [port] : db.port !== undefined ? [db.port] : undefined;
      if (!ports) return `the port of ${described.label} is not in the snapshot; give --port`;
      const subnetIds = dbSubnetIds(region, db);
      if (!subnetIds) return `the subnets of ${described.label}'s DB subnet group are not in the snapshot`;
      return spec(
        subnetIds.map((subnetId) => ({
          id: db.id,
          label: described.label,
          subnetId,
          groupIds: db.securityGroupIds,
        })),
        ports,
        db.publiclyAccessible
          ? { has: true, why: 'a public address (publicly accessible)' }
          : { has: false, why: 'no public address (not publicly accessible)' },
        subnetIds.length > 1
          ? [
              `${described.label} may be in any of ${subnetIds.join(', ')} (its DB subnet group); a path counts as reachable only when it reaches every one`,
            ]
          : [],
      );
    }
    case 'instance': {
      const instance = resolved.resource;
      const placement = instancePlacement(region, instance);
      if (!placement) return `${described.label} has no subnet`;
      const ports = [port ?? adminPort(instance)];
      const variant: Omit<Target, 'ports' | 'protocol'> = {
        id: instance.id,
        label: described.label,
        subnetId: placement.subnetId,
        groupIds: placement.securityGroupIds,
      };
      if (placement.privateIp !== undefined) variant.address = placement.privateIp;
      return spec(
        [variant],
        ports,
        placement.publicIpAddress !== undefined
          ? { has: true, why: `public address ${placement.publicIpAddress}` }
          : {
              has: placement.publicIpv4 === true,
              why: placement.publicIpv4 === true ? 'a public address' : 'no public IPv4 address',
            },
        [],
        instance.id,
      );
    }
    case 'vpc-endpoint': {
      const endpoint = resolved.resource;
      const variants: Omit<Target, 'ports' | 'protocol'>[] = [];
      for (const eniId of endpoint.networkInterfaceIds) {
        const eni = region.networkInterface(eniId);
        if (!eni) continue;
        const v: Omit<Target, 'ports' | 'protocol'> = {
          id: endpoint.id,
          label: described.label,
          subnetId: eni.subnetId,
          groupIds: eni.securityGroupIds.length > 0 ? eni.securityGroupIds : endpoint.securityGroupIds,
        };
        const address = eni.privateIpAddresses[0];
        if (address !== undefined) v.address = address;
        variants.push(v);
      }
      if (variants.length === 0)
        for (const subnetId of endpoint.subnetIds)
          variants.push({
            id: endpoint.id,
            label: described.label,
            subnetId,
            groupIds: endpoint.securityGroupIds,
          });
      if (variants.length === 0)
        return `the interfaces and subnets of ${described.label} are not in the snapshot`;
      // Interface endpoints have private addresses only.
      return spec(
        variants,
        [port ?? HTTPS],
        { has: false, why: 'no public address (interface endpoints are private)' },
        [`a source reaches ${described.label} when it reaches every interface of it`],
      );
    }
  }
}

/** Per-variant results for one port → one combined result (see the module comment). */
function combine(results: TargetPortReach[]): { result: TargetPortReach; split?: string } {
  const first = results[0] as TargetPortReach;
  if (results.every((r) => r.verdict === 'reachable')) return { result: first };
  const blocked = results.find((r) => r.verdict === 'unreachable');
  if (blocked && results.every((r) => r.verdict === 'unreachable')) return { result: blocked };
  const shown = blocked ?? results.find((r) => r.verdict !== 'reachable') ?? first;
  const reached = results.filter((r) => r.verdict === 'reachable').length;
  return {
    result: { ...shown, verdict: 'indeterminate' },
    ...(reached > 0
      ? { split: `reaches ${reached} of ${results.length} of the subnets or interfaces the target may be in` }
      : {}),
  };
}

function targetRow(
  from: ReachResource,
  subnetId: string | undefined,
  spec: TargetSpec,
  port: number,
  results: TargetPortReach[],
  way?: string,
): ReachRow {
  const { result, split } = combine(results);
  return row({
    from,
    ...(subnetId !== undefined ? { subnetId } : {}),
    to: spec.resource.id,
    port,
    verdict: result.verdict,
    ...(way !== undefined ? { way } : {}),
    hops: result.hops,
    ...(result.firstBrokenHop ? { firstBrokenHop: result.firstBrokenHop } : {}),
    problems: [...(split ? [{ message: split, evidence: [] }] : []), ...result.problems],
    doubts: result.doubts,
    path: result.path,
  });
}

/** Rows from one workload's placements to the target, one per placement and port. */
export function workloadRows(source: Source, spec: TargetSpec): ReachRow[] {
  const regions =
    source.region === spec.region ? spec.region : { source: source.region, target: spec.region };
  const rows: ReachRow[] = [];
  for (const placement of source.placements)
    for (const port of spec.resource.ports) {
      const reaches = spec.variants.map((v) => reachTarget(regions, placement, { ...v, ports: [port] }));
      const results = reaches.map((r) => r.ports[0] as TargetPortReach);
      const via = reaches.find((r) => r.via !== undefined)?.via;
      rows.push(targetRow(source.resource, placement.subnetId, spec, port, results, via));
    }
  return rows;
}

/**
 * The internet ranges the target's groups let in on `port`: the public CIDRs of their ingress
 * rules (aws-facts §3.4), or `0.0.0.0/0` when none is (to say why not). Prefix lists are not
 * expanded into ranges here.
 */
export function internetRanges(spec: TargetSpec, port: number): string[] {
  const ranges = new Set<string>();
  const groupIds = new Set(spec.variants.flatMap((v) => v.groupIds));
  for (const id of groupIds) {
    const group = spec.region.securityGroup(id);
    for (const rule of group?.ingress ?? []) {
      if (rule.peer.kind !== 'cidr-ipv4' && rule.peer.kind !== 'cidr-ipv6') continue;
      if (rule.protocol !== 'tcp' && rule.protocol !== '-1' && rule.protocol !== '6') continue;
      const from = rule.fromPort ?? -1;
      const to = rule.toPort ?? -1;
      if (from !== -1 && (port < from || port > to)) continue;
      const cidr = parseCidr(rule.peer.cidr);
      if (cidr && !isNonPublic(cidr)) ranges.add(rule.peer.cidr);
    }
  }
  return ranges.size > 0 ? [...ranges] : ['0.0.0.0/0'];
}

export function internetRows(spec: TargetSpec): ReachRow[] {
  const rows: ReachRow[] = [];
  for (const port of spec.resource.ports)
    for (const range of internetRanges(spec, port)) {
      const results = spec.variants.map((v) =>
        reachFromInternet(spec.region, range, { ...v, ports: [port] }, port, spec.publicAddress),
      );
      const from: ReachResource = { kind: 'internet', id: range, label: `the internet (${range})` };
      rows.push(targetRow(from, undefined, spec, port, results, 'internet-gateway'));
    }
  return rows;
}
