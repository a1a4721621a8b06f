// The kind table: every resource kind the snapshot knows, in canonical order, and where each one
// lands in the snapshot. Everything else that must know every kind derives it from here — the kind
// lists and types below, the collection-state maps of the JSON Schema, the blank region and IAM part
// (../blank.ts), the collection plan — or is checked against it by the compiler (the collector
// registry, `Record<RegionalKind, …>`). test/meta/add-collector.test.ts keeps it that way.

/**
 * Where a regional kind's records land. `list`: its own resource list, the `RegionSnapshot` member
 * named like the kind. `record`: one optional object per region, the member named like the kind,
 * absent when not read. `fields`: it fills optional `fields` of another kind's records (`of`), as
 * VPC attributes fill `vpcs`.
 */
export type RegionalKindEntry =
  | { readonly kind: string; readonly holds: 'list' | 'record' }
  | {
      readonly kind: string;
      readonly holds: 'fields';
      readonly of: string;
      readonly fields: readonly string[];
    };

/** Resource kinds collected per region. Rules name them in `requires`; collection fetches only those. */
export const REGIONAL_KIND_TABLE = [
  { kind: 'vpcs', holds: 'list' },
  { kind: 'vpcAttributes', holds: 'fields', of: 'vpcs', fields: ['enableDnsSupport', 'enableDnsHostnames'] },
  { kind: 'dhcpOptions', holds: 'fields', of: 'vpcs', fields: ['domainNameServers'] },
  { kind: 'subnets', holds: 'list' },
  { kind: 'routeTables', holds: 'list' },
  { kind: 'internetGateways', holds: 'list' },
  { kind: 'natGateways', holds: 'list' },
  { kind: 'egressOnlyInternetGateways', holds: 'list' },
  { kind: 'vpcEndpoints', holds: 'list' },
  { kind: 'securityGroups', holds: 'list' },
  { kind: 'networkAcls', holds: 'list' },
  { kind: 'networkInterfaces', holds: 'list' },
  { kind: 'instances', holds: 'list' },
  {
    kind: 'instanceProfileAssociations',
    holds: 'fields',
    of: 'instances',
    fields: ['iamInstanceProfileArn'],
  },
  { kind: 'instanceUserData', holds: 'fields', of: 'instances', fields: ['userData'] },
  { kind: 'launchTemplates', holds: 'list' },
  { kind: 'prefixLists', holds: 'list' },
  { kind: 'ssmInstances', holds: 'list' },
  { kind: 'ssmDefaultHostManagement', holds: 'record' },
  { kind: 'dbInstances', holds: 'list' },
  { kind: 'dbSubnetGroups', holds: 'list' },
  { kind: 'lambdaFunctions', holds: 'list' },
  { kind: 'ecsServices', holds: 'list' },
  { kind: 'ecsTaskDefinitions', holds: 'list' },
  { kind: 'instanceConnectEndpoints', holds: 'list' },
  { kind: 'vpcBlockPublicAccess', holds: 'record' },
] as const satisfies readonly RegionalKindEntry[];

/** Resource kinds collected once per account (IAM is global per partition), and their lists. */
export const GLOBAL_KIND_TABLE = [
  { kind: 'iamUsers', list: 'users' },
  { kind: 'iamRoles', list: 'roles' },
  { kind: 'iamInstanceProfiles', list: 'instanceProfiles' },
  { kind: 'iamPolicies', list: 'policies' },
] as const satisfies readonly { kind: string; list: string }[];

type RegionalEntry = (typeof REGIONAL_KIND_TABLE)[number];
type GlobalEntry = (typeof GLOBAL_KIND_TABLE)[number];

export type RegionalKind = RegionalEntry['kind'];
export type GlobalKind = GlobalEntry['kind'];
export type ResourceKind = RegionalKind | GlobalKind;

/** The regional kinds that have a resource list of their own (the list has the kind's name). */
export type RegionalListKind = Extract<RegionalEntry, { holds: 'list' }>['kind'];
/** The regional kinds stored as one optional object per region. */
export type RegionalRecordKind = Extract<RegionalEntry, { holds: 'record' }>['kind'];
/** The members of `GlobalSnapshot` that hold IAM resource lists. */
export type GlobalListKey = GlobalEntry['list'];

export const REGIONAL_KINDS: readonly RegionalKind[] = REGIONAL_KIND_TABLE.map((entry) => entry.kind);
export const GLOBAL_KINDS: readonly GlobalKind[] = GLOBAL_KIND_TABLE.map((entry) => entry.kind);
export const ALL_KINDS: readonly ResourceKind[] = [...REGIONAL_KINDS, ...GLOBAL_KINDS];

/** The regional kinds with a list of their own, in kind order: the resource lists of a region. */
export const REGIONAL_LIST_KINDS: readonly RegionalListKind[] = REGIONAL_KIND_TABLE.flatMap((entry) =>
  entry.holds === 'list' ? [entry.kind] : [],
);

/** The IAM lists of `GlobalSnapshot`, in kind order. */
export const GLOBAL_LIST_KEYS: readonly GlobalListKey[] = GLOBAL_KIND_TABLE.map((entry) => entry.list);

export function isGlobalKind(kind: ResourceKind): kind is GlobalKind {
  return (GLOBAL_KINDS as readonly string[]).includes(kind);
}
