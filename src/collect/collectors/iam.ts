// IAM, read once per account (one control plane per partition, aws-facts §6.3).
// Roles and local managed policies come from GetAccountAuthorizationDetails in one paginated sweep
// each (aws-facts §4.1, §4.3); instance profiles from ListInstanceProfiles (a profile with no role
// appears nowhere else); users from ListUsers plus the credential report. The report carries, per
// access-key slot, active, last rotated (= created) and last used: everything the stale-key rule
// judges, so with the report no per-user call is made at all (issue 18: 460 ListAccessKeys calls
// were most of a 10k-resource scan). A key is then named by its report slot (`access_key_1`,
// `access_key_2`): the key id (AKIA…) exists only in ListAccessKeys, which, with
// GetAccessKeyLastUsed per key, is the fallback when the report cannot be had (rules/
// iam-user-no-stale-access-keys.md "Key names", README "IAM access keys").
import type { IAMClient } from '@aws-sdk/client-iam';
import type { AccessKey, IamUser } from '../../snapshot/types.js';
import {
  CallFailure,
  callEach,
  sends,
  runSweep,
  type GlobalCollector,
  type GlobalRun,
} from '../collector.js';
import { classifyError } from '../error-classifier.js';
import { realClock } from '../limits.js';
import { parsePolicyDocument } from '../policy-document.js';
import { compact, isoDate, tagsOf } from '../records.js';
import { iamSdk } from '../sdk.js';

const {
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountAuthorizationDetailsCommand,
  GetCredentialReportCommand,
  ListAccessKeysCommand,
  ListInstanceProfilesCommand,
  ListUsersCommand,
  paginateGetAccountAuthorizationDetails,
  paginateListAccessKeys,
  paginateListInstanceProfiles,
  paginateListUsers,
} = iamSdk();

const PAGE = 1000; // MaxItems 1–1000 (aws-facts §6.1)

export const iamRolesCollector: GlobalCollector = {
  kind: 'iamRoles',
  scope: 'global',
  ...sends('iam', GetAccountAuthorizationDetailsCommand),
  dependsOn: [],
  async collect(run) {
    run.global.roles = await runSweep(
      run.clients.iam,
      {
        service: 'iam',
        command: GetAccountAuthorizationDetailsCommand,
        paginate: paginateGetAccountAuthorizationDetails,
        pageSize: PAGE,
        input: { Filter: ['Role'] },
        items: (page) => page.RoleDetailList,
        map: (role) => {
          if (!role.RoleId || !role.Arn || !role.RoleName) return undefined;
          const tags = tagsOf(role.Tags);
          return {
            id: role.RoleId,
            arn: role.Arn,
            name: role.RoleName,
            ...compact({
              tags,
              path: role.Path,
              createDate: isoDate(role.CreateDate),
              roleLastUsed: isoDate(role.RoleLastUsed?.LastUsedDate),
              // Who may assume it: the Default Host Management role must trust ssm.amazonaws.com.
              trustPolicy: parsePolicyDocument(role.AssumeRolePolicyDocument),
            }),
            attachedPolicies: (role.AttachedManagedPolicies ?? []).map((p) => ({
              name: p.PolicyName ?? '',
              arn: p.PolicyArn ?? '',
            })),
            inlinePolicies: (role.RolePolicyList ?? []).map((p) =>
              compact({ name: p.PolicyName ?? '', document: parsePolicyDocument(p.PolicyDocument) }),
            ),
          };
        },
      },
      run,
    );
    return run.global.roles.length;
  },
};

export const iamPoliciesCollector: GlobalCollector = {
  kind: 'iamPolicies',
  scope: 'global',
  ...sends('iam', GetAccountAuthorizationDetailsCommand),
  dependsOn: [],
  async collect(run) {
    run.global.policies = await runSweep(
      run.clients.iam,
      {
        service: 'iam',
        command: GetAccountAuthorizationDetailsCommand,
        paginate: paginateGetAccountAuthorizationDetails,
        pageSize: PAGE,
        input: { Filter: ['LocalManagedPolicy'] },
        items: (page) => page.Policies,
        map: (policy) => {
          if (!policy.PolicyId || !policy.Arn || !policy.PolicyName) return undefined;
          const current = (policy.PolicyVersionList ?? []).find((v) => v.IsDefaultVersion === true);
          return {
            id: policy.PolicyId,
            arn: policy.Arn,
            name: policy.PolicyName,
            ...compact({ document: parsePolicyDocument(current?.Document) }),
          };
        },
      },
      run,
    );
    return run.global.policies.length;
  },
};

