// The normalised, versioned snapshot: the one contract between collection and evaluation.
// Records are our own camelCase shapes holding only what rules need; SDK types never reach here.
// References are IDs (a subnet knows its vpcId); relationships are resolved by src/analysis.
// No secret ever lands here: user data is reduced to a redacted scan result at collection time.

export const SNAPSHOT_SCHEMA_VERSION = 1;

/** Resource kinds collected per region. Rules name them in `requires`; collection fetches only those. */
export const REGIONAL_KINDS = [
  'vpcs',
  'vpcAttributes',
  'dhcpOptions',
  'subnets',
  'routeTables',
  'internetGateways',
  'natGateways',
  'egressOnlyInternetGateways',
  'vpcEndpoints',
  'securityGroups',
  'networkAcls',
  'networkInterfaces',
  'instances',
  'instanceProfileAssociations',
  'instanceUserData',
  'launchTemplates',
  'prefixLists',
  'ssmInstances',
  'ssmDefaultHostManagement',
  'dbInstances',
  'dbSubnetGroups',
  'lambdaFunctions',
  'ecsServices',
  'ecsTaskDefinitions',
  'instanceConnectEndpoints',
  'vpcBlockPublicAccess',
] as const;

/** Resource kinds collected once per account (IAM is global per partition). */
export const GLOBAL_KINDS = ['iamUsers', 'iamRoles', 'iamInstanceProfiles', 'iamPolicies'] as const;

export type RegionalKind = (typeof REGIONAL_KINDS)[number];
export type GlobalKind = (typeof GLOBAL_KINDS)[number];
export type ResourceKind = RegionalKind | GlobalKind;

export const ALL_KINDS: readonly ResourceKind[] = [...REGIONAL_KINDS, ...GLOBAL_KINDS];

export function isGlobalKind(kind: ResourceKind): kind is GlobalKind {
  return (GLOBAL_KINDS as readonly string[]).includes(kind);
}

/**
 * Whether a kind was read. `collected`: the full sweep succeeded. `failed`: at least one call the
 * kind depends on failed, so its records are absent or incomplete and rules must say `unknown`.
 * `skipped`: deliberately not read (e.g. `--skip-user-data`). A kind absent from the map was not
 * requested, which rules also treat as not known.
 */
export type CollectionState = 'collected' | 'failed' | 'skipped';

export type ErrorCategory =
  | 'access-denied'
  | 'opt-in-required'
  | 'throttled'
  | 'network'
  | 'timeout'
  | 'expired-credentials'
  | 'malformed-response'
  | 'unknown';

export interface CollectionError {
  service: string;
  operation: string;
  /** AWS region, or `global` for IAM. */
  region: string;
  category: ErrorCategory;
  /** The AWS error code (e.g. `AccessDenied`, `RequestLimitExceeded`) or a Node error code. */
  code: string;
  message: string;
  /** The kinds this failure left incomplete. */
  kinds: ResourceKind[];
  /** Set when the call was about one resource (e.g. one instance's user data). */
  resourceId?: string;
}

export type Tags = Record<string, string>;

interface Resource {
  id: string;
  arn: string;
  name?: string;
  ownerId?: string;
  tags?: Tags;
}

export interface Vpc extends Resource {
  cidrBlocks: string[];
  ipv6CidrBlocks: string[];
  isDefault: boolean;
  state?: string;
  /** From DescribeVpcAttribute; absent when not known (kind `vpcAttributes` not collected). */
  enableDnsSupport?: boolean;
  enableDnsHostnames?: boolean;
  dhcpOptionsId?: string;
  /**
   * `domain-name-servers` of its DHCP options set (`AmazonProvidedDNS` or addresses); empty when
   * the set has none or the VPC uses no set. Absent when not known (kind `dhcpOptions`).
   */
  domainNameServers?: string[];
}

export interface Subnet extends Resource {
  vpcId: string;
  availabilityZone: string;
  cidrBlock?: string;
  ipv6CidrBlocks: string[];
  mapPublicIpOnLaunch: boolean;
  assignIpv6AddressOnCreation: boolean;
  ipv6Native?: boolean;
}

