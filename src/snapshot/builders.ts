// Typed builders for snapshots: the fixtures of rule and analysis tests, the demo account, and the
// synthetic accounts of the benchmarks. Defaults are the AWS defaults (a new VPC's state), so a
// fixture states only what its case is about.
import type {
  AccountSnapshot,
  DbInstance,
  DbSubnetGroup,
  EcsContainer,
  EcsService,
  EcsTaskDefinition,
  EgressOnlyInternetGateway,
  GlobalKind,
  GlobalSnapshot,
  IamInstanceProfile,
  IamManagedPolicy,
  IamRole,
  IamUser,
  Instance,
  InstanceConnectEndpoint,
  InternetGateway,
  LambdaFunction,
  LaunchTemplate,
  NatGateway,
  NetworkAcl,
  NetworkAclEntry,
  NetworkInterface,
  PrefixList,
  RegionSnapshot,
  RegionalKind,
  Route,
  RouteTable,
  SecurityGroup,
  SecurityGroupRule,
  Snapshot,
  SsmManagedInstance,
  Subnet,
  Vpc,
  VpcBlockPublicAccessExclusion,
  VpcEndpoint,
} from './types.js';
import { GLOBAL_KINDS, REGIONAL_KINDS, SNAPSHOT_SCHEMA_VERSION } from './types.js';
import { blankGlobal, blankRegion } from './blank.js';

export const DEFAULT_ACCOUNT = '111111111111';
export const DEFAULT_PARTITION = 'aws';

type Without<T, K extends keyof T> = Omit<T, K>;
type Fields<T, K extends keyof T = never> = Partial<Without<T, K>>;

export function emptyRegion(region: string): RegionSnapshot {
  const data = blankRegion(region);
  for (const kind of REGIONAL_KINDS) data.collection[kind] = 'collected';
  // A new account's setting: VPC Block Public Access off, no exclusions (aws-facts §1.2).
  data.vpcBlockPublicAccess = { mode: 'off', state: 'default-state', exclusions: [] };
  return data;
}

export function emptyGlobal(): GlobalSnapshot {
  const data = blankGlobal();
  for (const kind of GLOBAL_KINDS) data.collection[kind] = 'collected';
  return data;
}

/** Security-group rule shorthands. */
export const sgRule = {
  tcp(port: number | [number, number], cidr: string): SecurityGroupRule {
    const [from, to] = typeof port === 'number' ? [port, port] : port;
    return { protocol: 'tcp', fromPort: from, toPort: to, peer: cidrPeer(cidr) };
  },
  udp(port: number | [number, number], cidr: string): SecurityGroupRule {
    const [from, to] = typeof port === 'number' ? [port, port] : port;
    return { protocol: 'udp', fromPort: from, toPort: to, peer: cidrPeer(cidr) };
  },
  all(cidr: string): SecurityGroupRule {
    return { protocol: '-1', peer: cidrPeer(cidr) };
  },
  fromGroup(
    protocol: string,
    port: number | [number, number] | undefined,
    groupId: string,
  ): SecurityGroupRule {
    const rule: SecurityGroupRule = { protocol, peer: { kind: 'security-group', groupId } };
    if (port !== undefined) {
      const [from, to] = typeof port === 'number' ? [port, port] : port;
      rule.fromPort = from;
      rule.toPort = to;
    }
    return rule;
  },
  fromPrefixList(protocol: string, port: number | [number, number], prefixListId: string): SecurityGroupRule {
    const [from, to] = typeof port === 'number' ? [port, port] : port;
    return { protocol, fromPort: from, toPort: to, peer: { kind: 'prefix-list', prefixListId } };
  },
};

function cidrPeer(cidr: string): SecurityGroupRule['peer'] {
  return cidr.includes(':') ? { kind: 'cidr-ipv6', cidr } : { kind: 'cidr-ipv4', cidr };
}

