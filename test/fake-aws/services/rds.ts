// RDS (awsQuery): DB instances and DB subnet groups.
import { DBInstanceMessage$, DBSubnetGroupMessage$ } from '@aws-sdk/client-rds';
import type * as RDS from '@aws-sdk/client-rds';
import type * as snap from '../../../src/snapshot/types.js';
import type { PageSpec } from '../pagination.js';
import { ApiError } from '../wire/protocols.js';
import type { CallContext, HandlerTable } from './context.js';
import { runList } from './list-runner.js';
import type { ListSpec } from './list-runner.js';

/** aws-facts §6.1: MaxRecords 20–100, default 100, Marker. */
const RDS_PAGE: PageSpec = {
  sizeParam: 'MaxRecords',
  tokenParam: 'Marker',
  min: 20,
  max: 100,
  defaultSize: 100,
  style: 'rds',
};

function subnetGroupToAws(group: snap.DbSubnetGroup, region: snap.RegionSnapshot): RDS.DBSubnetGroup {
  const azOf = new Map(region.subnets.map((s) => [s.id, s.availabilityZone]));
  return {
    DBSubnetGroupName: group.name,
    DBSubnetGroupDescription: group.name,
    VpcId: group.vpcId,
    SubnetGroupStatus: group.status ?? 'Complete',
    DBSubnetGroupArn: group.arn,
    Subnets: group.subnetIds.map((id) => ({
      SubnetIdentifier: id,
      SubnetAvailabilityZone: { Name: azOf.get(id) ?? `${region.region}a` },
      SubnetStatus: 'Active',
    })),
  };
}

function dbInstanceToAws(db: snap.DbInstance, ctx: CallContext): RDS.DBInstance {
  const region = ctx.account.region(ctx.region);
  const group = region.dbSubnetGroups.find((g) => g.name === db.dbSubnetGroupName);
  return {
    DBInstanceIdentifier: db.id,
    DBInstanceArn: db.arn,
    DBInstanceClass: 'db.t3.micro',
    Engine: db.engine,
    EngineVersion: db.engineVersion,
    DBInstanceStatus: db.status,
    PubliclyAccessible: db.publiclyAccessible,
    Endpoint: db.endpointAddress ? { Address: db.endpointAddress, Port: db.port } : undefined,
    DbInstancePort: db.port,
    DBSubnetGroup: group
      ? subnetGroupToAws(group, region)
      : db.vpcId
        ? {
            DBSubnetGroupName: db.dbSubnetGroupName,
            VpcId: db.vpcId,
            Subnets: (db.subnetIds ?? []).map((id) => ({ SubnetIdentifier: id, SubnetStatus: 'Active' })),
          }
        : undefined,
    VpcSecurityGroups: db.securityGroupIds.map((id) => ({ VpcSecurityGroupId: id, Status: 'active' })),
    StorageEncrypted: db.storageEncrypted ?? false,
    DbiResourceId: `db-${db.id.toUpperCase().replace(/[^A-Z0-9]/g, '')}`,
    TagList: Object.entries(db.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
  };
}

const DESCRIBE_DB_INSTANCES: ListSpec<snap.DbInstance> = {
  key: 'DescribeDBInstances',
  output: DBInstanceMessage$,
  member: 'DBInstances',
  tokenMember: 'Marker',
  page: RDS_PAGE,
  records: (ctx) => ctx.account.region(ctx.region).dbInstances,
  toAws: dbInstanceToAws,
  select: (records, ctx) => {
    const id = ctx.params.string('DBInstanceIdentifier');
    if (id === undefined) return undefined;
    const index = records.findIndex((r) => r.id === id);
    if (index < 0) throw new ApiError(404, 'DBInstanceNotFound', `DBInstance ${id} not found.`);
    return [index];
  },
};

const DESCRIBE_DB_SUBNET_GROUPS: ListSpec<snap.DbSubnetGroup> = {
  key: 'DescribeDBSubnetGroups',
  output: DBSubnetGroupMessage$,
  member: 'DBSubnetGroups',
  tokenMember: 'Marker',
  page: RDS_PAGE,
  records: (ctx) => ctx.account.region(ctx.region).dbSubnetGroups,
  toAws: (group, ctx) => subnetGroupToAws(group, ctx.account.region(ctx.region)),
  select: (records, ctx) => {
    const name = ctx.params.string('DBSubnetGroupName');
    if (name === undefined) return undefined;
    const index = records.findIndex((r) => r.name === name);
    if (index < 0)
      throw new ApiError(404, 'DBSubnetGroupNotFoundFault', `DB subnet group '${name}' not found.`);
    return [index];
  },
};

export const rdsHandlers: HandlerTable = {
  DescribeDBInstances: (ctx) => runList(DESCRIBE_DB_INSTANCES, ctx),
  DescribeDBSubnetGroups: (ctx) => runList(DESCRIBE_DB_SUBNET_GROUPS, ctx),
};
