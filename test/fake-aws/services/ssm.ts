// SSM (awsJson1_1): managed instance information and the Default Host Management setting.
import { DescribeInstanceInformationResult$, GetServiceSettingResult$ } from '@aws-sdk/client-ssm';
import type * as SSM from '@aws-sdk/client-ssm';
import type * as snap from '../../../src/snapshot/types.js';
import { ApiError } from '../wire/protocols.js';
import { jsonBody } from '../wire/schema-writers.js';
import type { CallContext, HandlerTable } from './context.js';
import { runList, selectByIdsAndFilters } from './list-runner.js';
import type { ListSpec } from './list-runner.js';

/** aws-facts §5.4 / §6.1: MaxResults 5–50, default 10. */
const DESCRIBE_INSTANCE_INFORMATION: ListSpec<snap.SsmManagedInstance> = {
  key: 'DescribeInstanceInformation',
  output: DescribeInstanceInformationResult$,
  member: 'InstanceInformationList',
  tokenMember: 'NextToken',
  page: { sizeParam: 'MaxResults', tokenParam: 'NextToken', min: 5, max: 50, defaultSize: 10, style: 'json' },
  records: (ctx) => ctx.account.region(ctx.region).ssmInstances,
  toAws: (record): SSM.InstanceInformation => ({
    InstanceId: record.instanceId,
    PingStatus: record.pingStatus as SSM.PingStatus,
    LastPingDateTime: record.lastPingDateTime ? new Date(record.lastPingDateTime) : undefined,
    AgentVersion: record.agentVersion,
    IsLatestVersion: record.isLatestVersion ?? false,
    PlatformType: record.platformType as SSM.PlatformType | undefined,
    IamRole: record.iamRole,
    ResourceType: (record.resourceType ?? 'EC2Instance') as SSM.ResourceType,
  }),
  select: (records, ctx) =>
    selectByIdsAndFilters(records, ctx, {
      filters: {
        InstanceIds: (r) => [r.instanceId],
        PingStatus: (r) => [r.pingStatus],
        PlatformType: (r) => [r.platformType],
        ResourceType: (r) => [r.resourceType ?? 'EC2Instance'],
        AgentVersion: (r) => [r.agentVersion],
        IamRole: (r) => [r.iamRole],
      },
    }),
};

const DHMC_SETTING = '/ssm/managed-instance/default-ec2-instance-management-role';

/**
 * aws-facts §5.3. Enabled: the role name (with its IAM path, as it was configured, e.g.
 * `service-role/AWSSystemsManagerDefaultEC2InstanceManagementRole`) and `Customized`. Disabled or
 * never configured: AWS's default value `$None` with status `Default`.
 */
function getServiceSetting(ctx: CallContext): string {
  const requested = ctx.params.string('SettingId') ?? '';
  const id = requested.startsWith('arn:')
    ? requested.slice(requested.indexOf(':servicesetting') + 15)
    : requested;
  if (id !== DHMC_SETTING) {
    throw new ApiError(400, 'ServiceSettingNotFound', `The service setting ${requested} was not found.`);
  }
  const dhmc = ctx.account.region(ctx.region).ssmDefaultHostManagement;
  const role = dhmc?.roleName
    ? ctx.account.snapshot.global.roles.find((r) => r.name === dhmc.roleName)
    : undefined;
  const path = role?.path && role.path !== '/' ? role.path.replace(/^\//, '') : '';
  const enabled = dhmc?.enabled === true && dhmc.roleName !== undefined;
  const setting: SSM.ServiceSetting = {
    SettingId: DHMC_SETTING,
    SettingValue: enabled ? `${path}${dhmc.roleName}` : '$None',
    LastModifiedDate: new Date('2024-01-01T00:00:00.000Z'),
    LastModifiedUser: enabled ? `arn:${ctx.account.partition}:iam::${ctx.account.id}:root` : 'System',
    ARN: `arn:${ctx.account.partition}:ssm:${ctx.region}:${ctx.account.id}:servicesetting${DHMC_SETTING}`,
    Status: dhmc?.status ?? (enabled ? 'Customized' : 'Default'),
  };
  return jsonBody(GetServiceSettingResult$, { ServiceSetting: setting });
}

export const ssmHandlers: HandlerTable = {
  DescribeInstanceInformation: (ctx) => runList(DESCRIBE_INSTANCE_INFORMATION, ctx),
  GetServiceSetting: getServiceSetting,
};