export type RouteTargetKind =
  | 'local'
  | 'internet-gateway'
  | 'egress-only-internet-gateway'
  | 'nat-gateway'
  | 'instance'
  | 'network-interface'
  | 'transit-gateway'
  | 'vpc-peering'
  | 'virtual-private-gateway'
  | 'gateway-endpoint'
  | 'gateway-load-balancer-endpoint'
  | 'core-network'
  | 'local-gateway'
  | 'carrier-gateway'
  | 'unknown';

export interface Route {
  destinationCidrBlock?: string;
  destinationIpv6CidrBlock?: string;
  destinationPrefixListId?: string;
  target: { kind: RouteTargetKind; id: string };
  /** `active`, `blackhole` or `filtered`; only active routes carry traffic (aws-facts §1.3). */
  state: string;
  origin?: string;
}

export interface RouteTableAssociation {
  id: string;
  main: boolean;
  subnetId?: string;
  /** Set for gateway route tables (edge associations); these never govern subnet egress (§1.4). */
  gatewayId?: string;
  state?: string;
}

export interface RouteTable extends Resource {
  vpcId: string;
  associations: RouteTableAssociation[];
  routes: Route[];
}

export interface GatewayAttachment {
  vpcId: string;
  state: string;
}

export interface InternetGateway extends Resource {
  attachments: GatewayAttachment[];
}

export interface EgressOnlyInternetGateway extends Resource {
  attachments: GatewayAttachment[];
}

export interface NatGateway extends Resource {
  vpcId: string;
  subnetId: string;
  state: string;
  connectivityType: 'public' | 'private';
}

export interface VpcEndpoint extends Resource {
  vpcId: string;
  /** `Interface`, `Gateway`, `GatewayLoadBalancer`, … as AWS spells it. */
  type: string;
  serviceName: string;
  /** Lower-cased (AWS returns `available`; the model spells `Available`, aws-facts §2.2). */
  state: string;
  routeTableIds: string[];
  subnetIds: string[];
  securityGroupIds: string[];
  networkInterfaceIds: string[];
  privateDnsEnabled: boolean;
  policyDocument?: PolicyDocument;
}

export type SecurityGroupSource =
  | { kind: 'cidr-ipv4'; cidr: string }
  | { kind: 'cidr-ipv6'; cidr: string }
  | { kind: 'prefix-list'; prefixListId: string }
  | { kind: 'security-group'; groupId: string; userId?: string; vpcId?: string };

/** One permission for one source/destination (an `IpPermission` is flattened into these). */
export interface SecurityGroupRule {
  /** `tcp`, `udp`, `icmp`, `icmpv6`, `-1` (all) or a protocol number, as AWS returns it. */
  protocol: string;
  /** Absent (or -1) means all ports (aws-facts §3.1). */
  fromPort?: number;
  toPort?: number;
  /** The peer: the source for ingress, the destination for egress. */
  peer: SecurityGroupSource;
  description?: string;
  ruleId?: string;
}

export interface SecurityGroup extends Resource {
  name: string;
  vpcId?: string;
  description?: string;
  ingress: SecurityGroupRule[];
  egress: SecurityGroupRule[];
}

export interface NetworkAclEntry {
  ruleNumber: number;
  egress: boolean;
  /** Protocol number as a string, `-1` for all (aws-facts §3.6). */
  protocol: string;
  action: 'allow' | 'deny';
  cidrBlock?: string;
  ipv6CidrBlock?: string;
  portRange?: { from: number; to: number };
}

export interface NetworkAcl extends Resource {
  vpcId: string;
  isDefault: boolean;
  subnetIds: string[];
  entries: NetworkAclEntry[];
}

export interface NetworkInterface extends Resource {
  vpcId: string;
  subnetId: string;
  availabilityZone?: string;
  /** `interface`, `nat_gateway`, `vpc_endpoint`, `lambda`, … */
  interfaceType: string;
  status?: string;
  securityGroupIds: string[];
  privateIpAddresses: string[];
  ipv6Addresses: string[];
  publicIp?: string;
  attachedInstanceId?: string;
  requesterManaged: boolean;
  sourceDestCheck: boolean;
  description?: string;
}

