import {
  DescribeIamInstanceProfileAssociationsCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeLaunchTemplateVersionsCommand,
  DescribeLaunchTemplatesCommand,
  DescribeManagedPrefixListsCommand,
  DescribeSecurityGroupsCommand,
  GetManagedPrefixListEntriesCommand,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import { parseSnapshot } from '../../src/snapshot/io.js';
import { ACCOUNT, awsError, collect, mocks } from './mock-support.js';

let m: ReturnType<typeof mocks>;
beforeEach(() => {
  m = mocks();
});
afterEach(() => m.reset());

const KEY_ID = 'AKIAIOSFODNN7ABCWXYZ';
const SECRET = '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';

function instancesPage() {
  return {
    Reservations: [
      {
        OwnerId: ACCOUNT,
        Instances: [
          {
            InstanceId: 'i-1',
            State: { Name: 'running' as const },
            InstanceType: 't3.micro' as const,
            VpcId: 'vpc-1',
            SubnetId: 'subnet-1',
            Placement: { AvailabilityZone: 'us-east-1a' },
            PrivateIpAddress: '10.0.0.10',
            PublicIpAddress: '54.0.0.10',
            IamInstanceProfile: { Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/old`, Id: 'AIPA1' },
            MetadataOptions: {
              HttpTokens: 'optional' as const,
              HttpEndpoint: 'enabled' as const,
              HttpPutResponseHopLimit: 1,
            },
            NetworkInterfaces: [{ NetworkInterfaceId: 'eni-1', Ipv6Addresses: [{ Ipv6Address: '2600::1' }] }],
            SecurityGroups: [{ GroupId: 'sg-1', GroupName: 'web' }],
            LaunchTime: new Date('2026-01-02T03:04:05Z'),
            ImageId: 'ami-1',
            PlatformDetails: 'Linux/UNIX',
            Tags: [
              { Key: 'Name', Value: 'web-1' },
              { Key: 'aws:ec2launchtemplate:id', Value: 'lt-1' },
            ],
          },
          { InstanceId: 'i-2', State: { Name: 'terminated' as const } },
        ],
      },
    ],
  };
}

describe('EC2 compute collectors', () => {
  it('maps instances with profile, metadata options, public IP and ENIs', async () => {
    m.ec2.on(DescribeInstancesCommand).resolves(instancesPage());
    const snapshot = await collect(['instances']);
    const [instance] = snapshot.accounts[0]!.regions[0]!.instances;
    expect(instance).toEqual({
      id: 'i-1',
      arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance/i-1`,
      name: 'web-1',
      tags: { Name: 'web-1', 'aws:ec2launchtemplate:id': 'lt-1' },
      state: 'running',
      instanceType: 't3.micro',
      vpcId: 'vpc-1',
      subnetId: 'subnet-1',
      availabilityZone: 'us-east-1a',
      privateIpAddress: '10.0.0.10',
      publicIpAddress: '54.0.0.10',
      ipv6Addresses: ['2600::1'],
      networkInterfaceIds: ['eni-1'],
      securityGroupIds: ['sg-1'],
      iamInstanceProfileArn: `arn:aws:iam::${ACCOUNT}:instance-profile/old`,
      metadataOptions: { httpTokens: 'optional', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
      launchTime: '2026-01-02T03:04:05.000Z',
      launchTemplateId: 'lt-1',
      platform: 'Linux/UNIX',
      imageId: 'ami-1',
    });
  });

  it('takes the associated instance profile from DescribeIamInstanceProfileAssociations', async () => {
    m.ec2.on(DescribeInstancesCommand).resolves(instancesPage());
    m.ec2.on(DescribeIamInstanceProfileAssociationsCommand).resolves({
      IamInstanceProfileAssociations: [
        {
          InstanceId: 'i-1',
          State: 'associated',
          IamInstanceProfile: { Arn: `arn:aws:iam::${ACCOUNT}:instance-profile/new` },
        },
      ],
    });
    const snapshot = await collect(['instanceProfileAssociations']);
    const region = snapshot.accounts[0]!.regions[0]!;
    expect(region.collection).toEqual({ instances: 'collected', instanceProfileAssociations: 'collected' });
    expect(region.instances[0]!.iamInstanceProfileArn).toBe(`arn:aws:iam::${ACCOUNT}:instance-profile/new`);
  });

  it('scans user data (gzip) for keys and keeps only redacted matches; terminated instances are not read', async () => {
    m.ec2.on(DescribeInstancesCommand).resolves(instancesPage());
    const script = `#!/bin/bash\nexport AWS_ACCESS_KEY_ID=${KEY_ID}\nexport aws_secret_access_key=${SECRET}\n`;
    m.ec2
      .on(DescribeInstanceAttributeCommand)
      .resolves({ InstanceId: 'i-1', UserData: { Value: gzipSync(script).toString('base64') } });
    const snapshot = await collect(['instanceUserData']);
    const region = snapshot.accounts[0]!.regions[0]!;
    expect(region.collection.instanceUserData).toBe('collected');
    expect(m.ec2.commandCalls(DescribeInstanceAttributeCommand).map((c) => c.args[0].input)).toEqual([
      { InstanceId: 'i-1', Attribute: 'userData' },
    ]);
    const scan = region.instances[0]!.userData!;
    expect(scan).toMatchObject({ present: true, encoding: 'gzip', bytes: Buffer.byteLength(script) });
    expect(scan.secrets.map((s) => [s.type, s.redacted, s.line])).toEqual([
      ['aws-access-key-id', 'AKIA…WXYZ', 2],
      ['aws-secret-access-key', '[redacted, 40 chars]', 3],
    ]);
    const text = JSON.stringify(snapshot);
    expect(text).not.toContain(KEY_ID);
    expect(text).not.toContain(SECRET);
    expect(() => parseSnapshot(JSON.parse(text), 'collected')).not.toThrow();
  });

  it('--skip-user-data marks instanceUserData skipped and sends no per-instance call', async () => {
    m.ec2.on(DescribeInstancesCommand).resolves(instancesPage());
    const snapshot = await collect(['instanceUserData'], { skipUserData: true });
    expect(snapshot.accounts[0]!.regions[0]!.collection).toEqual({
      instances: 'collected',
      instanceUserData: 'skipped',
    });
    expect(m.ec2.commandCalls(DescribeInstanceAttributeCommand)).toHaveLength(0);
  });

  it('a failed instance sweep fails user data too, naming both kinds in one error', async () => {
    m.ec2.on(DescribeInstancesCommand).rejects(awsError('UnauthorizedOperation', 'not authorized', 403));
    const snapshot = await collect(['instanceUserData']);
    const account = snapshot.accounts[0]!;
    expect(account.regions[0]!.collection).toEqual({ instances: 'failed', instanceUserData: 'failed' });
    expect(account.errors).toHaveLength(1);
    expect(account.errors[0]).toMatchObject({
      operation: 'DescribeInstances',
      category: 'access-denied',
      kinds: ['instances', 'instanceUserData'],
    });
  });

  it('joins each launch template with its $Latest version read in one sweep', async () => {
    m.ec2.on(DescribeInstancesCommand).resolves({ Reservations: [] });
    m.ec2.on(DescribeLaunchTemplatesCommand).resolves({
      LaunchTemplates: [
        {
          LaunchTemplateId: 'lt-1',
          LaunchTemplateName: 'web',
          DefaultVersionNumber: 1,
          LatestVersionNumber: 3,
        },
        {
          LaunchTemplateId: 'lt-2',
          LaunchTemplateName: 'batch',
          DefaultVersionNumber: 1,
          LatestVersionNumber: 1,
        },
      ],
    });
    m.ec2.on(DescribeLaunchTemplateVersionsCommand).resolves({
      LaunchTemplateVersions: [
        {
          LaunchTemplateId: 'lt-1',
          VersionNumber: 3,
          LaunchTemplateData: {
            IamInstanceProfile: { Name: 'web-profile' },
            MetadataOptions: { HttpTokens: 'required' },
            UserData: Buffer.from(`aws_access_key_id = ${KEY_ID}\n`).toString('base64'),
          },
        },
        { LaunchTemplateId: 'lt-2', VersionNumber: 1, LaunchTemplateData: {} },
      ],
    });
    const snapshot = await collect(['launchTemplates']);
    const [web, batch] = snapshot.accounts[0]!.regions[0]!.launchTemplates;
    expect(m.ec2.commandCalls(DescribeLaunchTemplateVersionsCommand)[0]!.args[0].input).toEqual({
      Versions: ['$Latest', '$Default'],
      MaxResults: 200,
    });
    expect(web).toMatchObject({
      id: 'lt-1',
      name: 'web',
      latestVersionNumber: 3,
      latestVersion: { versionNumber: 3, iamInstanceProfileName: 'web-profile', httpTokens: 'required' },
    });
    expect(web!.latestVersion!.userData!.secrets.map((s) => s.redacted)).toEqual(['AKIA…WXYZ']);
    expect(batch!.latestVersion).toEqual({
      versionNumber: 1,
      userData: { present: false, bytes: 0, encoding: 'plain', secrets: [] },
    });
  });

  // Instances launched from templates: i-a and i-b from lt-1 version 1 (pinned, neither default nor
  // latest), i-c from lt-1 version 2 (its default), i-d from lt-2 version 1 (default and latest).
  function templatedInstances() {
    const tagged = (id: string, template: string, version: string) => ({
      InstanceId: id,
      State: { Name: 'running' as const },
      Tags: [
        { Key: 'aws:ec2launchtemplate:id', Value: template },
        { Key: 'aws:ec2launchtemplate:version', Value: version },
      ],
    });
    return {
      Reservations: [
        {
          Instances: [
            tagged('i-a', 'lt-1', '1'),
            tagged('i-b', 'lt-1', '1'),
            tagged('i-c', 'lt-1', '2'),
            tagged('i-d', 'lt-2', '1'),
          ],
        },
      ],
    };
  }
  const withKey = (n: number) => ({
    LaunchTemplateId: 'lt-1',
    VersionNumber: n,
    LaunchTemplateData: { UserData: Buffer.from(`aws_access_key_id = ${KEY_ID}\n`).toString('base64') },
  });
  const clean = (id: string, n: number) => ({
    LaunchTemplateId: id,
    VersionNumber: n,
    LaunchTemplateData: {},
  });

  function twoTemplates() {
    m.ec2.on(DescribeInstancesCommand).resolves(templatedInstances());
    m.ec2.on(DescribeLaunchTemplatesCommand).resolves({
      LaunchTemplates: [
        {
          LaunchTemplateId: 'lt-1',
          LaunchTemplateName: 'web',
          DefaultVersionNumber: 2,
          LatestVersionNumber: 4,
        },
        {
          LaunchTemplateId: 'lt-2',
          LaunchTemplateName: 'batch',
          DefaultVersionNumber: 1,
          LatestVersionNumber: 1,
        },
      ],
    });
    // $Latest and $Default of every template in one sweep (lt-2's version 1 is both, returned twice).
    m.ec2.on(DescribeLaunchTemplateVersionsCommand, { Versions: ['$Latest', '$Default'] }).resolves({
      LaunchTemplateVersions: [clean('lt-1', 4), withKey(2), clean('lt-2', 1), clean('lt-2', 1)],
    });
  }

  it('reads $Default with $Latest, then the pinned versions instances use, one call per template', async () => {
    twoTemplates();
    m.ec2
      .on(DescribeLaunchTemplateVersionsCommand, { LaunchTemplateId: 'lt-1' })
      .resolves({ LaunchTemplateVersions: [withKey(1)] });
    const snapshot = await collect(['launchTemplates']);
    const region = snapshot.accounts[0]!.regions[0]!;
    const calls = m.ec2.commandCalls(DescribeLaunchTemplateVersionsCommand).map((c) => c.args[0].input);
    // Two calls in all: lt-2's only used version is already read; lt-1's version 1 once, not per instance.
    expect(calls).toEqual([
      { Versions: ['$Latest', '$Default'], MaxResults: 200 },
      { LaunchTemplateId: 'lt-1', Versions: ['1'], MaxResults: 200 },
    ]);
    const [web, batch] = region.launchTemplates;
    expect(web!.latestVersion?.versionNumber).toBe(4);
    expect(web!.versions?.map((v) => v.versionNumber)).toEqual([1, 2]);
    expect(web!.versions?.map((v) => v.userData?.secrets.map((s) => s.redacted))).toEqual([
      ['AKIA…WXYZ'],
      ['AKIA…WXYZ'],
    ]);
    expect(JSON.stringify(snapshot)).not.toContain(KEY_ID);
    expect(batch!.latestVersion?.versionNumber).toBe(1);
    expect(batch!.versions).toEqual([]);
    expect(region.instances.map((i) => [i.id, i.launchTemplateId, i.launchTemplateVersion])).toEqual([
      ['i-a', 'lt-1', '1'],
      ['i-b', 'lt-1', '1'],
      ['i-c', 'lt-1', '2'],
      ['i-d', 'lt-2', '1'],
    ]);
    expect(region.collection.launchTemplates).toBe('collected');
    expect(() => parseSnapshot(JSON.parse(JSON.stringify(snapshot)), 'collected')).not.toThrow();
  });

  it('a failed pinned-version call marks the kind failed, names the template, keeps the rest', async () => {
    twoTemplates();
    m.ec2
      .on(DescribeLaunchTemplateVersionsCommand, { LaunchTemplateId: 'lt-1' })
      .rejects(
        awsError('InvalidLaunchTemplateId.VersionNotFound', 'Could not find launch template version 1'),
      );
    const snapshot = await collect(['launchTemplates']);
    const account = snapshot.accounts[0]!;
    const [web] = account.regions[0]!.launchTemplates;
    expect(account.regions[0]!.collection.launchTemplates).toBe('failed');
    expect(web!.versions?.map((v) => v.versionNumber)).toEqual([2]);
    expect(web!.latestVersion?.versionNumber).toBe(4);
    expect(account.errors).toHaveLength(1);
    expect(account.errors[0]).toMatchObject({
      operation: 'DescribeLaunchTemplateVersions',
      code: 'InvalidLaunchTemplateId.VersionNotFound',
      kinds: ['launchTemplates'],
      resourceId: 'lt-1',
    });
  });

  it('expands only customer-managed prefix lists referenced by security-group rules', async () => {
    m.ec2.on(DescribeSecurityGroupsCommand).resolves({
      SecurityGroups: [
        {
          GroupId: 'sg-1',
          GroupName: 'admin',
          IpPermissions: [
            { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, PrefixListIds: [{ PrefixListId: 'pl-admins' }] },
          ],
        },
      ],
    });
    m.ec2.on(DescribeManagedPrefixListsCommand).resolves({
      PrefixLists: [
        { PrefixListId: 'pl-admins', PrefixListName: 'admins', AddressFamily: 'IPv4', OwnerId: ACCOUNT },
        { PrefixListId: 'pl-unused', PrefixListName: 'unused', AddressFamily: 'IPv4', OwnerId: ACCOUNT },
        {
          PrefixListId: 'pl-63a5400a',
          PrefixListName: 'com.amazonaws.us-east-1.s3',
          AddressFamily: 'IPv4',
          OwnerId: 'AWS',
        },
      ],
    });
    m.ec2
      .on(GetManagedPrefixListEntriesCommand)
      .resolvesOnce({ Entries: [{ Cidr: '198.51.100.0/24' }], NextToken: 'n' })
      .resolvesOnce({ Entries: [{ Cidr: '0.0.0.0/0' }] });
    const snapshot = await collect(['prefixLists']);
    const lists = snapshot.accounts[0]!.regions[0]!.prefixLists;
    expect(lists.map((l) => [l.id, l.awsManaged, l.entries])).toEqual([
      ['pl-admins', false, ['198.51.100.0/24', '0.0.0.0/0']],
      ['pl-unused', false, undefined],
      ['pl-63a5400a', true, undefined],
    ]);
    expect(m.ec2.commandCalls(GetManagedPrefixListEntriesCommand)).toHaveLength(2);
  });
});
