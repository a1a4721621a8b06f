// EC2 (ec2Query protocol): the describes the collectors use, served from the account snapshot.
import type * as snap from '../../../src/snapshot/types.js';
import {
  DescribeDhcpOptionsResult$,
  DescribeEgressOnlyInternetGatewaysResult$,
  DescribeIamInstanceProfileAssociationsResult$,
  DescribeInstancesResult$,
  DescribeInternetGatewaysResult$,
  DescribeLaunchTemplateVersionsResult$,
  DescribeLaunchTemplatesResult$,
  DescribeManagedPrefixListsResult$,
  DescribeInstanceConnectEndpointsResult$,
  DescribeNatGatewaysResult$,
  DescribeNetworkAclsResult$,
  DescribeNetworkInterfacesResult$,
  DescribeRegionsResult$,
  DescribeRouteTablesResult$,
  DescribeSecurityGroupsResult$,
  DescribeSubnetsResult$,
  DescribeVpcAttributeResult$,
  DescribeVpcBlockPublicAccessExclusionsResult$,
  DescribeVpcBlockPublicAccessOptionsResult$,
  DescribeVpcEndpointsResult$,
  DescribeVpcsResult$,
  GetManagedPrefixListEntriesResult$,
  InstanceAttribute$,
} from '@aws-sdk/client-ec2';
import type * as EC2 from '@aws-sdk/client-ec2';
import type { PageSpec } from '../pagination.js';
import { pageWindow } from '../pagination.js';
import { launchTemplateUserDataKey } from '../user-data.js';
import { ApiError } from '../wire/protocols.js';
import { Raw, xmlListItems, xmlMembers } from '../wire/schema-writers.js';
import type { CallContext, HandlerTable } from './context.js';
import type { ListSpec } from './list-runner.js';
import { runList, selectByIdsAndFilters } from './list-runner.js';
import type { RegionLookup } from './ec2-mappers.js';
import {
  FAKE_DHCP_OPTIONS_ID,
  awsTags,
  associationId,
  egressOnlyToAws,
  internetGatewayToAws,
  launchTemplateToAws,
  launchTemplateVersionToAws,
  natGatewayToAws,
  networkAclToAws,
  networkInterfaceToAws,
  prefixListToAws,
  profileAssociationToAws,
  reservationToAws,
  routeTableToAws,
  securityGroupToAws,
  subnetToAws,
  vpcEndpointToAws,
  vpcToAws,
} from './ec2-mappers.js';

/** aws-facts §6.1 page-size ranges. */
function ec2Page(min: number, max: number, clampAbove = false): PageSpec {
  return { sizeParam: 'MaxResults', tokenParam: 'NextToken', min, max, style: 'ec2', clampAbove };
}

function lookupFor(ctx: CallContext): RegionLookup {
  const region = ctx.account.region(ctx.region);
  const account = ctx.account;
  const groups = account.memo(
    `${ctx.region}|index:groups`,
    () => new Map(region.securityGroups.map((g) => [g.id, g.name])),
  );
  const enis = account.memo(
    `${ctx.region}|index:enis`,
    () => new Map(region.networkInterfaces.map((e) => [e.id, e])),
  );
  const profiles = account.memo(
    'global|index:profiles',
    () => new Map(account.snapshot.global.instanceProfiles.map((p) => [p.arn, p.id])),
  );
  return {
    accountId: account.id,
    region: ctx.region,
    groupName: (id) => groups.get(id),
    networkInterface: (id) => enis.get(id),
    instanceProfileId: (arn) =>
      profiles.get(arn) ??
      `AIPA${(arn.split('/').pop() ?? 'PROFILE')
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '')
        .padEnd(17, 'X')
        .slice(0, 17)}`,
  };
}

type Filters<R> = Record<string, (r: R) => (string | undefined)[]>;

