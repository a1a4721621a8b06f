// The VPC part of a region: VPCs, subnets, route tables, gateways, endpoints, security groups,
// NACLs, network interfaces, prefix lists and VPC Block Public Access. Defaults are a new VPC's.
import type {
  EgressOnlyInternetGateway,
  InternetGateway,
  NatGateway,
  NetworkAcl,
  NetworkInterface,
  PrefixList,
  Route,
  RouteTable,
  SecurityGroup,
  Subnet,
  Vpc,
  VpcBlockPublicAccessExclusion,
  VpcEndpoint,
} from '../../../src/snapshot/types.js';
import { RegionCore, type Fields } from './region-core.js';
import { defaultNaclEntries, route, sgRule } from './shorthands.js';

/** A region's VPC networking; extended by `ComputeBuilder` (compute.ts). */
export class NetworkBuilder extends RegionCore {
  vpc(id: string, fields: Fields<Vpc, 'id'> = {}): Vpc {
    const vpc: Vpc = {
      id,
      arn: this.arn('ec2', `vpc/${id}`),
      ownerId: this.accountId,
      cidrBlocks: ['10.0.0.0/16'],
      ipv6CidrBlocks: [],
      isDefault: false,
      state: 'available',
      enableDnsSupport: true,
      enableDnsHostnames: true,
      dhcpOptionsId: 'dopt-amazon',
      domainNameServers: ['AmazonProvidedDNS'],
      ...fields,
    };
    this.data.vpcs.push(vpc);
    return vpc;
  }

  subnet(id: string, vpcId: string, fields: Fields<Subnet, 'id' | 'vpcId'> = {}): Subnet {
    const subnet: Subnet = {
      id,
      arn: this.arn('ec2', `subnet/${id}`),
      ownerId: this.accountId,
      vpcId,
      availabilityZone: `${this.region}a`,
      cidrBlock: '10.0.0.0/24',
      ipv6CidrBlocks: [],
      mapPublicIpOnLaunch: false,
      assignIpv6AddressOnCreation: false,
      ...fields,
    };
    this.data.subnets.push(subnet);
    return subnet;
  }

  /**
   * A route table. `main: true` adds the main association; `subnets` adds explicit associations.
   * A `local` route for the VPC's first CIDR is added unless `routes` already has one.
   */
  routeTable(
    id: string,
    vpcId: string,
    options: {
      main?: boolean;
      subnets?: string[];
      routes?: Route[];
      gatewayId?: string;
      tags?: Record<string, string>;
    } = {},
  ): RouteTable {
    const vpc = this.data.vpcs.find((v) => v.id === vpcId);
    const routes = options.routes ?? [];
    if (!routes.some((r) => r.target.kind === 'local'))
      routes.unshift(route.local(vpc?.cidrBlocks[0] ?? '10.0.0.0/16'));
    const associations: RouteTable['associations'] = [];
    if (options.main) associations.push({ id: `rtbassoc-${id}-main`, main: true, state: 'associated' });
    for (const subnetId of options.subnets ?? []) {
      associations.push({ id: `rtbassoc-${id}-${subnetId}`, main: false, subnetId, state: 'associated' });
    }
    if (options.gatewayId) {
      associations.push({
        id: `rtbassoc-${id}-gw`,
        main: false,
        gatewayId: options.gatewayId,
        state: 'associated',
      });
    }
    const table: RouteTable = {
      id,
      arn: this.arn('ec2', `route-table/${id}`),
      ownerId: this.accountId,
      vpcId,
      associations,
      routes,
    };
    if (options.tags) table.tags = options.tags;
    this.data.routeTables.push(table);
    return table;
  }

  internetGateway(id: string, vpcId: string): InternetGateway {
    const igw: InternetGateway = {
      id,
      arn: this.arn('ec2', `internet-gateway/${id}`),
      ownerId: this.accountId,
      attachments: [{ vpcId, state: 'available' }],
    };
    this.data.internetGateways.push(igw);
    return igw;
  }

  egressOnlyInternetGateway(id: string, vpcId: string): EgressOnlyInternetGateway {
    const eigw: EgressOnlyInternetGateway = {
      id,
      arn: this.arn('ec2', `egress-only-internet-gateway/${id}`),
      ownerId: this.accountId,
      attachments: [{ vpcId, state: 'attached' }],
    };
    this.data.egressOnlyInternetGateways.push(eigw);
    return eigw;
  }

  natGateway(
    id: string,
    vpcId: string,
    subnetId: string,
    fields: Fields<NatGateway, 'id' | 'vpcId' | 'subnetId'> = {},
  ): NatGateway {
    const nat: NatGateway = {
      id,
      arn: this.arn('ec2', `natgateway/${id}`),
      ownerId: this.accountId,
      vpcId,
      subnetId,
      state: 'available',
      connectivityType: 'public',
      ...fields,
    };
    this.data.natGateways.push(nat);
    return nat;
  }

