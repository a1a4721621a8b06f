import {
  DescribeEgressOnlyInternetGatewaysCommand,
  DescribeIamInstanceProfileAssociationsCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeLaunchTemplatesCommand,
  DescribeManagedPrefixListsCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRegionsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
  GetManagedPrefixListEntriesCommand,
  paginateDescribeInstances,
  paginateDescribeLaunchTemplates,
  paginateDescribeNetworkInterfaces,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateGetManagedPrefixListEntries,
} from '@aws-sdk/client-ec2';
import { gunzipSync } from 'node:zlib';
import { GlobalBuilder, RegionBuilder, buildAccount, route, sgRule } from '../support/builders/index.js';
import type { AccountSnapshot } from '../../src/snapshot/types.js';
import { DEMO_ACCOUNT, buildDemoSnapshot } from '../../scripts/demo-account.js';
import { fakeAccountFromSnapshot, startFakeAws } from './index.js';
import type { FakeAws } from './index.js';
import { clientConfig, rejectionOf } from './helpers.js';

const demo = buildDemoSnapshot().accounts[0]!;
const usEast1 = demo.regions.find((r) => r.region === 'us-east-1')!;

let fake: FakeAws;
let ec2: EC2Client;

beforeAll(async () => {
  fake = await startFakeAws({ accounts: [fakeAccountFromSnapshot(demo)] });
  ec2 = new EC2Client(clientConfig(fake));
});
afterAll(async () => {
  ec2.destroy();
  await fake.close();
});

