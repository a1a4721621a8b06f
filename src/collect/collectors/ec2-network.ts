// EC2 networking collectors: one paginated sweep per kind and region, relationships left as IDs
// and resolved in memory by src/analysis (aws-facts §1.1: never one call per subnet or group).
import type { EC2Client, IpPermission, Route as Ec2Route } from '@aws-sdk/client-ec2';
import type { Route, RouteTargetKind, SecurityGroupRule } from '../../snapshot/types.js';
import { defineListCollector } from '../collector.js';
import { parsePolicyDocument } from '../policy-document.js';
import { commonFields, compact, ec2Arn, ids } from '../records.js';
import { ec2Sdk } from '../sdk.js';

const {
  DescribeEgressOnlyInternetGatewaysCommand,
  DescribeInstanceConnectEndpointsCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  paginateDescribeEgressOnlyInternetGateways,
  paginateDescribeInstanceConnectEndpoints,
  paginateDescribeInternetGateways,
  paginateDescribeNatGateways,
  paginateDescribeNetworkAcls,
  paginateDescribeNetworkInterfaces,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcs,
} = ec2Sdk();

export const ec2 = (clients: { ec2: EC2Client }): EC2Client => clients.ec2;

export const vpcsCollector = defineListCollector({
  kind: 'vpcs',
  client: ec2,
  sweep: {
    service: 'ec2',
    command: DescribeVpcsCommand,
    paginate: paginateDescribeVpcs,
    pageSize: 1000, // aws-facts §6.1
    input: {},
    items: (page) => page.Vpcs,
    map: (vpc, context) => {
      if (!vpc.VpcId) return undefined;
      const associated = (vpc.CidrBlockAssociationSet ?? []).filter(
        (a) => a.CidrBlockState?.State === undefined || a.CidrBlockState.State === 'associated',
      );
      const cidrBlocks =
        associated.length > 0 ? ids(associated, (a) => a.CidrBlock) : ids([vpc], (v) => v.CidrBlock);
      return {
        id: vpc.VpcId,
        arn: ec2Arn(context, 'vpc', vpc.VpcId, vpc.OwnerId),
        ...commonFields(vpc.Tags, vpc.OwnerId),
        cidrBlocks,
        ipv6CidrBlocks: ids(
          (vpc.Ipv6CidrBlockAssociationSet ?? []).filter(
            (a) => a.Ipv6CidrBlockState?.State === undefined || a.Ipv6CidrBlockState.State === 'associated',
          ),
          (a) => a.Ipv6CidrBlock,
        ),
        isDefault: vpc.IsDefault === true,
        ...compact({ state: vpc.State, dhcpOptionsId: vpc.DhcpOptionsId }),
      };
    },
  },
});

export const subnetsCollector = defineListCollector({
  kind: 'subnets',
  client: ec2,
  sweep: {
    service: 'ec2',
    command: DescribeSubnetsCommand,
    paginate: paginateDescribeSubnets,
    pageSize: 1000,
    input: {},
    items: (page) => page.Subnets,
    map: (subnet, context) => {
      if (!subnet.SubnetId || !subnet.VpcId) return undefined;
      return {
        id: subnet.SubnetId,
        arn: subnet.SubnetArn ?? ec2Arn(context, 'subnet', subnet.SubnetId, subnet.OwnerId),
        ...commonFields(subnet.Tags, subnet.OwnerId),
        vpcId: subnet.VpcId,
        availabilityZone: subnet.AvailabilityZone ?? '',
        ipv6CidrBlocks: ids(subnet.Ipv6CidrBlockAssociationSet, (a) => a.Ipv6CidrBlock),
        mapPublicIpOnLaunch: subnet.MapPublicIpOnLaunch === true,
        assignIpv6AddressOnCreation: subnet.AssignIpv6AddressOnCreation === true,
        ...compact({ cidrBlock: subnet.CidrBlock, ipv6Native: subnet.Ipv6Native }),
      };
    },
  },
});

