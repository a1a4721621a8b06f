// Our normalised records mapped back to the shapes DescribeX returns (the inverse of what a
// collector does). Types are the SDK's own output types, so a misspelt member does not compile.
import type * as EC2 from '@aws-sdk/client-ec2';
import type * as snap from '../../../src/snapshot/types.js';
import { policyJson } from './policy-json.js';

/** What mappers may look up beyond the record itself. */
export interface RegionLookup {
  accountId: string;
  region: string;
  groupName(groupId: string): string | undefined;
  networkInterface(id: string): snap.NetworkInterface | undefined;
  instanceProfileId(arn: string): string;
}

/** Tags with the record's `name` as the `Name` tag, as AWS stores names (unless tags say otherwise). */
export function awsTags(
  record: { name?: string; tags?: snap.Tags },
  extra?: snap.Tags,
): EC2.Tag[] | undefined {
  const tags: snap.Tags = { ...(record.tags ?? {}), ...(extra ?? {}) };
  if (record.name !== undefined && tags.Name === undefined) tags.Name = record.name;
  const entries = Object.entries(tags);
  return entries.length ? entries.map(([Key, Value]) => ({ Key, Value })) : undefined;
}

function stableSuffix(text: string): string {
  return Buffer.from(text).toString('hex').slice(-17).padStart(17, '0');
}

/** The DHCP options set a VPC without one in the snapshot is served with (AmazonProvidedDNS). */
export const FAKE_DHCP_OPTIONS_ID = 'dopt-0fake0000000000';

export function vpcToAws(vpc: snap.Vpc): EC2.Vpc {
  return {
    VpcId: vpc.id,
    OwnerId: vpc.ownerId,
    State: (vpc.state ?? 'available') as EC2.VpcState,
    CidrBlock: vpc.cidrBlocks[0],
    CidrBlockAssociationSet: vpc.cidrBlocks.map((cidr, i) => ({
      AssociationId: `vpc-cidr-assoc-${stableSuffix(`${vpc.id}${i}`)}`,
      CidrBlock: cidr,
      CidrBlockState: { State: 'associated' },
    })),
    Ipv6CidrBlockAssociationSet: vpc.ipv6CidrBlocks.length
      ? vpc.ipv6CidrBlocks.map((cidr, i) => ({
          AssociationId: `vpc-cidr-assoc-${stableSuffix(`${vpc.id}v6${i}`)}`,
          Ipv6CidrBlock: cidr,
          Ipv6CidrBlockState: { State: 'associated' },
        }))
      : undefined,
    IsDefault: vpc.isDefault,
    DhcpOptionsId: vpc.dhcpOptionsId ?? FAKE_DHCP_OPTIONS_ID,
    InstanceTenancy: 'default',
    Tags: awsTags(vpc),
  };
}

export function subnetToAws(subnet: snap.Subnet, lookup: RegionLookup): EC2.Subnet {
  return {
    SubnetId: subnet.id,
    SubnetArn: subnet.arn,
    VpcId: subnet.vpcId,
    OwnerId: subnet.ownerId ?? lookup.accountId,
    AvailabilityZone: subnet.availabilityZone,
    CidrBlock: subnet.cidrBlock,
    Ipv6CidrBlockAssociationSet: subnet.ipv6CidrBlocks.map((cidr, i) => ({
      AssociationId: `subnet-cidr-assoc-${stableSuffix(`${subnet.id}${i}`)}`,
      Ipv6CidrBlock: cidr,
      Ipv6CidrBlockState: { State: 'associated' },
    })),
    MapPublicIpOnLaunch: subnet.mapPublicIpOnLaunch,
    AssignIpv6AddressOnCreation: subnet.assignIpv6AddressOnCreation,
    Ipv6Native: subnet.ipv6Native ?? false,
    DefaultForAz: false,
    State: 'available',
    AvailableIpAddressCount: 250,
    Tags: awsTags(subnet),
  };
}