/** A regional describe: records from the region snapshot, mapped, selectable by IDs and filters. */
function describe<R>(options: {
  operation: string;
  output: ListSpec<R>['output'];
  member: string;
  page?: PageSpec;
  records: (region: snap.RegionSnapshot) => R[];
  toAws: (record: R, lookup: RegionLookup) => unknown;
  idParam?: string;
  id?: (r: R) => string;
  notFound?: string;
  nameParam?: string;
  name?: (r: R) => string;
  filters?: Filters<R>;
}): ListSpec<R> {
  const spec: ListSpec<R> = {
    key: options.operation,
    output: options.output,
    member: options.member,
    records: (ctx) => options.records(ctx.account.region(ctx.region)),
    toAws: (record, ctx) => options.toAws(record, lookupFor(ctx)),
    select: (records, ctx) => {
      const selectOptions: Parameters<typeof selectByIdsAndFilters<R>>[2] = {};
      if (options.idParam) selectOptions.idParam = options.idParam;
      if (options.id) selectOptions.id = options.id;
      if (options.notFound) selectOptions.notFound = options.notFound;
      if (options.nameParam) selectOptions.nameParam = options.nameParam;
      if (options.name) selectOptions.name = options.name;
      if (options.filters) selectOptions.filters = options.filters;
      return selectByIdsAndFilters(records, ctx, selectOptions);
    },
  };
  if (options.page) {
    spec.page = options.page;
    spec.tokenMember = 'NextToken';
  }
  return spec;
}

const byVpc = <R extends { vpcId?: string }>(): Filters<R> => ({ 'vpc-id': (r) => [r.vpcId] });
const tagFilter = <R extends { name?: string; tags?: snap.Tags }>(): Filters<R> => ({
  'tag:Name': (r) => [r.tags?.Name ?? r.name],
});

/** One DHCP options set per distinct `dhcpOptionsId` of the region's VPCs ("default" is no set). */
interface DhcpSet {
  id: string;
  servers: string[];
}

function dhcpSets(region: snap.RegionSnapshot): DhcpSet[] {
  const sets = new Map<string, DhcpSet>();
  for (const vpc of region.vpcs) {
    const id = vpc.dhcpOptionsId ?? FAKE_DHCP_OPTIONS_ID;
    if (id === 'default' || sets.has(id)) continue;
    sets.set(id, { id, servers: vpc.domainNameServers ?? ['AmazonProvidedDNS'] });
  }
  return [...sets.values()];
}

function dhcpToAws(set: DhcpSet): EC2.DhcpOptions {
  return {
    DhcpOptionsId: set.id,
    DhcpConfigurations:
      set.servers.length > 0
        ? [{ Key: 'domain-name-servers', Values: set.servers.map((Value) => ({ Value })) }]
        : [],
  };
}

