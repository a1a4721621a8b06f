// How exposed a security group is by where it is attached (peers.md: attached vs unattached false
// positives). `internet`: on an interface with a public address in a public subnet of that family,
// unless VPC Block Public Access blocks inbound internet traffic to that subnet (aws-facts §1.2;
// block-public-access.ts). BPA that was not read never lowers exposure: the evidence says so.
import type { NetworkInterface, Route } from '../snapshot/types.js';
import type { RegionView } from '../snapshot/view.js';
import type { Evidence } from '../findings/types.js';
import { subnetBlockPublicAccess } from './block-public-access.js';
import { subnetPublicity } from './subnet-class.js';
import { describeDestination } from './route-tables.js';
import { getOrCreate } from '../util/memo.js';

export type ExposureLevel = 'internet' | 'attached' | 'unattached';

export interface GroupExposure {
  level: ExposureLevel;
  interfaces: NetworkInterface[];
  evidence: Evidence[];
  /** Set when some interface would be internet-facing but VPC Block Public Access blocks inbound. */
  blockedByBpa?: boolean;
}

// The three public-ingress rules ask the same region about the same groups: answer once per view.
const exposureMemo = new WeakMap<RegionView, Map<string, GroupExposure>>();

export function groupExposure(region: RegionView, groupId: string): GroupExposure {
  const byGroup = getOrCreate(exposureMemo, region, () => new Map());
  const exposure = getOrCreate(byGroup, groupId, () => computeGroupExposure(region, groupId));
  return exposure;
}

function computeGroupExposure(region: RegionView, groupId: string): GroupExposure {
  const interfaces = [...region.interfacesWithSecurityGroup(groupId)];
  if (interfaces.length === 0) {
    return {
      level: 'unattached',
      interfaces,
      evidence: [
        {
          kind: 'attachment',
          summary: `${groupId} is attached to no network interface`,
          resourceId: groupId,
        },
      ],
    };
  }
  // Interfaces that would be internet-facing but for VPC Block Public Access, for evidence.
  const blocked: Evidence[] = [];
  for (const eni of interfaces) {
    const hasIpv4 = eni.publicIp !== undefined;
    const hasIpv6 = eni.ipv6Addresses.length > 0;
    if (!hasIpv4 && !hasIpv6) continue;
    const subnet = region.subnet(eni.subnetId);
    const publicity = subnet ? subnetPublicity(region, subnet) : undefined;
    if (!publicity || !subnet) continue;
    if ((hasIpv4 && publicity.ipv4) || (hasIpv6 && publicity.ipv6)) {
      const bpa = subnetBlockPublicAccess(region, subnet);
      if (bpa.known && !bpa.inbound) {
        blocked.push({
          ...bpa.evidence,
          summary: `${eni.id} has a public address in public subnet ${eni.subnetId}, but ${bpa.reason}, which blocks inbound internet traffic`,
          resourceId: eni.id,
        });
        continue;
      }
      // aws-facts §1.2: 0.0.0.0/0 does not carry IPv6 nor ::/0 IPv4, so the evidence names each
      // family that reaches the interface, its address and that family's route, never the other's.
      const reaching: { address: string; route: Route | undefined }[] = [];
      if (hasIpv4 && publicity.ipv4)
        reaching.push({ address: eni.publicIp ?? '', route: publicity.ipv4Routes[0] });
      if (hasIpv6 && publicity.ipv6)
        reaching.push({ address: eni.ipv6Addresses[0] ?? '', route: publicity.ipv6Routes[0] });
      const addresses = reaching.map((r) => r.address);
      const table = publicity.routeTable;
      return {
        level: 'internet',
        interfaces,
        evidence: [
          {
            kind: 'network-interface',
            summary:
              `${eni.id}${eni.attachedInstanceId ? ` (${eni.attachedInstanceId})` : ''} has public ` +
              `${addresses.length > 1 ? 'addresses' : 'address'} ${addresses.join(' and ')} in public subnet ${eni.subnetId}`,
            resourceId: eni.id,
            details: {
              subnetId: eni.subnetId,
              address: addresses[0] ?? '',
              ...(addresses.length > 1 ? { addresses } : {}),
              interfaceType: eni.interfaceType,
            },
          },
          ...reaching.map(({ route }): Evidence => ({
            kind: 'route',
            summary:
              `route table ${table?.table.id ?? '?'} (${table?.via ?? '?'} association) ` +
              `routes ${route ? describeDestination(route) : '?'} to ${route?.target.id ?? '?'}`,
            resourceId: table?.table.id ?? eni.subnetId,
          })),
          ...(bpa.known
            ? bpa.mode === 'off' && bpa.evidence.details?.exclusionId === undefined
              ? []
              : [bpa.evidence]
            : [
                {
                  kind: 'vpc-block-public-access',
                  summary: `${bpa.reason}, so it is not counted as blocking inbound traffic`,
                  resourceId: region.region,
                },
              ]),
        ],
      };
    }
  }
  return {
    level: 'attached',
    interfaces,
    evidence: [
      {
        kind: 'attachment',
        summary: `${groupId} is attached to ${interfaces.length} network interface(s), none reachable from the internet`,
        resourceId: groupId,
        details: { interfaces: interfaces.slice(0, 20).map((i) => i.id) },
      },
      ...blocked.slice(0, 5),
    ],
    ...(blocked.length > 0 ? { blockedByBpa: true } : {}),
  };
}
