import {
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountAuthorizationDetailsCommand,
  GetCredentialReportCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedRolePoliciesCommand,
  ListInstanceProfilesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListUsersCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListUsers,
} from '@aws-sdk/client-iam';
import { GlobalBuilder, RegionBuilder, buildAccount } from '../support/builders/index.js';
import type { PolicyDocument } from '../../src/snapshot/types.js';
import { DEMO_ACCOUNT, buildDemoSnapshot } from '../../scripts/demo-account.js';
import { startFakeAws } from './index.js';
import type { FakeAws } from './index.js';
import { clientConfig, rejectionOf } from './helpers.js';

const ACCOUNT = '444444444444';
const S3_READ: PolicyDocument = {
  version: '2012-10-17',
  statements: [{ effect: 'Allow', action: ['s3:GetObject'], resource: ['arn:aws:s3:::logs/*'] }],
};
const ADMIN: PolicyDocument = {
  version: '2012-10-17',
  statements: [
    {
      sid: 'All',
      effect: 'Allow',
      action: ['*'],
      resource: ['*'],
      condition: { Bool: { 'aws:SecureTransport': ['true'] } },
    },
  ],
};

function iamAccount() {
  const g = new GlobalBuilder(ACCOUNT);
  for (let i = 0; i < 130; i++) g.user(`user-${String(i).padStart(3, '0')}`);
  g.role('app-role', {
    path: '/apps/',
    attachedPolicies: [{ name: 'logs-read', arn: `arn:aws:iam::${ACCOUNT}:policy/logs-read` }],
    inlinePolicies: [{ name: 'admin-ish', document: ADMIN }],
    roleLastUsed: '2026-10-01T00:00:00Z',
  });
  g.instanceProfile('app-profile', ['app-role']);
  g.policy('logs-read', { document: S3_READ });
  return buildAccount({ accountId: ACCOUNT, regions: [new RegionBuilder('us-east-1', ACCOUNT)], global: g });
}

/** aws-facts §4.3: IAM policy documents arrive URL-encoded. */
function decodedPolicy(encoded: string | undefined): { Statement: Record<string, unknown>[] } {
  return JSON.parse(decodeURIComponent(encoded ?? '')) as { Statement: Record<string, unknown>[] };
}

const demoAccount = buildDemoSnapshot().accounts[0]!;
const demoGlobal = demoAccount.global;
let fake: FakeAws;
let iam: IAMClient;
let demoFake: FakeAws;
let demoIam: IAMClient;

beforeAll(async () => {
  fake = await startFakeAws({ accounts: [{ snapshot: iamAccount() }] });
  iam = new IAMClient(clientConfig(fake));
  demoFake = await startFakeAws({ accounts: [{ snapshot: demoAccount }] });
  demoIam = new IAMClient(clientConfig(demoFake));
});
afterAll(async () => {
  iam.destroy();
  demoIam.destroy();
  await fake.close();
  await demoFake.close();
});

test('ListUsers: default page of 100 with Marker, IsTruncated, every user once', async () => {
  const first = await iam.send(new ListUsersCommand({}));
  expect(first.Users).toHaveLength(100);
  expect(first.IsTruncated).toBe(true);
  expect(first.Marker).toBeDefined();
  const names: string[] = [];
  for await (const page of paginateListUsers({ client: iam, pageSize: 7 }, {}))
    names.push(...page.Users!.map((u) => u.UserName!));
  expect(names).toHaveLength(130);
  expect(new Set(names).size).toBe(130);
  expect(first.Users![0]).toMatchObject({
    UserName: 'user-000',
    Path: '/',
    Arn: `arn:aws:iam::${ACCOUNT}:user/user-000`,
  });
  expect(first.Users![0]!.CreateDate).toEqual(new Date('2024-01-01T00:00:00Z'));
});

test.each([0, 1001])('ListUsers MaxItems %i answers ValidationError', async (size) => {
  const error = await rejectionOf(iam.send(new ListUsersCommand({ MaxItems: size })));
  expect(error.name).toBe('ValidationError');
  expect(error.$metadata?.httpStatusCode).toBe(400);
});

