// What a `reach` query reads from the snapshot: what a live read collects (and nothing else), and
// what the answer says was missing. Missing data is never a verdict: the engine makes the hop it
// decides undecided, and the answer's notes name the kinds.
import type { RegionalKind } from '../../snapshot/types.js';
import type { RegionView } from '../../snapshot/view.js';

export const REACH_KINDS: readonly RegionalKind[] = [
  'vpcs',
  'vpcAttributes',
  'dhcpOptions',
  'subnets',
  'routeTables',
  'internetGateways',
  'natGateways',
  'vpcEndpoints',
  'securityGroups',
  'networkAcls',
  'networkInterfaces',
  'prefixLists',
  'instances',
  'dbInstances',
  'dbSubnetGroups',
  'lambdaFunctions',
  'ecsServices',
  'instanceConnectEndpoints',
];

/** A note naming the kinds of `region` a query needs that were not collected, if any. */
export function missingKindsNote(region: RegionView): string[] {
  const missing = region.missing(REACH_KINDS);
  return missing.length === 0
    ? []
    : [
        `${region.accountId}/${region.region}: ${missing.join(', ')} could not be read, so the hops they decide are undecided`,
      ];
}