describe('EC2 describes deserialise to the snapshot records', () => {
  test('DescribeVpcs: ids, CIDRs, default flag and Name tag', async () => {
    const { Vpcs } = await ec2.send(new DescribeVpcsCommand({}));
    expect(Vpcs?.map((v) => v.VpcId)).toEqual(usEast1.vpcs.map((v) => v.id));
    const prod = Vpcs!.find((v) => v.VpcId === 'vpc-0a11prod')!;
    expect(prod.CidrBlock).toBe('10.0.0.0/16');
    expect(prod.CidrBlockAssociationSet?.map((a) => a.CidrBlock)).toEqual(['10.0.0.0/16']);
    expect(prod.IsDefault).toBe(false);
    expect(prod.Tags).toEqual([{ Key: 'Name', Value: 'prod' }]);
  });

  test('DescribeVpcAttribute answers each DNS attribute', async () => {
    const hostnames = await ec2.send(
      new DescribeVpcAttributeCommand({ VpcId: 'vpc-0c33anlt', Attribute: 'enableDnsHostnames' }),
    );
    expect(hostnames.EnableDnsHostnames?.Value).toBe(false);
    const support = await ec2.send(
      new DescribeVpcAttributeCommand({ VpcId: 'vpc-0c33anlt', Attribute: 'enableDnsSupport' }),
    );
    expect(support.EnableDnsSupport?.Value).toBe(true);
    const missing = await rejectionOf(
      ec2.send(new DescribeVpcAttributeCommand({ VpcId: 'vpc-nope', Attribute: 'enableDnsSupport' })),
    );
    expect(missing.name).toBe('InvalidVpcID.NotFound');
  });

  test('DescribeSubnets maps the launch flags and AZ', async () => {
    const { Subnets } = await ec2.send(new DescribeSubnetsCommand({}));
    expect(Subnets).toHaveLength(usEast1.subnets.length);
    const pub = Subnets!.find((s) => s.SubnetId === 'subnet-0a11pub1')!;
    expect(pub).toMatchObject({
      VpcId: 'vpc-0a11prod',
      CidrBlock: '10.0.0.0/24',
      AvailabilityZone: 'us-east-1a',
      MapPublicIpOnLaunch: true,
      AssignIpv6AddressOnCreation: false,
    });
  });

  test('DescribeRouteTables puts each target kind in its own member and keeps the main association', async () => {
    const { RouteTables } = await ec2.send(new DescribeRouteTablesCommand({}));
    const main = RouteTables!.find((t) => t.RouteTableId === 'rtb-0a11main')!;
    expect(main.Associations).toEqual([
      expect.objectContaining({ Main: true, RouteTableAssociationId: 'rtbassoc-rtb-0a11main-main' }),
    ]);
    expect(main.Associations![0]!.SubnetId).toBeUndefined();
    expect(main.Routes).toEqual([
      {
        DestinationCidrBlock: '10.0.0.0/16',
        GatewayId: 'local',
        Origin: 'CreateRouteTable',
        State: 'active',
      },
      {
        DestinationCidrBlock: '0.0.0.0/0',
        NatGatewayId: 'nat-0a11prod',
        Origin: 'CreateRoute',
        State: 'active',
      },
    ]);
    const app = RouteTables!.find((t) => t.RouteTableId === 'rtb-0a11app')!;
    expect(app.Routes).toContainEqual({
      DestinationPrefixListId: 'pl-63a5400a',
      GatewayId: 'vpce-0a11s3gw',
      Origin: 'CreateRoute',
      State: 'active',
    });
  });

  test('every route target kind maps to the member AWS uses', async () => {
    const region = new RegionBuilder('us-east-1', '222222222222');
    region.vpc('vpc-1');
    const targets = [
      ['internet-gateway', 'igw-1', 'GatewayId'],
      ['virtual-private-gateway', 'vgw-1', 'GatewayId'],
      ['egress-only-internet-gateway', 'eigw-1', 'EgressOnlyInternetGatewayId'],
      ['nat-gateway', 'nat-1', 'NatGatewayId'],
      ['instance', 'i-1', 'InstanceId'],
      ['network-interface', 'eni-1', 'NetworkInterfaceId'],
      ['transit-gateway', 'tgw-1', 'TransitGatewayId'],
      ['vpc-peering', 'pcx-1', 'VpcPeeringConnectionId'],
      ['core-network', 'arn:aws:networkmanager::1:core-network/c', 'CoreNetworkArn'],
      ['local-gateway', 'lgw-1', 'LocalGatewayId'],
      ['carrier-gateway', 'cagw-1', 'CarrierGatewayId'],
    ] as const;
    region.routeTable('rtb-1', 'vpc-1', {
      routes: targets.map(([kind, id], i) => route.to(`10.${i + 1}.0.0/16`, kind, id)),
    });
    const other = await startFakeAws({ accounts: [{ snapshot: buildAccount({ regions: [region] }) }] });
    const client = new EC2Client(clientConfig(other));
    try {
      const { RouteTables } = await client.send(new DescribeRouteTablesCommand({}));
      const routes = RouteTables![0]!.Routes!.slice(1);
      targets.forEach(([, id, member], i) => {
        expect(routes[i]).toMatchObject({ DestinationCidrBlock: `10.${i + 1}.0.0/16`, [member]: id });
      });
    } finally {
      client.destroy();
      await other.close();
    }
  });

  test('DescribeInternetGateways, DescribeNatGateways, DescribeEgressOnlyInternetGateways', async () => {
    const igws = await ec2.send(new DescribeInternetGatewaysCommand({}));
    expect(igws.InternetGateways?.find((g) => g.InternetGatewayId === 'igw-0a11prod')?.Attachments).toEqual([
      { VpcId: 'vpc-0a11prod', State: 'available' },
    ]);
    const nats = await ec2.send(new DescribeNatGatewaysCommand({}));
    expect(nats.NatGateways?.find((n) => n.NatGatewayId === 'nat-0a11prod')).toMatchObject({
      SubnetId: 'subnet-0a11pub1',
      VpcId: 'vpc-0a11prod',
      State: 'available',
      ConnectivityType: 'public',
    });
    const region = new RegionBuilder('us-east-1');
    region.egressOnlyInternetGateway('eigw-0abc', 'vpc-1');
    const other = await startFakeAws({ accounts: [{ snapshot: buildAccount({ regions: [region] }) }] });
    const client = new EC2Client(clientConfig(other));
    try {
      const eigws = await client.send(new DescribeEgressOnlyInternetGatewaysCommand({}));
      expect(eigws.EgressOnlyInternetGateways).toEqual([
        { EgressOnlyInternetGatewayId: 'eigw-0abc', Attachments: [{ VpcId: 'vpc-1', State: 'attached' }] },
      ]);
    } finally {
      client.destroy();
      await other.close();
    }
  });

  test('DescribeVpcEndpoints: type, lower-case state, route tables, groups with names', async () => {
    const { VpcEndpoints } = await ec2.send(new DescribeVpcEndpointsCommand({}));
    const s3 = VpcEndpoints!.find((e) => e.VpcEndpointId === 'vpce-0a11s3gw')!;
    expect(s3).toMatchObject({
      VpcEndpointType: 'Gateway',
      ServiceName: 'com.amazonaws.us-east-1.s3',
      State: 'available',
      RouteTableIds: ['rtb-0a11app', 'rtb-0a11db'],
      PrivateDnsEnabled: false,
    });
    const ssm = VpcEndpoints!.find((e) => e.VpcEndpointId === 'vpce-0a11ssm')!;
    expect(ssm.Groups).toEqual([{ GroupId: 'sg-0a11vpce', GroupName: 'prod-endpoints' }]);
    expect(ssm.SubnetIds).toEqual(['subnet-0a11app1', 'subnet-0a11app2']);
    expect(ssm.PrivateDnsEnabled).toBe(true);
  });

  test('DescribeSecurityGroups groups rules into IpPermissions as AWS does (aws-facts §3.1)', async () => {
    const { SecurityGroups } = await ec2.send(new DescribeSecurityGroupsCommand({}));
    const web = SecurityGroups!.find((g) => g.GroupId === 'sg-0a11web')!;
    expect(web.GroupName).toBe('prod-web');
    // tcp/443 from IPv4 and IPv6 is one permission with both ranges.
    expect(web.IpPermissions).toEqual([
      {
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        IpRanges: [{ CidrIp: '0.0.0.0/0' }],
        Ipv6Ranges: [{ CidrIpv6: '::/0' }],
        PrefixListIds: [],
        UserIdGroupPairs: [],
      },
      {
        IpProtocol: 'tcp',
        FromPort: 80,
        ToPort: 80,
        IpRanges: [{ CidrIp: '0.0.0.0/0' }],
        Ipv6Ranges: [],
        PrefixListIds: [],
        UserIdGroupPairs: [],
      },
    ]);
    // The default egress rule: -1 without ports.
    expect(web.IpPermissionsEgress).toEqual([
      {
        IpProtocol: '-1',
        IpRanges: [{ CidrIp: '0.0.0.0/0' }],
        Ipv6Ranges: [],
        PrefixListIds: [],
        UserIdGroupPairs: [],
      },
    ]);
    const dflt = (await ec2.send(new DescribeSecurityGroupsCommand({}), {})).SecurityGroups;
    expect(dflt).toHaveLength(usEast1.securityGroups.length);
    const app = SecurityGroups!.find((g) => g.GroupId === 'sg-0a11app')!;
    expect(app.IpPermissions?.[0]?.UserIdGroupPairs).toEqual([
      { GroupId: 'sg-0a11web', UserId: DEMO_ACCOUNT },
    ]);
    const plist = SecurityGroups!.find((g) => g.GroupId === 'sg-0a11plist')!;
    expect(plist.IpPermissions?.[0]?.PrefixListIds).toEqual([{ PrefixListId: 'pl-0a11admins' }]);
    const none = SecurityGroups!.find((g) => g.GroupId === 'sg-0a11noeg')!;
    expect(none.IpPermissionsEgress).toEqual([]);
  });

  test('DescribeNetworkAcls carries protocol numbers, port ranges and associations', async () => {
    const { NetworkAcls } = await ec2.send(new DescribeNetworkAclsCommand({}));
    const db = NetworkAcls!.find((a) => a.NetworkAclId === 'acl-0a11db')!;
    expect(db.Entries?.[0]).toEqual({
      RuleNumber: 100,
      Egress: false,
      Protocol: '6',
      RuleAction: 'allow',
      CidrBlock: '10.0.0.0/16',
      PortRange: { From: 5432, To: 5432 },
    });
    expect(db.Associations?.map((a) => a.SubnetId)).toEqual(['subnet-0a11db01', 'subnet-0a11db02']);
    expect(NetworkAcls!.find((a) => a.NetworkAclId === 'acl-0a11dflt')!.IsDefault).toBe(true);
  });

  test('DescribeNetworkInterfaces: type, groups, public IP, attachment', async () => {
    const { NetworkInterfaces } = await ec2.send(new DescribeNetworkInterfacesCommand({}));
    expect(NetworkInterfaces).toHaveLength(usEast1.networkInterfaces.length);
    const rds = NetworkInterfaces!.find((e) => e.NetworkInterfaceId === 'eni-0a11rdspub')!;
    expect(rds).toMatchObject({
      InterfaceType: 'interface',
      Description: 'RDSNetworkInterface',
      RequesterManaged: true,
      Groups: [{ GroupId: 'sg-0a11dbpub', GroupName: 'reporting-db' }],
      Association: { PublicIp: '54.210.10.50' },
    });
    const bastion = NetworkInterfaces!.find((e) => e.NetworkInterfaceId === 'eni-0a11bastion01')!;
    expect(bastion.Attachment?.InstanceId).toBe('i-0a11bastion01');
  });

  test('DescribeInstances wraps instances in Reservations with state, IPs, profile and IMDS options', async () => {
    const { Reservations } = await ec2.send(new DescribeInstancesCommand({}));
    const instances = Reservations!.flatMap((r) => r.Instances ?? []);
    expect(instances.map((i) => i.InstanceId)).toEqual(usEast1.instances.map((i) => i.id));
    const bastion = instances.find((i) => i.InstanceId === 'i-0a11bastion01')!;
    expect(bastion).toMatchObject({
      State: { Code: 16, Name: 'running' },
      SubnetId: 'subnet-0a11pub1',
      VpcId: 'vpc-0a11prod',
      PublicIpAddress: '54.210.10.20',
      PrivateIpAddress: '10.0.0.15',
      SecurityGroups: [{ GroupId: 'sg-0a11bast', GroupName: 'prod-bastion' }],
      MetadataOptions: { HttpTokens: 'optional', HttpEndpoint: 'enabled', HttpPutResponseHopLimit: 1 },
      Tags: [{ Key: 'Name', Value: 'bastion' }],
    });
    const web = instances.find((i) => i.InstanceId === 'i-0a11web00001')!;
    expect(web.IamInstanceProfile?.Arn).toBe(`arn:aws:iam::${DEMO_ACCOUNT}:instance-profile/web-profile`);
    expect(web.IamInstanceProfile?.Id).toMatch(/^AIPA/);
    const stopped = instances.find((i) => i.InstanceId === 'i-0a11stopped1')!;
    expect(stopped.State).toEqual({ Code: 80, Name: 'stopped' });
  });

  test('DescribeIamInstanceProfileAssociations lists instances with a profile', async () => {
    const { IamInstanceProfileAssociations } = await ec2.send(
      new DescribeIamInstanceProfileAssociationsCommand({}),
    );
    const expected = usEast1.instances.filter((i) => i.iamInstanceProfileArn).map((i) => i.id);
    expect(IamInstanceProfileAssociations?.map((a) => a.InstanceId)).toEqual(expected);
    expect(IamInstanceProfileAssociations?.[0]).toMatchObject({ State: 'associated' });
  });

  test('DescribeLaunchTemplates and $Latest versions across all templates, user data base64', async () => {
    const { LaunchTemplates } = await ec2.send(new DescribeLaunchTemplatesCommand({}));
    const expected = usEast1.launchTemplates.map((t) => [t.id, t.latestVersionNumber]);
    expect(LaunchTemplates?.map((t) => [t.LaunchTemplateId, t.LatestVersionNumber])).toEqual(expected);
    expect(expected).toContainEqual(['lt-0a11web', 7]);
    const { LaunchTemplateVersions } = await ec2.send(
      new DescribeLaunchTemplateVersionsCommand({ Versions: ['$Latest'] }),
    );
    expect(LaunchTemplateVersions?.map((v) => [v.LaunchTemplateId, v.VersionNumber])).toEqual(expected);
    const web = LaunchTemplateVersions!.find((v) => v.LaunchTemplateId === 'lt-0a11web')!.LaunchTemplateData!;
    expect(web.IamInstanceProfile).toEqual({ Name: 'web-profile' });
    expect(web.MetadataOptions?.HttpTokens).toBe('required');
    const raw = Buffer.from(web.UserData!, 'base64');
    expect([raw[0], raw[1]]).toEqual([0x1f, 0x8b]); // the demo's leaked user data is gzip
    const text = gunzipSync(raw).toString();
    expect(text.split('\n')[11]).toMatch(/^aws_access_key_id = AKIA[A-Z2-7]{12}Q7XZ$/);
    const byId = await ec2.send(
      new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: 'lt-0a11app', Versions: ['3'] }),
    );
    expect(byId.LaunchTemplateVersions?.map((v) => v.VersionNumber)).toEqual([3]);
    const bad = await rejectionOf(ec2.send(new DescribeLaunchTemplateVersionsCommand({ Versions: ['2'] })));
    expect(bad.name).toBe('InvalidParameterCombination');
  });

  test('$Latest and $Default in one call; a default older than $Latest is served with its own data', async () => {
    const { LaunchTemplateVersions } = await ec2.send(
      new DescribeLaunchTemplateVersionsCommand({ Versions: ['$Latest', '$Default'] }),
    );
    const batch = LaunchTemplateVersions!.filter((v) => v.LaunchTemplateId === 'lt-0a11batch');
    expect(batch.map((v) => [v.VersionNumber, v.DefaultVersion])).toEqual([
      [3, false],
      [2, true],
    ]);
    // The demo plants a key pair in default version 2 only; $Latest (3) is clean.
    const text = (n: number) =>
      Buffer.from(
        batch.find((v) => v.VersionNumber === n)!.LaunchTemplateData!.UserData!,
        'base64',
      ).toString();
    expect(text(2).split('\n')[3]).toMatch(/^aws_access_key_id = AKIA[A-Z2-7]{12}K2BD$/);
    expect(text(3)).not.toMatch(/AKIA/);
    // lt-0a11web: version 7 is default and latest, served once.
    expect(LaunchTemplateVersions!.filter((v) => v.LaunchTemplateId === 'lt-0a11web')).toHaveLength(1);
    const pinned = await ec2.send(
      new DescribeLaunchTemplateVersionsCommand({ LaunchTemplateId: 'lt-0a11batch', Versions: ['1', '2'] }),
    );
    expect(
      pinned.LaunchTemplateVersions?.map((v) => [
        v.VersionNumber,
        v.LaunchTemplateData?.UserData !== undefined,
      ]),
    ).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  test('instances launched from a template carry its id and version tags', async () => {
    const { Reservations } = await ec2.send(
      new DescribeInstancesCommand({ InstanceIds: ['i-0a11web00001'] }),
    );
    const tags = Reservations![0]!.Instances![0]!.Tags!;
    expect(tags).toEqual(
      expect.arrayContaining([
        { Key: 'aws:ec2launchtemplate:id', Value: 'lt-0a11web' },
        { Key: 'aws:ec2launchtemplate:version', Value: '7' },
      ]),
    );
  });

  test('DescribeManagedPrefixLists and GetManagedPrefixListEntries', async () => {
    const { PrefixLists } = await ec2.send(new DescribeManagedPrefixListsCommand({}));
    const admins = PrefixLists!.find((p) => p.PrefixListId === 'pl-0a11admins')!;
    expect(admins).toMatchObject({
      PrefixListName: 'admin-ranges',
      AddressFamily: 'IPv4',
      OwnerId: DEMO_ACCOUNT,
    });
    expect(PrefixLists!.find((p) => p.PrefixListId === 'pl-63a5400a')!.OwnerId).toBe('AWS');
    const { Entries } = await ec2.send(
      new GetManagedPrefixListEntriesCommand({ PrefixListId: 'pl-0a11admins' }),
    );
    expect(Entries?.map((e) => e.Cidr)).toEqual(['198.51.100.0/24', '0.0.0.0/0']);
  });

  test('DescribeInstanceAttribute userData: base64, gzip kept, absent when none', async () => {
    const leaked = await ec2.send(
      new DescribeInstanceAttributeCommand({ InstanceId: 'i-0a11worker01', Attribute: 'userData' }),
    );
    const text = gunzipSync(Buffer.from(leaked.UserData!.Value!, 'base64')).toString();
    expect(Buffer.byteLength(text)).toBe(1873);
    const none = await ec2.send(
      new DescribeInstanceAttributeCommand({ InstanceId: 'i-0a11app00002', Attribute: 'userData' }),
    );
    expect(none.UserData?.Value).toBeUndefined();
    const clean = await ec2.send(
      new DescribeInstanceAttributeCommand({ InstanceId: 'i-0a11bastion01', Attribute: 'userData' }),
    );
    const cleanText = Buffer.from(clean.UserData!.Value!, 'base64').toString();
    expect(cleanText.startsWith('#cloud-config\n')).toBe(true);
    expect(cleanText).toHaveLength(412);
  });

  test('DescribeRegions: enabled regions, and not-opted-in ones with AllRegions', async () => {
    const optIn = new RegionBuilder('ap-east-1');
    optIn.data.availability = 'not-opted-in';
    const account = buildAccount({ regions: [new RegionBuilder('us-east-1'), optIn] });
    const other = await startFakeAws({ accounts: [{ snapshot: account }] });
    const client = new EC2Client(clientConfig(other));
    try {
      const enabled = await client.send(new DescribeRegionsCommand({}));
      expect(enabled.Regions).toEqual([
        {
          RegionName: 'us-east-1',
          Endpoint: 'ec2.us-east-1.amazonaws.com',
          OptInStatus: 'opt-in-not-required',
        },
      ]);
      const all = await client.send(new DescribeRegionsCommand({ AllRegions: true }));
      expect(all.Regions?.map((r) => [r.RegionName, r.OptInStatus])).toEqual([
        ['us-east-1', 'opt-in-not-required'],
        ['ap-east-1', 'not-opted-in'],
      ]);
      const optedOut = new EC2Client(clientConfig(other, { region: 'ap-east-1' }));
      const error = await rejectionOf(optedOut.send(new DescribeVpcsCommand({})));
      optedOut.destroy();
      expect(error.name).toBe('AuthFailure');
      expect(error.$metadata?.httpStatusCode).toBe(401);
    } finally {
      client.destroy();
      await other.close();
    }
  });

  test('IDs and filters select records; unknown IDs answer NotFound; unknown filters are refused', async () => {
    const byId = await ec2.send(
      new DescribeSubnetsCommand({ SubnetIds: ['subnet-0a11db01', 'subnet-0a11db02'] }),
    );
    expect(byId.Subnets?.map((s) => s.SubnetId)).toEqual(['subnet-0a11db01', 'subnet-0a11db02']);
    const byVpc = await ec2.send(
      new DescribeSubnetsCommand({ Filters: [{ Name: 'vpc-id', Values: ['vpc-0b22stage'] }] }),
    );
    expect(byVpc.Subnets?.map((s) => s.SubnetId)).toEqual(['subnet-0b22web1', 'subnet-0b22int1']);
    const missing = await rejectionOf(ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-nope'] })));
    expect(missing.name).toBe('InvalidInstanceID.NotFound');
    const byName = await ec2.send(
      new DescribeSecurityGroupsCommand({ GroupNames: ['prod-web', 'prod-bastion'] }),
    );
    expect(byName.SecurityGroups?.map((g) => g.GroupId).sort()).toEqual(['sg-0a11bast', 'sg-0a11web']);
    const template = await ec2.send(new DescribeLaunchTemplatesCommand({ LaunchTemplateNames: ['app-asg'] }));
    expect(template.LaunchTemplates?.map((t) => t.LaunchTemplateId)).toEqual(['lt-0a11app']);
    const { IamInstanceProfileAssociations } = await ec2.send(
      new DescribeIamInstanceProfileAssociationsCommand({}),
    );
    const one = IamInstanceProfileAssociations![1]!;
    const byAssociation = await ec2.send(
      new DescribeIamInstanceProfileAssociationsCommand({ AssociationIds: [one.AssociationId!] }),
    );
    expect(byAssociation.IamInstanceProfileAssociations).toEqual([one]);
    const unknownFilter = await rejectionOf(
      ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'bogus', Values: ['x'] }] })),
    );
    expect(unknownFilter.name).toBe('InvalidParameterValue');
  });
});