export const iamInstanceProfilesCollector: GlobalCollector = {
  kind: 'iamInstanceProfiles',
  scope: 'global',
  ...sends('iam', ListInstanceProfilesCommand),
  dependsOn: [],
  async collect(run) {
    run.global.instanceProfiles = await runSweep(
      run.clients.iam,
      {
        service: 'iam',
        command: ListInstanceProfilesCommand,
        paginate: paginateListInstanceProfiles,
        pageSize: PAGE,
        input: {},
        items: (page) => page.InstanceProfiles,
        map: (profile) =>
          profile.InstanceProfileId && profile.Arn && profile.InstanceProfileName
            ? {
                id: profile.InstanceProfileId,
                arn: profile.Arn,
                name: profile.InstanceProfileName,
                ...compact({ path: profile.Path, tags: tagsOf(profile.Tags) }),
                roleNames: (profile.Roles ?? []).flatMap((r) => (r.RoleName ? [r.RoleName] : [])),
              }
            : undefined,
      },
      run,
    );
    return run.global.instanceProfiles.length;
  },
};

/** One row of the credential report (aws-facts §4.3), by column name. */
export type ReportRow = Record<string, string>;

/** Parses the report CSV (RFC 4180 quoting; IAM user names may contain commas). */
export function parseCredentialReport(text: string): ReportRow[] {
  const rows: string[][] = [];
  let field = '';
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  const [header, ...data] = rows.filter((r) => r.length > 1 || (r[0] ?? '') !== '');
  if (!header) return [];
  return data.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i] ?? ''])));
}

/** Report sentinels (`N/A`, `no_information`, `not_supported`) mean "no value". */
function reportDate(value: string | undefined): string | undefined {
  if (!value || ['N/A', 'no_information', 'not_supported'].includes(value)) return undefined;
  return isoDate(value);
}

function reportBool(value: string | undefined): boolean | undefined {
  if (value === 'true' || value === 'TRUE') return true;
  if (value === 'false' || value === 'FALSE') return false;
  return undefined;
}

function reportValue(value: string | undefined): string | undefined {
  return !value || value === 'N/A' ? undefined : value;
}

/** Report generation is asynchronous: poll a few times, then give up and fall back. */
const REPORT_POLLS = 8;
const REPORT_POLL_MS = 750;

async function readCredentialReport(
  run: GlobalRun,
  sleep: (ms: number) => Promise<void>,
): Promise<ReportRow[]> {
  const iam = run.clients.iam;
  for (let attempt = 0; ; attempt += 1) {
    const [state] = await runSweep(
      iam,
      {
        service: 'iam',
        command: GenerateCredentialReportCommand,
        send: (client: IAMClient, input) => client.send(new GenerateCredentialReportCommand(input)),
        input: {},
        items: (page) => [page],
        map: (page) => page.State,
      },
      run,
    );
    if (state === 'COMPLETE') break;
    if (attempt >= REPORT_POLLS) throw new Error('credential report still in progress');
    await sleep(REPORT_POLL_MS);
  }
  const [content] = await runSweep(
    iam,
    {
      service: 'iam',
      command: GetCredentialReportCommand,
      send: (client: IAMClient, input) => client.send(new GetCredentialReportCommand(input)),
      input: {},
      items: (page) => [page],
      map: (page) => page.Content,
    },
    run,
  );
  if (!content) throw new Error('credential report is empty');
  return parseCredentialReport(Buffer.from(content).toString('utf8'));
}

/** The name a key read from the credential report carries instead of its id: the report's slot. */
export function reportKeySlot(n: 1 | 2): string {
  return `access_key_${n}`;
}

/**
 * The keys of one report row. A slot holds a key when it has a rotation date (the key's creation)
 * or is active; a user has at most two keys (aws-facts §4.3). An active slot without a readable
 * date keeps createDate empty, which the rule reports as `unknown`, never as a verdict.
 */
export function keysFromReport(row: ReportRow): AccessKey[] {
  return ([1, 2] as const).flatMap((n) => {
    const rotated = reportDate(row[`access_key_${n}_last_rotated`]);
    const active = reportBool(row[`access_key_${n}_active`]);
    if (rotated === undefined && active !== true) return [];
    return [
      {
        accessKeyId: reportKeySlot(n),
        status: active === true ? 'Active' : active === false ? 'Inactive' : 'Unknown',
        createDate: rotated ?? '',
        ...compact({
          lastUsedDate: reportDate(row[`access_key_${n}_last_used_date`]),
          lastUsedService: reportValue(row[`access_key_${n}_last_used_service`]),
          lastUsedRegion: reportValue(row[`access_key_${n}_last_used_region`]),
        }),
      },
    ];
  });
}