/** Route shorthands. */
export const route = {
  local(cidr: string): Route {
    return { destinationCidrBlock: cidr, target: { kind: 'local', id: 'local' }, state: 'active' };
  },
  igw(cidr: string, igwId: string): Route {
    return cidr.includes(':')
      ? { destinationIpv6CidrBlock: cidr, target: { kind: 'internet-gateway', id: igwId }, state: 'active' }
      : { destinationCidrBlock: cidr, target: { kind: 'internet-gateway', id: igwId }, state: 'active' };
  },
  nat(cidr: string, natId: string): Route {
    return { destinationCidrBlock: cidr, target: { kind: 'nat-gateway', id: natId }, state: 'active' };
  },
  eigw(cidr: string, eigwId: string): Route {
    return {
      destinationIpv6CidrBlock: cidr,
      target: { kind: 'egress-only-internet-gateway', id: eigwId },
      state: 'active',
    };
  },
  to(cidr: string, kind: Route['target']['kind'], id: string): Route {
    return cidr.includes(':')
      ? { destinationIpv6CidrBlock: cidr, target: { kind, id }, state: 'active' }
      : { destinationCidrBlock: cidr, target: { kind, id }, state: 'active' };
  },
  gatewayEndpoint(prefixListId: string, endpointId: string): Route {
    return {
      destinationPrefixListId: prefixListId,
      target: { kind: 'gateway-endpoint', id: endpointId },
      state: 'active',
      origin: 'CreateRoute',
    };
  },
};

/** A NACL entry shorthand: protocol number as a string, `-1` for all. */
export function naclEntry(
  ruleNumber: number,
  egress: boolean,
  action: 'allow' | 'deny',
  cidr: string,
  protocol = '-1',
  ports?: [number, number],
): NetworkAclEntry {
  const entry: NetworkAclEntry = { ruleNumber, egress, protocol, action };
  if (cidr.includes(':')) entry.ipv6CidrBlock = cidr;
  else entry.cidrBlock = cidr;
  if (ports) entry.portRange = { from: ports[0], to: ports[1] };
  return entry;
}

/** The entries of a default NACL: allow all, then the `*` deny, both directions, both families. */
export function defaultNaclEntries(): NetworkAclEntry[] {
  return [
    naclEntry(100, false, 'allow', '0.0.0.0/0'),
    naclEntry(101, false, 'allow', '::/0'),
    naclEntry(32767, false, 'deny', '0.0.0.0/0'),
    naclEntry(32768, false, 'deny', '::/0'),
    naclEntry(100, true, 'allow', '0.0.0.0/0'),
    naclEntry(101, true, 'allow', '::/0'),
    naclEntry(32767, true, 'deny', '0.0.0.0/0'),
    naclEntry(32768, true, 'deny', '::/0'),
  ];
}

/** Builds one region of one account; every method returns the record it added. */
export class RegionBuilder {
  readonly data: RegionSnapshot;
  readonly accountId: string;
  readonly partition: string;

  constructor(region: string, accountId = DEFAULT_ACCOUNT, partition = DEFAULT_PARTITION) {
    this.data = emptyRegion(region);
    this.accountId = accountId;
    this.partition = partition;
  }

  get region(): string {
    return this.data.region;
  }

  arn(service: string, resourcePath: string): string {
    return `arn:${this.partition}:${service}:${this.region}:${this.accountId}:${resourcePath}`;
  }

  /** Marks kinds as failed/skipped/absent to build `unknown` cases. */
  setCollection(kind: RegionalKind, state: RegionSnapshot['collection'][RegionalKind] | undefined): this {
    if (state === undefined) delete this.data.collection[kind];
    else this.data.collection[kind] = state;
    return this;
  }

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

