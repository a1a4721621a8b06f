// What VPC Block Public Access (BPA) lets through for one subnet (aws-facts §1.2, §1.4 item 6).
//
// Modes (VPC User Guide, security-vpc-bpa.html; EC2 API reference, BlockPublicAccessStates):
//   block-bidirectional  all traffic to and from internet gateways and egress-only internet
//                        gateways is blocked, except for excluded VPCs and subnets;
//   block-ingress        all internet traffic *to* the VPCs is blocked; "only traffic to and from
//                        NAT gateways and egress-only internet gateways is allowed because these
//                        gateways only allow outbound connections to be established" — so an
//                        instance's own public IPv4 address through the internet gateway is
//                        blocked both ways, while NAT gateway and egress-only IPv6 egress work.
// Exclusions (same page): `allow-bidirectional` lets all internet traffic to and from the excluded
// VPC or subnet; `allow-egress` lets outbound traffic and blocks inbound, and "only applies when
// BPA is set to Bidirectional". A NAT gateway needs the internet gateway (security-vpc-bpa-basics:
// "NAT gateways require an internet gateway for internet connectivity"), so in bidirectional mode
// it reaches out only when its own subnet (or VPC) is excluded.
// Where a subnet and its VPC both have an exclusion, the more permissive one is taken: for exposure
// that errs towards exposed, and the rule pages say so.
import type { Evidence } from '../findings/types.js';
import type { Subnet, VpcBlockPublicAccess, VpcBlockPublicAccessExclusion } from '../snapshot/types.js';
import type { RegionView } from '../snapshot/view.js';
import { getOrCreate } from '../util/memo.js';

/** What BPA lets through for one subnet, each direction and gateway on its own. */
export interface BpaAllows {
  known: true;
  /** Traffic from the internet through the internet gateway (to a public IPv4 or IPv6 address). */
  inbound: boolean;
  /** Outbound through the internet gateway from an interface's own public address. */
  igwEgress: boolean;
  /** Outbound through a NAT gateway that sits in this subnet. */
  natEgress: boolean;
  /** Outbound IPv6 through an egress-only internet gateway. */
  eigwEgress: boolean;
  /** `off` when BPA blocks nothing here. */
  mode: string;
  /** One clause: "VPC Block Public Access is block-bidirectional in eu-west-1 and subnet-1 is not excluded". */
  reason: string;
  evidence: Evidence;
}

export interface BpaUnknown {
  known: false;
  reason: string;
}

export type SubnetBpa = BpaAllows | BpaUnknown;

/** Exclusion states in force (EC2 API reference, VpcBlockPublicAccessExclusion State). */
const IN_FORCE = new Set(['create-complete', 'update-complete']);
/** Exclusion states that no longer exempt anything. */
const GONE = new Set(['delete-complete', 'deleted-complete', 'disable-complete', 'create-failed']);
const MODES = new Set(['off', 'block-bidirectional', 'block-ingress']);

const ALL_OPEN = { inbound: true, igwEgress: true, natEgress: true, eigwEgress: true } as const;

function bpaEvidence(
  region: RegionView,
  bpa: VpcBlockPublicAccess,
  exclusion: VpcBlockPublicAccessExclusion | undefined,
  summary: string,
): Evidence {
  return {
    kind: 'vpc-block-public-access',
    summary,
    resourceId: exclusion?.id ?? region.region,
    details: {
      mode: bpa.mode,
      ...(bpa.state === undefined ? {} : { state: bpa.state }),
      ...(exclusion
        ? { exclusionId: exclusion.id, exclusionMode: exclusion.mode, exclusionState: exclusion.state }
        : {}),
    },
  };
}

/** Exclusions by the VPC or subnet id they exempt, once per region view. */
const exclusionIndex = new WeakMap<RegionView, Map<string, VpcBlockPublicAccessExclusion[]>>();

function exclusionsFor(region: RegionView, bpa: VpcBlockPublicAccess, ids: readonly string[]) {
  const index = getOrCreate(exclusionIndex, region, () => {
    const byId = new Map<string, VpcBlockPublicAccessExclusion[]>();
    for (const e of bpa.exclusions) {
      const id = e.subnetId ?? e.vpcId;
      if (id !== undefined) getOrCreate(byId, id, () => []).push(e);
    }
    return byId;
  });
  return ids.flatMap((id) => index.get(id) ?? []).filter((e) => !GONE.has(e.state));
}

