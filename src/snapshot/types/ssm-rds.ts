// Systems Manager and RDS records, and what a region holds of them.
import type { Integer, NonEmptyString, Resource } from './common.js';

export interface SsmManagedInstance {
  instanceId: NonEmptyString;
  /** `Online`, `ConnectionLost`, `Inactive` (aws-facts §5.4). */
  pingStatus: string;
  lastPingDateTime?: string;
  agentVersion?: string;
  isLatestVersion?: boolean;
  platformType?: string;
  iamRole?: string;
  resourceType?: string;
}

/** Default Host Management Configuration (aws-facts §5.3). */
export interface SsmDefaultHostManagement {
  enabled: boolean;
  roleName?: string;
  status?: string;
}

export interface DbInstance extends Resource {
  engine: string;
  engineVersion?: string;
  status: string;
  publiclyAccessible: boolean;
  endpointAddress?: string;
  port?: Integer;
  vpcId?: string;
  dbSubnetGroupName?: string;
  /** The subnets of its DB subnet group, as DescribeDBInstances returns them; absent when not returned. */
  subnetIds?: string[];
  securityGroupIds: string[];
  storageEncrypted?: boolean;
}

export interface DbSubnetGroup extends Resource {
  name: string;
  vpcId: string;
  subnetIds: string[];
  status?: string;
}

/** What a region holds of Systems Manager and RDS: these members of `RegionSnapshot`. */
export interface SsmRdsRegionPart {
  ssmInstances: SsmManagedInstance[];
  /** Absent when not read (kind `ssmDefaultHostManagement`). */
  ssmDefaultHostManagement?: SsmDefaultHostManagement;
  dbInstances: DbInstance[];
  dbSubnetGroups: DbSubnetGroup[];
}