  /**
   * An instance with its primary network interface (`eni-<instance id suffix>`), carrying the
   * instance's security groups and public address, as DescribeNetworkInterfaces would show it.
   */
  instance(id: string, subnetId: string, fields: Fields<Instance, 'id' | 'subnetId'> = {}): Instance {
    const subnet = this.data.subnets.find((s) => s.id === subnetId);
    const eniId = `eni-${id.replace(/^i-/, '')}`;
    const instance: Instance = {
      id,
      arn: this.arn('ec2', `instance/${id}`),
      ownerId: this.accountId,
      state: 'running',
      instanceType: 't3.micro',
      subnetId,
      availabilityZone: subnet?.availabilityZone ?? `${this.region}a`,
      privateIpAddress: '10.0.0.10',
      ipv6Addresses: [],
      networkInterfaceIds: [eniId],
      securityGroupIds: [],
      metadataOptions: { httpTokens: 'required', httpEndpoint: 'enabled', httpPutResponseHopLimit: 2 },
      userData: { present: false, bytes: 0, encoding: 'plain', secrets: [] },
      ...fields,
    };
    if (subnet && instance.vpcId === undefined) instance.vpcId = subnet.vpcId;
    this.data.instances.push(instance);
    const eniFields: Fields<NetworkInterface, 'id' | 'subnetId'> = {
      attachedInstanceId: id,
      securityGroupIds: instance.securityGroupIds,
      privateIpAddresses: instance.privateIpAddress ? [instance.privateIpAddress] : [],
      ipv6Addresses: instance.ipv6Addresses,
    };
    if (instance.publicIpAddress) eniFields.publicIp = instance.publicIpAddress;
    this.networkInterface(eniId, subnetId, eniFields);
    return instance;
  }