const cache = new WeakMap<RegionView, Map<string, SubnetBpa>>();

/**
 * What BPA lets through for `subnet`. Unknown when the kind was not read, the mode is not one AWS
 * documents, the setting is changing, or an exclusion that would apply is being created, changed
 * or removed.
 */
export function subnetBlockPublicAccess(region: RegionView, subnet: Subnet): SubnetBpa {
  const bySubnet = getOrCreate(cache, region, () => new Map<string, SubnetBpa>());
  return getOrCreate(bySubnet, subnet.id, () => judge(region, subnet));
}

function judge(region: RegionView, subnet: Subnet): SubnetBpa {
  const bpa = region.data.vpcBlockPublicAccess;
  if (!region.isCollected('vpcBlockPublicAccess') || !bpa) {
    const state = region.data.collection.vpcBlockPublicAccess;
    return {
      known: false,
      reason: `the VPC Block Public Access setting of ${region.region} was ${state === 'failed' ? 'not readable' : 'not read'}`,
    };
  }
  if (!MODES.has(bpa.mode))
    return {
      known: false,
      reason: `VPC Block Public Access of ${region.region} has mode '${bpa.mode}', which is not one AWS documents`,
    };
  if (bpa.state === 'update-in-progress')
    return {
      known: false,
      reason: `VPC Block Public Access of ${region.region} is changing (update-in-progress towards ${bpa.mode})`,
    };
  if (bpa.mode === 'off')
    return {
      known: true,
      ...ALL_OPEN,
      mode: 'off',
      reason: `VPC Block Public Access is off in ${region.region}`,
      evidence: bpaEvidence(region, bpa, undefined, `VPC Block Public Access is off in ${region.region}`),
    };
  const applicable = exclusionsFor(region, bpa, [subnet.id, subnet.vpcId]);
  const changing = applicable.find((e) => !IN_FORCE.has(e.state));
  if (changing)
    return {
      known: false,
      reason: `VPC Block Public Access exclusion ${changing.id} for ${changing.subnetId ?? changing.vpcId ?? '?'} is ${changing.state}`,
    };
  const bidirectional = applicable.find((e) => e.mode === 'allow-bidirectional');
  const egress = applicable.find((e) => e.mode === 'allow-egress');
  const named = (e: VpcBlockPublicAccessExclusion): string =>
    `exclusion ${e.id} (${e.mode}) for ${e.subnetId ?? e.vpcId ?? '?'}`;
  const modeText = `VPC Block Public Access is ${bpa.mode} in ${region.region}`;
  if (bidirectional) {
    const reason = `${modeText}, but ${named(bidirectional)} exempts ${subnet.id}`;
    return {
      known: true,
      ...ALL_OPEN,
      mode: 'off',
      reason,
      evidence: bpaEvidence(region, bpa, bidirectional, reason),
    };
  }
  if (bpa.mode === 'block-bidirectional' && egress) {
    const reason = `${modeText}; ${named(egress)} lets ${subnet.id} reach out but blocks inbound`;
    return {
      known: true,
      inbound: false,
      igwEgress: true,
      natEgress: true,
      eigwEgress: true,
      mode: 'block-ingress',
      reason,
      evidence: bpaEvidence(region, bpa, egress, reason),
    };
  }
  if (bpa.mode === 'block-bidirectional') {
    const reason = `${modeText} and no exclusion covers ${subnet.id} or ${subnet.vpcId}`;
    return {
      known: true,
      inbound: false,
      igwEgress: false,
      natEgress: false,
      eigwEgress: false,
      mode: bpa.mode,
      reason,
      evidence: bpaEvidence(region, bpa, undefined, reason),
    };
  }
  // block-ingress: an allow-egress exclusion changes nothing here (it applies in bidirectional only).
  const reason = `${modeText} and ${subnet.id} is not exempt (${egress ? `${named(egress)} applies only in block-bidirectional` : `no allow-bidirectional exclusion`}): only NAT gateway and egress-only traffic passes`;
  return {
    known: true,
    inbound: false,
    igwEgress: false,
    natEgress: true,
    eigwEgress: true,
    mode: bpa.mode,
    reason,
    evidence: bpaEvidence(region, bpa, egress, reason),
  };
}
