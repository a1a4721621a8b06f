import {
  DescribeInstanceInformationCommand,
  GetServiceSettingCommand,
  SSMClient,
  paginateDescribeInstanceInformation,
} from '@aws-sdk/client-ssm';
import {
  DescribeDBInstancesCommand,
  DescribeDBSubnetGroupsCommand,
  RDSClient,
  paginateDescribeDBInstances,
} from '@aws-sdk/client-rds';
import {
  DescribeOrganizationCommand,
  ListAccountsCommand,
  OrganizationsClient,
  paginateListAccounts,
} from '@aws-sdk/client-organizations';
import { GlobalBuilder, RegionBuilder, buildAccount } from '../support/builders/index.js';
import { DEMO_ACCOUNT, buildDemoSnapshot } from '../../scripts/demo-account.js';
import { startFakeAws } from './index.js';
import type { FakeAws, OrganizationSpec } from './index.js';
import { clientConfig, rejectionOf } from './helpers.js';

const demoAccount = buildDemoSnapshot().accounts[0]!;
const demoEast = demoAccount.regions.find((r) => r.region === 'us-east-1')!;
let demo: FakeAws;
beforeAll(async () => {
  demo = await startFakeAws({ accounts: [{ snapshot: demoAccount }] });
});
afterAll(() => demo.close());

describe('SSM', () => {
  test('DescribeInstanceInformation maps ping status, agent version and role', async () => {
    const ssm = new SSMClient(clientConfig(demo));
    const { InstanceInformationList } = await ssm.send(new DescribeInstanceInformationCommand({}));
    ssm.destroy();
    // The demo account grows; compare against its records, then pin two known ones.
    expect(InstanceInformationList?.map((i) => i.InstanceId)).toEqual(
      demoEast.ssmInstances.map((i) => i.instanceId),
    );
    expect(InstanceInformationList).toContainEqual(
      expect.objectContaining({
        InstanceId: 'i-0a11app00001',
        PingStatus: 'Online',
        AgentVersion: '3.3.1345.0',
        IamRole: 'app-role',
        PlatformType: 'Linux',
        ResourceType: 'EC2Instance',
      }),
    );
    expect(InstanceInformationList).toContainEqual(
      expect.objectContaining({
        InstanceId: 'i-0a11web00001',
        PingStatus: 'ConnectionLost',
        AgentVersion: '3.2.582.0',
      }),
    );
  });

  test('DescribeInstanceInformation pages 5–50 (default 10) and refuses other sizes', async () => {
    const region = new RegionBuilder('us-west-2');
    for (let i = 0; i < 23; i++) region.ssmInstance(`i-${String(i).padStart(4, '0')}`);
    const fake = await startFakeAws({ accounts: [{ snapshot: buildAccount({ regions: [region] }) }] });
    const ssm = new SSMClient(clientConfig(fake, { region: 'us-west-2' }));
    try {
      const first = await ssm.send(new DescribeInstanceInformationCommand({}));
      expect(first.InstanceInformationList).toHaveLength(10);
      expect(first.NextToken).toBeDefined();
      const ids: string[] = [];
      for await (const page of paginateDescribeInstanceInformation({ client: ssm, pageSize: 5 }, {})) {
        ids.push(...page.InstanceInformationList!.map((i) => i.InstanceId!));
      }
      expect(new Set(ids).size).toBe(23);
      expect(ids).toHaveLength(23);
      for (const size of [4, 51]) {
        const error = await rejectionOf(
          ssm.send(new DescribeInstanceInformationCommand({ MaxResults: size })),
        );
        expect(error.name).toBe('ValidationException');
        expect(error.$metadata?.httpStatusCode).toBe(400);
      }
      const filtered = await ssm.send(
        new DescribeInstanceInformationCommand({
          Filters: [{ Key: 'InstanceIds', Values: ['i-0003', 'i-0007'] }],
        }),
      );
      expect(filtered.InstanceInformationList?.map((i) => i.InstanceId)).toEqual(['i-0003', 'i-0007']);
    } finally {
      ssm.destroy();
      await fake.close();
    }
  });

  test('GetServiceSetting: DHMC disabled answers $None/Default; enabled answers the role', async () => {
    const id = '/ssm/managed-instance/default-ec2-instance-management-role';
    const east = new SSMClient(clientConfig(demo, { region: 'us-east-1' }));
    const disabled = await east.send(new GetServiceSettingCommand({ SettingId: id }));
    expect(disabled.ServiceSetting).toMatchObject({
      SettingId: id,
      SettingValue: '$None',
      Status: 'Default',
    });
    const unknown = await rejectionOf(east.send(new GetServiceSettingCommand({ SettingId: '/ssm/nope' })));
    expect(unknown.name).toBe('ServiceSettingNotFound');
    east.destroy();
    const west = new SSMClient(clientConfig(demo, { region: 'eu-west-1' }));
    const enabled = await west.send(
      new GetServiceSettingCommand({
        SettingId: `arn:aws:ssm:eu-west-1:${DEMO_ACCOUNT}:servicesetting${id}`,
      }),
    );
    west.destroy();
    expect(enabled.ServiceSetting).toMatchObject({
      SettingValue: 'service-role/AWSSystemsManagerDefaultEC2InstanceManagementRole',
      Status: 'Customized',
      ARN: `arn:aws:ssm:eu-west-1:${DEMO_ACCOUNT}:servicesetting${id}`,
    });
    expect(enabled.ServiceSetting?.LastModifiedDate).toBeInstanceOf(Date);
  });
});

