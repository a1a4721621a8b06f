// The cost model of collection (design.md "Scale"): the fewest API calls an account needs and the
// shortest time AWS's token buckets and the round-trip latency allow. Pure functions over the
// snapshot the fake endpoint serves and the per-operation counters it kept.
import type { AccountSnapshot, RegionSnapshot } from '../src/snapshot/types.js';

/** aws-facts §6.1: the largest page each list operation returns. */
export const MAX_PAGE: Readonly<Record<string, number>> = {
  DescribeVpcs: 1000,
  DescribeSubnets: 1000,
  DescribeRouteTables: 100,
  DescribeInternetGateways: 1000,
  DescribeNatGateways: 1000,
  DescribeEgressOnlyInternetGateways: 255,
  DescribeVpcEndpoints: 1000,
  DescribeSecurityGroups: 1000,
  DescribeNetworkAcls: 1000,
  DescribeNetworkInterfaces: 1000,
  DescribeInstances: 1000,
  DescribeIamInstanceProfileAssociations: 1000,
  DescribeLaunchTemplates: 200,
  DescribeLaunchTemplateVersions: 200,
  DescribeManagedPrefixLists: 100,
  DescribeInstanceInformation: 50,
  DescribeDBInstances: 100,
  DescribeDBSubnetGroups: 100,
  DescribeInstanceConnectEndpoints: 50,
  ListFunctions: 50, // aws-facts §10.1
  ListClusters: 100, // aws-facts §10.2
  GetAccountAuthorizationDetails: 1000,
  ListUsers: 1000,
  ListRoles: 1000,
  ListPolicies: 1000,
  ListInstanceProfiles: 1000,
};

/**
 * Calls the API forces per resource (no list form exists), and the list that must be read first.
 * aws-facts §4.2 (user data), §6.1 (VPC attributes, prefix-list entries), §4.3 (access keys).
 */
export const PER_RESOURCE: Readonly<Record<string, { after: string; what: string }>> = {
  DescribeInstanceAttribute: { after: 'DescribeInstances', what: 'instance user data' },
  DescribeVpcAttribute: { after: 'DescribeVpcs', what: 'VPC DNS attributes (2 per VPC)' },
  GetManagedPrefixListEntries: { after: 'DescribeManagedPrefixLists', what: 'prefix-list entries' },
  DescribeTaskDefinition: { after: 'DescribeServices', what: 'ECS task definitions (one per distinct ARN)' },
  ListAccessKeys: { after: 'ListUsers', what: 'access keys per user' },
  GetAccessKeyLastUsed: { after: 'ListAccessKeys', what: 'key last use' },
};

/** One listing (a sweep of one kind) and the items it holds. */
export interface Listing {
  operation: string;
  region: string;
  items: number;
}

const regional = (region: RegionSnapshot): Listing[] => {
  const r = region.region;
  const withProfile = region.instances.filter((i) => i.iamInstanceProfileArn !== undefined).length;
  return [
    { operation: 'DescribeVpcs', region: r, items: region.vpcs.length },
    { operation: 'DescribeSubnets', region: r, items: region.subnets.length },
    { operation: 'DescribeRouteTables', region: r, items: region.routeTables.length },
    { operation: 'DescribeInternetGateways', region: r, items: region.internetGateways.length },
    { operation: 'DescribeNatGateways', region: r, items: region.natGateways.length },
    {
      operation: 'DescribeEgressOnlyInternetGateways',
      region: r,
      items: region.egressOnlyInternetGateways.length,
    },
    { operation: 'DescribeVpcEndpoints', region: r, items: region.vpcEndpoints.length },
    { operation: 'DescribeSecurityGroups', region: r, items: region.securityGroups.length },
    { operation: 'DescribeNetworkAcls', region: r, items: region.networkAcls.length },
    { operation: 'DescribeNetworkInterfaces', region: r, items: region.networkInterfaces.length },
    { operation: 'DescribeInstances', region: r, items: region.instances.length },
    { operation: 'DescribeIamInstanceProfileAssociations', region: r, items: withProfile },
    { operation: 'DescribeLaunchTemplates', region: r, items: region.launchTemplates.length },
    { operation: 'DescribeLaunchTemplateVersions', region: r, items: region.launchTemplates.length },
    { operation: 'DescribeManagedPrefixLists', region: r, items: region.prefixLists.length },
    { operation: 'DescribeInstanceInformation', region: r, items: region.ssmInstances.length },
    { operation: 'DescribeDBInstances', region: r, items: region.dbInstances.length },
    { operation: 'DescribeDBSubnetGroups', region: r, items: region.dbSubnetGroups.length },
    {
      operation: 'DescribeInstanceConnectEndpoints',
      region: r,
      items: region.instanceConnectEndpoints.length,
    },
    { operation: 'ListFunctions', region: r, items: region.lambdaFunctions.length },
    {
      operation: 'ListClusters',
      region: r,
      items: new Set(region.ecsServices.map((s) => s.clusterArn)).size,
    },
  ];
};

