import { DescribeRegionsCommand, DescribeSubnetsCommand, DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import {
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountAuthorizationDetailsCommand,
  GetCredentialReportCommand,
  ListAccessKeysCommand,
  ListInstanceProfilesCommand,
  ListUsersCommand,
} from '@aws-sdk/client-iam';
import { DescribeDBInstancesCommand, DescribeDBSubnetGroupsCommand } from '@aws-sdk/client-rds';
import { DescribeInstanceInformationCommand, GetServiceSettingCommand } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { CredentialError } from '../../src/collect/credentials.js';
import { parseSnapshot } from '../../src/snapshot/io.js';
import { ACCOUNT, awsError, collect, mocks, recordingLog } from './mock-support.js';

let m: ReturnType<typeof mocks>;
beforeEach(() => {
  m = mocks();
});
afterEach(() => m.reset());

describe('SSM and RDS collectors', () => {
  it('maps managed instances (pages of 50) and the DHMC setting', async () => {
    m.ssm
      .on(DescribeInstanceInformationCommand)
      .resolvesOnce({
        InstanceInformationList: [
          {
            InstanceId: 'i-1',
            PingStatus: 'Online',
            AgentVersion: '3.3.40.0',
            IsLatestVersion: true,
            PlatformType: 'Linux',
            ResourceType: 'EC2Instance',
          },
        ],
        NextToken: 'n',
      })
      .resolvesOnce({
        InstanceInformationList: [
          {
            InstanceId: 'i-2',
            PingStatus: 'ConnectionLost',
            LastPingDateTime: new Date('2026-11-01T00:00:00Z'),
          },
        ],
      });
    m.ssm.on(GetServiceSettingCommand).resolves({
      ServiceSetting: {
        SettingValue: 'AWSSystemsManagerDefaultEC2InstanceManagementRole',
        Status: 'Customized',
      },
    });
    const snapshot = await collect(['ssmInstances', 'ssmDefaultHostManagement']);
    const region = snapshot.accounts[0]!.regions[0]!;
    expect(region.ssmInstances).toEqual([
      {
        instanceId: 'i-1',
        pingStatus: 'Online',
        agentVersion: '3.3.40.0',
        isLatestVersion: true,
        platformType: 'Linux',
        resourceType: 'EC2Instance',
      },
      { instanceId: 'i-2', pingStatus: 'ConnectionLost', lastPingDateTime: '2026-11-01T00:00:00.000Z' },
    ]);
    expect(m.ssm.commandCalls(DescribeInstanceInformationCommand)[0]!.args[0].input).toMatchObject({
      MaxResults: 50,
    });
    expect(region.ssmDefaultHostManagement).toEqual({
      enabled: true,
      roleName: 'AWSSystemsManagerDefaultEC2InstanceManagementRole',
      status: 'Customized',
    });
    expect(m.ssm.commandCalls(GetServiceSettingCommand)[0]!.args[0].input).toEqual({
      SettingId: '/ssm/managed-instance/default-ec2-instance-management-role',
    });
  });

  it.each([
    ['the untouched placeholder', '$None', 'Default', { enabled: false, status: 'Default' }],
    ['a reset setting', '', 'Default', { enabled: false, status: 'Default' }],
    [
      'a role with its IAM path',
      'service-role/AWSSystemsManagerDefaultEC2InstanceManagementRole',
      'Customized',
      { enabled: true, roleName: 'AWSSystemsManagerDefaultEC2InstanceManagementRole', status: 'Customized' },
    ],
  ])(
    'reads DHMC from %s without mistaking a placeholder for a role',
    async (_name, value, status, expected) => {
      m.ssm
        .on(GetServiceSettingCommand)
        .resolves({ ServiceSetting: { SettingValue: value, Status: status } });
      const snapshot = await collect(['ssmDefaultHostManagement']);
      expect(snapshot.accounts[0]!.regions[0]!.ssmDefaultHostManagement).toEqual(expected);
    },
  );

  it('treats ServiceSettingNotFound as DHMC off, not as a failure', async () => {
    m.ssm.on(GetServiceSettingCommand).rejects(awsError('ServiceSettingNotFound', 'not found'));
    const snapshot = await collect(['ssmDefaultHostManagement']);
    const region = snapshot.accounts[0]!.regions[0]!;
    expect(region.collection).toEqual({ ssmDefaultHostManagement: 'collected' });
    expect(region.ssmDefaultHostManagement).toEqual({ enabled: false });
  });

  it('maps RDS instances and subnet groups with their ARNs', async () => {
    m.rds.on(DescribeDBInstancesCommand).resolves({
      DBInstances: [
        {
          DBInstanceIdentifier: 'orders',
          DBInstanceArn: `arn:aws:rds:us-east-1:${ACCOUNT}:db:orders`,
          Engine: 'postgres',
          EngineVersion: '16.4',
          DBInstanceStatus: 'available',
          PubliclyAccessible: true,
          Endpoint: { Address: 'orders.x.rds.amazonaws.com', Port: 5432 },
          DBSubnetGroup: {
            DBSubnetGroupName: 'db',
            VpcId: 'vpc-1',
            Subnets: [{ SubnetIdentifier: 'subnet-1' }, { SubnetIdentifier: 'subnet-2' }],
          },
          VpcSecurityGroups: [{ VpcSecurityGroupId: 'sg-db', Status: 'active' }],
          StorageEncrypted: false,
        },
      ],
    });
    m.rds.on(DescribeDBSubnetGroupsCommand).resolves({
      DBSubnetGroups: [
        {
          DBSubnetGroupName: 'db',
          DBSubnetGroupArn: `arn:aws:rds:us-east-1:${ACCOUNT}:subgrp:db`,
          VpcId: 'vpc-1',
          SubnetGroupStatus: 'Complete',
          Subnets: [{ SubnetIdentifier: 'subnet-1' }, { SubnetIdentifier: 'subnet-2' }],
        },
      ],
    });
    const snapshot = await collect(['dbInstances', 'dbSubnetGroups']);
    const region = snapshot.accounts[0]!.regions[0]!;
    expect(region.dbInstances).toEqual([
      {
        id: 'orders',
        arn: `arn:aws:rds:us-east-1:${ACCOUNT}:db:orders`,
        engine: 'postgres',
        engineVersion: '16.4',
        status: 'available',
        publiclyAccessible: true,
        endpointAddress: 'orders.x.rds.amazonaws.com',
        port: 5432,
        vpcId: 'vpc-1',
        dbSubnetGroupName: 'db',
        subnetIds: ['subnet-1', 'subnet-2'],
        securityGroupIds: ['sg-db'],
        storageEncrypted: false,
      },
    ]);
    expect(region.dbSubnetGroups).toEqual([
      {
        id: 'db',
        arn: `arn:aws:rds:us-east-1:${ACCOUNT}:subgrp:db`,
        name: 'db',
        vpcId: 'vpc-1',
        subnetIds: ['subnet-1', 'subnet-2'],
        status: 'Complete',
      },
    ]);
    expect(m.rds.commandCalls(DescribeDBInstancesCommand)[0]!.args[0].input).toEqual({ MaxRecords: 100 });
  });

  it('takes a DB instance port from DbInstancePort while it has no endpoint yet, and none from 0', async () => {
    m.rds.on(DescribeDBInstancesCommand).resolves({
      DBInstances: [
        { DBInstanceIdentifier: 'creating', DBInstanceStatus: 'creating', DbInstancePort: 3306 },
        { DBInstanceIdentifier: 'unreported', DBInstanceStatus: 'creating', DbInstancePort: 0 },
        {
          DBInstanceIdentifier: 'ready',
          DBInstanceStatus: 'available',
          DbInstancePort: 0,
          Endpoint: { Address: 'ready.x.rds.amazonaws.com', Port: 5432 },
        },
      ],
    });
    const snapshot = await collect(['dbInstances']);
    const ports = snapshot.accounts[0]!.regions[0]!.dbInstances.map((db) => [db.id, db.port]);
    expect(ports).toEqual([
      ['creating', 3306],
      ['unreported', undefined],
      ['ready', 5432],
    ]);
  });
});

const ROLE_POLICY = encodeURIComponent(
  JSON.stringify({
    Version: '2012-10-17',
    Statement: {
      Effect: 'Allow',
      Action: 'ssm:*',
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } },
    },
  }),
);