/** aws-facts §1.3: each target kind lives in its own Route member. */
export function routeToAws(route: snap.Route): EC2.Route {
  const out: EC2.Route = {
    DestinationCidrBlock: route.destinationCidrBlock,
    DestinationIpv6CidrBlock: route.destinationIpv6CidrBlock,
    DestinationPrefixListId: route.destinationPrefixListId,
    State: route.state as EC2.RouteState,
    Origin: (route.origin ??
      (route.target.kind === 'local' ? 'CreateRouteTable' : 'CreateRoute')) as EC2.RouteOrigin,
  };
  const { kind, id } = route.target;
  switch (kind) {
    case 'local':
    case 'internet-gateway':
    case 'virtual-private-gateway':
    case 'gateway-endpoint':
    case 'gateway-load-balancer-endpoint':
      out.GatewayId = id;
      break;
    case 'egress-only-internet-gateway':
      out.EgressOnlyInternetGatewayId = id;
      break;
    case 'nat-gateway':
      out.NatGatewayId = id;
      break;
    case 'instance':
      out.InstanceId = id;
      break;
    case 'network-interface':
      out.NetworkInterfaceId = id;
      break;
    case 'transit-gateway':
      out.TransitGatewayId = id;
      break;
    case 'vpc-peering':
      out.VpcPeeringConnectionId = id;
      break;
    case 'core-network':
      out.CoreNetworkArn = id;
      break;
    case 'local-gateway':
      out.LocalGatewayId = id;
      break;
    case 'carrier-gateway':
      out.CarrierGatewayId = id;
      break;
    case 'unknown':
      break;
  }
  return out;
}

export function routeTableToAws(table: snap.RouteTable, lookup: RegionLookup): EC2.RouteTable {
  return {
    RouteTableId: table.id,
    VpcId: table.vpcId,
    OwnerId: table.ownerId ?? lookup.accountId,
    // aws-facts §1.1: the main association carries no SubnetId; edge associations carry GatewayId.
    Associations: table.associations.map((a) => ({
      Main: a.main,
      RouteTableAssociationId: a.id,
      RouteTableId: table.id,
      SubnetId: a.subnetId,
      GatewayId: a.gatewayId,
      AssociationState: { State: (a.state ?? 'associated') as EC2.RouteTableAssociationStateCode },
    })),
    Routes: table.routes.map(routeToAws),
    PropagatingVgws: [],
    Tags: awsTags(table),
  };
}

export function internetGatewayToAws(igw: snap.InternetGateway, lookup: RegionLookup): EC2.InternetGateway {
  return {
    InternetGatewayId: igw.id,
    OwnerId: igw.ownerId ?? lookup.accountId,
    Attachments: igw.attachments.map((a) => ({ VpcId: a.vpcId, State: a.state as EC2.AttachmentStatus })),
    Tags: awsTags(igw),
  };
}

export function egressOnlyToAws(eigw: snap.EgressOnlyInternetGateway): EC2.EgressOnlyInternetGateway {
  return {
    EgressOnlyInternetGatewayId: eigw.id,
    Attachments: eigw.attachments.map((a) => ({ VpcId: a.vpcId, State: a.state as EC2.AttachmentStatus })),
    Tags: awsTags(eigw),
  };
}

export function natGatewayToAws(nat: snap.NatGateway): EC2.NatGateway {
  return {
    NatGatewayId: nat.id,
    VpcId: nat.vpcId,
    SubnetId: nat.subnetId,
    State: nat.state as EC2.NatGatewayState,
    ConnectivityType: nat.connectivityType,
    CreateTime: new Date('2024-01-01T00:00:00.000Z'),
    NatGatewayAddresses: [],
    Tags: awsTags(nat),
  };
}

export function vpcEndpointToAws(endpoint: snap.VpcEndpoint, lookup: RegionLookup): EC2.VpcEndpoint {
  return {
    VpcEndpointId: endpoint.id,
    VpcEndpointType: endpoint.type as EC2.VpcEndpointType,
    VpcId: endpoint.vpcId,
    ServiceName: endpoint.serviceName,
    // aws-facts §2.1: the wire value is lower case (`available`), whatever the model enum says.
    State: endpoint.state as EC2.State,
    PolicyDocument: endpoint.policyDocument ? policyJson(endpoint.policyDocument) : undefined,
    RouteTableIds: endpoint.routeTableIds,
    SubnetIds: endpoint.subnetIds,
    Groups: endpoint.securityGroupIds.map((id) => ({ GroupId: id, GroupName: lookup.groupName(id) ?? id })),
    NetworkInterfaceIds: endpoint.networkInterfaceIds,
    PrivateDnsEnabled: endpoint.privateDnsEnabled,
    RequesterManaged: false,
    OwnerId: endpoint.ownerId ?? lookup.accountId,
    CreationTimestamp: new Date('2024-01-01T00:00:00.000Z'),
    Tags: awsTags(endpoint),
  };
}