/** aws-facts §1.3: each route names exactly one target; normalise it to `target.kind`. */
export function routeTarget(route: Ec2Route): Route['target'] {
  const gateway = route.GatewayId;
  const pick = (kind: RouteTargetKind, id: string): Route['target'] => ({ kind, id });
  if (gateway) {
    if (gateway === 'local') return pick('local', 'local');
    if (gateway.startsWith('igw-')) return pick('internet-gateway', gateway);
    if (gateway.startsWith('vgw-')) return pick('virtual-private-gateway', gateway);
    if (gateway.startsWith('vpce-'))
      // A gateway endpoint's route has a prefix-list destination; a GWLB endpoint route has a CIDR.
      return pick(
        route.DestinationPrefixListId ? 'gateway-endpoint' : 'gateway-load-balancer-endpoint',
        gateway,
      );
    if (gateway.startsWith('eigw-')) return pick('egress-only-internet-gateway', gateway);
  }
  if (route.EgressOnlyInternetGatewayId)
    return pick('egress-only-internet-gateway', route.EgressOnlyInternetGatewayId);
  if (route.NatGatewayId) return pick('nat-gateway', route.NatGatewayId);
  if (route.TransitGatewayId) return pick('transit-gateway', route.TransitGatewayId);
  if (route.VpcPeeringConnectionId) return pick('vpc-peering', route.VpcPeeringConnectionId);
  if (route.InstanceId) return pick('instance', route.InstanceId);
  if (route.NetworkInterfaceId) return pick('network-interface', route.NetworkInterfaceId);
  if (route.CoreNetworkArn) return pick('core-network', route.CoreNetworkArn);
  if (route.LocalGatewayId) return pick('local-gateway', route.LocalGatewayId);
  if (route.CarrierGatewayId) return pick('carrier-gateway', route.CarrierGatewayId);
  return pick('unknown', gateway ?? 'unknown');
}

export const routeTablesCollector = defineListCollector({
  kind: 'routeTables',
  client: ec2,
  sweep: {
    service: 'ec2',
    command: DescribeRouteTablesCommand,
    paginate: paginateDescribeRouteTables,
    pageSize: 100, // the one EC2 describe capped at 100 (aws-facts §6.1)
    input: {},
    items: (page) => page.RouteTables,
    map: (table, context) => {
      if (!table.RouteTableId || !table.VpcId) return undefined;
      return {
        id: table.RouteTableId,
        arn: ec2Arn(context, 'route-table', table.RouteTableId, table.OwnerId),
        ...commonFields(table.Tags, table.OwnerId),
        vpcId: table.VpcId,
        associations: (table.Associations ?? []).map((a) =>
          compact({
            id: a.RouteTableAssociationId ?? '',
            main: a.Main === true,
            subnetId: a.SubnetId,
            gatewayId: a.GatewayId,
            state: a.AssociationState?.State,
          }),
        ),
        routes: (table.Routes ?? []).map((route) =>
          compact({
            destinationCidrBlock: route.DestinationCidrBlock,
            destinationIpv6CidrBlock: route.DestinationIpv6CidrBlock,
            destinationPrefixListId: route.DestinationPrefixListId,
            target: routeTarget(route),
            state: route.State ?? 'active',
            origin: route.Origin,
          }),
        ),
      };
    },
  },
});

export const internetGatewaysCollector = defineListCollector({
  kind: 'internetGateways',
  client: ec2,
  sweep: {
    service: 'ec2',
    command: DescribeInternetGatewaysCommand,
    paginate: paginateDescribeInternetGateways,
    pageSize: 1000,
    input: {},
    items: (page) => page.InternetGateways,
    map: (gateway, context) => {
      if (!gateway.InternetGatewayId) return undefined;
      return {
        id: gateway.InternetGatewayId,
        arn: ec2Arn(context, 'internet-gateway', gateway.InternetGatewayId, gateway.OwnerId),
        ...commonFields(gateway.Tags, gateway.OwnerId),
        attachments: (gateway.Attachments ?? []).map((a) => ({ vpcId: a.VpcId ?? '', state: a.State ?? '' })),
      };
    },
  },
});

export const egressOnlyInternetGatewaysCollector = defineListCollector({
  kind: 'egressOnlyInternetGateways',
  client: ec2,
  sweep: {
    service: 'ec2',
    command: DescribeEgressOnlyInternetGatewaysCommand,
    paginate: paginateDescribeEgressOnlyInternetGateways,
    pageSize: 255, // 5–255 (aws-facts §6.1)
    input: {},
    items: (page) => page.EgressOnlyInternetGateways,
    map: (gateway, context) => {
      if (!gateway.EgressOnlyInternetGatewayId) return undefined;
      return {
        id: gateway.EgressOnlyInternetGatewayId,
        arn: ec2Arn(context, 'egress-only-internet-gateway', gateway.EgressOnlyInternetGatewayId),
        ...commonFields(gateway.Tags),
        attachments: (gateway.Attachments ?? []).map((a) => ({ vpcId: a.VpcId ?? '', state: a.State ?? '' })),
      };
    },
  },
});

