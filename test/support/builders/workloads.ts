// Managed workloads in a region: RDS instances and subnet groups, Lambda functions, ECS task
// definitions and services. Their class closes the chain of service builders: `RegionBuilder`.
import type {
  DbInstance,
  DbSubnetGroup,
  EcsContainer,
  EcsService,
  EcsTaskDefinition,
  LambdaFunction,
} from '../../../src/snapshot/types.js';
import { ComputeBuilder } from './compute.js';
import type { Fields } from './region-core.js';

/**
 * Builds one region of one account; every method returns the record it added. Its methods are
 * grouped by service along the chain RegionCore → NetworkBuilder → ComputeBuilder → RegionBuilder.
 */
export class RegionBuilder extends ComputeBuilder {
  dbInstance(id: string, fields: Fields<DbInstance, 'id'> = {}): DbInstance {
    const db: DbInstance = {
      id,
      arn: this.arn('rds', `db:${id}`),
      ownerId: this.accountId,
      engine: 'postgres',
      engineVersion: '16.4',
      status: 'available',
      publiclyAccessible: false,
      port: 5432,
      securityGroupIds: [],
      storageEncrypted: true,
      ...fields,
    };
    this.data.dbInstances.push(db);
    return db;
  }

  dbSubnetGroup(name: string, vpcId: string, subnetIds: string[]): DbSubnetGroup {
    const group: DbSubnetGroup = {
      id: name,
      arn: this.arn('rds', `subgrp:${name}`),
      name,
      vpcId,
      subnetIds,
      status: 'Complete',
    };
    this.data.dbSubnetGroups.push(group);
    return group;
  }

  /**
   * A Lambda function; with `subnetIds` it is attached to a VPC, whose id is taken from the first
   * subnet this builder knows (as the collector derives it, aws-facts §10.1).
   */
  lambdaFunction(
    name: string,
    options: {
      roleArn?: string;
      subnetIds?: string[];
      securityGroupIds?: string[];
      ipv6AllowedForDualStack?: boolean;
    } & Fields<LambdaFunction, 'id' | 'name' | 'vpcConfig' | 'roleArn'> = {},
  ): LambdaFunction {
    const { subnetIds, securityGroupIds, ipv6AllowedForDualStack, roleArn, ...fields } = options;
    const fn: LambdaFunction = {
      id: name,
      arn: this.arn('lambda', `function:${name}`),
      name,
      state: 'Active',
      ...(roleArn === undefined ? {} : { roleArn }),
      ...fields,
    };
    if (subnetIds && subnetIds.length > 0) {
      const vpcId = this.data.subnets.find((s) => s.id === subnetIds[0])?.vpcId;
      fn.vpcConfig = {
        subnetIds,
        securityGroupIds: securityGroupIds ?? [],
        ipv6AllowedForDualStack: ipv6AllowedForDualStack ?? false,
        ...(vpcId === undefined ? {} : { vpcId }),
      };
    }
    this.data.lambdaFunctions.push(fn);
    return fn;
  }

  /** An ECS task definition `family:revision`; containers default to one ECR image with awslogs. */
  ecsTaskDefinition(
    family: string,
    fields: Fields<EcsTaskDefinition, 'id' | 'family'> & { containers?: EcsContainer[] } = {},
  ): EcsTaskDefinition {
    const revision = fields.revision ?? 1;
    const arn = this.arn('ecs', `task-definition/${family}:${revision}`);
    const definition: EcsTaskDefinition = {
      id: arn,
      arn,
      family,
      revision,
      networkMode: 'awsvpc',
      containers: [
        {
          name: family,
          image: `${this.accountId}.dkr.ecr.${this.data.region}.amazonaws.com/${family}:latest`,
          logDriver: 'awslogs',
          secretSources: [],
        },
      ],
      ...fields,
    };
    this.data.ecsTaskDefinitions.push(definition);
    return definition;
  }

  /** An ECS service in `cluster`; Fargate 1.4.0 in awsvpc mode unless told otherwise. */
  ecsService(
    cluster: string,
    name: string,
    options: {
      taskDefinitionArn?: string;
      subnetIds?: string[];
      securityGroupIds?: string[];
      assignPublicIp?: 'ENABLED' | 'DISABLED';
    } & Fields<EcsService, 'id' | 'name' | 'clusterArn' | 'awsvpc' | 'taskDefinitionArn'> = {},
  ): EcsService {
    const { taskDefinitionArn, subnetIds, securityGroupIds, assignPublicIp, ...fields } = options;
    const arn = this.arn('ecs', `service/${cluster}/${name}`);
    const service: EcsService = {
      id: arn,
      arn,
      name,
      clusterArn: this.arn('ecs', `cluster/${cluster}`),
      launchType: 'FARGATE',
      capacityProviders: [],
      platformVersion: '1.4.0',
      status: 'ACTIVE',
      ...(taskDefinitionArn === undefined ? {} : { taskDefinitionArn }),
      ...fields,
    };
    if (subnetIds !== undefined)
      service.awsvpc = {
        subnetIds,
        securityGroupIds: securityGroupIds ?? [],
        assignPublicIp: assignPublicIp ?? 'DISABLED',
      };
    this.data.ecsServices.push(service);
    return service;
  }
}