export interface IamUsersOptions {
  sleep?: (ms: number) => Promise<void>;
  perUserConcurrency?: number;
}

export function createIamUsersCollector(options: IamUsersOptions = {}): GlobalCollector {
  const sleep = options.sleep ?? ((ms: number) => realClock.sleep(ms));
  return {
    kind: 'iamUsers',
    scope: 'global',
    ...sends(
      'iam',
      ListUsersCommand,
      GenerateCredentialReportCommand,
      GetCredentialReportCommand,
      ListAccessKeysCommand,
      GetAccessKeyLastUsedCommand,
    ),
    dependsOn: [],
    async collect(run) {
      const iam = run.clients.iam;
      const users: IamUser[] = await runSweep(
        iam,
        {
          service: 'iam',
          command: ListUsersCommand,
          paginate: paginateListUsers,
          pageSize: PAGE,
          input: {},
          items: (page) => page.Users,
          map: (user) =>
            user.UserId && user.Arn && user.UserName
              ? {
                  id: user.UserId,
                  arn: user.Arn,
                  name: user.UserName,
                  createDate: isoDate(user.CreateDate) ?? new Date(0).toISOString(),
                  ...compact({
                    path: user.Path,
                    tags: tagsOf(user.Tags),
                    passwordLastUsed: isoDate(user.PasswordLastUsed),
                  }),
                  accessKeys: [],
                }
              : undefined,
        },
        run,
      );
      // The report is an optimisation: if it cannot be had, per-key calls give the same facts.
      let report: Map<string, ReportRow> | undefined;
      try {
        report = new Map((await readCredentialReport(run, sleep)).map((row) => [row.user ?? '', row]));
      } catch (error) {
        // Not an error of the scan (the per-key calls below give the same facts), but said, so a
        // slow scan of many users has its reason in the log.
        const reason =
          error instanceof CallFailure
            ? `${error.message}: ${classifyError(error.cause).code}`
            : error instanceof Error
              ? error.message
              : String(error);
        run.log.note(`IAM credential report not read (${reason}): listing each user's access keys instead`);
        report = undefined;
      }
      const concurrency = options.perUserConcurrency ?? 4;
      const failures = await callEach(users, concurrency, async (user) => {
        const row = report?.get(user.name);
        if (row) {
          const passwordEnabled = reportBool(row.password_enabled);
          const mfaActive = reportBool(row.mfa_active);
          const passwordLastUsed = reportDate(row.password_last_used);
          Object.assign(user, compact({ passwordEnabled, mfaActive, passwordLastUsed }));
        }
        if (row) {
          user.accessKeys = keysFromReport(row);
          return;
        }
        // No report, or a user newer than the report (it is regenerated at most every four hours,
        // aws-facts §4.3): list the keys. With a report this is the bounded exception.
        user.accessKeys = await runSweep(
          iam,
          {
            service: 'iam',
            command: ListAccessKeysCommand,
            paginate: paginateListAccessKeys,
            pageSize: PAGE,
            input: { UserName: user.name }, // always pass it (aws-facts §4.3)
            items: (page) => page.AccessKeyMetadata,
            map: (key): AccessKey | undefined =>
              key.AccessKeyId
                ? {
                    accessKeyId: key.AccessKeyId,
                    status: key.Status ?? 'Unknown',
                    createDate: isoDate(key.CreateDate) ?? new Date(0).toISOString(),
                  }
                : undefined,
          },
          run,
          user.name,
        );
        for (const key of user.accessKeys) {
          const [used] = await runSweep(
            iam,
            {
              service: 'iam',
              command: GetAccessKeyLastUsedCommand,
              send: (client: IAMClient, input) => client.send(new GetAccessKeyLastUsedCommand(input)),
              input: { AccessKeyId: key.accessKeyId },
              items: (page) => [page],
              map: (page) => page.AccessKeyLastUsed,
            },
            run,
            user.name,
          );
          Object.assign(
            key,
            compact({
              lastUsedDate: isoDate(used?.LastUsedDate),
              lastUsedService: reportValue(used?.ServiceName),
              lastUsedRegion: reportValue(used?.Region),
            }),
          );
        }
      });
      run.global.users = users;
      run.recordFailures(failures);
      return users.length;
    },
  };
}
