// How exposed a security group is by where it is attached (peers.md: attached vs unattached false
// positives). `internet`: on an interface with a public address in a public subnet of that family.
import type { NetworkInterface } from '../snapshot/types.js';
import type { RegionView } from '../snapshot/view.js';
import type { Evidence } from '../findings/types.js';
import { subnetPublicity } from './subnet-class.js';
import { describeDestination } from './route-tables.js';
import { getOrCreate } from '../util/memo.js';

export type ExposureLevel = 'internet' | 'attached' | 'unattached';

export interface GroupExposure {
  level: ExposureLevel;
  interfaces: NetworkInterface[];
  evidence: Evidence[];
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
  for (const eni of interfaces) {
    const hasIpv4 = eni.publicIp !== undefined;
    const hasIpv6 = eni.ipv6Addresses.length > 0;
    if (!hasIpv4 && !hasIpv6) continue;
    const subnet = region.subnet(eni.subnetId);
    const publicity = subnet ? subnetPublicity(region, subnet) : undefined;
    if (!publicity) continue;
    if ((hasIpv4 && publicity.ipv4) || (hasIpv6 && publicity.ipv6)) {
      const address = hasIpv4 && publicity.ipv4 ? (eni.publicIp ?? '') : (eni.ipv6Addresses[0] ?? '');
      const route = publicity.routes[0];
      return {
        level: 'internet',
        interfaces,
        evidence: [
          {
            kind: 'network-interface',
            summary:
              `${eni.id}${eni.attachedInstanceId ? ` (${eni.attachedInstanceId})` : ''} has public address ` +
              `${address} in public subnet ${eni.subnetId}`,
            resourceId: eni.id,
            details: { subnetId: eni.subnetId, address, interfaceType: eni.interfaceType },
          },
          {
            kind: 'route',
            summary:
              `route table ${publicity.routeTable?.table.id ?? '?'} (${publicity.routeTable?.via ?? '?'} association) ` +
              `routes ${route ? describeDestination(route) : '?'} to ${route?.target.id ?? '?'}`,
            resourceId: publicity.routeTable?.table.id ?? eni.subnetId,
          },
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
    ],
  };
}