const SPECS = {
  DescribeVpcBlockPublicAccessExclusions: describe<snap.VpcBlockPublicAccessExclusion>({
    operation: 'DescribeVpcBlockPublicAccessExclusions',
    output: DescribeVpcBlockPublicAccessExclusionsResult$,
    member: 'VpcBlockPublicAccessExclusions',
    page: ec2Page(5, 1000),
    records: (r) => r.vpcBlockPublicAccess?.exclusions ?? [],
    toAws: (e): EC2.VpcBlockPublicAccessExclusion => ({
      ExclusionId: e.id,
      InternetGatewayExclusionMode: e.mode as EC2.InternetGatewayExclusionMode,
      State: e.state as EC2.VpcBlockPublicAccessExclusionState,
      ...(e.resourceArn === undefined ? {} : { ResourceArn: e.resourceArn }),
    }),
  }),
  DescribeDhcpOptions: describe<DhcpSet>({
    operation: 'DescribeDhcpOptions',
    output: DescribeDhcpOptionsResult$,
    member: 'DhcpOptions',
    page: ec2Page(5, 1000),
    records: dhcpSets,
    toAws: dhcpToAws,
    idParam: 'DhcpOptionsId',
    id: (d) => d.id,
    notFound: 'InvalidDhcpOptionID.NotFound',
  }),
  DescribeVpcs: describe<snap.Vpc>({
    operation: 'DescribeVpcs',
    output: DescribeVpcsResult$,
    member: 'Vpcs',
    page: ec2Page(5, 1000),
    records: (r) => r.vpcs,
    toAws: (v) => vpcToAws(v),
    idParam: 'VpcId',
    id: (v) => v.id,
    notFound: 'InvalidVpcID.NotFound',
    filters: {
      'vpc-id': (v) => [v.id],
      'is-default': (v) => [String(v.isDefault)],
      ...tagFilter<snap.Vpc>(),
    },
  }),
  DescribeSubnets: describe<snap.Subnet>({
    operation: 'DescribeSubnets',
    output: DescribeSubnetsResult$,
    member: 'Subnets',
    page: ec2Page(5, 1000),
    records: (r) => r.subnets,
    toAws: subnetToAws,
    idParam: 'SubnetId',
    id: (s) => s.id,
    notFound: 'InvalidSubnetID.NotFound',
    filters: { ...byVpc<snap.Subnet>(), 'subnet-id': (s) => [s.id], ...tagFilter<snap.Subnet>() },
  }),
  DescribeRouteTables: describe<snap.RouteTable>({
    operation: 'DescribeRouteTables',
    output: DescribeRouteTablesResult$,
    member: 'RouteTables',
    page: ec2Page(5, 100),
    records: (r) => r.routeTables,
    toAws: routeTableToAws,
    idParam: 'RouteTableId',
    id: (t) => t.id,
    notFound: 'InvalidRouteTableID.NotFound',
    filters: {
      ...byVpc<snap.RouteTable>(),
      'route-table-id': (t) => [t.id],
      'association.subnet-id': (t) => t.associations.map((a) => a.subnetId),
      'association.main': (t) => t.associations.map((a) => String(a.main)),
    },
  }),
  DescribeInternetGateways: describe<snap.InternetGateway>({
    operation: 'DescribeInternetGateways',
    output: DescribeInternetGatewaysResult$,
    member: 'InternetGateways',
    page: ec2Page(5, 1000),
    records: (r) => r.internetGateways,
    toAws: internetGatewayToAws,
    idParam: 'InternetGatewayId',
    id: (g) => g.id,
    notFound: 'InvalidInternetGatewayID.NotFound',
    filters: { 'attachment.vpc-id': (g) => g.attachments.map((a) => a.vpcId) },
  }),
  DescribeNatGateways: describe<snap.NatGateway>({
    operation: 'DescribeNatGateways',
    output: DescribeNatGatewaysResult$,
    member: 'NatGateways',
    page: ec2Page(5, 1000),
    records: (r) => r.natGateways,
    toAws: (n) => natGatewayToAws(n),
    idParam: 'NatGatewayId',
    id: (n) => n.id,
    notFound: 'NatGatewayNotFound',
    filters: { ...byVpc<snap.NatGateway>(), state: (n) => [n.state], 'subnet-id': (n) => [n.subnetId] },
  }),
  // aws-facts §10.3; MaxResults 1–50 (EC2 API reference).
  DescribeInstanceConnectEndpoints: describe<snap.InstanceConnectEndpoint>({
    operation: 'DescribeInstanceConnectEndpoints',
    output: DescribeInstanceConnectEndpointsResult$,
    member: 'InstanceConnectEndpoints',
    page: ec2Page(1, 50),
    records: (r) => r.instanceConnectEndpoints,
    toAws: (e): EC2.Ec2InstanceConnectEndpoint => ({
      OwnerId: e.ownerId,
      InstanceConnectEndpointId: e.id,
      InstanceConnectEndpointArn: e.arn,
      State: e.state as EC2.Ec2InstanceConnectEndpointState,
      DnsName: `${e.id}.${e.arn.split(':')[3] ?? 'us-east-1'}.ec2-instance-connect-endpoint.amazonaws.com`,
      NetworkInterfaceIds: e.networkInterfaceIds,
      VpcId: e.vpcId,
      SubnetId: e.subnetId,
      CreatedAt: new Date('2024-01-01T00:00:00.000Z'),
      PreserveClientIp: e.preserveClientIp,
      SecurityGroupIds: e.securityGroupIds,
      Tags: awsTags(e),
    }),
    idParam: 'InstanceConnectEndpointId',
    id: (e) => e.id,
    notFound: 'InvalidInstanceConnectEndpointId.NotFound',
    filters: {
      ...byVpc<snap.InstanceConnectEndpoint>(),
      'instance-connect-endpoint-id': (e) => [e.id],
      state: (e) => [e.state],
      'subnet-id': (e) => [e.subnetId],
      ...tagFilter<snap.InstanceConnectEndpoint>(),
    },
  }),
  DescribeEgressOnlyInternetGateways: describe<snap.EgressOnlyInternetGateway>({
    operation: 'DescribeEgressOnlyInternetGateways',
    output: DescribeEgressOnlyInternetGatewaysResult$,
    member: 'EgressOnlyInternetGateways',
    page: ec2Page(5, 255),
    records: (r) => r.egressOnlyInternetGateways,
    toAws: (g) => egressOnlyToAws(g),
    idParam: 'EgressOnlyInternetGatewayId',
    id: (g) => g.id,
    notFound: 'InvalidEgressOnlyInternetGatewayId.NotFound',
  }),
  DescribeVpcEndpoints: describe<snap.VpcEndpoint>({
    operation: 'DescribeVpcEndpoints',
    output: DescribeVpcEndpointsResult$,
    member: 'VpcEndpoints',
    // aws-facts §6.1: "If the value is greater than 1,000, we return only 1,000 items".
    page: ec2Page(1, 1000, true),
    records: (r) => r.vpcEndpoints,
    toAws: vpcEndpointToAws,
    idParam: 'VpcEndpointId',
    id: (e) => e.id,
    notFound: 'InvalidVpcEndpointId.NotFound',
    filters: {
      ...byVpc<snap.VpcEndpoint>(),
      'service-name': (e) => [e.serviceName],
      'vpc-endpoint-type': (e) => [e.type],
      'vpc-endpoint-state': (e) => [e.state],
    },
  }),
  DescribeSecurityGroups: describe<snap.SecurityGroup>({
    operation: 'DescribeSecurityGroups',
    output: DescribeSecurityGroupsResult$,
    member: 'SecurityGroups',
    page: ec2Page(5, 1000),
    records: (r) => r.securityGroups,
    toAws: securityGroupToAws,
    idParam: 'GroupId',
    id: (g) => g.id,
    notFound: 'InvalidGroup.NotFound',
    nameParam: 'GroupName',
    name: (g) => g.name,
    filters: { ...byVpc<snap.SecurityGroup>(), 'group-id': (g) => [g.id], 'group-name': (g) => [g.name] },
  }),
  DescribeNetworkAcls: describe<snap.NetworkAcl>({
    operation: 'DescribeNetworkAcls',
    output: DescribeNetworkAclsResult$,
    member: 'NetworkAcls',
    page: ec2Page(5, 1000),
    records: (r) => r.networkAcls,
    toAws: networkAclToAws,
    idParam: 'NetworkAclId',
    id: (a) => a.id,
    notFound: 'InvalidNetworkAclID.NotFound',
    filters: {
      ...byVpc<snap.NetworkAcl>(),
      default: (a) => [String(a.isDefault)],
      'association.subnet-id': (a) => a.subnetIds,
    },
  }),
  DescribeNetworkInterfaces: describe<snap.NetworkInterface>({
    operation: 'DescribeNetworkInterfaces',
    output: DescribeNetworkInterfacesResult$,
    member: 'NetworkInterfaces',
    page: ec2Page(5, 1000),
    records: (r) => r.networkInterfaces,
    toAws: networkInterfaceToAws,
    idParam: 'NetworkInterfaceId',
    id: (e) => e.id,
    notFound: 'InvalidNetworkInterfaceID.NotFound',
    filters: {
      ...byVpc<snap.NetworkInterface>(),
      'group-id': (e) => e.securityGroupIds,
      'subnet-id': (e) => [e.subnetId],
      'attachment.instance-id': (e) => [e.attachedInstanceId],
      'interface-type': (e) => [e.interfaceType],
    },
  }),
  DescribeInstances: describe<snap.Instance>({
    operation: 'DescribeInstances',
    output: DescribeInstancesResult$,
    member: 'Reservations',
    page: ec2Page(5, 1000),
    records: (r) => r.instances,
    toAws: reservationToAws,
    idParam: 'InstanceId',
    id: (i) => i.id,
    notFound: 'InvalidInstanceID.NotFound',
    filters: {
      ...byVpc<snap.Instance>(),
      'instance-state-name': (i) => [i.state],
      'subnet-id': (i) => [i.subnetId],
      'instance-id': (i) => [i.id],
    },
  }),
  DescribeIamInstanceProfileAssociations: describe<snap.Instance & { iamInstanceProfileArn: string }>({
    operation: 'DescribeIamInstanceProfileAssociations',
    output: DescribeIamInstanceProfileAssociationsResult$,
    member: 'IamInstanceProfileAssociations',
    page: ec2Page(5, 1000),
    // Associations exist for instances that have a profile and are not terminated.
    records: (r) =>
      r.instances.filter(
        (i): i is snap.Instance & { iamInstanceProfileArn: string } =>
          i.iamInstanceProfileArn !== undefined && i.state !== 'terminated',
      ),
    toAws: profileAssociationToAws,
    idParam: 'AssociationId',
    id: (i) => associationId(i.id),
    notFound: 'InvalidAssociationID.NotFound',
    filters: { 'instance-id': (i) => [i.id], state: () => ['associated'] },
  }),
  DescribeLaunchTemplates: describe<snap.LaunchTemplate>({
    operation: 'DescribeLaunchTemplates',
    output: DescribeLaunchTemplatesResult$,
    member: 'LaunchTemplates',
    page: ec2Page(1, 200),
    records: (r) => r.launchTemplates,
    toAws: (t) => launchTemplateToAws(t),
    idParam: 'LaunchTemplateId',
    id: (t) => t.id,
    notFound: 'InvalidLaunchTemplateId.NotFound',
    nameParam: 'LaunchTemplateName',
    name: (t) => t.name,
    filters: { 'launch-template-name': (t) => [t.name] },
  }),
  DescribeManagedPrefixLists: describe<snap.PrefixList>({
    operation: 'DescribeManagedPrefixLists',
    output: DescribeManagedPrefixListsResult$,
    member: 'PrefixLists',
    page: ec2Page(1, 100),
    records: (r) => r.prefixLists,
    toAws: prefixListToAws,
    idParam: 'PrefixListId',
    id: (p) => p.id,
    notFound: 'InvalidPrefixListID.NotFound',
    filters: { 'prefix-list-name': (p) => [p.name], 'prefix-list-id': (p) => [p.id] },
  }),
};

