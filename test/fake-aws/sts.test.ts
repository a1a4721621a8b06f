import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { RegionBuilder, buildAccount } from '../support/builders/index.js';
import { startFakeAws } from './index.js';
import type { FakeAws } from './index.js';
import { clientConfig, rejectionOf } from './helpers.js';

function account(id: string, vpcId: string) {
  const region = new RegionBuilder('us-east-1', id);
  region.vpc(vpcId);
  return { snapshot: buildAccount({ accountId: id, regions: [region] }) };
}

let fake: FakeAws;
beforeAll(async () => {
  fake = await startFakeAws({
    accounts: [
      account('111111111111', 'vpc-mgmt'),
      account('222222222222', 'vpc-member'),
      account('333333333333', 'vpc-denied'),
    ],
    denyAssumeRole: ['333333333333'],
  });
});
afterAll(() => fake.close());

test('GetCallerIdentity answers the first account for any key', async () => {
  const sts = new STSClient(clientConfig(fake));
  const identity = await sts.send(new GetCallerIdentityCommand({}));
  sts.destroy();
  expect(identity.Account).toBe('111111111111');
  expect(identity.Arn).toBe('arn:aws:sts::111111111111:assumed-role/aws-audit/scan');
});

test('AssumeRole issues credentials that act in the role account', async () => {
  const sts = new STSClient(clientConfig(fake));
  const { Credentials, AssumedRoleUser } = await sts.send(
    new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::222222222222:role/audit', RoleSessionName: 'scan' }),
  );
  sts.destroy();
  expect(AssumedRoleUser?.Arn).toBe('arn:aws:sts::222222222222:assumed-role/audit/scan');
  expect(Credentials?.AccessKeyId).toMatch(/^ASIA/);
  expect(Credentials?.Expiration).toBeInstanceOf(Date);
  const credentials = {
    accessKeyId: Credentials!.AccessKeyId!,
    secretAccessKey: Credentials!.SecretAccessKey!,
    sessionToken: Credentials!.SessionToken!,
  };
  const memberSts = new STSClient(clientConfig(fake, { credentials }));
  const identity = await memberSts.send(new GetCallerIdentityCommand({}));
  memberSts.destroy();
  expect(identity).toMatchObject({
    Account: '222222222222',
    Arn: 'arn:aws:sts::222222222222:assumed-role/audit/scan',
  });
  const ec2 = new EC2Client(clientConfig(fake, { credentials }));
  const { Vpcs } = await ec2.send(new DescribeVpcsCommand({}));
  ec2.destroy();
  expect(Vpcs?.map((v) => v.VpcId)).toEqual(['vpc-member']);
  expect(fake.requests.at(-1)).toMatchObject({ operation: 'DescribeVpcs', accountId: '222222222222' });
});

test('denyAssumeRole and unknown accounts answer AccessDenied (403)', async () => {
  const sts = new STSClient(clientConfig(fake));
  for (const accountId of ['333333333333', '444444444444']) {
    const error = await rejectionOf(
      sts.send(
        new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${accountId}:role/audit`, RoleSessionName: 'scan' }),
      ),
    );
    expect(error.name).toBe('AccessDenied');
    expect(error.$metadata?.httpStatusCode).toBe(403);
    expect(error.message).toContain(`arn:aws:iam::${accountId}:role/audit`);
  }
  sts.destroy();
});

test('credentialsFor maps static keys to an account without AssumeRole', async () => {
  const ec2 = new EC2Client(clientConfig(fake, { credentials: fake.credentialsFor('333333333333') }));
  const { Vpcs } = await ec2.send(new DescribeVpcsCommand({}));
  ec2.destroy();
  expect(Vpcs?.map((v) => v.VpcId)).toEqual(['vpc-denied']);
});

test('AWS_ENDPOINT_URL points a client without endpoint config at the fixture', async () => {
  const previous = process.env.AWS_ENDPOINT_URL;
  process.env.AWS_ENDPOINT_URL = fake.url;
  try {
    const sts = new STSClient({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'AKIAFAKEAWSTESTKEY01', secretAccessKey: 'fake-secret' },
      maxAttempts: 1,
    });
    const identity = await sts.send(new GetCallerIdentityCommand({}));
    sts.destroy();
    expect(identity.Account).toBe('111111111111');
    expect(fake.requests.at(-1)).toMatchObject({ service: 'sts', region: 'eu-west-1', status: 200 });
  } finally {
    if (previous === undefined) delete process.env.AWS_ENDPOINT_URL;
    else process.env.AWS_ENDPOINT_URL = previous;
  }
});
