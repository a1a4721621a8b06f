// Empty snapshot parts: the one place that lists every resource array of a region, so the
// collector's drafts, the fixture builders and the benchmarks cannot drift apart when a kind is added.
import type { GlobalSnapshot, RegionAvailability, RegionResourceKey, RegionSnapshot } from './types.js';

/** A region with no resources and nothing marked collected. */
export function blankRegion(region: string, availability: RegionAvailability = 'enabled'): RegionSnapshot {
  return {
    region,
    availability,
    collection: {},
    vpcs: [],
    subnets: [],
    routeTables: [],
    internetGateways: [],
    natGateways: [],
    egressOnlyInternetGateways: [],
    vpcEndpoints: [],
    securityGroups: [],
    networkAcls: [],
    networkInterfaces: [],
    instances: [],
    launchTemplates: [],
    prefixLists: [],
    ssmInstances: [],
    dbInstances: [],
    dbSubnetGroups: [],
    lambdaFunctions: [],
    ecsServices: [],
    ecsTaskDefinitions: [],
    instanceConnectEndpoints: [],
  };
}

/** The IAM part with no resources and nothing marked collected. */
export function blankGlobal(): GlobalSnapshot {
  return { collection: {}, users: [], roles: [], instanceProfiles: [], policies: [] };
}

/** Every key of a region that holds a resource array, in snapshot order. */
export const REGION_RESOURCE_KEYS: readonly RegionResourceKey[] = (() => {
  const region = blankRegion('');
  return (Object.keys(region) as (keyof RegionSnapshot)[]).filter((key): key is RegionResourceKey =>
    Array.isArray(region[key]),
  );
})();