  vpcEndpoint(
    id: string,
    vpcId: string,
    service: string,
    fields: Fields<VpcEndpoint, 'id' | 'vpcId' | 'serviceName'> = {},
  ): VpcEndpoint {
    const endpoint: VpcEndpoint = {
      id,
      arn: this.arn('ec2', `vpc-endpoint/${id}`),
      ownerId: this.accountId,
      vpcId,
      type: 'Interface',
      // A full name (`com.amazonaws.…`, a partner's `aws.vpce.…`) as given; a short one (`ssm`,
      // `ecr.api`) becomes the region's AWS service name.
      serviceName: /^(com|aws|cn)\./.test(service) ? service : `com.amazonaws.${this.region}.${service}`,
      state: 'available',
      routeTableIds: [],
      subnetIds: [],
      securityGroupIds: [],
      networkInterfaceIds: [],
      privateDnsEnabled: fields.type === 'Gateway' ? false : true,
      ...fields,
    };
    this.data.vpcEndpoints.push(endpoint);
    return endpoint;
  }

  /** A security group; by default it has AWS's default egress rule (all traffic to 0.0.0.0/0). */
  securityGroup(
    id: string,
    vpcId: string,
    fields: Fields<SecurityGroup, 'id' | 'vpcId'> = {},
  ): SecurityGroup {
    const group: SecurityGroup = {
      id,
      arn: this.arn('ec2', `security-group/${id}`),
      ownerId: this.accountId,
      name: fields.name ?? id,
      vpcId,
      ingress: [],
      egress: [sgRule.all('0.0.0.0/0')],
      ...fields,
    };
    this.data.securityGroups.push(group);
    return group;
  }

  networkAcl(id: string, vpcId: string, fields: Fields<NetworkAcl, 'id' | 'vpcId'> = {}): NetworkAcl {
    const acl: NetworkAcl = {
      id,
      arn: this.arn('ec2', `network-acl/${id}`),
      ownerId: this.accountId,
      vpcId,
      isDefault: false,
      subnetIds: [],
      entries: defaultNaclEntries(),
      ...fields,
    };
    this.data.networkAcls.push(acl);
    return acl;
  }

  networkInterface(
    id: string,
    subnetId: string,
    fields: Fields<NetworkInterface, 'id' | 'subnetId'> = {},
  ): NetworkInterface {
    const subnet = this.data.subnets.find((s) => s.id === subnetId);
    const eni: NetworkInterface = {
      id,
      arn: this.arn('ec2', `network-interface/${id}`),
      ownerId: this.accountId,
      vpcId: subnet?.vpcId ?? 'vpc-unknown',
      subnetId,
      interfaceType: 'interface',
      status: 'in-use',
      securityGroupIds: [],
      privateIpAddresses: ['10.0.0.10'],
      ipv6Addresses: [],
      requesterManaged: false,
      sourceDestCheck: true,
      ...fields,
    };
    this.data.networkInterfaces.push(eni);
    return eni;
  }

  prefixList(
    id: string,
    name: string,
    entries: string[] | undefined,
    fields: Fields<PrefixList, 'id' | 'name'> = {},
  ): PrefixList {
    const list: PrefixList = {
      id,
      arn: this.arn('ec2', `prefix-list/${id}`),
      ownerId: this.accountId,
      name,
      addressFamily: entries?.some((e) => e.includes(':')) ? 'IPv6' : 'IPv4',
      awsManaged: name.startsWith('com.amazonaws.'),
      ...fields,
    };
    if (entries !== undefined) list.entries = entries;
    this.data.prefixLists.push(list);
    return list;
  }

  /** VPC Block Public Access mode for the region (`off`, `block-bidirectional`, `block-ingress`). */
  blockPublicAccess(mode: string, state = 'update-complete'): this {
    const current = this.data.vpcBlockPublicAccess;
    this.data.vpcBlockPublicAccess = { mode, state, exclusions: current?.exclusions ?? [] };
    return this;
  }

  /** A VPC Block Public Access exclusion for a VPC (`vpc-…`) or a subnet (`subnet-…`), in force. */
  blockPublicAccessExclusion(
    resourceId: string,
    mode: 'allow-bidirectional' | 'allow-egress',
    fields: Fields<VpcBlockPublicAccessExclusion, 'mode'> = {},
  ): VpcBlockPublicAccessExclusion {
    const isSubnet = resourceId.startsWith('subnet-');
    const exclusion: VpcBlockPublicAccessExclusion = {
      id: `vpcbpa-exclude-${resourceId}`,
      resourceArn: this.arn('ec2', `${isSubnet ? 'subnet' : 'vpc'}/${resourceId}`),
      ...(isSubnet ? { subnetId: resourceId } : { vpcId: resourceId }),
      mode,
      state: 'create-complete',
      ...fields,
    };
    this.data.vpcBlockPublicAccess ??= { mode: 'off', exclusions: [] };
    this.data.vpcBlockPublicAccess.exclusions.push(exclusion);
    return exclusion;
  }
}
