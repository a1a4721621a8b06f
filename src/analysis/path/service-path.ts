// An EC2 instance's path to the services it names: the instance's placement (primary ENI, public
// IP, aws-facts §5.6) through the path engine (reach.ts).
import type { Instance } from '../../snapshot/types.js';
import type { RegionView } from '../../snapshot/view.js';
import { instancePlacement } from './placement.js';
import { reachServices } from './reach.js';
import type { ServicePathResult } from './reach-types.js';

/**
 * The path from `instance` to each of `services` (short names: `ssm`, `ssmmessages`,
 * `ec2messages`) over tcp 443. The caller checks that the kinds this reads were collected.
 */
export function servicePath(
  region: RegionView,
  instance: Instance,
  services: readonly string[],
): ServicePathResult {
  const undecided = (message: string): ServicePathResult => ({
    verdict: 'indeterminate',
    services: [],
    problems: [],
    doubts: [{ message, evidence: [] }],
    evidence: [],
  });
  const subnet = instance.subnetId === undefined ? undefined : region.subnet(instance.subnetId);
  if (!subnet) return undecided(`the subnet of ${instance.id} is not visible`);
  if (!region.vpc(subnet.vpcId)) return undecided(`the VPC ${subnet.vpcId} of ${instance.id} is not visible`);
  const placement = instancePlacement(region, instance);
  if (!placement || placement.privateIp === undefined)
    return undecided(`the private address of ${instance.id} is not known`);
  return reachServices(region, placement, services);
}