function describeRegions(ctx: CallContext): string {
  const all = ctx.params.bool('AllRegions') === true;
  const names = new Set(ctx.params.list('RegionName'));
  const regions: EC2.Region[] = [];
  for (const region of ctx.account.snapshot.regions) {
    const optedOut = region.availability === 'not-opted-in';
    if (optedOut && !all) continue;
    if (names.size && !names.has(region.region)) continue;
    regions.push({
      RegionName: region.region,
      Endpoint: `ec2.${region.region}.amazonaws.com`,
      // aws-facts §6.5; the snapshot does not say whether an enabled region needed opting in.
      OptInStatus: optedOut ? 'not-opted-in' : 'opt-in-not-required',
    });
  }
  const filtered = ctx.params.filters().reduce((list, filter) => {
    const read: Record<string, (r: EC2.Region) => string | undefined> = {
      'region-name': (r) => r.RegionName,
      'opt-in-status': (r) => r.OptInStatus,
      endpoint: (r) => r.Endpoint,
    };
    const get = read[filter.name];
    if (!get) throw new ApiError(400, 'InvalidParameterValue', `The filter '${filter.name}' is invalid`);
    return list.filter((r) => filter.values.includes(get(r) ?? ''));
  }, regions);
  ctx.note.items = filtered.length;
  return xmlMembers(DescribeRegionsResult$, { Regions: filtered });
}