describe('IAM collectors', () => {
  it('reads roles (URL-decoded inline policies) and local managed policies from GetAccountAuthorizationDetails', async () => {
    m.iam
      .on(GetAccountAuthorizationDetailsCommand, { Filter: ['Role'] })
      .resolvesOnce({
        RoleDetailList: [
          {
            RoleId: 'AROA1',
            RoleName: 'web',
            Arn: `arn:aws:iam::${ACCOUNT}:role/web`,
            Path: '/',
            CreateDate: new Date('2025-01-01T00:00:00Z'),
            AttachedManagedPolicies: [
              {
                PolicyName: 'AmazonSSMManagedInstanceCore',
                PolicyArn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
              },
            ],
            RolePolicyList: [{ PolicyName: 'inline', PolicyDocument: ROLE_POLICY }],
            AssumeRolePolicyDocument: encodeURIComponent(
              '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ssm.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
            ),
          },
        ],
        IsTruncated: true,
        Marker: 'm1',
      })
      .resolvesOnce({
        RoleDetailList: [{ RoleId: 'AROA2', RoleName: 'batch', Arn: `arn:aws:iam::${ACCOUNT}:role/batch` }],
        IsTruncated: false,
      });
    m.iam.on(GetAccountAuthorizationDetailsCommand, { Filter: ['LocalManagedPolicy'] }).resolves({
      Policies: [
        {
          PolicyId: 'ANPA1',
          PolicyName: 'custom',
          Arn: `arn:aws:iam::${ACCOUNT}:policy/custom`,
          PolicyVersionList: [
            {
              VersionId: 'v1',
              IsDefaultVersion: false,
              Document: encodeURIComponent('{"Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}'),
            },
            {
              VersionId: 'v2',
              IsDefaultVersion: true,
              Document: encodeURIComponent(
                '{"Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"*"}]}',
              ),
            },
          ],
        },
      ],
    });
    m.iam.on(ListInstanceProfilesCommand).resolves({
      InstanceProfiles: [
        {
          InstanceProfileId: 'AIPA1',
          InstanceProfileName: 'web',
          Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/web`,
          Path: '/',
          CreateDate: new Date(),
          Roles: [{ RoleName: 'web', RoleId: 'AROA1', Arn: 'x', Path: '/', CreateDate: new Date() }],
        },
        {
          InstanceProfileId: 'AIPA2',
          InstanceProfileName: 'empty',
          Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/empty`,
          Path: '/',
          CreateDate: new Date(),
          Roles: [],
        },
      ],
    });
    const snapshot = await collect(['iamRoles', 'iamPolicies', 'iamInstanceProfiles']);
    const global = snapshot.accounts[0]!.global;
    expect(global.collection).toEqual({
      iamRoles: 'collected',
      iamInstanceProfiles: 'collected',
      iamPolicies: 'collected',
    });
    expect(global.roles.map((r) => r.name)).toEqual(['web', 'batch']);
    expect(global.roles[0]).toMatchObject({
      attachedPolicies: [
        { name: 'AmazonSSMManagedInstanceCore', arn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore' },
      ],
      inlinePolicies: [
        {
          name: 'inline',
          document: {
            version: '2012-10-17',
            statements: [
              {
                effect: 'Allow',
                action: ['ssm:*'],
                resource: ['*'],
                condition: { StringEquals: { 'aws:RequestedRegion': ['us-east-1'] } },
              },
            ],
          },
        },
      ],
    });
    // The trust policy is kept (the Default Host Management role must trust ssm.amazonaws.com).
    expect(global.roles[0]!.trustPolicy).toEqual({
      version: '2012-10-17',
      statements: [
        { effect: 'Allow', principal: { Service: ['ssm.amazonaws.com'] }, action: ['sts:AssumeRole'] },
      ],
    });
    expect(global.roles[1]!.trustPolicy).toBeUndefined();
    expect(global.policies[0]!.document).toEqual({
      statements: [{ effect: 'Allow', action: ['s3:GetObject'], resource: ['*'] }],
    });
    expect(global.instanceProfiles.map((p) => [p.name, p.roleNames])).toEqual([
      ['web', ['web']],
      ['empty', []],
    ]);
    expect(
      m.iam.commandCalls(GetAccountAuthorizationDetailsCommand).map((c) => c.args[0].input.MaxItems),
    ).toEqual([1000, 1000, 1000]);
    expect(() => parseSnapshot(JSON.parse(JSON.stringify(snapshot)), 'collected')).not.toThrow();
  });

  const REPORT = [
    'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated',
    `<root_account>,arn:aws:iam::${ACCOUNT}:root,2020-01-01T00:00:00+00:00,not_supported,N/A,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
    `alice,arn:aws:iam::${ACCOUNT}:user/alice,2024-01-01T00:00:00+00:00,true,2026-11-01T10:00:00+00:00,N/A,N/A,false,true,2024-02-01T00:00:00+00:00,2026-11-20T08:00:00+00:00,us-east-1,s3,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
    `bob,arn:aws:iam::${ACCOUNT}:user/bob,2024-01-01T00:00:00+00:00,false,N/A,N/A,N/A,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`,
  ].join('\n');

  function usersAndKeys(): void {
    m.iam.on(ListUsersCommand).resolves({
      Users: [
        {
          UserName: 'alice',
          UserId: 'AIDA1',
          Arn: `arn:aws:iam::${ACCOUNT}:user/alice`,
          Path: '/',
          CreateDate: new Date('2024-01-01T00:00:00Z'),
        },
        {
          UserName: 'bob',
          UserId: 'AIDA2',
          Arn: `arn:aws:iam::${ACCOUNT}:user/bob`,
          Path: '/',
          CreateDate: new Date('2024-01-01T00:00:00Z'),
        },
      ],
    });
    m.iam.on(ListAccessKeysCommand, { UserName: 'alice' }).resolves({
      AccessKeyMetadata: [
        {
          UserName: 'alice',
          AccessKeyId: 'AKIAALICE',
          Status: 'Active',
          CreateDate: new Date('2024-02-01T00:00:00Z'),
        },
      ],
    });
    m.iam.on(ListAccessKeysCommand, { UserName: 'bob' }).resolves({ AccessKeyMetadata: [] });
  }

  it('judges keys from the credential report alone: no per-user ListAccessKeys or GetAccessKeyLastUsed', async () => {
    usersAndKeys();
    m.iam
      .on(GenerateCredentialReportCommand)
      .resolvesOnce({ State: 'STARTED' })
      .resolves({ State: 'COMPLETE' });
    m.iam
      .on(GetCredentialReportCommand)
      .resolves({ Content: new TextEncoder().encode(REPORT), ReportFormat: 'text/csv' });
    const snapshot = await collect(['iamUsers']);
    const users = snapshot.accounts[0]!.global.users;
    expect(users[0]).toMatchObject({
      name: 'alice',
      passwordEnabled: true,
      mfaActive: false,
      passwordLastUsed: '2026-11-01T10:00:00.000Z',
      accessKeys: [
        {
          accessKeyId: 'access_key_1',
          status: 'Active',
          createDate: '2024-02-01T00:00:00.000Z',
          lastUsedDate: '2026-11-20T08:00:00.000Z',
          lastUsedService: 's3',
          lastUsedRegion: 'us-east-1',
        },
      ],
    });
    expect(users[1]).toMatchObject({ name: 'bob', passwordEnabled: false, mfaActive: true, accessKeys: [] });
    expect(users[0]!.accessKeys).toHaveLength(1);
    expect(m.iam.commandCalls(ListAccessKeysCommand)).toHaveLength(0);
    expect(m.iam.commandCalls(GetAccessKeyLastUsedCommand)).toHaveLength(0);
    expect(m.iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(2);
  });

  it('falls back to ListAccessKeys and GetAccessKeyLastUsed when the report is denied', async () => {
    usersAndKeys();
    m.iam.on(GenerateCredentialReportCommand).rejects(awsError('AccessDenied', 'denied', 403));
    m.iam.on(GetAccessKeyLastUsedCommand).resolves({
      UserName: 'alice',
      AccessKeyLastUsed: {
        LastUsedDate: new Date('2026-11-19T00:00:00Z'),
        ServiceName: 'sts',
        Region: 'eu-west-1',
      },
    });
    const log = recordingLog();
    const snapshot = await collect(['iamUsers'], { log });
    const global = snapshot.accounts[0]!.global;
    expect(global.collection).toEqual({ iamUsers: 'collected' });
    // Not an error (the keys are all read), but the log says why there is a call per user.
    expect(log.notes).toContainEqual(
      expect.stringMatching(
        /^IAM credential report not read \(iam:GenerateCredentialReport failed: AccessDenied\): listing each user's access keys instead$/,
      ),
    );
    expect(global.users[0]!.accessKeys[0]).toMatchObject({
      lastUsedDate: '2026-11-19T00:00:00.000Z',
      lastUsedService: 'sts',
      lastUsedRegion: 'eu-west-1',
    });
    expect(global.users[0]!.passwordEnabled).toBeUndefined();
    expect(m.iam.commandCalls(ListAccessKeysCommand)).toHaveLength(2);
  });
});

describe('failures become recorded errors, and the rest is still collected', () => {
  it('AccessDenied, throttling and opt-in failures each mark their kind failed with a classified error', async () => {
    m.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-1' }] });
    m.ec2
      .on(DescribeSubnetsCommand)
      .rejects(awsError('RequestLimitExceeded', 'Request limit exceeded.', 503));
    m.rds
      .on(DescribeDBInstancesCommand)
      .rejects(awsError('AccessDenied', 'User is not authorized to perform: rds:DescribeDBInstances', 403));
    m.ssm
      .on(DescribeInstanceInformationCommand)
      .rejects(awsError('SubscriptionRequiredException', 'not subscribed'));
    m.iam.on(ListInstanceProfilesCommand).resolves({ InstanceProfiles: [] });
    const snapshot = await collect(['vpcs', 'subnets', 'dbInstances', 'ssmInstances', 'iamInstanceProfiles']);
    const account = snapshot.accounts[0]!;
    expect(account.regions[0]!.collection).toEqual({
      vpcs: 'collected',
      subnets: 'failed',
      ssmInstances: 'failed',
      dbInstances: 'failed',
    });
    expect(account.regions[0]!.availability).toBe('enabled');
    expect(account.regions[0]!.vpcs).toHaveLength(1);
    expect(account.global.collection).toEqual({ iamInstanceProfiles: 'collected' });
    const byOperation = Object.fromEntries(
      account.errors.map((e) => [e.operation, [e.service, e.category, e.code, e.kinds]]),
    );
    expect(byOperation).toEqual({
      DescribeSubnets: ['ec2', 'throttled', 'RequestLimitExceeded', ['subnets']],
      DescribeDBInstances: ['rds', 'access-denied', 'AccessDenied', ['dbInstances']],
      DescribeInstanceInformation: [
        'ssm',
        'opt-in-required',
        'SubscriptionRequiredException',
        ['ssmInstances'],
      ],
    });
    expect(() => parseSnapshot(JSON.parse(JSON.stringify(snapshot)), 'collected')).not.toThrow();
  });

  it('an explicitly requested region that answers AuthFailure everywhere is recorded as not opted in', async () => {
    m.ec2
      .on(DescribeVpcsCommand)
      .rejects(awsError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401));
    m.ec2
      .on(DescribeSubnetsCommand)
      .rejects(awsError('AuthFailure', 'AWS was not able to validate the provided access credentials', 401));
    const snapshot = await collect(['vpcs', 'subnets'], { regions: ['ap-east-1'] });
    const region = snapshot.accounts[0]!.regions[0]!;
    expect(region.availability).toBe('not-opted-in');
    expect(snapshot.accounts[0]!.errors.every((e) => e.category === 'opt-in-required')).toBe(true);
  });

  it('without --region, reads every enabled region and records not-opted-in ones without calling them', async () => {
    m.ec2.on(DescribeRegionsCommand).resolves({
      Regions: [
        { RegionName: 'us-east-1', OptInStatus: 'opt-in-not-required' },
        { RegionName: 'af-south-1', OptInStatus: 'not-opted-in' },
        { RegionName: 'eu-south-2', OptInStatus: 'opted-in' },
      ],
    });
    m.ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [] });
    const log = recordingLog();
    const snapshot = await collect(['vpcs'], { regions: undefined, homeRegion: 'us-east-1', log });
    const regions = snapshot.accounts[0]!.regions;
    expect(regions.map((r) => [r.region, r.availability, r.collection])).toEqual([
      ['af-south-1', 'not-opted-in', {}],
      ['eu-south-2', 'enabled', { vpcs: 'collected' }],
      ['us-east-1', 'enabled', { vpcs: 'collected' }],
    ]);
    expect(m.ec2.commandCalls(DescribeRegionsCommand)[0]!.args[0].input).toEqual({ AllRegions: true });
    expect(m.ec2.commandCalls(DescribeVpcsCommand)).toHaveLength(2);
    expect(log.notes.some((n) => n.includes('af-south-1'))).toBe(true);
  });

  it('records the caller identity and partition from STS', async () => {
    m.sts.on(GetCallerIdentityCommand).resolves({
      Account: '210987654321',
      Arn: 'arn:aws-us-gov:iam::210987654321:user/auditor',
      UserId: 'AIDA9',
    });
    const snapshot = await collect([], { regions: ['us-gov-west-1'] });
    expect(snapshot.partition).toBe('aws-us-gov');
    expect(snapshot.accounts[0]).toMatchObject({
      accountId: '210987654321',
      partition: 'aws-us-gov',
      identity: { arn: 'arn:aws-us-gov:iam::210987654321:user/auditor', userId: 'AIDA9' },
    });
  });

  it('a credential failure is one CredentialError naming what was tried', async () => {
    m.sts
      .on(GetCallerIdentityCommand)
      .rejects(
        awsError('InvalidClientTokenId', 'The security token included in the request is invalid.', 403),
      );
    const attempt = collect(['vpcs'], { profile: 'audit' });
    await expect(attempt).rejects.toThrow(CredentialError);
    await expect(collect(['vpcs'], { profile: 'audit' })).rejects.toThrow(
      "no usable AWS credentials (tried profile 'audit' from the shared config and credentials files): The security token included in the request is invalid.",
    );
  });
});