test('ListAccessKeys and GetAccessKeyLastUsed from the demo users', async () => {
  const { AccessKeyMetadata } = await demoIam.send(new ListAccessKeysCommand({ UserName: 'alice' }));
  expect(AccessKeyMetadata).toEqual([
    {
      UserName: 'alice',
      AccessKeyId: 'AKIAIOSFODNN7ALICE01',
      Status: 'Active',
      CreateDate: new Date('2024-03-01T10:00:00Z'),
    },
  ]);
  const used = await demoIam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAIOSFODNN7ALICE01' }));
  expect(used.UserName).toBe('alice');
  expect(used.AccessKeyLastUsed).toEqual({
    LastUsedDate: new Date('2026-05-02T08:00:00Z'),
    ServiceName: 's3',
    Region: 'us-east-1',
  });
  const never = await demoIam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAIOSFODNN7BOB0001' }));
  expect(never.AccessKeyLastUsed).toEqual({ ServiceName: 'N/A', Region: 'N/A' });
  const missing = await rejectionOf(demoIam.send(new ListAccessKeysCommand({ UserName: 'nobody' })));
  expect(missing.name).toBe('NoSuchEntityException');
  expect(missing.$metadata?.httpStatusCode).toBe(404);
});

test('the credential report is CSV with the columns of aws-facts §4.3, base64 on the wire', async () => {
  const generated = await demoIam.send(new GenerateCredentialReportCommand({}));
  expect(generated.State).toBe('COMPLETE');
  const report = await demoIam.send(new GetCredentialReportCommand({}));
  expect(report.ReportFormat).toBe('text/csv');
  const lines = Buffer.from(report.Content!).toString().split('\n');
  expect(lines[0]).toBe(
    'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,' +
      'mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,' +
      'access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,' +
      'access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated',
  );
  expect(lines[1]!.startsWith(`<root_account>,arn:aws:iam::${DEMO_ACCOUNT}:root,`)).toBe(true);
  const alice = lines.find((l) => l.startsWith('alice,'))!.split(',');
  expect(alice).toEqual([
    'alice',
    `arn:aws:iam::${DEMO_ACCOUNT}:user/alice`,
    '2023-02-14T09:00:00+00:00',
    'TRUE',
    'no_information',
    '2023-02-14T09:00:00+00:00',
    'N/A',
    'TRUE',
    'TRUE',
    '2024-03-01T10:00:00+00:00',
    '2026-05-02T08:00:00+00:00',
    'us-east-1',
    's3',
    'FALSE',
    'N/A',
    'N/A',
    'N/A',
    'N/A',
    'FALSE',
    'N/A',
    'FALSE',
    'N/A',
  ]);
  expect(lines).toHaveLength(2 + demoGlobal.users.length);
});

test('without a stored report: ReportNotPresent, then STARTED, in progress, COMPLETE', async () => {
  const fresh = await startFakeAws({
    accounts: [{ snapshot: iamAccount() }],
    credentialReportPresent: false,
  });
  const client = new IAMClient(clientConfig(fresh));
  try {
    const absent = await rejectionOf(client.send(new GetCredentialReportCommand({})));
    expect(absent.name).toBe('CredentialReportNotPresentException');
    expect(absent.$metadata?.httpStatusCode).toBe(410);
    expect((await client.send(new GenerateCredentialReportCommand({}))).State).toBe('STARTED');
    const busy = await rejectionOf(client.send(new GetCredentialReportCommand({})));
    expect(busy.name).toBe('CredentialReportNotReadyException');
    expect((await client.send(new GenerateCredentialReportCommand({}))).State).toBe('COMPLETE');
    expect((await client.send(new GetCredentialReportCommand({}))).Content).toBeDefined();
  } finally {
    client.destroy();
    await fresh.close();
  }
});

