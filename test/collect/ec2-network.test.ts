import {
  DescribeNetworkAclsCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  DescribeDhcpOptionsCommand,
  DescribeVpcAttributeCommand,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { parseSnapshot } from '../../src/snapshot/io.js';
import { ACCOUNT, awsError, collect, mocks } from './mock-support.js';

let m: ReturnType<typeof mocks>;
beforeEach(() => {
  m = mocks();
});
afterEach(() => m.reset());

describe('EC2 network collectors', () => {
  it('maps VPCs with the Name tag, associated CIDRs and a built ARN', async () => {
    m.ec2.on(DescribeVpcsCommand).resolves({
      Vpcs: [
        {
          VpcId: 'vpc-1',
          OwnerId: ACCOUNT,
          IsDefault: false,
          State: 'available',
          DhcpOptionsId: 'dopt-1',
          CidrBlockAssociationSet: [
            { CidrBlock: '10.0.0.0/16', CidrBlockState: { State: 'associated' } },
            { CidrBlock: '10.9.0.0/16', CidrBlockState: { State: 'disassociated' } },
          ],
          Ipv6CidrBlockAssociationSet: [
            { Ipv6CidrBlock: '2600:1f18::/56', Ipv6CidrBlockState: { State: 'associated' } },
          ],
          Tags: [{ Key: 'Name', Value: 'prod' }],
        },
      ],
    });
    const snapshot = await collect(['vpcs']);
    const region = snapshot.accounts[0]!.regions[0]!;
    expect(region.collection).toEqual({ vpcs: 'collected' });
    expect(region.vpcs).toEqual([
      {
        id: 'vpc-1',
        arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:vpc/vpc-1`,
        name: 'prod',
        ownerId: ACCOUNT,
        tags: { Name: 'prod' },
        cidrBlocks: ['10.0.0.0/16'],
        ipv6CidrBlocks: ['2600:1f18::/56'],
        isDefault: false,
        state: 'available',
        dhcpOptionsId: 'dopt-1',
      },
    ]);
    // What the collector produces always passes the snapshot schema.
    expect(() => parseSnapshot(JSON.parse(JSON.stringify(snapshot)), 'collected')).not.toThrow();
  });

  it('reads every page with the largest page size and keeps items in order', async () => {
    const pages = [
      {
        Subnets: [{ SubnetId: 'subnet-1', VpcId: 'vpc-1', AvailabilityZone: 'us-east-1a' }],
        NextToken: 't1',
      },
      {
        Subnets: [{ SubnetId: 'subnet-2', VpcId: 'vpc-1', AvailabilityZone: 'us-east-1b' }],
        NextToken: 't2',
      },
      {
        Subnets: [
          { SubnetId: 'subnet-3', VpcId: 'vpc-1', AvailabilityZone: 'us-east-1c', MapPublicIpOnLaunch: true },
        ],
      },
    ];
    const inputs: unknown[] = [];
    m.ec2.on(DescribeSubnetsCommand).callsFake((input: { NextToken?: string }) => {
      inputs.push({ ...input });
      return pages[inputs.length - 1];
    });
    const snapshot = await collect(['subnets']);
    const subnets = snapshot.accounts[0]!.regions[0]!.subnets;
    expect(subnets.map((s) => s.id)).toEqual(['subnet-1', 'subnet-2', 'subnet-3']);
    expect(subnets[2]!.mapPublicIpOnLaunch).toBe(true);
    expect(inputs).toEqual([
      { MaxResults: 1000 },
      { MaxResults: 1000, NextToken: 't1' },
      { MaxResults: 1000, NextToken: 't2' },
    ]);
    // A second run starts from the first page again: the shared collector input was not mutated.
    inputs.length = 0;
    await collect(['subnets']);
    expect(inputs[0]).toEqual({ MaxResults: 1000 });
  });

  it('normalises route targets and keeps associations, with route tables paged by 100', async () => {
    m.ec2.on(DescribeRouteTablesCommand).resolves({
      RouteTables: [
        {
          RouteTableId: 'rtb-1',
          VpcId: 'vpc-1',
          Associations: [
            {
              RouteTableAssociationId: 'rtbassoc-main',
              Main: true,
              AssociationState: { State: 'associated' },
            },
            {
              RouteTableAssociationId: 'rtbassoc-1',
              Main: false,
              SubnetId: 'subnet-1',
              AssociationState: { State: 'associated' },
            },
          ],
          Routes: [
            {
              DestinationCidrBlock: '10.0.0.0/16',
              GatewayId: 'local',
              State: 'active',
              Origin: 'CreateRouteTable',
            },
            { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1', State: 'active' },
            { DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: 'eigw-1', State: 'active' },
            { DestinationPrefixListId: 'pl-63a5400a', GatewayId: 'vpce-s3', State: 'active' },
            { DestinationCidrBlock: '10.1.0.0/16', GatewayId: 'vpce-gwlb', State: 'active' },
            { DestinationCidrBlock: '192.168.0.0/16', TransitGatewayId: 'tgw-1', State: 'blackhole' },
            { DestinationCidrBlock: '172.16.0.0/12', NatGatewayId: 'nat-1' },
          ],
        },
      ],
    });
    const snapshot = await collect(['routeTables']);
    const table = snapshot.accounts[0]!.regions[0]!.routeTables[0]!;
    expect(table.associations).toEqual([
      { id: 'rtbassoc-main', main: true, state: 'associated' },
      { id: 'rtbassoc-1', main: false, subnetId: 'subnet-1', state: 'associated' },
    ]);
    expect(table.routes.map((r) => [r.target.kind, r.target.id, r.state])).toEqual([
      ['local', 'local', 'active'],
      ['internet-gateway', 'igw-1', 'active'],
      ['egress-only-internet-gateway', 'eigw-1', 'active'],
      ['gateway-endpoint', 'vpce-s3', 'active'],
      ['gateway-load-balancer-endpoint', 'vpce-gwlb', 'active'],
      ['transit-gateway', 'tgw-1', 'blackhole'],
      ['nat-gateway', 'nat-1', 'active'],
    ]);
    expect(m.ec2.commandCalls(DescribeRouteTablesCommand)[0]!.args[0].input).toEqual({ MaxResults: 100 });
  });

  it('flattens each IpPermission into one rule per source and keeps SecurityGroupArn', async () => {
    m.ec2.on(DescribeSecurityGroupsCommand).resolves({
      SecurityGroups: [
        {
          GroupId: 'sg-1',
          GroupName: 'web',
          VpcId: 'vpc-1',
          OwnerId: ACCOUNT,
          SecurityGroupArn: `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-1`,
          IpPermissions: [
            {
              IpProtocol: 'tcp',
              FromPort: 22,
              ToPort: 22,
              IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'anywhere' }, { CidrIp: '10.0.0.0/8' }],
              Ipv6Ranges: [{ CidrIpv6: '::/0' }],
              PrefixListIds: [{ PrefixListId: 'pl-1' }],
              UserIdGroupPairs: [{ GroupId: 'sg-2', UserId: ACCOUNT }],
            },
            { IpProtocol: '-1', IpRanges: [{ CidrIp: '192.0.2.0/24' }] },
          ],
          IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
        },
      ],
    });
    const snapshot = await collect(['securityGroups']);
    const group = snapshot.accounts[0]!.regions[0]!.securityGroups[0]!;
    expect(group.arn).toBe(`arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-1`);
    expect(group.name).toBe('web');
    expect(group.ingress).toEqual([
      {
        protocol: 'tcp',
        fromPort: 22,
        toPort: 22,
        peer: { kind: 'cidr-ipv4', cidr: '0.0.0.0/0' },
        description: 'anywhere',
      },
      { protocol: 'tcp', fromPort: 22, toPort: 22, peer: { kind: 'cidr-ipv4', cidr: '10.0.0.0/8' } },
      { protocol: 'tcp', fromPort: 22, toPort: 22, peer: { kind: 'cidr-ipv6', cidr: '::/0' } },
      { protocol: 'tcp', fromPort: 22, toPort: 22, peer: { kind: 'prefix-list', prefixListId: 'pl-1' } },
      {
        protocol: 'tcp',
        fromPort: 22,
        toPort: 22,
        peer: { kind: 'security-group', groupId: 'sg-2', userId: ACCOUNT },
      },
      // -1 comes without ports (aws-facts §3.1): none are invented.
      { protocol: '-1', peer: { kind: 'cidr-ipv4', cidr: '192.0.2.0/24' } },
    ]);
    expect(group.egress).toEqual([{ protocol: '-1', peer: { kind: 'cidr-ipv4', cidr: '0.0.0.0/0' } }]);
  });

  it('lower-cases endpoint state and parses the endpoint policy', async () => {
    m.ec2.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [
        {
          VpcEndpointId: 'vpce-1',
          VpcEndpointType: 'Interface',
          VpcId: 'vpc-1',
          ServiceName: 'com.amazonaws.us-east-1.ssm',
          State: 'Available',
          SubnetIds: ['subnet-1'],
          Groups: [{ GroupId: 'sg-1', GroupName: 'endpoints' }],
          NetworkInterfaceIds: ['eni-1'],
          PrivateDnsEnabled: true,
          PolicyDocument: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}',
        },
      ],
    });
    const snapshot = await collect(['vpcEndpoints']);
    const endpoint = snapshot.accounts[0]!.regions[0]!.vpcEndpoints[0]!;
    expect(endpoint).toMatchObject({
      state: 'available',
      type: 'Interface',
      securityGroupIds: ['sg-1'],
      privateDnsEnabled: true,
      policyDocument: { statements: [{ effect: 'Allow', principal: '*', action: ['*'], resource: ['*'] }] },
    });
  });

  it('maps NACL entries with numeric protocols, port ranges and associations', async () => {
    m.ec2.on(DescribeNetworkAclsCommand).resolves({
      NetworkAcls: [
        {
          NetworkAclId: 'acl-1',
          VpcId: 'vpc-1',
          IsDefault: false,
          Associations: [{ SubnetId: 'subnet-1' }, { SubnetId: 'subnet-2' }],
          Entries: [
            {
              RuleNumber: 100,
              Egress: false,
              Protocol: '6',
              RuleAction: 'allow',
              CidrBlock: '0.0.0.0/0',
              PortRange: { From: 22, To: 22 },
            },
            { RuleNumber: 32767, Egress: false, Protocol: '-1', RuleAction: 'deny', CidrBlock: '0.0.0.0/0' },
            { RuleNumber: 101, Egress: true, Protocol: '-1', RuleAction: 'allow', Ipv6CidrBlock: '::/0' },
          ],
        },
      ],
    });
    const snapshot = await collect(['networkAcls']);
    expect(snapshot.accounts[0]!.regions[0]!.networkAcls[0]).toEqual({
      id: 'acl-1',
      arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:network-acl/acl-1`,
      vpcId: 'vpc-1',
      isDefault: false,
      subnetIds: ['subnet-1', 'subnet-2'],
      entries: [
        {
          ruleNumber: 100,
          egress: false,
          protocol: '6',
          action: 'allow',
          cidrBlock: '0.0.0.0/0',
          portRange: { from: 22, to: 22 },
        },
        { ruleNumber: 32767, egress: false, protocol: '-1', action: 'deny', cidrBlock: '0.0.0.0/0' },
        { ruleNumber: 101, egress: true, protocol: '-1', action: 'allow', ipv6CidrBlock: '::/0' },
      ],
    });
  });

  it('reads both DNS attributes per VPC when vpcAttributes is asked for, pulling in vpcs', async () => {
    m.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-1' }, { VpcId: 'vpc-2' }] });
    m.ec2
      .on(DescribeVpcAttributeCommand, { VpcId: 'vpc-1', Attribute: 'enableDnsSupport' })
      .resolves({ EnableDnsSupport: { Value: true } })
      .on(DescribeVpcAttributeCommand, { VpcId: 'vpc-1', Attribute: 'enableDnsHostnames' })
      .resolves({ EnableDnsHostnames: { Value: false } })
      .on(DescribeVpcAttributeCommand, { VpcId: 'vpc-2', Attribute: 'enableDnsSupport' })
      .resolves({ EnableDnsSupport: { Value: true } })
      .on(DescribeVpcAttributeCommand, { VpcId: 'vpc-2', Attribute: 'enableDnsHostnames' })
      .rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403));
    const snapshot = await collect(['vpcAttributes']);
    const region = snapshot.accounts[0]!.regions[0]!;
    expect(region.collection).toEqual({ vpcs: 'collected', vpcAttributes: 'failed' });
    expect(region.vpcs[0]).toMatchObject({ enableDnsSupport: true, enableDnsHostnames: false });
    expect(region.vpcs[1]!.enableDnsSupport).toBe(true);
    expect(region.vpcs[1]!.enableDnsHostnames).toBeUndefined();
    expect(snapshot.accounts[0]!.errors).toEqual([
      {
        service: 'ec2',
        operation: 'DescribeVpcAttribute',
        region: 'us-east-1',
        category: 'access-denied',
        code: 'UnauthorizedOperation',
        message: 'You are not authorized to perform this operation.',
        kinds: ['vpcAttributes'],
        resourceId: 'vpc-2',
      },
    ]);
    expect(m.ec2.commandCalls(DescribeVpcAttributeCommand)).toHaveLength(4);
  });

  it('reads DHCP options in one sweep and joins their DNS servers to each VPC (issue 20 item 8)', async () => {
    m.ec2.on(DescribeVpcsCommand).resolves({
      Vpcs: [
        { VpcId: 'vpc-1', DhcpOptionsId: 'dopt-amazon' },
        { VpcId: 'vpc-2', DhcpOptionsId: 'dopt-corp' },
        { VpcId: 'vpc-3', DhcpOptionsId: 'default' },
        { VpcId: 'vpc-4', DhcpOptionsId: 'dopt-gone' },
        { VpcId: 'vpc-5', DhcpOptionsId: 'dopt-ntp-only' },
      ],
    });
    m.ec2
      .on(DescribeDhcpOptionsCommand)
      .resolvesOnce({
        DhcpOptions: [
          {
            DhcpOptionsId: 'dopt-amazon',
            DhcpConfigurations: [
              { Key: 'domain-name', Values: [{ Value: 'ec2.internal' }] },
              { Key: 'domain-name-servers', Values: [{ Value: 'AmazonProvidedDNS' }] },
            ],
          },
        ],
        NextToken: 't1',
      })
      .resolvesOnce({
        DhcpOptions: [
          {
            DhcpOptionsId: 'dopt-corp',
            DhcpConfigurations: [
              { Key: 'domain-name-servers', Values: [{ Value: '10.0.0.53' }, { Value: '10.1.0.53' }] },
            ],
          },
          {
            DhcpOptionsId: 'dopt-ntp-only',
            DhcpConfigurations: [{ Key: 'ntp-servers', Values: [{ Value: '10.0.0.1' }] }],
          },
        ],
      });
    const snapshot = await collect(['dhcpOptions']);
    const region = snapshot.accounts[0]!.regions[0]!;
    expect(region.collection).toEqual({ vpcs: 'collected', dhcpOptions: 'collected' });
    expect(region.vpcs.map((v) => [v.id, v.domainNameServers])).toEqual([
      ['vpc-1', ['AmazonProvidedDNS']],
      ['vpc-2', ['10.0.0.53', '10.1.0.53']],
      ['vpc-3', []],
      ['vpc-4', undefined],
      ['vpc-5', []],
    ]);
    const calls = m.ec2.commandCalls(DescribeDhcpOptionsCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(2);
    expect(calls[1]).toMatchObject({ MaxResults: 1000, NextToken: 't1' });
    expect(() => parseSnapshot(JSON.parse(JSON.stringify(snapshot)), 'collected')).not.toThrow();
  });

  it('a denied DescribeDhcpOptions marks only dhcpOptions failed', async () => {
    m.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-1', DhcpOptionsId: 'dopt-1' }] });
    m.ec2.on(DescribeDhcpOptionsCommand).rejects(awsError('UnauthorizedOperation', 'not authorized', 403));
    const snapshot = await collect(['dhcpOptions']);
    const region = snapshot.accounts[0]!.regions[0]!;
    expect(region.collection).toEqual({ vpcs: 'collected', dhcpOptions: 'failed' });
    expect(region.vpcs[0]!.domainNameServers).toBeUndefined();
    expect(snapshot.accounts[0]!.errors.map((e) => [e.operation, e.category, e.kinds])).toEqual([
      ['DescribeDhcpOptions', 'access-denied', ['dhcpOptions']],
    ]);
  });
});