describe('RDS', () => {
  test('DescribeDBInstances: engine, public flag, endpoint, subnet group and security groups', async () => {
    const rds = new RDSClient(clientConfig(demo));
    const { DBInstances } = await rds.send(new DescribeDBInstancesCommand({}));
    expect(DBInstances?.map((d) => d.DBInstanceIdentifier)).toEqual(demoEast.dbInstances.map((d) => d.id));
    expect(DBInstances!.find((d) => d.DBInstanceIdentifier === 'reporting')).toMatchObject({
      Engine: 'postgres',
      DBInstanceStatus: 'available',
      PubliclyAccessible: true,
      Endpoint: { Address: 'reporting.c0abcdefgh.us-east-1.rds.amazonaws.com', Port: 5432 },
      DBSubnetGroup: { DBSubnetGroupName: 'reporting-public', VpcId: 'vpc-0a11prod' },
      VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-0a11dbpub', Status: 'active' }],
      StorageEncrypted: true,
    });
    const reporting = DBInstances!.find((d) => d.DBInstanceIdentifier === 'reporting')!;
    expect(reporting.DBSubnetGroup?.Subnets?.map((s) => s.SubnetIdentifier)).toEqual(['subnet-0a11pub1']);
    const { DBSubnetGroups } = await rds.send(new DescribeDBSubnetGroupsCommand({}));
    expect(
      DBSubnetGroups?.map((g) => [g.DBSubnetGroupName, g.Subnets?.map((s) => s.SubnetIdentifier)]),
    ).toEqual(demoEast.dbSubnetGroups.map((g) => [g.name, g.subnetIds]));
    expect(DBSubnetGroups).toContainEqual(
      expect.objectContaining({
        DBSubnetGroupName: 'prod-db',
        VpcId: 'vpc-0a11prod',
        SubnetGroupStatus: 'Complete',
      }),
    );
    const missing = await rejectionOf(
      rds.send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: 'nope' })),
    );
    expect(missing.name).toBe('DBInstanceNotFoundFault');
    expect(missing.$metadata?.httpStatusCode).toBe(404);
    rds.destroy();
  });

  test('MaxRecords 20–100 with Marker', async () => {
    const region = new RegionBuilder('us-east-1');
    for (let i = 0; i < 45; i++) region.dbInstance(`db-${i}`);
    const fake = await startFakeAws({ accounts: [{ snapshot: buildAccount({ regions: [region] }) }] });
    const rds = new RDSClient(clientConfig(fake));
    try {
      const ids: string[] = [];
      for await (const page of paginateDescribeDBInstances({ client: rds, pageSize: 20 }, {})) {
        ids.push(...page.DBInstances!.map((d) => d.DBInstanceIdentifier!));
      }
      expect(new Set(ids).size).toBe(45);
      expect(fake.requests.map((r) => r.items)).toEqual([20, 20, 5]);
      const error = await rejectionOf(rds.send(new DescribeDBInstancesCommand({ MaxRecords: 19 })));
      expect(error.name).toBe('InvalidParameterValue');
      expect(error.message).toContain('between 20 and 100');
    } finally {
      rds.destroy();
      await fake.close();
    }
  });
});

describe('Organizations', () => {
  const orgAccounts: OrganizationSpec['accounts'] = Array.from({ length: 25 }, (_, i) => ({
    id: String(100000000000 + i),
    name: `account-${i}`,
    status: i === 3 ? 'SUSPENDED' : 'ACTIVE',
  }));
  const snapshotOf = (id: string) => ({
    snapshot: buildAccount({
      accountId: id,
      regions: [new RegionBuilder('us-east-1', id)],
      global: new GlobalBuilder(id),
    }),
  });

  test('ListAccounts (1–20 per page) and DescribeOrganization from the management account', async () => {
    const fake = await startFakeAws({
      accounts: [snapshotOf('100000000000'), snapshotOf('100000000001')],
      organization: { managementAccountId: '100000000000', accounts: orgAccounts },
    });
    const org = new OrganizationsClient(clientConfig(fake));
    try {
      const listed: string[] = [];
      for await (const page of paginateListAccounts({ client: org, pageSize: 20 }, {}))
        listed.push(...page.Accounts!.map((a) => a.Id!));
      expect(listed).toEqual(orgAccounts.map((a) => a.id));
      const first = await org.send(new ListAccountsCommand({ MaxResults: 5 }));
      expect(first.Accounts![3]).toMatchObject({
        Id: '100000000003',
        Name: 'account-3',
        Status: 'SUSPENDED',
      });
      const tooMany = await rejectionOf(org.send(new ListAccountsCommand({ MaxResults: 21 })));
      expect(tooMany.name).toBe('InvalidInputException');
      const { Organization } = await org.send(new DescribeOrganizationCommand({}));
      expect(Organization).toMatchObject({ MasterAccountId: '100000000000', FeatureSet: 'ALL' });
      expect(Organization?.Id).toMatch(/^o-[a-z0-9]{10}$/);
      const member = new OrganizationsClient(
        clientConfig(fake, { credentials: fake.credentialsFor('100000000001') }),
      );
      const denied = await rejectionOf(member.send(new ListAccountsCommand({})));
      member.destroy();
      expect(denied.name).toBe('AccessDeniedException');
    } finally {
      org.destroy();
      await fake.close();
    }
  });

  test('without an organization: AWSOrganizationsNotInUseException', async () => {
    const org = new OrganizationsClient(clientConfig(demo));
    const error = await rejectionOf(org.send(new DescribeOrganizationCommand({})));
    org.destroy();
    expect(error.name).toBe('AWSOrganizationsNotInUseException');
    expect(error.$metadata?.httpStatusCode).toBe(400);
  });
});