test('GetAccountAuthorizationDetails: roles with profiles, attached and URL-encoded inline policies; local policies', async () => {
  const details = await iam.send(
    new GetAccountAuthorizationDetailsCommand({ Filter: ['Role', 'LocalManagedPolicy'] }),
  );
  expect(details.UserDetailList).toEqual([]);
  const role = details.RoleDetailList![0]!;
  expect(role).toMatchObject({
    RoleName: 'app-role',
    Path: '/apps/',
    AttachedManagedPolicies: [
      { PolicyName: 'logs-read', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/logs-read` },
    ],
    RoleLastUsed: { LastUsedDate: new Date('2026-10-01T00:00:00Z') },
  });
  expect(role.InstanceProfileList?.map((p) => p.InstanceProfileName)).toEqual(['app-profile']);
  const inline = role.RolePolicyList![0]!;
  expect(inline.PolicyName).toBe('admin-ish');
  expect(inline.PolicyDocument).toContain('%22Statement%22');
  expect(JSON.parse(decodeURIComponent(inline.PolicyDocument!))).toEqual({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'All',
        Effect: 'Allow',
        Action: ['*'],
        Resource: ['*'],
        Condition: { Bool: { 'aws:SecureTransport': ['true'] } },
      },
    ],
  });
  const policy = details.Policies![0]!;
  expect(policy).toMatchObject({ PolicyName: 'logs-read', DefaultVersionId: 'v1', AttachmentCount: 1 });
  const version = policy.PolicyVersionList![0]!;
  expect(version.IsDefaultVersion).toBe(true);
  expect(decodedPolicy(version.Document).Statement[0]?.Action).toEqual(['s3:GetObject']);
});

test('GetAccountAuthorizationDetails pages across users, roles and policies', async () => {
  const seen: string[] = [];
  for await (const page of paginateGetAccountAuthorizationDetails({ client: iam, pageSize: 50 }, {})) {
    seen.push(...page.UserDetailList!.map((u) => `user:${u.UserName}`));
    seen.push(...page.RoleDetailList!.map((r) => `role:${r.RoleName}`));
    seen.push(...page.Policies!.map((p) => `policy:${p.PolicyName}`));
  }
  expect(seen).toHaveLength(132);
  expect(new Set(seen).size).toBe(132);
  expect(seen.slice(-2)).toEqual(['role:app-role', 'policy:logs-read']);
});

test('ListRoles, ListInstanceProfiles, ListAttachedRolePolicies, ListRolePolicies, GetRolePolicy', async () => {
  const roles = await iam.send(new ListRolesCommand({}));
  expect(roles.Roles?.map((r) => r.RoleName)).toEqual(['app-role']);
  expect(decodeURIComponent(roles.Roles![0]!.AssumeRolePolicyDocument!)).toContain('ec2.amazonaws.com');
  const profiles = await demoIam.send(new ListInstanceProfilesCommand({}));
  expect(
    profiles.InstanceProfiles?.map((p) => [p.InstanceProfileName, p.Roles?.map((r) => r.RoleName)]),
  ).toEqual(demoGlobal.instanceProfiles.map((p) => [p.name, p.roleNames]));
  expect(profiles.InstanceProfiles?.find((p) => p.InstanceProfileName === 'empty-profile')?.Roles).toEqual(
    [],
  );
  const attached = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'app-role' }));
  expect(attached.AttachedPolicies).toEqual([
    { PolicyName: 'logs-read', PolicyArn: `arn:aws:iam::${ACCOUNT}:policy/logs-read` },
  ]);
  const inline = await iam.send(new ListRolePoliciesCommand({ RoleName: 'app-role' }));
  expect(inline.PolicyNames).toEqual(['admin-ish']);
  const doc = await iam.send(new GetRolePolicyCommand({ RoleName: 'app-role', PolicyName: 'admin-ish' }));
  expect(decodedPolicy(doc.PolicyDocument).Statement[0]?.Sid).toBe('All');
  const missing = await rejectionOf(iam.send(new ListRolePoliciesCommand({ RoleName: 'nope' })));
  expect(missing.name).toBe('NoSuchEntityException');
});

test('GetPolicy and GetPolicyVersion serve customer-managed policies only', async () => {
  const arn = `arn:aws:iam::${ACCOUNT}:policy/logs-read`;
  const { Policy } = await iam.send(new GetPolicyCommand({ PolicyArn: arn }));
  expect(Policy).toMatchObject({ PolicyName: 'logs-read', Arn: arn, DefaultVersionId: 'v1', Path: '/' });
  const { PolicyVersion } = await iam.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
  expect(JSON.parse(decodeURIComponent(PolicyVersion!.Document!))).toEqual({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::logs/*'] }],
  });
  const managed = await rejectionOf(
    iam.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' })),
  );
  expect(managed.name).toBe('NoSuchEntityException');
});

test("GetAccountAuthorizationDetails serves a role's own trust policy (the Default Host Management role trusts ssm)", async () => {
  const details = await demoIam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['Role'] }));
  const dhmc = details.RoleDetailList?.find(
    (r) => r.RoleName === 'AWSSystemsManagerDefaultEC2InstanceManagementRole',
  );
  expect(decodedPolicy(dhmc?.AssumeRolePolicyDocument).Statement).toEqual([
    { Effect: 'Allow', Principal: { Service: ['ssm.amazonaws.com'] }, Action: ['sts:AssumeRole'] },
  ]);
  // Roles without one in the snapshot keep the EC2 trust policy instance roles have.
  const app = details.RoleDetailList?.find((r) => r.RoleName === 'app-role');
  expect(decodeURIComponent(app!.AssumeRolePolicyDocument!)).toContain('ec2.amazonaws.com');
});