export const natGatewaysCollector = defineListCollector({
  kind: 'natGateways',
  client: ec2,
  sweep: {
    service: 'ec2',
    command: DescribeNatGatewaysCommand,
    paginate: paginateDescribeNatGateways,
    pageSize: 1000,
    input: {},
    items: (page) => page.NatGateways,
    map: (gateway, context) => {
      if (!gateway.NatGatewayId) return undefined;
      return {
        id: gateway.NatGatewayId,
        arn: ec2Arn(context, 'natgateway', gateway.NatGatewayId),
        ...commonFields(gateway.Tags),
        vpcId: gateway.VpcId ?? '',
        subnetId: gateway.SubnetId ?? '',
        state: gateway.State ?? '',
        connectivityType: gateway.ConnectivityType === 'private' ? ('private' as const) : ('public' as const),
      };
    },
  },
});

export const vpcEndpointsCollector = defineListCollector({
  kind: 'vpcEndpoints',
  client: ec2,
  sweep: {
    service: 'ec2',
    command: DescribeVpcEndpointsCommand,
    paginate: paginateDescribeVpcEndpoints,
    pageSize: 1000,
    input: {},
    items: (page) => page.VpcEndpoints,
    map: (endpoint, context) => {
      if (!endpoint.VpcEndpointId) return undefined;
      return {
        id: endpoint.VpcEndpointId,
        arn: ec2Arn(context, 'vpc-endpoint', endpoint.VpcEndpointId, endpoint.OwnerId),
        ...commonFields(endpoint.Tags, endpoint.OwnerId),
        vpcId: endpoint.VpcId ?? '',
        type: endpoint.VpcEndpointType ?? 'Gateway',
        serviceName: endpoint.ServiceName ?? '',
        // aws-facts §2.1/§2.2: the wire value is lower camel case; compare lower-cased.
        state: (endpoint.State ?? '').toLowerCase(),
        routeTableIds: endpoint.RouteTableIds ?? [],
        subnetIds: endpoint.SubnetIds ?? [],
        securityGroupIds: ids(endpoint.Groups, (g) => g.GroupId),
        networkInterfaceIds: endpoint.NetworkInterfaceIds ?? [],
        privateDnsEnabled: endpoint.PrivateDnsEnabled === true,
        ...compact({ policyDocument: parsePolicyDocument(endpoint.PolicyDocument) }),
      };
    },
  },
});

/** aws-facts §3.1: one IpPermission groups every source; flatten to one rule per source. */
export function flattenPermission(permission: IpPermission): SecurityGroupRule[] {
  const protocol = permission.IpProtocol ?? '-1';
  const ports = compact({ fromPort: permission.FromPort, toPort: permission.ToPort });
  const rules: SecurityGroupRule[] = [];
  const push = (peer: SecurityGroupRule['peer'], description: string | undefined): void => {
    rules.push({ protocol, ...ports, peer, ...compact({ description }) });
  };
  for (const range of permission.IpRanges ?? [])
    if (range.CidrIp) push({ kind: 'cidr-ipv4', cidr: range.CidrIp }, range.Description);
  for (const range of permission.Ipv6Ranges ?? [])
    if (range.CidrIpv6) push({ kind: 'cidr-ipv6', cidr: range.CidrIpv6 }, range.Description);
  for (const list of permission.PrefixListIds ?? [])
    if (list.PrefixListId) push({ kind: 'prefix-list', prefixListId: list.PrefixListId }, list.Description);
  for (const pair of permission.UserIdGroupPairs ?? []) {
    if (!pair.GroupId) continue;
    push(
      {
        kind: 'security-group',
        groupId: pair.GroupId,
        ...compact({ userId: pair.UserId, vpcId: pair.VpcId }),
      },
      pair.Description,
    );
  }
  return rules;
}

export const securityGroupsCollector = defineListCollector({
  kind: 'securityGroups',
  client: ec2,
  sweep: {
    service: 'ec2',
    command: DescribeSecurityGroupsCommand,
    paginate: paginateDescribeSecurityGroups,
    // Always paginate: unpaginated DescribeSecurityGroups draws from the smaller bucket (§6.2).
    pageSize: 1000,
    input: {},
    items: (page) => page.SecurityGroups,
    map: (group, context) => {
      if (!group.GroupId) return undefined;
      return {
        id: group.GroupId,
        arn: group.SecurityGroupArn ?? ec2Arn(context, 'security-group', group.GroupId, group.OwnerId),
        ...commonFields(group.Tags, group.OwnerId),
        name: group.GroupName ?? group.GroupId,
        ...compact({ vpcId: group.VpcId, description: group.Description }),
        ingress: (group.IpPermissions ?? []).flatMap(flattenPermission),
        egress: (group.IpPermissionsEgress ?? []).flatMap(flattenPermission),
      };
    },
  },
});

