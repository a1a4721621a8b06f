// IAM (awsQuery, global): users and keys, the credential report, roles, instance profiles and
// policies, served from the snapshot's global part. Documents are URL-encoded as AWS returns them.
import {
  GenerateCredentialReportResponse$,
  GetAccessKeyLastUsedResponse$,
  GetAccountAuthorizationDetailsResponse$,
  GetCredentialReportResponse$,
  GetPolicyResponse$,
  GetPolicyVersionResponse$,
  GetRolePolicyResponse$,
  ListAccessKeysResponse$,
  ListAttachedRolePoliciesResponse$,
  ListInstanceProfilesResponse$,
  ListRolePoliciesResponse$,
  ListRolesResponse$,
  ListUsersResponse$,
} from '@aws-sdk/client-iam';
import type * as IAM from '@aws-sdk/client-iam';
import type * as snap from '../../../src/snapshot/types.js';
import type { AccountState } from '../account-state.js';
import type { PageSpec } from '../pagination.js';
import { pageWindow } from '../pagination.js';
import { ApiError } from '../wire/protocols.js';
import { Raw, xmlListItems, xmlMembers } from '../wire/schema-writers.js';
import type { CallContext, HandlerTable } from './context.js';
import type { ListSpec } from './list-runner.js';
import { runList } from './list-runner.js';
import { policyJson, rfc3986 } from './policy-json.js';

/** aws-facts §6.1: MaxItems 1–1000, default 100, Marker + IsTruncated. */
const IAM_PAGE: PageSpec = {
  sizeParam: 'MaxItems',
  tokenParam: 'Marker',
  min: 1,
  max: 1000,
  defaultSize: 100,
  style: 'iam',
};
const ROOT_USER = '<root_account>';
const DEFAULT_DATE = '2024-01-01T00:00:00Z';

const truncation = (next: string | undefined) => ({ IsTruncated: next !== undefined });

function noSuchEntity(what: string): ApiError {
  return new ApiError(404, 'NoSuchEntity', `The ${what} cannot be found.`);
}

function pathOf(arn: string, kind: string, name: string): string {
  const tail = arn.split(`:${kind}/`)[1] ?? name;
  const path = tail.slice(0, tail.length - name.length);
  return path.startsWith('/') ? path : `/${path}`;
}

function users(account: AccountState): snap.IamUser[] {
  return account.snapshot.global.users.filter((u) => u.name !== ROOT_USER);
}

function userToAws(user: snap.IamUser): IAM.User {
  return {
    Path: user.path ?? '/',
    UserName: user.name,
    UserId: user.id,
    Arn: user.arn,
    CreateDate: new Date(user.createDate),
    PasswordLastUsed: user.passwordLastUsed ? new Date(user.passwordLastUsed) : undefined,
  };
}

const TRUST_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
};

function roleToAws(role: snap.IamRole): IAM.Role {
  return {
    Path: role.path ?? '/',
    RoleName: role.name,
    RoleId: role.id,
    Arn: role.arn,
    CreateDate: new Date(role.createDate ?? DEFAULT_DATE),
    AssumeRolePolicyDocument: role.trustPolicy
      ? rfc3986(policyJson(role.trustPolicy))
      : rfc3986(JSON.stringify(TRUST_POLICY)),
  };
}

function roleByName(account: AccountState): Map<string, snap.IamRole> {
  return account.memo(
    'global|index:roles',
    () => new Map(account.snapshot.global.roles.map((r) => [r.name, r])),
  );
}

function profileToAws(profile: snap.IamInstanceProfile, account: AccountState): IAM.InstanceProfile {
  const roles = roleByName(account);
  return {
    Path: profile.path ?? '/',
    InstanceProfileName: profile.name,
    InstanceProfileId: profile.id,
    Arn: profile.arn,
    CreateDate: new Date(DEFAULT_DATE),
    Roles: profile.roleNames.map((name) => {
      const role = roles.get(name);
      return role
        ? roleToAws(role)
        : roleToAws({
            id: `AROA${name.toUpperCase()}`,
            arn: `arn:${account.partition}:iam::${account.id}:role/${name}`,
            name,
            attachedPolicies: [],
            inlinePolicies: [],
          });
    }),
  };
}