/**
 * aws-facts §3.1: one IpPermission per protocol + port range, holding all its sources; `-1`
 * (all protocols) carries no ports.
 */
export function ipPermissions(rules: snap.SecurityGroupRule[], accountId: string): EC2.IpPermission[] {
  const groups = new Map<string, EC2.IpPermission>();
  for (const rule of rules) {
    const allProtocols = rule.protocol === '-1';
    const from = allProtocols ? undefined : rule.fromPort;
    const to = allProtocols ? undefined : rule.toPort;
    const key = `${rule.protocol}|${from ?? ''}|${to ?? ''}`;
    let permission = groups.get(key);
    if (!permission) {
      permission = {
        IpProtocol: rule.protocol,
        FromPort: from,
        ToPort: to,
        IpRanges: [],
        Ipv6Ranges: [],
        PrefixListIds: [],
        UserIdGroupPairs: [],
      };
      groups.set(key, permission);
    }
    const description = rule.description;
    const peer = rule.peer;
    switch (peer.kind) {
      case 'cidr-ipv4':
        permission.IpRanges!.push({ CidrIp: peer.cidr, Description: description });
        break;
      case 'cidr-ipv6':
        permission.Ipv6Ranges!.push({ CidrIpv6: peer.cidr, Description: description });
        break;
      case 'prefix-list':
        permission.PrefixListIds!.push({ PrefixListId: peer.prefixListId, Description: description });
        break;
      case 'security-group':
        // AWS always names the group's owner in a pair.
        permission.UserIdGroupPairs!.push({
          GroupId: peer.groupId,
          UserId: peer.userId ?? accountId,
          VpcId: peer.vpcId,
          Description: description,
        });
        break;
    }
  }
  return [...groups.values()];
}

export function securityGroupToAws(group: snap.SecurityGroup, lookup: RegionLookup): EC2.SecurityGroup {
  const owner = group.ownerId ?? lookup.accountId;
  return {
    GroupId: group.id,
    GroupName: group.name,
    Description: group.description ?? group.name,
    VpcId: group.vpcId,
    OwnerId: owner,
    SecurityGroupArn: group.arn,
    IpPermissions: ipPermissions(group.ingress, owner),
    IpPermissionsEgress: ipPermissions(group.egress, owner),
    Tags: awsTags({ tags: group.tags ?? {} }),
  };
}

const PROTOCOL_NUMBERS: Record<string, string> = { tcp: '6', udp: '17', icmp: '1', icmpv6: '58', all: '-1' };

/** aws-facts §3.6: NACL entries carry protocol numbers. */
export function networkAclToAws(acl: snap.NetworkAcl, lookup: RegionLookup): EC2.NetworkAcl {
  return {
    NetworkAclId: acl.id,
    VpcId: acl.vpcId,
    IsDefault: acl.isDefault,
    OwnerId: acl.ownerId ?? lookup.accountId,
    Entries: acl.entries.map((e) => ({
      RuleNumber: e.ruleNumber,
      Egress: e.egress,
      Protocol: PROTOCOL_NUMBERS[e.protocol] ?? e.protocol,
      RuleAction: e.action,
      CidrBlock: e.cidrBlock,
      Ipv6CidrBlock: e.ipv6CidrBlock,
      PortRange: e.portRange ? { From: e.portRange.from, To: e.portRange.to } : undefined,
    })),
    Associations: acl.subnetIds.map((subnetId) => ({
      NetworkAclAssociationId: `aclassoc-${stableSuffix(`${acl.id}${subnetId}`)}`,
      NetworkAclId: acl.id,
      SubnetId: subnetId,
    })),
    Tags: awsTags(acl),
  };
}

