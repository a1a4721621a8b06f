// VPC networking records: VPCs, subnets, routing, gateways, endpoints, prefix lists, security groups,
// network ACLs and VPC Block Public Access, and what a region holds of them.
import type { Integer, NonEmptyString, Resource } from './common.js';
import type { PolicyDocument } from './iam.js';

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
  vpcId: NonEmptyString;
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
  vpcId: NonEmptyString;
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
  vpcId: NonEmptyString;
  /** `Interface`, `Gateway`, `GatewayLoadBalancer`, … as AWS spells it. */
  type: NonEmptyString;
  serviceName: NonEmptyString;
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
  | { kind: 'cidr-ipv4'; cidr: NonEmptyString }
  | { kind: 'cidr-ipv6'; cidr: NonEmptyString }
  | { kind: 'prefix-list'; prefixListId: NonEmptyString }
  | { kind: 'security-group'; groupId: NonEmptyString; userId?: string; vpcId?: string };

/** One permission for one source/destination (an `IpPermission` is flattened into these). */
export interface SecurityGroupRule {
  /** `tcp`, `udp`, `icmp`, `icmpv6`, `-1` (all) or a protocol number, as AWS returns it. */
  protocol: NonEmptyString;
  /** Absent (or -1) means all ports (aws-facts §3.1). */
  fromPort?: Integer;
  toPort?: Integer;
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
  ruleNumber: Integer;
  egress: boolean;
  /** Protocol number as a string, `-1` for all (aws-facts §3.6). */
  protocol: NonEmptyString;
  action: 'allow' | 'deny';
  cidrBlock?: string;
  ipv6CidrBlock?: string;
  portRange?: { from: Integer; to: Integer };
}

export interface NetworkAcl extends Resource {
  vpcId: NonEmptyString;
  isDefault: boolean;
  subnetIds: string[];
  entries: NetworkAclEntry[];
}

export interface PrefixList extends Resource {
  name: string;
  addressFamily: 'IPv4' | 'IPv6';
  /** True for AWS-managed lists (`com.amazonaws.…`). */
  awsManaged: boolean;
  /** CIDRs; absent when the entries were not read. */
  entries?: string[];
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
  id: NonEmptyString;
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

/** What a region holds of VPC networking: these members of `RegionSnapshot`. */
export interface VpcRegionPart {
  vpcs: Vpc[];
  subnets: Subnet[];
  routeTables: RouteTable[];
  internetGateways: InternetGateway[];
  natGateways: NatGateway[];
  egressOnlyInternetGateways: EgressOnlyInternetGateway[];
  vpcEndpoints: VpcEndpoint[];
  securityGroups: SecurityGroup[];
  networkAcls: NetworkAcl[];
  prefixLists: PrefixList[];
  /** Absent when not read (kind `vpcBlockPublicAccess`). */
  vpcBlockPublicAccess?: VpcBlockPublicAccess;
}