/** A region big enough for several pages of everything. */
function largeAccount(): AccountSnapshot {
  const region = new RegionBuilder('eu-central-1', '333333333333');
  region.vpc('vpc-big');
  for (let i = 0; i < 230; i++) {
    const subnet = `subnet-${String(i).padStart(5, '0')}`;
    region.subnet(subnet, 'vpc-big');
    region.securityGroup(`sg-${String(i).padStart(5, '0')}`, 'vpc-big', {
      ingress: [sgRule.tcp(22, '10.0.0.0/8')],
    });
    region.instance(`i-${String(i).padStart(5, '0')}`, subnet);
    region.routeTable(`rtb-${String(i).padStart(5, '0')}`, 'vpc-big', { subnets: [subnet] });
    if (i < 7) region.launchTemplate(`lt-${i}`);
  }
  region.prefixList(
    'pl-big',
    'big',
    Array.from({ length: 250 }, (_, i) => `10.${i}.0.0/16`),
    { ownerId: '333333333333' },
  );
  return buildAccount({ regions: [region], global: new GlobalBuilder('333333333333') });
}

describe('pagination', () => {
  let big: FakeAws;
  let client: EC2Client;
  beforeAll(async () => {
    big = await startFakeAws({ accounts: [{ snapshot: largeAccount() }] });
    client = new EC2Client(clientConfig(big, { region: 'eu-central-1' }));
  });
  afterAll(async () => {
    client.destroy();
    await big.close();
  });

  async function collect<T>(pages: AsyncIterable<T>, items: (page: T) => string[]): Promise<string[]> {
    const out: string[] = [];
    for await (const page of pages) out.push(...items(page));
    return out;
  }

  test.each([
    [
      'DescribeSubnets',
      5,
      () =>
        collect(paginateDescribeSubnets({ client, pageSize: 7 }, {}), (p) =>
          p.Subnets!.map((s) => s.SubnetId!),
        ),
    ],
    [
      'DescribeSecurityGroups',
      5,
      () =>
        collect(paginateDescribeSecurityGroups({ client, pageSize: 9 }, {}), (p) =>
          p.SecurityGroups!.map((s) => s.GroupId!),
        ),
    ],
    [
      'DescribeInstances',
      5,
      () =>
        collect(paginateDescribeInstances({ client, pageSize: 11 }, {}), (p) =>
          p.Reservations!.flatMap((r) => r.Instances!.map((i) => i.InstanceId!)),
        ),
    ],
    [
      'DescribeRouteTables',
      5,
      () =>
        collect(paginateDescribeRouteTables({ client, pageSize: 100 }, {}), (p) =>
          p.RouteTables!.map((t) => t.RouteTableId!),
        ),
    ],
    [
      'DescribeNetworkInterfaces',
      5,
      () =>
        collect(paginateDescribeNetworkInterfaces({ client, pageSize: 50 }, {}), (p) =>
          p.NetworkInterfaces!.map((e) => e.NetworkInterfaceId!),
        ),
    ],
  ])('%s with a small page size returns every item exactly once', async (_name, _min, run) => {
    const ids = await run();
    expect(ids).toHaveLength(230);
    expect(new Set(ids).size).toBe(230);
  });

  test('launch templates (1–200) and prefix list entries (1–100) page with size 1 and 100', async () => {
    const templates = await collect(paginateDescribeLaunchTemplates({ client, pageSize: 1 }, {}), (p) =>
      p.LaunchTemplates!.map((t) => t.LaunchTemplateId!),
    );
    expect(templates).toEqual(['lt-0', 'lt-1', 'lt-2', 'lt-3', 'lt-4', 'lt-5', 'lt-6']);
    const entries = await collect(
      paginateGetManagedPrefixListEntries({ client, pageSize: 100 }, { PrefixListId: 'pl-big' }),
      (p) => p.Entries!.map((e) => e.Cidr!),
    );
    expect(new Set(entries).size).toBe(250);
    const pages = big.requests.filter((r) => r.operation === 'GetManagedPrefixListEntries');
    expect(pages.map((r) => r.items)).toEqual([100, 100, 50]);
  });

  test('without a page size, EC2 returns everything in one response', async () => {
    const { SecurityGroups, NextToken } = await client.send(new DescribeSecurityGroupsCommand({}));
    expect(SecurityGroups).toHaveLength(230);
    expect(NextToken).toBeUndefined();
  });

  test.each([
    [
      'DescribeSubnets (5–1000)',
      () => client.send(new DescribeSubnetsCommand({ MaxResults: 4 })),
      'between 5 and 1000',
    ],
    [
      'DescribeInstances (5–1000)',
      () => client.send(new DescribeInstancesCommand({ MaxResults: 1001 })),
      'between 5 and 1000',
    ],
    [
      'DescribeRouteTables (5–100)',
      () => client.send(new DescribeRouteTablesCommand({ MaxResults: 101 })),
      'between 5 and 100',
    ],
    [
      'DescribeEgressOnlyInternetGateways (5–255)',
      () => client.send(new DescribeEgressOnlyInternetGatewaysCommand({ MaxResults: 256 })),
      'between 5 and 255',
    ],
    [
      'DescribeLaunchTemplates (1–200)',
      () => client.send(new DescribeLaunchTemplatesCommand({ MaxResults: 201 })),
      'between 1 and 200',
    ],
    [
      'DescribeManagedPrefixLists (1–100)',
      () => client.send(new DescribeManagedPrefixListsCommand({ MaxResults: 0 })),
      'between 1 and 100',
    ],
  ])('%s: an out-of-range page size answers InvalidParameterValue', async (_name, call, range) => {
    const error = await rejectionOf(call());
    expect(error.name).toBe('InvalidParameterValue');
    expect(error.message).toContain(range);
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });

  test('DescribeVpcEndpoints above 1000 is clamped, as documented', async () => {
    const { VpcEndpoints } = await client.send(new DescribeVpcEndpointsCommand({ MaxResults: 5000 }));
    expect(VpcEndpoints).toEqual([]);
  });

  test('a token from another listing is refused', async () => {
    const first = await client.send(new DescribeSubnetsCommand({ MaxResults: 5 }));
    const error = await rejectionOf(
      client.send(new DescribeSecurityGroupsCommand({ MaxResults: 5, NextToken: first.NextToken! })),
    );
    expect(error.name).toBe('InvalidPaginationToken');
  });

  test('DescribeInstances refuses MaxResults together with instance IDs', async () => {
    const error = await rejectionOf(
      client.send(new DescribeInstancesCommand({ MaxResults: 5, InstanceIds: ['i-00001'] })),
    );
    expect(error.name).toBe('InvalidParameterCombination');
  });

  test('the request log records page sizes and item counts', async () => {
    big.resetStats();
    await collect(paginateDescribeSubnets({ client, pageSize: 100 }, {}), (p) =>
      p.Subnets!.map((s) => s.SubnetId!),
    );
    expect(big.requests.map((r) => [r.operation, r.pageSize, r.items, r.status])).toEqual([
      ['DescribeSubnets', 100, 100, 200],
      ['DescribeSubnets', 100, 100, 200],
      ['DescribeSubnets', 100, 30, 200],
    ]);
    const stats = big.stats().byOperation.find((s) => s.operation === 'DescribeSubnets')!;
    expect(stats).toMatchObject({ requests: 3, ok: 3, items: 230, region: 'eu-central-1' });
  });
});
