// ECS (awsJson1_1, `AmazonEC2ContainerServiceV20141113.*`): ListClusters, ListServices (`maxResults`
// 1–100, `nextToken`), DescribeServices (at most 10 services per call, as AWS refuses more) and
// DescribeTaskDefinition, served from the snapshot's services and task definitions (aws-facts §10.2).
// Clusters are the distinct `clusterArn`s of the region's services.
import {
  DescribeServicesResponse$,
  DescribeTaskDefinitionResponse$,
  ListClustersResponse$,
  ListServicesResponse$,
} from '@aws-sdk/client-ecs';
import type * as ECS from '@aws-sdk/client-ecs';
import type * as snap from '../../../src/snapshot/types.js';
import type { PageSpec } from '../pagination.js';
import { ApiError } from '../wire/protocols.js';
import { jsonBody } from '../wire/schema-writers.js';
import type { CallContext, HandlerTable } from './context.js';
import { runList, type ListSpec } from './list-runner.js';

const ECS_PAGE: PageSpec = {
  sizeParam: 'maxResults',
  tokenParam: 'nextToken',
  min: 1,
  max: 100,
  defaultSize: 100,
  style: 'ecs',
};

function clusterArns(ctx: CallContext): string[] {
  return ctx.account.memo(`${ctx.region}|ecs:clusters`, () =>
    [...new Set(ctx.account.region(ctx.region).ecsServices.map((s) => s.clusterArn))].sort(),
  );
}

/** A cluster parameter is a name or an ARN; absent means `default`. */
function resolveCluster(ctx: CallContext): string {
  const wanted = ctx.params.string('cluster') ?? 'default';
  const arn = clusterArns(ctx).find((c) => c === wanted || c.endsWith(`:cluster/${wanted}`));
  if (!arn) throw new ApiError(400, 'ClusterNotFoundException', 'Cluster not found.');
  return arn;
}

const LIST_CLUSTERS: ListSpec<string> = {
  key: 'ListClusters',
  output: ListClustersResponse$,
  member: 'clusterArns',
  tokenMember: 'nextToken',
  page: ECS_PAGE,
  records: clusterArns,
  toAws: (arn) => arn,
};

const LIST_SERVICES: ListSpec<snap.EcsService> = {
  key: 'ListServices',
  output: ListServicesResponse$,
  member: 'serviceArns',
  tokenMember: 'nextToken',
  page: ECS_PAGE,
  records: (ctx) => ctx.account.region(ctx.region).ecsServices,
  toAws: (service) => service.arn,
  select: (records, ctx) => {
    const cluster = resolveCluster(ctx);
    const out: number[] = [];
    records.forEach((s, i) => {
      if (s.clusterArn === cluster) out.push(i);
    });
    return out;
  },
};

function serviceToAws(service: snap.EcsService): ECS.Service {
  return {
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: service.clusterArn,
    status: service.status ?? 'ACTIVE',
    desiredCount: 1,
    runningCount: 1,
    pendingCount: 0,
    launchType: service.launchType as ECS.LaunchType | undefined,
    capacityProviderStrategy:
      service.capacityProviders.length > 0
        ? service.capacityProviders.map((capacityProvider) => ({ capacityProvider, weight: 1 }))
        : undefined,
    platformVersion: service.platformVersion,
    taskDefinition: service.taskDefinitionArn,
    networkConfiguration: service.awsvpc
      ? {
          awsvpcConfiguration: {
            subnets: service.awsvpc.subnetIds,
            securityGroups: service.awsvpc.securityGroupIds,
            assignPublicIp: service.awsvpc.assignPublicIp as ECS.AssignPublicIp,
          },
        }
      : undefined,
    createdAt: new Date('2024-01-01T00:00:00.000Z'),
    schedulingStrategy: 'REPLICA',
  };
}

/** aws-facts §10.2: "service names can have at most 10 items" (InvalidParameterException). */
function describeServices(ctx: CallContext): string {
  const wanted = ctx.params.list('services');
  if (wanted.length > 10)
    throw new ApiError(400, 'InvalidParameterException', 'service names can have at most 10 items.');
  if (wanted.length === 0) throw new ApiError(400, 'InvalidParameterException', 'Services cannot be empty.');
  const cluster = resolveCluster(ctx);
  const inCluster = ctx.account.region(ctx.region).ecsServices.filter((s) => s.clusterArn === cluster);
  const services: ECS.Service[] = [];
  const failures: ECS.Failure[] = [];
  for (const name of wanted) {
    const service = inCluster.find((s) => s.arn === name || s.name === name);
    if (service) services.push(serviceToAws(service));
    else failures.push({ arn: name, reason: 'MISSING' });
  }
  ctx.note.items = services.length;
  return jsonBody(DescribeServicesResponse$, { services, failures });
}

function taskDefinitionToAws(definition: snap.EcsTaskDefinition): ECS.TaskDefinition {
  return {
    taskDefinitionArn: definition.arn,
    family: definition.family,
    revision: definition.revision ?? 1,
    networkMode: definition.networkMode as ECS.NetworkMode | undefined,
    executionRoleArn: definition.executionRoleArn,
    taskRoleArn: definition.taskRoleArn,
    status: 'ACTIVE',
    requiresCompatibilities: definition.networkMode === 'awsvpc' ? ['FARGATE'] : ['EC2'],
    containerDefinitions: definition.containers.map((container) => ({
      name: container.name,
      image: container.image,
      essential: true,
      logConfiguration: container.logDriver
        ? {
            logDriver: container.logDriver as ECS.LogDriver,
            options: { 'awslogs-group': `/ecs/${definition.family}` },
          }
        : undefined,
      secrets: container.secretSources.map((valueFrom, i) => ({ name: `SECRET_${i}`, valueFrom })),
    })),
  };
}

/** By ARN or `family:revision` (or the latest active revision of `family`). */
function describeTaskDefinition(ctx: CallContext): string {
  const wanted = ctx.params.string('taskDefinition') ?? '';
  const definitions = ctx.account.region(ctx.region).ecsTaskDefinitions;
  const definition =
    definitions.find((d) => d.arn === wanted || `${d.family}:${d.revision ?? 1}` === wanted) ??
    definitions.filter((d) => d.family === wanted).sort((a, b) => (b.revision ?? 1) - (a.revision ?? 1))[0];
  if (!definition) throw new ApiError(400, 'ClientException', 'Unable to describe task definition.');
  return jsonBody(DescribeTaskDefinitionResponse$, { taskDefinition: taskDefinitionToAws(definition) });
}

export const ecsHandlers: HandlerTable = {
  ListClusters: (ctx) => runList(LIST_CLUSTERS, ctx),
  ListServices: (ctx) => runList(LIST_SERVICES, ctx),
  DescribeServices: describeServices,
  DescribeTaskDefinition: describeTaskDefinition,
};
