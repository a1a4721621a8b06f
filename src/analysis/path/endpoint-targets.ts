// The addresses an interface endpoint answers on: its network interfaces, or, when those are not in
// the snapshot, its subnets (their whole CIDR), each with the groups that filter what comes in.
import type { Subnet, VpcEndpoint } from '../../snapshot/types.js';
import type { RegionView } from '../../snapshot/view.js';
import { getOrCreate } from '../../util/memo.js';
import { formatCidr, hostCidr, parseCidr, type Cidr } from '../cidr.js';
import type { FlowPeer } from '../security-groups.js';
import type { JudgedHop } from './checks.js';
import { pathCache } from './region-cache.js';

export interface EndpointTarget {
  label: string;
  /** Names this target (and the groups it carries) in the region's decision caches. */
  key: string;
  /** The network interface, when the target is one. */
  eniId?: string;
  /** The target as the peer of the workload's egress. */
  peer: FlowPeer;
  /** `groupIds` joined. */
  groupsKey: string;
  cidr: Cidr;
  groupIds: readonly string[];
  subnet: Subnet | undefined;
  /** The hop where a workload's request arrives at this target (interface-endpoint.ts), once made. */
  arrival?: JudgedHop;
}

export function endpointTargets(region: RegionView, endpoint: VpcEndpoint): EndpointTarget[] {
  const cache = pathCache(region).targets;
  const targets = getOrCreate(cache, endpoint, () => buildEndpointTargets(region, endpoint));
  return targets;
}

function buildEndpointTargets(region: RegionView, endpoint: VpcEndpoint): EndpointTarget[] {
  const targets: EndpointTarget[] = [];
  for (const eniId of endpoint.networkInterfaceIds) {
    const eni = region.networkInterface(eniId);
    const address = eni?.privateIpAddresses[0];
    const cidr = address === undefined ? undefined : hostCidr(address);
    if (!eni || !cidr) continue;
    const label = `${endpoint.id} interface ${eni.id} (${address ?? '?'})`;
    const groupIds = eni.securityGroupIds.length > 0 ? eni.securityGroupIds : endpoint.securityGroupIds;
    targets.push({
      label,
      key: `target:${label}|${groupIds.join(',')}`,
      eniId: eni.id,
      peer: { cidr, groupIds, label },
      groupsKey: groupIds.join(','),
      cidr,
      groupIds,
      subnet: region.subnet(eni.subnetId),
    });
  }
  if (targets.length > 0) return targets;
  // Interfaces not in the snapshot: judge by the endpoint's subnets (their whole CIDR).
  for (const subnetId of endpoint.subnetIds) {
    const subnet = region.subnet(subnetId);
    const cidr = subnet?.cidrBlock === undefined ? undefined : parseCidr(subnet.cidrBlock);
    if (!subnet || !cidr) continue;
    const label = `${endpoint.id} in ${subnet.id} (${formatCidr(cidr)})`;
    targets.push({
      label,
      key: `target:${label}|${endpoint.securityGroupIds.join(',')}`,
      peer: { cidr, groupIds: endpoint.securityGroupIds, label },
      groupsKey: endpoint.securityGroupIds.join(','),
      cidr,
      groupIds: endpoint.securityGroupIds,
      subnet,
    });
  }
  return targets;
}
