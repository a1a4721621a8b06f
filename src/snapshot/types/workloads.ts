// Workload records beyond EC2: Lambda functions, ECS services and task definitions, and what a
// region holds of them.
import type { Integer, NonEmptyString, Resource } from './common.js';

/** A Lambda function (ListFunctions, aws-facts §10.1). */
export interface LambdaFunction extends Resource {
  /** The function name (`id` is the name too; `arn` the unqualified function ARN). */
  name: NonEmptyString;
  /** The execution role's ARN. */
  roleArn?: string;
  /** `Pending`, `Active`, `Inactive`, `Failed`, as AWS spells it. */
  state?: string;
  /** Absent when the function is not attached to a VPC (no subnets). */
  vpcConfig?: LambdaVpcConfig;
}

export interface LambdaVpcConfig {
  subnetIds: string[];
  securityGroupIds: string[];
  /**
   * The VPC: from the subnets when the snapshot knows them, else as Lambda reported it (aws-facts
   * §10.1: emulators have been seen to return a placeholder `VpcId`).
   */
  vpcId?: string;
  ipv6AllowedForDualStack: boolean;
}

/** One ECS service (DescribeServices, aws-facts §10.2). `id` is the service ARN. */
export interface EcsService extends Resource {
  name: NonEmptyString;
  clusterArn: NonEmptyString;
  /** `FARGATE`, `EC2`, `EXTERNAL`; absent when a capacity provider strategy is used. */
  launchType?: string;
  capacityProviders: string[];
  /** Fargate platform version as set (`LATEST`, `1.4.0`, …). */
  platformVersion?: string;
  /** The task definition ARN the service runs. */
  taskDefinitionArn?: string;
  /** `awsvpcConfiguration`; absent for services without one (bridge/host network mode). */
  awsvpc?: EcsAwsvpcConfiguration;
  status?: string;
}

export interface EcsAwsvpcConfiguration {
  subnetIds: string[];
  securityGroupIds: string[];
  /** `ENABLED` or `DISABLED` (the AWS default when absent). */
  assignPublicIp: string;
}

/**
 * A task definition (DescribeTaskDefinition). Only what reachability needs: never environment
 * variables, and for secrets only where they come from (`valueFrom`), never a value.
 */
export interface EcsTaskDefinition extends Resource {
  family: NonEmptyString;
  revision?: Integer;
  networkMode?: string;
  executionRoleArn?: string;
  taskRoleArn?: string;
  containers: EcsContainer[];
}

export interface EcsContainer {
  name: string;
  image?: string;
  logDriver?: string;
  /** The `valueFrom` of each secret: a Secrets Manager or SSM Parameter Store ARN or name. */
  secretSources: string[];
}

/** What a region holds of Lambda and ECS: these members of `RegionSnapshot`. */
export interface WorkloadRegionPart {
  lambdaFunctions: LambdaFunction[];
  ecsServices: EcsService[];
  ecsTaskDefinitions: EcsTaskDefinition[];
}