  launchTemplate(id: string, fields: Fields<LaunchTemplate, 'id'> = {}): LaunchTemplate {
    const template: LaunchTemplate = {
      id,
      arn: this.arn('ec2', `launch-template/${id}`),
      ownerId: this.accountId,
      name: fields.name ?? id,
      defaultVersionNumber: 1,
      latestVersionNumber: 1,
      ...fields,
    };
    this.data.launchTemplates.push(template);
    return template;
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

  ssmInstance(instanceId: string, fields: Partial<SsmManagedInstance> = {}): SsmManagedInstance {
    const record: SsmManagedInstance = {
      instanceId,
      pingStatus: 'Online',
      agentVersion: '3.3.987.0',
      platformType: 'Linux',
      resourceType: 'EC2Instance',
      ...fields,
    };
    this.data.ssmInstances.push(record);
    return record;
  }

  defaultHostManagement(enabled: boolean, roleName?: string): this {
    this.data.ssmDefaultHostManagement = roleName ? { enabled, roleName } : { enabled };
    return this;
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

  dbInstance(id: string, fields: Fields<DbInstance, 'id'> = {}): DbInstance {
    const db: DbInstance = {
      id,
      arn: this.arn('rds', `db:${id}`),
      ownerId: this.accountId,
      engine: 'postgres',
      engineVersion: '16.4',
      status: 'available',
      publiclyAccessible: false,
      port: 5432,
      securityGroupIds: [],
      storageEncrypted: true,
      ...fields,
    };
    this.data.dbInstances.push(db);
    return db;
  }

  dbSubnetGroup(name: string, vpcId: string, subnetIds: string[]): DbSubnetGroup {
    const group: DbSubnetGroup = {
      id: name,
      arn: this.arn('rds', `subgrp:${name}`),
      name,
      vpcId,
      subnetIds,
      status: 'Complete',
    };
    this.data.dbSubnetGroups.push(group);
    return group;
  }

  /**
   * A Lambda function; with `subnetIds` it is attached to a VPC, whose id is taken from the first
   * subnet this builder knows (as the collector derives it, aws-facts §10.1).
   */
  lambdaFunction(
    name: string,
    options: {
      roleArn?: string;
      subnetIds?: string[];
      securityGroupIds?: string[];
      ipv6AllowedForDualStack?: boolean;
    } & Fields<LambdaFunction, 'id' | 'name' | 'vpcConfig' | 'roleArn'> = {},
  ): LambdaFunction {
    const { subnetIds, securityGroupIds, ipv6AllowedForDualStack, roleArn, ...fields } = options;
    const fn: LambdaFunction = {
      id: name,
      arn: this.arn('lambda', `function:${name}`),
      name,
      state: 'Active',
      ...(roleArn === undefined ? {} : { roleArn }),
      ...fields,
    };
    if (subnetIds && subnetIds.length > 0) {
      const vpcId = this.data.subnets.find((s) => s.id === subnetIds[0])?.vpcId;
      fn.vpcConfig = {
        subnetIds,
        securityGroupIds: securityGroupIds ?? [],
        ipv6AllowedForDualStack: ipv6AllowedForDualStack ?? false,
        ...(vpcId === undefined ? {} : { vpcId }),
      };
    }
    this.data.lambdaFunctions.push(fn);
    return fn;
  }

  /** An ECS task definition `family:revision`; containers default to one ECR image with awslogs. */
  ecsTaskDefinition(
    family: string,
    fields: Fields<EcsTaskDefinition, 'id' | 'family'> & { containers?: EcsContainer[] } = {},
  ): EcsTaskDefinition {
    const revision = fields.revision ?? 1;
    const arn = this.arn('ecs', `task-definition/${family}:${revision}`);
    const definition: EcsTaskDefinition = {
      id: arn,
      arn,
      family,
      revision,
      networkMode: 'awsvpc',
      containers: [
        {
          name: family,
          image: `${this.accountId}.dkr.ecr.${this.data.region}.amazonaws.com/${family}:latest`,
          logDriver: 'awslogs',
          secretSources: [],
        },
      ],
      ...fields,
    };
    this.data.ecsTaskDefinitions.push(definition);
    return definition;
  }

  /** An ECS service in `cluster`; Fargate 1.4.0 in awsvpc mode unless told otherwise. */
  ecsService(
    cluster: string,
    name: string,
    options: {
      taskDefinitionArn?: string;
      subnetIds?: string[];
      securityGroupIds?: string[];
      assignPublicIp?: 'ENABLED' | 'DISABLED';
    } & Fields<EcsService, 'id' | 'name' | 'clusterArn' | 'awsvpc' | 'taskDefinitionArn'> = {},
  ): EcsService {
    const { taskDefinitionArn, subnetIds, securityGroupIds, assignPublicIp, ...fields } = options;
    const arn = this.arn('ecs', `service/${cluster}/${name}`);
    const service: EcsService = {
      id: arn,
      arn,
      name,
      clusterArn: this.arn('ecs', `cluster/${cluster}`),
      launchType: 'FARGATE',
      capacityProviders: [],
      platformVersion: '1.4.0',
      status: 'ACTIVE',
      ...(taskDefinitionArn === undefined ? {} : { taskDefinitionArn }),
      ...fields,
    };
    if (subnetIds !== undefined)
      service.awsvpc = {
        subnetIds,
        securityGroupIds: securityGroupIds ?? [],
        assignPublicIp: assignPublicIp ?? 'DISABLED',
      };
    this.data.ecsServices.push(service);
    return service;
  }

  /** An EC2 Instance Connect Endpoint in a subnet (its VPC from the subnet), `create-complete`. */
  instanceConnectEndpoint(
    id: string,
    subnetId: string,
    securityGroupIds: string[],
    fields: Fields<InstanceConnectEndpoint, 'id' | 'subnetId' | 'securityGroupIds'> = {},
  ): InstanceConnectEndpoint {
    const endpoint: InstanceConnectEndpoint = {
      id,
      arn: this.arn('ec2', `instance-connect-endpoint/${id}`),
      ownerId: this.accountId,
      vpcId: this.data.subnets.find((s) => s.id === subnetId)?.vpcId ?? '',
      subnetId,
      securityGroupIds,
      preserveClientIp: false,
      state: 'create-complete',
      networkInterfaceIds: [],
      ...fields,
    };
    this.data.instanceConnectEndpoints.push(endpoint);
    return endpoint;
  }
}

/** Builds the IAM (global) part of one account. */
export class GlobalBuilder {
  readonly data: GlobalSnapshot = emptyGlobal();
  readonly accountId: string;
  readonly partition: string;

  constructor(accountId = DEFAULT_ACCOUNT, partition = DEFAULT_PARTITION) {
    this.accountId = accountId;
    this.partition = partition;
  }

  arn(resourcePath: string): string {
    return `arn:${this.partition}:iam::${this.accountId}:${resourcePath}`;
  }

  setCollection(kind: GlobalKind, state: GlobalSnapshot['collection'][GlobalKind] | undefined): this {
    if (state === undefined) delete this.data.collection[kind];
    else this.data.collection[kind] = state;
    return this;
  }

  user(name: string, fields: Fields<IamUser, 'name'> = {}): IamUser {
    const user: IamUser = {
      id: `AIDA${name
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '')
        .padEnd(16, 'X')
        .slice(0, 16)}`,
      arn: this.arn(`user/${name}`),
      name,
      createDate: '2024-01-01T00:00:00Z',
      accessKeys: [],
      ...fields,
    };
    this.data.users.push(user);
    return user;
  }

  role(name: string, fields: Fields<IamRole, 'name'> = {}): IamRole {
    const role: IamRole = {
      id: `AROA${name
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '')
        .padEnd(16, 'X')
        .slice(0, 16)}`,
      arn: this.arn(`role/${name}`),
      name,
      attachedPolicies: [],
      inlinePolicies: [],
      ...fields,
    };
    this.data.roles.push(role);
    return role;
  }

  instanceProfile(
    name: string,
    roleNames: string[],
    fields: Fields<IamInstanceProfile, 'name' | 'roleNames'> = {},
  ): IamInstanceProfile {
    const profile: IamInstanceProfile = {
      id: `AIPA${name
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '')
        .padEnd(16, 'X')
        .slice(0, 16)}`,
      arn: this.arn(`instance-profile/${name}`),
      name,
      roleNames,
      ...fields,
    };
    this.data.instanceProfiles.push(profile);
    return profile;
  }

  policy(name: string, fields: Fields<IamManagedPolicy, 'name'> = {}): IamManagedPolicy {
    const policy: IamManagedPolicy = {
      id: `ANPA${name
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '')
        .padEnd(16, 'X')
        .slice(0, 16)}`,
      arn: this.arn(`policy/${name}`),
      name,
      ...fields,
    };
    this.data.policies.push(policy);
    return policy;
  }
}

export interface AccountParts {
  accountId?: string;
  partition?: string;
  regions: RegionBuilder[];
  global?: GlobalBuilder;
  errors?: AccountSnapshot['errors'];
}

export function buildAccount(parts: AccountParts): AccountSnapshot {
  const accountId = parts.accountId ?? parts.regions[0]?.accountId ?? DEFAULT_ACCOUNT;
  const partition = parts.partition ?? DEFAULT_PARTITION;
  return {
    accountId,
    partition,
    identity: { arn: `arn:${partition}:sts::${accountId}:assumed-role/aws-audit/scan` },
    regions: parts.regions.map((r) => r.data),
    global: parts.global?.data ?? new GlobalBuilder(accountId, partition).data,
    errors: parts.errors ?? [],
  };
}

export function buildSnapshot(
  accounts: AccountSnapshot[],
  collectedAt = '2026-11-01T00:00:00.000Z',
  toolVersion = '0.1.0',
): Snapshot {
  return {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    tool: { name: 'aws-audit', version: toolVersion },
    collectedAt,
    partition: accounts[0]?.partition ?? DEFAULT_PARTITION,
    accounts,
  };
}

/** One account, one region: the common case in rule tests. */
export function singleRegionSnapshot(
  build: (region: RegionBuilder, global: GlobalBuilder) => void,
  region = 'us-east-1',
): Snapshot {
  const regionBuilder = new RegionBuilder(region);
  const globalBuilder = new GlobalBuilder();
  build(regionBuilder, globalBuilder);
  return buildSnapshot([buildAccount({ regions: [regionBuilder], global: globalBuilder })]);
}