const EMPTY_POLICY: snap.PolicyDocument = { version: '2012-10-17', statements: [] };

function attachmentCount(account: AccountState, arn: string): number {
  return account.snapshot.global.roles.filter((r) => r.attachedPolicies.some((p) => p.arn === arn)).length;
}

function policyToAws(policy: snap.IamManagedPolicy, account: AccountState): IAM.Policy {
  return {
    PolicyName: policy.name,
    PolicyId: policy.id,
    Arn: policy.arn,
    Path: pathOf(policy.arn, 'policy', policy.name),
    DefaultVersionId: 'v1',
    AttachmentCount: attachmentCount(account, policy.arn),
    PermissionsBoundaryUsageCount: 0,
    IsAttachable: true,
    CreateDate: new Date(DEFAULT_DATE),
    UpdateDate: new Date(DEFAULT_DATE),
  };
}

function accountSpec<R>(spec: Omit<ListSpec<R>, 'scope' | 'page' | 'tokenMember' | 'extra'>): ListSpec<R> {
  return { ...spec, scope: 'account', page: IAM_PAGE, tokenMember: 'Marker', extra: truncation };
}

const LIST_USERS = accountSpec<snap.IamUser>({
  key: 'ListUsers',
  output: ListUsersResponse$,
  member: 'Users',
  records: (ctx) => users(ctx.account),
  toAws: userToAws,
});

const LIST_ROLES = accountSpec<snap.IamRole>({
  key: 'ListRoles',
  output: ListRolesResponse$,
  member: 'Roles',
  records: (ctx) => ctx.account.snapshot.global.roles,
  toAws: roleToAws,
});

const LIST_INSTANCE_PROFILES = accountSpec<snap.IamInstanceProfile>({
  key: 'ListInstanceProfiles',
  output: ListInstanceProfilesResponse$,
  member: 'InstanceProfiles',
  records: (ctx) => ctx.account.snapshot.global.instanceProfiles,
  toAws: (p, ctx) => profileToAws(p, ctx.account),
});

function findUser(ctx: CallContext): snap.IamUser {
  const name = ctx.params.string('UserName');
  const user = users(ctx.account).find((u) => u.name === name);
  if (!user) throw noSuchEntity(`user with name ${name ?? ''}`);
  return user;
}

function findRole(ctx: CallContext): snap.IamRole {
  const name = ctx.params.string('RoleName') ?? '';
  const role = roleByName(ctx.account).get(name);
  if (!role) throw noSuchEntity(`role with name ${name}`);
  return role;
}

function listAccessKeys(ctx: CallContext): string {
  // Without UserName IAM answers for the signing identity: a role here, which has no keys.
  const user = ctx.params.string('UserName') === undefined ? undefined : findUser(ctx);
  const spec = accountSpec<snap.AccessKey>({
    key: `ListAccessKeys:${user?.name ?? ''}`,
    output: ListAccessKeysResponse$,
    member: 'AccessKeyMetadata',
    records: () => user?.accessKeys ?? [],
    toAws: (key): IAM.AccessKeyMetadata => ({
      UserName: user?.name,
      AccessKeyId: key.accessKeyId,
      Status: key.status as IAM.StatusType,
      CreateDate: new Date(key.createDate),
    }),
  });
  return runList(spec, ctx);
}

