// Where a workload sits in the network, whatever the workload is (design.md "Workloads and paths"):
// one ENI (or "some ENI of this subnet") with its groups, and whether it has a public IPv4 address.
// An EC2 instance has its primary ENI's address and public IP; a Lambda function's Hyperplane ENIs
// never get a public IP, so an internet-gateway route does not help it (aws-facts §10.1); an ECS
// awsvpc task's ENI has one only with `assignPublicIp: ENABLED` (aws-facts §10.2).
import type { Instance } from '../../snapshot/types.js';
import type { RegionView } from '../../snapshot/view.js';
import { clientEphemeralPorts, EPHEMERAL_PORTS, type PortRange } from '../nacl.js';

export interface Placement {
  /** The workload this placement belongs to: `i-…`, a function ARN, an ECS service ARN. */
  workloadId: string;
  /** How messages name the workload: `i-0abc`, `function my-fn`. */
  label: string;
  /** The ENI, when one is known (an instance's primary ENI); absent for "any ENI of the subnet". */
  eniId?: string;
  subnetId: string;
  /** The groups on the ENI, in the order AWS lists them (duplicates dropped). */
  securityGroupIds: readonly string[];
  /**
   * The ENI's private IPv4 address. Absent: any address in the subnet (a Lambda Hyperplane ENI or
   * an ECS task ENI gets one when it is created), so flows are judged for the whole subnet range.
   */
  privateIp?: string;
  /**
   * `true`: the ENI has a public IPv4 address (then `publicIpAddress` names it when known);
   * `false`: it has none now; `'never'`: the platform never gives it one (Lambda, aws-facts §10.1),
   * so no configuration of the subnet changes that.
   */
  publicIpv4: boolean | 'never';
  publicIpAddress?: string;
  /** Why `publicIpv4` is false or `'never'`, for messages ("Lambda ENIs never have a public IP"). */
  publicIpv4Note?: string;
  /** The client ports replies come back to (stateless ACLs must allow them, aws-facts §3.6). */
  ephemeralPorts: PortRange;
  /** The ARN endpoint policies see as the resource of calls on the workload itself (SSM's `ssm:*` on an instance). */
  resourceArn?: string;
}

/** Ephemeral ports of a client whose OS is unknown (Lambda, Fargate: Linux). */
export const LINUX_EPHEMERAL_PORTS = EPHEMERAL_PORTS.linux;

/**
 * An EC2 instance's placement: its primary interface (the first of `networkInterfaceIds`, else
 * the first interface attached to it), the instance's groups then the interface's, its address
 * and public IP. Undefined when it has no subnet.
 */
export function instancePlacement(region: RegionView, instance: Instance): Placement | undefined {
  if (instance.subnetId === undefined) return undefined;
  const eni =
    (instance.networkInterfaceIds[0] !== undefined
      ? region.networkInterface(instance.networkInterfaceIds[0])
      : undefined) ?? region.interfacesOfInstance(instance.id)[0];
  const address = instance.privateIpAddress ?? eni?.privateIpAddresses[0];
  // The instance's groups then the interface's, first occurrence kept (a Set's order).
  const groupIds: string[] = [];
  for (const id of instance.securityGroupIds) if (!groupIds.includes(id)) groupIds.push(id);
  for (const id of eni?.securityGroupIds ?? []) if (!groupIds.includes(id)) groupIds.push(id);
  const publicIp = instance.publicIpAddress ?? eni?.publicIp;
  const placement: Placement = {
    workloadId: instance.id,
    label: instance.id,
    subnetId: instance.subnetId,
    securityGroupIds: groupIds,
    publicIpv4: publicIp !== undefined,
    ephemeralPorts: clientEphemeralPorts(instance),
    resourceArn: instance.arn,
  };
  if (eni) placement.eniId = eni.id;
  if (address !== undefined) placement.privateIp = address;
  if (publicIp !== undefined) placement.publicIpAddress = publicIp;
  return placement;
}