export function networkInterfaceToAws(
  eni: snap.NetworkInterface,
  lookup: RegionLookup,
): EC2.NetworkInterface {
  const owner = eni.ownerId ?? lookup.accountId;
  const association = eni.publicIp ? { PublicIp: eni.publicIp, IpOwnerId: 'amazon' } : undefined;
  return {
    NetworkInterfaceId: eni.id,
    VpcId: eni.vpcId,
    SubnetId: eni.subnetId,
    AvailabilityZone: eni.availabilityZone,
    InterfaceType: eni.interfaceType as EC2.NetworkInterfaceType,
    Status: (eni.status ?? 'in-use') as EC2.NetworkInterfaceStatus,
    Description: eni.description ?? '',
    OwnerId: owner,
    RequesterManaged: eni.requesterManaged,
    SourceDestCheck: eni.sourceDestCheck,
    Groups: eni.securityGroupIds.map((id) => ({ GroupId: id, GroupName: lookup.groupName(id) ?? id })),
    PrivateIpAddress: eni.privateIpAddresses[0],
    PrivateIpAddresses: eni.privateIpAddresses.map((ip, i) => ({
      PrivateIpAddress: ip,
      Primary: i === 0,
      Association: i === 0 ? association : undefined,
    })),
    Ipv6Addresses: eni.ipv6Addresses.map((ip) => ({ Ipv6Address: ip })),
    Association: association,
    Attachment: eni.attachedInstanceId
      ? {
          AttachmentId: `eni-attach-${stableSuffix(eni.id)}`,
          InstanceId: eni.attachedInstanceId,
          InstanceOwnerId: owner,
          DeviceIndex: 0,
          Status: 'attached',
        }
      : undefined,
    TagSet: awsTags({ tags: eni.tags ?? {} }),
  };
}

const INSTANCE_STATE_CODES: Record<string, number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

export function instanceToAws(instance: snap.Instance, lookup: RegionLookup): EC2.Instance {
  const eniIds = instance.networkInterfaceIds;
  const extraTags: snap.Tags = {};
  // Instances launched from a template carry these AWS tags; they are how a collector links them.
  if (instance.launchTemplateId) extraTags['aws:ec2launchtemplate:id'] = instance.launchTemplateId;
  if (instance.launchTemplateVersion)
    extraTags['aws:ec2launchtemplate:version'] = instance.launchTemplateVersion;
  return {
    InstanceId: instance.id,
    ImageId: instance.imageId ?? 'ami-0fake000000000000',
    InstanceType: (instance.instanceType ?? 't3.micro') as EC2._InstanceType,
    State: {
      Code: INSTANCE_STATE_CODES[instance.state] ?? 16,
      Name: instance.state as EC2.InstanceStateName,
    },
    VpcId: instance.vpcId,
    SubnetId: instance.subnetId,
    Placement: { AvailabilityZone: instance.availabilityZone ?? `${lookup.region}a`, Tenancy: 'default' },
    PrivateIpAddress: instance.privateIpAddress,
    PublicIpAddress: instance.publicIpAddress,
    Ipv6Address: instance.ipv6Addresses[0],
    LaunchTime: new Date(instance.launchTime ?? '2024-01-01T00:00:00.000Z'),
    // The wire value is lower case even though the model enum spells `Windows`.
    Platform: instance.platform === 'windows' ? ('windows' as EC2.PlatformValues) : undefined,
    PlatformDetails: instance.platform === 'windows' ? 'Windows' : 'Linux/UNIX',
    IamInstanceProfile: instance.iamInstanceProfileArn
      ? { Arn: instance.iamInstanceProfileArn, Id: lookup.instanceProfileId(instance.iamInstanceProfileArn) }
      : undefined,
    MetadataOptions: instance.metadataOptions
      ? {
          State: 'applied',
          HttpTokens: instance.metadataOptions.httpTokens as EC2.HttpTokensState,
          HttpEndpoint: instance.metadataOptions.httpEndpoint as EC2.InstanceMetadataEndpointState,
          HttpPutResponseHopLimit: instance.metadataOptions.httpPutResponseHopLimit,
        }
      : undefined,
    SecurityGroups: instance.securityGroupIds.map((id) => ({
      GroupId: id,
      GroupName: lookup.groupName(id) ?? id,
    })),
    NetworkInterfaces: eniIds.map((id, index) => {
      const eni = lookup.networkInterface(id);
      const publicIp = eni?.publicIp ?? (index === 0 ? instance.publicIpAddress : undefined);
      return {
        NetworkInterfaceId: id,
        SubnetId: eni?.subnetId ?? instance.subnetId,
        VpcId: eni?.vpcId ?? instance.vpcId,
        PrivateIpAddress: eni?.privateIpAddresses[0] ?? (index === 0 ? instance.privateIpAddress : undefined),
        Ipv6Addresses: (eni?.ipv6Addresses ?? (index === 0 ? instance.ipv6Addresses : [])).map((ip) => ({
          Ipv6Address: ip,
        })),
        Groups: (eni?.securityGroupIds ?? instance.securityGroupIds).map((g) => ({
          GroupId: g,
          GroupName: lookup.groupName(g) ?? g,
        })),
        Association: publicIp ? { PublicIp: publicIp, IpOwnerId: 'amazon' } : undefined,
        Attachment: {
          DeviceIndex: index,
          Status: 'attached',
          AttachmentId: `eni-attach-${stableSuffix(id)}`,
        },
        SourceDestCheck: eni?.sourceDestCheck ?? true,
        Status: 'in-use',
        InterfaceType: 'interface',
      };
    }),
    Tags: awsTags(instance, extraTags),
  };
}