function getAccessKeyLastUsed(ctx: CallContext): string {
  const id = ctx.params.string('AccessKeyId');
  for (const user of users(ctx.account)) {
    const key = user.accessKeys.find((k) => k.accessKeyId === id);
    if (!key) continue;
    // aws-facts §4.3: "N/A" service and region when never used.
    const result: IAM.GetAccessKeyLastUsedResponse = {
      UserName: user.name,
      AccessKeyLastUsed: {
        LastUsedDate: key.lastUsedDate ? new Date(key.lastUsedDate) : undefined,
        ServiceName: key.lastUsedService ?? 'N/A',
        Region: key.lastUsedRegion ?? 'N/A',
      },
    };
    return xmlMembers(GetAccessKeyLastUsedResponse$, result);
  }
  throw noSuchEntity(`access key ${id ?? ''}`);
}

// ---- credential report (aws-facts §4.3) -------------------------------------------------------

const REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

/** The report's timestamp format: `2019-07-18T19:27:07+00:00`. */
function reportTime(iso: string | undefined): string {
  if (!iso) return 'N/A';
  return new Date(iso).toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

const bool = (value: boolean | undefined): string => (value ? 'TRUE' : 'FALSE');

function keyColumns(key: snap.AccessKey | undefined): string[] {
  if (!key) return ['FALSE', 'N/A', 'N/A', 'N/A', 'N/A'];
  return [
    bool(key.status === 'Active'),
    reportTime(key.createDate),
    reportTime(key.lastUsedDate),
    key.lastUsedRegion ?? 'N/A',
    key.lastUsedService ?? 'N/A',
  ];
}

function reportRow(user: snap.IamUser, root: boolean): string[] {
  const keys = [...user.accessKeys].sort((a, b) => a.createDate.localeCompare(b.createDate));
  const passwordEnabled = root ? 'not_supported' : bool(user.passwordEnabled);
  const passwordLastUsed = user.passwordLastUsed
    ? reportTime(user.passwordLastUsed)
    : user.passwordEnabled || root
      ? 'no_information'
      : 'N/A';
  return [
    user.name,
    user.arn,
    reportTime(user.createDate),
    passwordEnabled,
    passwordLastUsed,
    root ? 'not_supported' : user.passwordEnabled ? reportTime(user.createDate) : 'N/A',
    root ? 'not_supported' : 'N/A',
    bool(user.mfaActive),
    ...keyColumns(keys[0]),
    ...keyColumns(keys[1]),
    'FALSE',
    'N/A',
    'FALSE',
    'N/A',
  ];
}

/** The CSV AWS generates: the root row first (from a `<root_account>` user when the snapshot has one). */
export function credentialReportCsv(account: AccountState): string {
  const root =
    account.snapshot.global.users.find((u) => u.name === ROOT_USER) ??
    ({
      id: account.id,
      arn: `arn:${account.partition}:iam::${account.id}:root`,
      name: ROOT_USER,
      createDate: '2020-01-01T00:00:00Z',
      mfaActive: true,
      accessKeys: [],
    } satisfies snap.IamUser);
  const rows = [reportRow(root, true), ...users(account).map((u) => reportRow(u, false))];
  return [REPORT_COLUMNS.join(','), ...rows.map((r) => r.join(','))].join('\n');
}

function generateCredentialReport(ctx: CallContext): string {
  const account = ctx.account;
  let state: IAM.ReportStateType = 'COMPLETE';
  if (!account.credentialReportPresent) {
    // The first generation starts; the report is ready after one more look.
    account.credentialReportPresent = true;
    account.credentialReportGenerations = 1;
    state = 'STARTED';
  }
  return xmlMembers(GenerateCredentialReportResponse$, {
    State: state,
    Description: state === 'STARTED' ? 'No report exists. Starting a new report generation task' : undefined,
  });
}

function getCredentialReport(ctx: CallContext): string {
  const account = ctx.account;
  if (!account.credentialReportPresent) {
    throw new ApiError(410, 'ReportNotPresent', 'Credential report not present.');
  }
  if (account.credentialReportGenerations > 0) {
    account.credentialReportGenerations -= 1;
    throw new ApiError(404, 'ReportInProgress', 'Credential report generation is in progress.');
  }
  const csv = account.memo('global|credential-report', () => credentialReportCsv(account));
  return xmlMembers(GetCredentialReportResponse$, {
    Content: Buffer.from(csv),
    ReportFormat: 'text/csv',
    GeneratedTime: new Date(ctx.server.startedAt),
  });
}

// ---- GetAccountAuthorizationDetails (aws-facts §4.1, §4.3) -----------------------------------

type DetailKind = 'UserDetailList' | 'RoleDetailList' | 'Policies';

function encodedPolicy(document: snap.PolicyDocument | undefined): string {
  return rfc3986(policyJson(document ?? EMPTY_POLICY));
}

function authorizationDetails(ctx: CallContext, filters: string[]): { kind: DetailKind; xml: string }[] {
  const account = ctx.account;
  const want = (f: string) => !filters.length || filters.includes(f);
  const schema = GetAccountAuthorizationDetailsResponse$;
  const out: { kind: DetailKind; xml: string }[] = [];
  const profilesByRole = new Map<string, snap.IamInstanceProfile[]>();
  for (const profile of account.snapshot.global.instanceProfiles) {
    for (const role of profile.roleNames)
      profilesByRole.set(role, [...(profilesByRole.get(role) ?? []), profile]);
  }
  if (want('User')) {
    const details = users(account).map((u): IAM.UserDetail => ({
      ...userToAws(u),
      UserPolicyList: [],
      GroupList: [],
      AttachedManagedPolicies: [],
    }));
    for (const xml of xmlListItems(schema, 'UserDetailList', details))
      out.push({ kind: 'UserDetailList', xml });
  }
  if (want('Role')) {
    const details = account.snapshot.global.roles.map((r): IAM.RoleDetail => ({
      ...roleToAws(r),
      InstanceProfileList: (profilesByRole.get(r.name) ?? []).map((p) => profileToAws(p, account)),
      RolePolicyList: r.inlinePolicies.map((p) => ({
        PolicyName: p.name,
        PolicyDocument: encodedPolicy(p.document),
      })),
      AttachedManagedPolicies: r.attachedPolicies.map((p) => ({ PolicyName: p.name, PolicyArn: p.arn })),
      RoleLastUsed: r.roleLastUsed ? { LastUsedDate: new Date(r.roleLastUsed) } : {},
    }));
    for (const xml of xmlListItems(schema, 'RoleDetailList', details))
      out.push({ kind: 'RoleDetailList', xml });
  }
  // Only customer-managed policies are in the snapshot; AWS-managed ones are not served.
  if (want('LocalManagedPolicy')) {
    const details = account.snapshot.global.policies.map((p): IAM.ManagedPolicyDetail => ({
      ...policyToAws(p, account),
      PolicyVersionList: [
        {
          VersionId: 'v1',
          IsDefaultVersion: true,
          CreateDate: new Date(DEFAULT_DATE),
          Document: encodedPolicy(p.document),
        },
      ],
    }));
    for (const xml of xmlListItems(schema, 'Policies', details)) out.push({ kind: 'Policies', xml });
  }
  return out;
}

function getAccountAuthorizationDetails(ctx: CallContext): string {
  const filters = ctx.params.list('Filter');
  const valid = ['User', 'Role', 'Group', 'LocalManagedPolicy', 'AWSManagedPolicy'];
  const invalid = filters.find((f) => !valid.includes(f));
  if (invalid)
    throw new ApiError(400, 'ValidationError', `Value '${invalid}' at 'filter' failed to satisfy constraint`);
  const key = [...filters].sort().join(',');
  const entries = ctx.account.memo(`global|GAAD:${key}`, () => authorizationDetails(ctx, filters));
  const window = pageWindow(IAM_PAGE, ctx.params, entries.length, `${ctx.account.id}|GAAD|${key}`);
  if (window.requested !== undefined) ctx.note.pageSize = window.requested;
  const page = entries.slice(window.start, window.end);
  ctx.note.items = page.length;
  const join = (kind: DetailKind) =>
    new Raw(
      page
        .filter((e) => e.kind === kind)
        .map((e) => e.xml)
        .join(''),
    );
  return xmlMembers(GetAccountAuthorizationDetailsResponse$, {
    UserDetailList: join('UserDetailList'),
    GroupDetailList: new Raw(''),
    RoleDetailList: join('RoleDetailList'),
    Policies: join('Policies'),
    IsTruncated: window.nextToken !== undefined,
    Marker: window.nextToken,
  });
}

// ---- per-role and per-policy reads ------------------------------------------------------------

function listAttachedRolePolicies(ctx: CallContext): string {
  const role = findRole(ctx);
  return runList(
    accountSpec<snap.AttachedPolicy>({
      key: `ListAttachedRolePolicies:${role.name}`,
      output: ListAttachedRolePoliciesResponse$,
      member: 'AttachedPolicies',
      records: () => role.attachedPolicies,
      toAws: (p): IAM.AttachedPolicy => ({ PolicyName: p.name, PolicyArn: p.arn }),
    }),
    ctx,
  );
}

function listRolePolicies(ctx: CallContext): string {
  const role = findRole(ctx);
  return runList(
    accountSpec<snap.InlinePolicy>({
      key: `ListRolePolicies:${role.name}`,
      output: ListRolePoliciesResponse$,
      member: 'PolicyNames',
      records: () => role.inlinePolicies,
      toAws: (p) => p.name,
    }),
    ctx,
  );
}

function getRolePolicy(ctx: CallContext): string {
  const role = findRole(ctx);
  const name = ctx.params.string('PolicyName');
  const policy = role.inlinePolicies.find((p) => p.name === name);
  if (!policy) throw noSuchEntity(`role policy with name ${name ?? ''}`);
  return xmlMembers(GetRolePolicyResponse$, {
    RoleName: role.name,
    PolicyName: policy.name,
    PolicyDocument: encodedPolicy(policy.document),
  });
}

function findPolicy(ctx: CallContext): snap.IamManagedPolicy {
  const arn = ctx.params.string('PolicyArn');
  const policy = ctx.account.snapshot.global.policies.find((p) => p.arn === arn);
  // AWS-managed policies are not in the snapshot, so they are not served either.
  if (!policy)
    throw new ApiError(404, 'NoSuchEntity', `Policy ${arn ?? ''} does not exist or is not attachable.`);
  return policy;
}

function getPolicy(ctx: CallContext): string {
  return xmlMembers(GetPolicyResponse$, { Policy: policyToAws(findPolicy(ctx), ctx.account) });
}

function getPolicyVersion(ctx: CallContext): string {
  const policy = findPolicy(ctx);
  const version = ctx.params.string('VersionId');
  if (version !== 'v1') throw noSuchEntity(`policy version ${version ?? ''} of ${policy.arn}`);
  return xmlMembers(GetPolicyVersionResponse$, {
    PolicyVersion: {
      VersionId: 'v1',
      IsDefaultVersion: true,
      CreateDate: new Date(DEFAULT_DATE),
      Document: encodedPolicy(policy.document),
    },
  });
}

export const iamHandlers: HandlerTable = {
  ListUsers: (ctx) => runList(LIST_USERS, ctx),
  ListRoles: (ctx) => runList(LIST_ROLES, ctx),
  ListInstanceProfiles: (ctx) => runList(LIST_INSTANCE_PROFILES, ctx),
  ListAccessKeys: listAccessKeys,
  GetAccessKeyLastUsed: getAccessKeyLastUsed,
  GenerateCredentialReport: generateCredentialReport,
  GetCredentialReport: getCredentialReport,
  GetAccountAuthorizationDetails: getAccountAuthorizationDetails,
  ListAttachedRolePolicies: listAttachedRolePolicies,
  ListRolePolicies: listRolePolicies,
  GetRolePolicy: getRolePolicy,
  GetPolicy: getPolicy,
  GetPolicyVersion: getPolicyVersion,
};