function describeVpcAttribute(ctx: CallContext): string {
  const vpcId = ctx.params.string('VpcId');
  const attribute = ctx.params.string('Attribute');
  if (!vpcId) throw new ApiError(400, 'MissingParameter', 'The request must contain the parameter vpcId');
  const vpc = ctx.account.region(ctx.region).vpcs.find((v) => v.id === vpcId);
  if (!vpc) throw new ApiError(400, 'InvalidVpcID.NotFound', `The vpc ID '${vpcId}' does not exist`);
  // AWS defaults: DNS support on; DNS hostnames on only for the default VPC.
  const result: EC2.DescribeVpcAttributeResult = { VpcId: vpc.id };
  if (attribute === 'enableDnsSupport') result.EnableDnsSupport = { Value: vpc.enableDnsSupport ?? true };
  else if (attribute === 'enableDnsHostnames')
    result.EnableDnsHostnames = { Value: vpc.enableDnsHostnames ?? vpc.isDefault };
  else if (attribute === 'enableNetworkAddressUsageMetrics')
    result.EnableNetworkAddressUsageMetrics = { Value: false };
  else
    throw new ApiError(
      400,
      'InvalidParameterValue',
      `Value (${attribute ?? ''}) for parameter attribute is invalid.`,
    );
  return xmlMembers(DescribeVpcAttributeResult$, result);
}

