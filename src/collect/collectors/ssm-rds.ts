// SSM (managed instance information, DHMC setting) and RDS (instances, subnet groups) per region.
import type { RDSClient } from '@aws-sdk/client-rds';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { CallFailure, defineListCollector, sends, runSweep, type RegionalCollector } from '../collector.js';
import { compact, ids, isoDate, tagsOf } from '../records.js';
import type { SsmDefaultHostManagement } from '../../snapshot/types.js';
import { rdsSdk, ssmSdk } from '../sdk.js';

const {
  DescribeDBInstancesCommand,
  DescribeDBSubnetGroupsCommand,
  paginateDescribeDBInstances,
  paginateDescribeDBSubnetGroups,
} = rdsSdk();
const { DescribeInstanceInformationCommand, GetServiceSettingCommand, paginateDescribeInstanceInformation } =
  ssmSdk();

const ssm = (clients: { ssm: SSMClient }): SSMClient => clients.ssm;
const rds = (clients: { rds: RDSClient }): RDSClient => clients.rds;

export const ssmInstancesCollector = defineListCollector({
  kind: 'ssmInstances',
  client: ssm,
  sweep: {
    service: 'ssm',
    command: DescribeInstanceInformationCommand,
    paginate: paginateDescribeInstanceInformation,
    pageSize: 50, // 5–50, default 10 (aws-facts §5.4, §6.1)
    input: {},
    items: (page) => page.InstanceInformationList,
    map: (info) =>
      info.InstanceId
        ? {
            instanceId: info.InstanceId,
            pingStatus: info.PingStatus ?? 'Unknown',
            ...compact({
              lastPingDateTime: isoDate(info.LastPingDateTime),
              agentVersion: info.AgentVersion,
              isLatestVersion: info.IsLatestVersion,
              platformType: info.PlatformType,
              iamRole: info.IamRole,
              resourceType: info.ResourceType,
            }),
          }
        : undefined,
  },
});

/** aws-facts §5.3: the DHMC role setting. */
export const DHMC_SETTING_ID = '/ssm/managed-instance/default-ec2-instance-management-role';

/**
 * Reads the DHMC setting. Untouched (or reset) it answers `Status: Default` with a placeholder value
 * (`$None`), which must never be read as a role name; configured it answers `Customized` (or
 * `PendingUpdate` while changing) with the role name, often with its IAM path
 * (`service-role/AWSSystemsManagerDefaultEC2InstanceManagementRole`), which we strip so it matches
 * the role's name.
 */
export function interpretDhmcSetting(
  value: string | undefined,
  status: string | undefined,
): SsmDefaultHostManagement {
  const raw = value?.trim() ?? '';
  const placeholder = raw === '' || raw.startsWith('$') || raw.toLowerCase() === 'none';
  const enabled = !placeholder && status !== 'Default';
  const roleName = enabled ? raw.slice(raw.lastIndexOf('/') + 1) : undefined;
  return compact({ enabled, roleName: roleName || undefined, status });
}

export const ssmDefaultHostManagementCollector: RegionalCollector = {
  kind: 'ssmDefaultHostManagement',
  scope: 'regional',
  ...sends('ssm', GetServiceSettingCommand),
  dependsOn: [],
  async collect(run) {
    try {
      const [setting] = await runSweep(
        run.clients.ssm,
        {
          service: 'ssm',
          command: GetServiceSettingCommand,
          send: (client: SSMClient, input) => client.send(new GetServiceSettingCommand(input)),
          input: { SettingId: DHMC_SETTING_ID },
          items: (page) => [page],
          map: (page) => page.ServiceSetting,
        },
        run,
      );
      run.region.ssmDefaultHostManagement = interpretDhmcSetting(setting?.SettingValue, setting?.Status);
    } catch (error) {
      // A region where the setting was never touched answers ServiceSettingNotFound: DHMC is off.
      if (
        error instanceof CallFailure &&
        (error.cause as { name?: string }).name === 'ServiceSettingNotFound'
      ) {
        run.region.ssmDefaultHostManagement = { enabled: false };
        return 1;
      }
      throw error;
    }
    return 1;
  },
};

export const dbInstancesCollector = defineListCollector({
  kind: 'dbInstances',
  client: rds,
  sweep: {
    service: 'rds',
    command: DescribeDBInstancesCommand,
    paginate: paginateDescribeDBInstances,
    pageSize: 100, // 20–100 (aws-facts §6.1)
    input: {},
    items: (page) => page.DBInstances,
    map: (db, context) => {
      if (!db.DBInstanceIdentifier) return undefined;
      const tags = tagsOf(db.TagList);
      return {
        id: db.DBInstanceIdentifier,
        arn:
          db.DBInstanceArn ??
          `arn:${context.partition}:rds:${context.region}:${context.accountId}:db:${db.DBInstanceIdentifier}`,
        ...compact({ name: tags?.Name, tags }),
        engine: db.Engine ?? 'unknown',
        status: db.DBInstanceStatus ?? 'unknown',
        publiclyAccessible: db.PubliclyAccessible === true,
        securityGroupIds: ids(db.VpcSecurityGroups, (g) => g.VpcSecurityGroupId),
        ...compact({
          engineVersion: db.EngineVersion,
          endpointAddress: db.Endpoint?.Address,
          // No Endpoint while an instance is being created (or restored): its own listening port
          // (`DbInstancePort`, 0 when not reported) still says which port the admin path needs.
          port: db.Endpoint?.Port ?? (db.DbInstancePort ? db.DbInstancePort : undefined),
          vpcId: db.DBSubnetGroup?.VpcId,
          dbSubnetGroupName: db.DBSubnetGroup?.DBSubnetGroupName,
          // Returned inline, so reachability needs no DescribeDBSubnetGroups (issue 20 item 15).
          subnetIds:
            db.DBSubnetGroup?.Subnets && db.DBSubnetGroup.Subnets.length > 0
              ? ids(db.DBSubnetGroup.Subnets, (s) => s.SubnetIdentifier)
              : undefined,
          storageEncrypted: db.StorageEncrypted,
        }),
      };
    },
  },
});

export const dbSubnetGroupsCollector = defineListCollector({
  kind: 'dbSubnetGroups',
  client: rds,
  sweep: {
    service: 'rds',
    command: DescribeDBSubnetGroupsCommand,
    paginate: paginateDescribeDBSubnetGroups,
    pageSize: 100,
    input: {},
    items: (page) => page.DBSubnetGroups,
    map: (group, context) => {
      if (!group.DBSubnetGroupName) return undefined;
      return {
        id: group.DBSubnetGroupName,
        arn:
          group.DBSubnetGroupArn ??
          `arn:${context.partition}:rds:${context.region}:${context.accountId}:subgrp:${group.DBSubnetGroupName}`,
        name: group.DBSubnetGroupName,
        vpcId: group.VpcId ?? '',
        subnetIds: ids(group.Subnets, (s) => s.SubnetIdentifier),
        ...compact({ status: group.SubnetGroupStatus }),
      };
    },
  },
});