export const networkAclsCollector = defineListCollector({
  kind: 'networkAcls',
  client: ec2,
  sweep: {
    service: 'ec2',
    command: DescribeNetworkAclsCommand,
    paginate: paginateDescribeNetworkAcls,
    pageSize: 1000,
    input: {},
    items: (page) => page.NetworkAcls,
    map: (acl, context) => {
      if (!acl.NetworkAclId || !acl.VpcId) return undefined;
      return {
        id: acl.NetworkAclId,
        arn: ec2Arn(context, 'network-acl', acl.NetworkAclId, acl.OwnerId),
        ...commonFields(acl.Tags, acl.OwnerId),
        vpcId: acl.VpcId,
        isDefault: acl.IsDefault === true,
        subnetIds: ids(acl.Associations, (a) => a.SubnetId),
        // aws-facts §3.6: protocol stays a number string, `-1` for all.
        entries: (acl.Entries ?? []).map((entry) =>
          compact({
            ruleNumber: entry.RuleNumber ?? 0,
            egress: entry.Egress === true,
            protocol: entry.Protocol ?? '-1',
            action: entry.RuleAction === 'allow' ? ('allow' as const) : ('deny' as const),
            cidrBlock: entry.CidrBlock,
            ipv6CidrBlock: entry.Ipv6CidrBlock,
            portRange:
              entry.PortRange?.From !== undefined && entry.PortRange.To !== undefined
                ? { from: entry.PortRange.From, to: entry.PortRange.To }
                : undefined,
          }),
        ),
      };
    },
  },
});

export const networkInterfacesCollector = defineListCollector({
  kind: 'networkInterfaces',
  client: ec2,
  sweep: {
    service: 'ec2',
    command: DescribeNetworkInterfacesCommand,
    paginate: paginateDescribeNetworkInterfaces,
    pageSize: 1000,
    input: {},
    items: (page) => page.NetworkInterfaces,
    map: (eni, context) => {
      if (!eni.NetworkInterfaceId) return undefined;
      return {
        id: eni.NetworkInterfaceId,
        arn: ec2Arn(context, 'network-interface', eni.NetworkInterfaceId, eni.OwnerId),
        ...commonFields(eni.TagSet, eni.OwnerId),
        vpcId: eni.VpcId ?? '',
        subnetId: eni.SubnetId ?? '',
        interfaceType: eni.InterfaceType ?? 'interface',
        securityGroupIds: ids(eni.Groups, (g) => g.GroupId),
        privateIpAddresses: ids(eni.PrivateIpAddresses, (p) => p.PrivateIpAddress),
        ipv6Addresses: ids(eni.Ipv6Addresses, (a) => a.Ipv6Address),
        requesterManaged: eni.RequesterManaged === true,
        sourceDestCheck: eni.SourceDestCheck !== false,
        ...compact({
          availabilityZone: eni.AvailabilityZone,
          status: eni.Status,
          publicIp: eni.Association?.PublicIp,
          attachedInstanceId: eni.Attachment?.InstanceId,
          description: eni.Description || undefined,
        }),
      };
    },
  },
});

/** EC2 Instance Connect Endpoints (aws-facts §10.3): the private admin path of issue 15. */
export const instanceConnectEndpointsCollector = defineListCollector({
  kind: 'instanceConnectEndpoints',
  client: ec2,
  sweep: {
    service: 'ec2',
    command: DescribeInstanceConnectEndpointsCommand,
    paginate: paginateDescribeInstanceConnectEndpoints,
    // MaxResults 1–50 (EC2 API reference, type InstanceConnectEndpointMaxResults; not in §6.1).
    pageSize: 50,
    input: {},
    items: (page) => page.InstanceConnectEndpoints,
    map: (endpoint, context) => {
      if (!endpoint.InstanceConnectEndpointId || !endpoint.SubnetId || !endpoint.VpcId) return undefined;
      return {
        id: endpoint.InstanceConnectEndpointId,
        arn:
          endpoint.InstanceConnectEndpointArn ??
          ec2Arn(context, 'instance-connect-endpoint', endpoint.InstanceConnectEndpointId, endpoint.OwnerId),
        ...commonFields(endpoint.Tags, endpoint.OwnerId),
        vpcId: endpoint.VpcId,
        subnetId: endpoint.SubnetId,
        securityGroupIds: ids(endpoint.SecurityGroupIds, (id) => id),
        preserveClientIp: endpoint.PreserveClientIp === true,
        // `create-complete` when usable (aws-facts §10.3).
        state: endpoint.State ?? 'unknown',
        networkInterfaceIds: ids(endpoint.NetworkInterfaceIds, (id) => id),
      };
    },
  },
});
