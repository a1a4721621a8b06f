// Organizations (awsJson1_1): the account list of the management account, for fan-out.
import { DescribeOrganizationResponse$, ListAccountsResponse$ } from '@aws-sdk/client-organizations';
import type * as ORG from '@aws-sdk/client-organizations';
import type { OrganizationSpec } from '../types.js';
import { fillerFrom } from '../random.js';
import { ApiError } from '../wire/protocols.js';
import { jsonBody } from '../wire/schema-writers.js';
import type { CallContext, HandlerTable } from './context.js';
import { runList } from './list-runner.js';
import type { ListSpec } from './list-runner.js';

type OrgAccount = OrganizationSpec['accounts'][number];

function organizationOf(ctx: CallContext): { org: OrganizationSpec; id: string } {
  const org = ctx.server.organization;
  const member =
    org && (org.managementAccountId === ctx.account.id || org.accounts.some((a) => a.id === ctx.account.id));
  if (!org || !member) {
    throw new ApiError(
      400,
      'AWSOrganizationsNotInUseException',
      'Your account is not a member of an organization.',
    );
  }
  return { org, id: `o-${fillerFrom('abcdefghijklmnopqrstuvwxyz0123456789', 10, org.managementAccountId)}` };
}

/** ListAccounts: MaxResults 1–20 (20 when absent); only the management account may call it. */
const LIST_ACCOUNTS: ListSpec<OrgAccount> = {
  key: 'ListAccounts',
  scope: 'account',
  output: ListAccountsResponse$,
  member: 'Accounts',
  tokenMember: 'NextToken',
  page: {
    sizeParam: 'MaxResults',
    tokenParam: 'NextToken',
    min: 1,
    max: 20,
    defaultSize: 20,
    style: 'organizations',
  },
  records: (ctx) => organizationOf(ctx).org.accounts,
  toAws: (account, ctx): ORG.Account => {
    const { org, id } = organizationOf(ctx);
    return {
      Id: account.id,
      Arn: `arn:aws:organizations::${org.managementAccountId}:account/${id}/${account.id}`,
      Email: account.email ?? `aws+${account.id}@example.com`,
      Name: account.name,
      Status: account.status,
      JoinedMethod: account.id === org.managementAccountId ? 'INVITED' : 'CREATED',
      JoinedTimestamp: new Date('2024-01-01T00:00:00.000Z'),
    };
  },
};

function listAccounts(ctx: CallContext): string {
  const { org } = organizationOf(ctx);
  if (org.managementAccountId !== ctx.account.id) {
    throw new ApiError(400, 'AccessDeniedException', "You don't have permissions to access this resource.");
  }
  return runList(LIST_ACCOUNTS, ctx);
}

function describeOrganization(ctx: CallContext): string {
  const { org, id } = organizationOf(ctx);
  const organization: ORG.Organization = {
    Id: id,
    Arn: `arn:aws:organizations::${org.managementAccountId}:organization/${id}`,
    FeatureSet: 'ALL',
    MasterAccountArn: `arn:aws:organizations::${org.managementAccountId}:account/${id}/${org.managementAccountId}`,
    MasterAccountId: org.managementAccountId,
    MasterAccountEmail: `aws+${org.managementAccountId}@example.com`,
  };
  return jsonBody(DescribeOrganizationResponse$, { Organization: organization });
}

export const organizationsHandlers: HandlerTable = {
  ListAccounts: listAccounts,
  DescribeOrganization: describeOrganization,
};