/** What a scan of user data found. Only redacted matches, lengths and hashes: never the secret. */
export interface SecretMatch {
  type: 'aws-access-key-id' | 'aws-secret-access-key';
  /** e.g. `AKIA…WXYZ` */
  redacted: string;
  length: number;
  /** sha256 of the matched text, hex, so the same secret can be recognised across resources. */
  sha256: string;
  /** 1-based line in the decoded text. */
  line: number;
}

export interface UserDataScan {
  present: boolean;
  /** Size of the decoded (and decompressed) text in bytes. */
  bytes: number;
  encoding: 'plain' | 'gzip' | 'utf-16' | 'binary';
  sha256?: string;
  secrets: SecretMatch[];
}

export interface MetadataOptions {
  /** `required` means IMDSv2 only; `optional` allows v1 (aws-facts §5.3). */
  httpTokens: string;
  httpEndpoint: string;
  httpPutResponseHopLimit?: number;
}

export interface Instance extends Resource {
  state: string;
  instanceType?: string;
  vpcId?: string;
  subnetId?: string;
  availabilityZone?: string;
  privateIpAddress?: string;
  publicIpAddress?: string;
  ipv6Addresses: string[];
  networkInterfaceIds: string[];
  securityGroupIds: string[];
  iamInstanceProfileArn?: string;
  metadataOptions?: MetadataOptions;
  launchTime?: string;
  launchTemplateId?: string;
  /** The `aws:ec2launchtemplate:version` tag: the template version the instance was launched from. */
  launchTemplateVersion?: string;
  platform?: string;
  imageId?: string;
  /** Absent when user data was not read for this instance (kind `instanceUserData`). */
  userData?: UserDataScan;
}

export interface LaunchTemplateVersion {
  versionNumber: number;
  iamInstanceProfileArn?: string;
  iamInstanceProfileName?: string;
  httpTokens?: string;
  userData?: UserDataScan;
}

export interface LaunchTemplate extends Resource {
  name: string;
  defaultVersionNumber?: number;
  latestVersionNumber?: number;
  /** The latest version's data; absent when it could not be read. */
  latestVersion?: LaunchTemplateVersion;
  /**
   * Other versions read, each once: the default version and the versions instances were launched
   * from (their `aws:ec2launchtemplate:version` tag), when they differ from the latest. Absent in
   * snapshots from before versions were read.
   */
  versions?: LaunchTemplateVersion[];
}

export interface PrefixList extends Resource {
  name: string;
  addressFamily: 'IPv4' | 'IPv6';
  /** True for AWS-managed lists (`com.amazonaws.…`). */
  awsManaged: boolean;
  /** CIDRs; absent when the entries were not read. */
  entries?: string[];
}

export interface SsmManagedInstance {
  instanceId: string;
  /** `Online`, `ConnectionLost`, `Inactive` (aws-facts §5.4). */
  pingStatus: string;
  lastPingDateTime?: string;
  agentVersion?: string;
  isLatestVersion?: boolean;
  platformType?: string;
  iamRole?: string;
  resourceType?: string;
}

/** Default Host Management Configuration (aws-facts §5.3). */
export interface SsmDefaultHostManagement {
  enabled: boolean;
  roleName?: string;
  status?: string;
}

export interface DbInstance extends Resource {
  engine: string;
  engineVersion?: string;
  status: string;
  publiclyAccessible: boolean;
  endpointAddress?: string;
  port?: number;
  vpcId?: string;
  dbSubnetGroupName?: string;
  /** The subnets of its DB subnet group, as DescribeDBInstances returns them; absent when not returned. */
  subnetIds?: string[];
  securityGroupIds: string[];
  storageEncrypted?: boolean;
}

export interface DbSubnetGroup extends Resource {
  name: string;
  vpcId: string;
  subnetIds: string[];
  status?: string;
}