export function reservationToAws(instance: snap.Instance, lookup: RegionLookup): EC2.Reservation {
  // One reservation per instance: MaxResults then counts instances one to one.
  return {
    ReservationId: `r-${stableSuffix(instance.id)}`,
    OwnerId: instance.ownerId ?? lookup.accountId,
    Groups: [],
    Instances: [instanceToAws(instance, lookup)],
  };
}

export function associationId(instanceId: string): string {
  return `iip-assoc-${stableSuffix(instanceId)}`;
}

export function profileAssociationToAws(
  instance: snap.Instance & { iamInstanceProfileArn: string },
  lookup: RegionLookup,
): EC2.IamInstanceProfileAssociation {
  return {
    AssociationId: associationId(instance.id),
    InstanceId: instance.id,
    IamInstanceProfile: {
      Arn: instance.iamInstanceProfileArn,
      Id: lookup.instanceProfileId(instance.iamInstanceProfileArn),
    },
    State: 'associated',
    Timestamp: new Date(instance.launchTime ?? '2024-01-01T00:00:00.000Z'),
  };
}

export function launchTemplateToAws(template: snap.LaunchTemplate): EC2.LaunchTemplate {
  return {
    LaunchTemplateId: template.id,
    LaunchTemplateName: template.name,
    CreateTime: new Date('2024-01-01T00:00:00.000Z'),
    CreatedBy: `arn:aws:iam::${template.ownerId ?? '000000000000'}:root`,
    DefaultVersionNumber: template.defaultVersionNumber ?? 1,
    LatestVersionNumber: template.latestVersionNumber ?? template.latestVersion?.versionNumber ?? 1,
    Tags: awsTags({ tags: template.tags ?? {} }),
  };
}

/** The snapshot's data for one version of a template: its latest or one of its other read versions. */
function snapshotVersion(
  template: snap.LaunchTemplate,
  versionNumber: number,
): snap.LaunchTemplateVersion | undefined {
  if (template.latestVersion?.versionNumber === versionNumber) return template.latestVersion;
  return template.versions?.find((version) => version.versionNumber === versionNumber);
}

export function launchTemplateVersionToAws(
  template: snap.LaunchTemplate,
  versionNumber: number,
  userData: string | Uint8Array | undefined,
): EC2.LaunchTemplateVersion {
  const version = snapshotVersion(template, versionNumber);
  const data: EC2.ResponseLaunchTemplateData = {};
  // Versions the snapshot does not hold are served without data.
  if (version) {
    if (version.iamInstanceProfileArn || version.iamInstanceProfileName) {
      data.IamInstanceProfile = { Arn: version.iamInstanceProfileArn, Name: version.iamInstanceProfileName };
    }
    if (version.httpTokens) {
      data.MetadataOptions = { HttpTokens: version.httpTokens as EC2.LaunchTemplateHttpTokensState };
    }
    if (userData !== undefined) data.UserData = Buffer.from(userData).toString('base64');
  }
  return {
    LaunchTemplateId: template.id,
    LaunchTemplateName: template.name,
    VersionNumber: versionNumber,
    DefaultVersion: versionNumber === (template.defaultVersionNumber ?? 1),
    CreateTime: new Date('2024-01-01T00:00:00.000Z'),
    LaunchTemplateData: data,
  };
}

export function prefixListToAws(list: snap.PrefixList, lookup: RegionLookup): EC2.ManagedPrefixList {
  return {
    PrefixListId: list.id,
    PrefixListName: list.name,
    AddressFamily: list.addressFamily,
    State: 'create-complete',
    PrefixListArn: list.arn,
    MaxEntries: list.awsManaged ? undefined : Math.max(list.entries?.length ?? 0, 10),
    Version: 1,
    // AWS-managed lists (com.amazonaws.*) are owned by "AWS".
    OwnerId: list.awsManaged ? 'AWS' : (list.ownerId ?? lookup.accountId),
    Tags: awsTags({ tags: list.tags ?? {} }),
  };
}