/** Every listing the account holds; IAM is recorded under us-east-1, where the SDK signs it. */
export function accountListings(account: AccountSnapshot): Listing[] {
  const g = account.global;
  const iamRegion = 'us-east-1';
  return [
    ...account.regions.flatMap(regional),
    // Roles and customer policies: one GetAccountAuthorizationDetails sweep each (two listings).
    { operation: 'GetAccountAuthorizationDetails', region: iamRegion, items: g.roles.length },
    { operation: 'GetAccountAuthorizationDetails', region: iamRegion, items: g.policies.length },
    { operation: 'ListUsers', region: iamRegion, items: g.users.length },
    { operation: 'ListInstanceProfiles', region: iamRegion, items: g.instanceProfiles.length },
  ];
}

/** A listing costs at least one call (even when empty) and then one per full page. */
export function minimumPages(listing: Listing): number {
  const max = MAX_PAGE[listing.operation] ?? 1;
  return Math.max(1, Math.ceil(listing.items / max));
}

/** The resources behind each per-resource operation, per region: the minimum calls it needs. */
export function perResourceMinimum(account: AccountSnapshot): Map<string, number> {
  const key = (operation: string, region: string): string => `${operation}|${region}`;
  const out = new Map<string, number>();
  for (const region of account.regions) {
    const live = region.instances.filter((i) => i.state !== 'terminated').length;
    out.set(key('DescribeInstanceAttribute', region.region), live);
    out.set(key('DescribeVpcAttribute', region.region), 2 * region.vpcs.length);
    out.set(
      key('GetManagedPrefixListEntries', region.region),
      region.prefixLists.filter((p) => !p.awsManaged).length,
    );
    out.set(
      key('DescribeTaskDefinition', region.region),
      new Set(region.ecsServices.flatMap((s) => (s.taskDefinitionArn ? [s.taskDefinitionArn] : []))).size,
    );
  }
  // Key ids appear only in ListAccessKeys, which the collector calls only for users the credential
  // report does not list (src/collect/collectors/iam.ts): with the report, no such call is made.
  out.set(
    key('ListAccessKeys', 'us-east-1'),
    account.global.users.filter((u) => u.accessKeys.length > 0).length,
  );
  return out;
}

export interface BucketSpec {
  burst: number;
  refillPerSecond: number;
}

/** The fake endpoint's buckets (test/fake-aws/README.md "Throttling"): EC2 as AWS; IAM, SSM ours. */
export function bucketFor(service: string): BucketSpec | undefined {
  if (service === 'ec2') return { burst: 100, refillPerSecond: 20 };
  if (service === 'iam') return { burst: 50, refillPerSecond: 20 };
  if (service === 'ssm') return { burst: 40, refillPerSecond: 10 };
  return undefined; // STS, RDS: not throttled by the fake
}

export interface BoundTerm {
  service: string;
  region: string;
  operation: string;
  calls: number;
  seconds: number;
  why: string;
}

/**
 * The lower bound on wall time, assuming unlimited concurrency across buckets (every region and
 * operation has its own bucket, aws-facts §6.2) and none within a listing (page n+1 needs page n's
 * token):
 *   listing of P pages:           P × latency, or (P − burst) / refill if that is longer;
 *   per-resource operation of n:  its parent listing's chain + latency + max(0, n − burst) / refill;
 *   plus the two calls before any sweep (GetCallerIdentity, DescribeRegions).
 * The bound is the longest of these terms; the scan cannot finish sooner on this endpoint.
 */
export function lowerBound(
  calls: { service: string; region: string; operation: string; minimum: number; perResource: boolean }[],
  latencyMs: number,
): { seconds: number; dominant: BoundTerm | undefined } {
  const latency = latencyMs / 1000;
  const chains = new Map<string, number>();
  for (const c of calls)
    if (!c.perResource) {
      const key = `${c.operation}|${c.region}`;
      chains.set(key, (chains.get(key) ?? 0) + c.minimum * latency);
    }
  let dominant: BoundTerm | undefined;
  for (const c of calls) {
    const bucket = bucketFor(c.service);
    const drain = bucket ? Math.max(0, c.minimum - bucket.burst) / bucket.refillPerSecond : 0;
    let seconds: number;
    let why: string;
    if (c.perResource) {
      const parent = PER_RESOURCE[c.operation]?.after ?? '';
      const chain = chains.get(`${parent}|${c.region}`) ?? latency;
      seconds = chain + latency + drain;
      why = bucket
        ? `${c.minimum} calls: ${parent} first, then ${bucket.burst} at once and ${bucket.refillPerSecond}/s`
        : `${c.minimum} calls, unthrottled`;
    } else {
      seconds = Math.max(c.minimum * latency, drain);
      why = `${c.minimum} sequential page(s)`;
    }
    if (!dominant || seconds > dominant.seconds)
      dominant = {
        service: c.service,
        region: c.region,
        operation: c.operation,
        calls: c.minimum,
        seconds,
        why,
      };
  }
  return { seconds: 2 * latency + (dominant?.seconds ?? 0), dominant };
}