/** A Lambda function (ListFunctions, aws-facts §10.1). */
export interface LambdaFunction extends Resource {
  /** The function name (`id` is the name too; `arn` the unqualified function ARN). */
  name: string;
  /** The execution role's ARN. */
  roleArn?: string;
  /** `Pending`, `Active`, `Inactive`, `Failed`, as AWS spells it. */
  state?: string;
  /** Absent when the function is not attached to a VPC (no subnets). */
  vpcConfig?: LambdaVpcConfig;
}

export interface LambdaVpcConfig {
  subnetIds: string[];
  securityGroupIds: string[];
  /**
   * The VPC: from the subnets when the snapshot knows them, else as Lambda reported it (aws-facts
   * §10.1: emulators have been seen to return a placeholder `VpcId`).
   */
  vpcId?: string;
  ipv6AllowedForDualStack: boolean;
}

/** One ECS service (DescribeServices, aws-facts §10.2). `id` is the service ARN. */
export interface EcsService extends Resource {
  name: string;
  clusterArn: string;
  /** `FARGATE`, `EC2`, `EXTERNAL`; absent when a capacity provider strategy is used. */
  launchType?: string;
  capacityProviders: string[];
  /** Fargate platform version as set (`LATEST`, `1.4.0`, …). */
  platformVersion?: string;
  /** The task definition ARN the service runs. */
  taskDefinitionArn?: string;
  /** `awsvpcConfiguration`; absent for services without one (bridge/host network mode). */
  awsvpc?: EcsAwsvpcConfiguration;
  status?: string;
}

export interface EcsAwsvpcConfiguration {
  subnetIds: string[];
  securityGroupIds: string[];
  /** `ENABLED` or `DISABLED` (the AWS default when absent). */
  assignPublicIp: string;
}

/**
 * A task definition (DescribeTaskDefinition). Only what reachability needs: never environment
 * variables, and for secrets only where they come from (`valueFrom`), never a value.
 */
export interface EcsTaskDefinition extends Resource {
  family: string;
  revision?: number;
  networkMode?: string;
  executionRoleArn?: string;
  taskRoleArn?: string;
  containers: EcsContainer[];
}

export interface EcsContainer {
  name: string;
  image?: string;
  logDriver?: string;
  /** The `valueFrom` of each secret: a Secrets Manager or SSM Parameter Store ARN or name. */
  secretSources: string[];
}

/** An EC2 Instance Connect Endpoint (DescribeInstanceConnectEndpoints, aws-facts §10.3). */
export interface InstanceConnectEndpoint extends Resource {
  vpcId: string;
  subnetId: string;
  securityGroupIds: string[];
  preserveClientIp: boolean;
  /** `create-complete` when usable. */
  state: string;
  networkInterfaceIds: string[];
}

/**
 * VPC Block Public Access of one account and region (aws-facts §1.2, §1.4 item 6):
 * DescribeVpcBlockPublicAccessOptions and DescribeVpcBlockPublicAccessExclusions.
 */
export interface VpcBlockPublicAccess {
  /** `off`, `block-bidirectional` or `block-ingress`, as AWS spells it. */
  mode: string;
  /** `default-state`, `update-in-progress`, `update-complete`. */
  state?: string;
  /** `account` or `declarative-policy`. */
  managedBy?: string;
  exclusions: VpcBlockPublicAccessExclusion[];
}

export interface VpcBlockPublicAccessExclusion {
  id: string;
  /** The VPC or subnet ARN the exclusion applies to. */
  resourceArn?: string;
  /** Set when the exclusion is for a whole VPC. */
  vpcId?: string;
  /** Set when the exclusion is for one subnet. */
  subnetId?: string;
  /** `allow-bidirectional` or `allow-egress`. */
  mode: string;
  /** `create-complete`, `update-complete`, `delete-complete`, … (only the two completes are in force). */
  state: string;
}

export interface AccessKey {
  accessKeyId: string;
  status: string;
  createDate: string;
  lastUsedDate?: string;
  lastUsedService?: string;
  lastUsedRegion?: string;
}