/** The region's BPA setting; a snapshot without one answers as a new account does (off). */
function describeVpcBlockPublicAccessOptions(ctx: CallContext): string {
  const bpa = ctx.account.region(ctx.region).vpcBlockPublicAccess;
  const options: EC2.VpcBlockPublicAccessOptions = {
    AwsAccountId: ctx.account.id,
    AwsRegion: ctx.region,
    InternetGatewayBlockMode: (bpa?.mode ?? 'off') as EC2.InternetGatewayBlockMode,
    State: (bpa?.state ?? 'default-state') as EC2.VpcBlockPublicAccessState,
    ...(bpa?.managedBy === undefined ? {} : { ManagedBy: bpa.managedBy as EC2.ManagedBy }),
  };
  return xmlMembers(DescribeVpcBlockPublicAccessOptionsResult$, { VpcBlockPublicAccessOptions: options });
}

function describeInstanceAttribute(ctx: CallContext): string {
  const instanceId = ctx.params.string('InstanceId');
  const attribute = ctx.params.string('Attribute');
  const instance = ctx.account.region(ctx.region).instances.find((i) => i.id === instanceId);
  if (!instance) {
    throw new ApiError(
      400,
      'InvalidInstanceID.NotFound',
      `The instance ID '${instanceId ?? ''}' does not exist`,
    );
  }
  if (attribute !== 'userData') {
    throw new ApiError(
      400,
      'UnsupportedOperation',
      `fake-aws serves only the userData attribute, not '${attribute ?? ''}'`,
    );
  }
  const raw = ctx.account.userData[instance.id];
  // aws-facts §4.2: user data is returned base64-encoded; absent user data is an empty element.
  const result: EC2.InstanceAttribute = {
    InstanceId: instance.id,
    UserData: raw === undefined ? {} : { Value: Buffer.from(raw).toString('base64') },
  };
  return xmlMembers(InstanceAttribute$, result);
}

function describeLaunchTemplateVersions(ctx: CallContext): string {
  const templates = ctx.account.region(ctx.region).launchTemplates;
  const templateId = ctx.params.string('LaunchTemplateId');
  const templateName = ctx.params.string('LaunchTemplateName');
  const versions = ctx.params.list('LaunchTemplateVersion');
  let chosen: snap.LaunchTemplate[];
  if (templateId !== undefined || templateName !== undefined) {
    const found = templates.find((t) => t.id === templateId || t.name === templateName);
    if (!found) {
      throw templateId !== undefined
        ? new ApiError(
            400,
            'InvalidLaunchTemplateId.NotFound',
            `The specified launch template, with template ID ${templateId}, does not exist.`,
          )
        : new ApiError(
            400,
            'InvalidLaunchTemplateName.NotFoundException',
            `The specified launch template, with template name ${templateName}, does not exist.`,
          );
    }
    chosen = [found];
  } else {
    // aws-facts §4.2: without a template, only $Latest / $Default may be asked, across all templates.
    if (!versions.length || versions.some((v) => v !== '$Latest' && v !== '$Default')) {
      throw new ApiError(
        400,
        'InvalidParameterCombination',
        'Without a launch template ID or name, specify only $Latest or $Default versions.',
      );
    }
    chosen = templates;
  }
  const out: EC2.LaunchTemplateVersion[] = [];
  for (const template of chosen) {
    const latest = template.latestVersionNumber ?? template.latestVersion?.versionNumber ?? 1;
    const fallback = template.defaultVersionNumber ?? 1;
    const numbers = versions.length
      ? versions.map((v) => (v === '$Latest' ? latest : v === '$Default' ? fallback : Number(v)))
      : [...new Set([fallback, latest])];
    for (const n of new Set(numbers)) {
      if (!Number.isInteger(n) || n < 1 || n > latest) {
        throw new ApiError(
          400,
          'InvalidLaunchTemplateId.VersionNotFound',
          `Could not find launch template version ${n} for ${template.id}.`,
        );
      }
      const userData = ctx.account.launchTemplateUserData[launchTemplateUserDataKey(template, n)];
      out.push(launchTemplateVersionToAws(template, n, userData));
    }
  }
  const window = pageWindow(
    ec2Page(1, 200),
    ctx.params,
    out.length,
    `${ctx.account.id}|${ctx.region}|ltv|${templateId ?? templateName ?? versions.join(',')}`,
  );
  if (window.requested !== undefined) ctx.note.pageSize = window.requested;
  const page = out.slice(window.start, window.end);
  ctx.note.items = page.length;
  const items = xmlListItems(DescribeLaunchTemplateVersionsResult$, 'LaunchTemplateVersions', page);
  return xmlMembers(DescribeLaunchTemplateVersionsResult$, {
    LaunchTemplateVersions: new Raw(items.join('')),
    NextToken: window.nextToken,
  });
}

