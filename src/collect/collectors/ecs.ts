// ECS services and their task definitions per region (aws-facts §10.2). Services: ListClusters,
// then per cluster ListServices and DescribeServices in batches of 10 (the API's limit). Task
// definitions: one DescribeTaskDefinition per distinct ARN the services run. Only placement and
// intent are kept: never environment variables, and for secrets only where they come from.
import type { ECSClient, Service, TaskDefinition } from '@aws-sdk/client-ecs';
import type { EcsService, EcsTaskDefinition } from '../../snapshot/types.js';
import { callEach, sends, runSweep, type RegionalCollector } from '../collector.js';
import { compact, ids } from '../records.js';
import { ecsSdk } from '../sdk.js';

const {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListClustersCommand,
  ListServicesCommand,
  paginateListClusters,
  paginateListServices,
} = ecsSdk();

/** DescribeServices takes at most 10 services per call (aws-facts §10.2). */
export const DESCRIBE_SERVICES_BATCH = 10;
/** ListClusters / ListServices `maxResults` ≤ 100 (aws-facts §10.2). */
const ECS_PAGE_SIZE = 100;

function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function mapEcsService(service: Service, clusterArn: string): EcsService | undefined {
  if (!service.serviceArn || !service.serviceName) return undefined;
  const awsvpc = service.networkConfiguration?.awsvpcConfiguration;
  return {
    id: service.serviceArn,
    arn: service.serviceArn,
    name: service.serviceName,
    clusterArn: service.clusterArn ?? clusterArn,
    capacityProviders: ids(service.capacityProviderStrategy, (s) => s.capacityProvider),
    ...compact({
      launchType: service.launchType,
      platformVersion: service.platformVersion,
      taskDefinitionArn: service.taskDefinition,
      status: service.status,
      awsvpc: awsvpc
        ? {
            subnetIds: ids(awsvpc.subnets, (id) => id),
            securityGroupIds: ids(awsvpc.securityGroups, (id) => id),
            // The API's default when the field is absent (aws-facts §10.2).
            assignPublicIp: awsvpc.assignPublicIp ?? 'DISABLED',
          }
        : undefined,
    }),
  };
}

export function mapEcsTaskDefinition(definition: TaskDefinition): EcsTaskDefinition | undefined {
  if (!definition.taskDefinitionArn) return undefined;
  return {
    id: definition.taskDefinitionArn,
    arn: definition.taskDefinitionArn,
    family: definition.family ?? definition.taskDefinitionArn,
    // Image, log driver and where each secret comes from: never `environment`, never a value.
    containers: (definition.containerDefinitions ?? []).map((container) => ({
      name: container.name ?? '',
      secretSources: ids(container.secrets, (s) => s.valueFrom),
      ...compact({ image: container.image, logDriver: container.logConfiguration?.logDriver }),
    })),
    ...compact({
      revision: definition.revision,
      networkMode: definition.networkMode,
      executionRoleArn: definition.executionRoleArn,
      taskRoleArn: definition.taskRoleArn,
    }),
  };
}

export const ecsServicesCollector: RegionalCollector = {
  kind: 'ecsServices',
  scope: 'regional',
  ...sends('ecs', ListClustersCommand, ListServicesCommand, DescribeServicesCommand),
  dependsOn: [],
  async collect(run) {
    const client = run.clients.ecs;
    const clusterArns = await runSweep(
      client,
      {
        service: 'ecs',
        command: ListClustersCommand,
        paginate: (config: { client: ECSClient; pageSize?: number }, input) =>
          paginateListClusters(config, input),
        pageSize: ECS_PAGE_SIZE,
        input: {},
        items: (page) => page.clusterArns,
        map: (arn) => arn,
      },
      run,
    );
    const services: EcsService[] = [];
    // One cluster's failure leaves the others' services (the kind is still marked failed).
    const failures = await callEach(clusterArns, run.options.perResourceConcurrency, async (cluster) => {
      const serviceArns = await runSweep(
        client,
        {
          service: 'ecs',
          command: ListServicesCommand,
          paginate: (config: { client: ECSClient; pageSize?: number }, input) =>
            paginateListServices(config, input),
          pageSize: ECS_PAGE_SIZE,
          input: { cluster },
          items: (page) => page.serviceArns,
          map: (arn) => arn,
        },
        run,
        cluster,
      );
      for (const batch of batches(serviceArns, DESCRIBE_SERVICES_BATCH)) {
        const described = await runSweep(
          client,
          {
            service: 'ecs',
            command: DescribeServicesCommand,
            send: (c: ECSClient, input) => c.send(new DescribeServicesCommand(input)),
            input: { cluster, services: batch },
            items: (page) => page.services,
            map: (service) => mapEcsService(service, cluster),
          },
          run,
          cluster,
        );
        services.push(...described);
      }
    });
    run.recordFailures(failures);
    run.region.ecsServices = services.sort((a, b) => a.arn.localeCompare(b.arn));
    return services.length;
  },
};

export const ecsTaskDefinitionsCollector: RegionalCollector = {
  kind: 'ecsTaskDefinitions',
  scope: 'regional',
  ...sends('ecs', DescribeTaskDefinitionCommand),
  // Only the task definitions services run are read.
  dependsOn: ['ecsServices'],
  async collect(run) {
    const arns = [
      ...new Set(
        run.region.ecsServices.flatMap((s) =>
          s.taskDefinitionArn === undefined ? [] : [s.taskDefinitionArn],
        ),
      ),
    ].sort();
    const definitions: EcsTaskDefinition[] = [];
    // One call per distinct ARN, cached by ARN (aws-facts §10.2).
    const failures = await callEach(arns, run.options.perResourceConcurrency, async (arn) => {
      const [definition] = await runSweep(
        run.clients.ecs,
        {
          service: 'ecs',
          command: DescribeTaskDefinitionCommand,
          send: (c: ECSClient, input) => c.send(new DescribeTaskDefinitionCommand(input)),
          input: { taskDefinition: arn },
          items: (page) => (page.taskDefinition ? [page.taskDefinition] : []),
          map: mapEcsTaskDefinition,
        },
        run,
        arn,
      );
      if (definition) definitions.push(definition);
    });
    run.recordFailures(failures);
    run.region.ecsTaskDefinitions = definitions.sort((a, b) => a.arn.localeCompare(b.arn));
    return definitions.length;
  },
};