export interface IamUser extends Resource {
  name: string;
  path?: string;
  createDate: string;
  passwordEnabled?: boolean;
  passwordLastUsed?: string;
  mfaActive?: boolean;
  accessKeys: AccessKey[];
}

export type PolicyStatementValue = string[];

export interface PolicyStatement {
  sid?: string;
  effect: 'Allow' | 'Deny';
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  /** Operator → condition key → values, as in IAM JSON (values normalised to arrays). */
  condition?: Record<string, Record<string, string[]>>;
  principal?: '*' | Record<string, string[]>;
}

/** An IAM policy document, statements normalised to arrays of arrays. */
export interface PolicyDocument {
  version?: string;
  statements: PolicyStatement[];
}

export interface AttachedPolicy {
  name: string;
  arn: string;
}

export interface InlinePolicy {
  name: string;
  document?: PolicyDocument;
}

export interface IamRole extends Resource {
  name: string;
  path?: string;
  createDate?: string;
  attachedPolicies: AttachedPolicy[];
  inlinePolicies: InlinePolicy[];
  roleLastUsed?: string;
  /** Its trust policy (AssumeRolePolicyDocument); absent in snapshots from before it was kept. */
  trustPolicy?: PolicyDocument;
}

export interface IamInstanceProfile extends Resource {
  name: string;
  path?: string;
  roleNames: string[];
}

/** Customer-managed policies, with their default version document when read. */
export interface IamManagedPolicy extends Resource {
  name: string;
  document?: PolicyDocument;
}

export type RegionAvailability = 'enabled' | 'not-opted-in' | 'unreachable';

export interface RegionSnapshot {
  region: string;
  availability: RegionAvailability;
  collection: Partial<Record<RegionalKind, CollectionState>>;
  vpcs: Vpc[];
  subnets: Subnet[];
  routeTables: RouteTable[];
  internetGateways: InternetGateway[];
  natGateways: NatGateway[];
  egressOnlyInternetGateways: EgressOnlyInternetGateway[];
  vpcEndpoints: VpcEndpoint[];
  securityGroups: SecurityGroup[];
  networkAcls: NetworkAcl[];
  networkInterfaces: NetworkInterface[];
  instances: Instance[];
  launchTemplates: LaunchTemplate[];
  prefixLists: PrefixList[];
  ssmInstances: SsmManagedInstance[];
  ssmDefaultHostManagement?: SsmDefaultHostManagement;
  dbInstances: DbInstance[];
  dbSubnetGroups: DbSubnetGroup[];
  lambdaFunctions: LambdaFunction[];
  ecsServices: EcsService[];
  ecsTaskDefinitions: EcsTaskDefinition[];
  instanceConnectEndpoints: InstanceConnectEndpoint[];
  /** Absent when not read (kind `vpcBlockPublicAccess`). */
  vpcBlockPublicAccess?: VpcBlockPublicAccess;
}

export interface GlobalSnapshot {
  collection: Partial<Record<GlobalKind, CollectionState>>;
  users: IamUser[];
  roles: IamRole[];
  instanceProfiles: IamInstanceProfile[];
  policies: IamManagedPolicy[];
}

export interface AccountSnapshot {
  accountId: string;
  partition: string;
  /** The principal that collected it (STS GetCallerIdentity). */
  identity?: { arn: string; userId?: string };
  regions: RegionSnapshot[];
  global: GlobalSnapshot;
  errors: CollectionError[];
}

export interface Snapshot {
  schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION;
  tool: { name: string; version: string };
  collectedAt: string;
  partition: string;
  /**
   * The rule ids `collect --rules` gathered data for; absent when every kind was collected. A
   * `scan --snapshot` without `--rules` evaluates only these (the others would all be unknown).
   */
  rules?: string[];
  accounts: AccountSnapshot[];
}

/** Keys of RegionSnapshot that hold resource arrays. */
export type RegionResourceKey = {
  [K in keyof RegionSnapshot]-?: RegionSnapshot[K] extends unknown[] ? K : never;
}[keyof RegionSnapshot];