function getManagedPrefixListEntries(ctx: CallContext): string {
  const id = ctx.params.string('PrefixListId');
  const list = ctx.account.region(ctx.region).prefixLists.find((p) => p.id === id);
  if (!list)
    throw new ApiError(
      400,
      'InvalidPrefixListID.NotFound',
      `The prefix list ID '${id ?? ''}' does not exist`,
    );
  const entries = list.entries ?? [];
  const window = pageWindow(
    ec2Page(1, 100),
    ctx.params,
    entries.length,
    `${ctx.account.id}|${ctx.region}|pl|${list.id}`,
  );
  if (window.requested !== undefined) ctx.note.pageSize = window.requested;
  const page = entries.slice(window.start, window.end);
  ctx.note.items = page.length;
  return xmlMembers(GetManagedPrefixListEntriesResult$, {
    Entries: page.map((cidr) => ({ Cidr: cidr })),
    NextToken: window.nextToken,
  });
}

function instancesHandler(ctx: CallContext): string {
  // The EC2 API rejects MaxResults together with instance IDs (aws-facts §6.1).
  if (ctx.params.has('MaxResults') && ctx.params.list('InstanceId').length) {
    throw new ApiError(
      400,
      'InvalidParameterCombination',
      'The parameter instancesSet cannot be used with the parameter maxResults',
    );
  }
  return runList(SPECS.DescribeInstances, ctx);
}

export const ec2Handlers: HandlerTable = {
  DescribeRegions: describeRegions,
  DescribeVpcAttribute: describeVpcAttribute,
  DescribeInstanceAttribute: describeInstanceAttribute,
  DescribeLaunchTemplateVersions: describeLaunchTemplateVersions,
  GetManagedPrefixListEntries: getManagedPrefixListEntries,
  DescribeInstances: instancesHandler,
  DescribeVpcs: (ctx) => runList(SPECS.DescribeVpcs, ctx),
  DescribeDhcpOptions: (ctx) => runList(SPECS.DescribeDhcpOptions, ctx),
  DescribeVpcBlockPublicAccessOptions: describeVpcBlockPublicAccessOptions,
  DescribeVpcBlockPublicAccessExclusions: (ctx) => runList(SPECS.DescribeVpcBlockPublicAccessExclusions, ctx),
  DescribeSubnets: (ctx) => runList(SPECS.DescribeSubnets, ctx),
  DescribeRouteTables: (ctx) => runList(SPECS.DescribeRouteTables, ctx),
  DescribeInternetGateways: (ctx) => runList(SPECS.DescribeInternetGateways, ctx),
  DescribeNatGateways: (ctx) => runList(SPECS.DescribeNatGateways, ctx),
  DescribeInstanceConnectEndpoints: (ctx) => runList(SPECS.DescribeInstanceConnectEndpoints, ctx),
  DescribeEgressOnlyInternetGateways: (ctx) => runList(SPECS.DescribeEgressOnlyInternetGateways, ctx),
  DescribeVpcEndpoints: (ctx) => runList(SPECS.DescribeVpcEndpoints, ctx),
  DescribeSecurityGroups: (ctx) => runList(SPECS.DescribeSecurityGroups, ctx),
  DescribeNetworkAcls: (ctx) => runList(SPECS.DescribeNetworkAcls, ctx),
  DescribeNetworkInterfaces: (ctx) => runList(SPECS.DescribeNetworkInterfaces, ctx),
  DescribeIamInstanceProfileAssociations: (ctx) => runList(SPECS.DescribeIamInstanceProfileAssociations, ctx),
  DescribeLaunchTemplates: (ctx) => runList(SPECS.DescribeLaunchTemplates, ctx),
  DescribeManagedPrefixLists: (ctx) => runList(SPECS.DescribeManagedPrefixLists, ctx),
};

/** Whether an EC2 call was made with pagination or a filter (aws-facts §6.2 small bucket). */
export function ec2CallIsPagedOrFiltered(ctx: Pick<CallContext, 'params'>): boolean {
  const p = ctx.params;
  return (
    p.has('MaxResults') ||
    p.has('NextToken') ||
    p.has('Filter') ||
    p.has('InstanceId') ||
    p.has('NetworkInterfaceId') ||
    p.has('GroupId') ||
    p.has('GroupName')
  );
}
