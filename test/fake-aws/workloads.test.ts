// Lambda (restJson1), ECS (awsJson1_1) and EC2 DescribeInstanceConnectEndpoints through the real SDK
// clients against the fixture: every item once at small pages, the APIs' page limits and refusals,
// faults, and a collection through the endpoint that gives back the snapshot's records.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import {
  DescribeInstanceConnectEndpointsCommand,
  EC2Client,
  paginateDescribeInstanceConnectEndpoints,
} from '@aws-sdk/client-ec2';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ECSClient,
  ListClustersCommand,
  ListServicesCommand,
  paginateListServices,
} from '@aws-sdk/client-ecs';
import { LambdaClient, ListFunctionsCommand, paginateListFunctions } from '@aws-sdk/client-lambda';
import { collectSnapshot } from '../../src/collect/collect-snapshot.js';
import { DEFAULT_LIMITS } from '../../src/collect/limits.js';
import { RegionBuilder, buildAccount } from '../support/builders/index.js';
import { startFakeAws, type FakeAws } from './index.js';
import { clientConfig, rejectionOf } from './helpers.js';

const ACCOUNT = '123456789012';
const region = new RegionBuilder('us-east-1', ACCOUNT);
region.vpc('vpc-1');
region.subnet('subnet-a', 'vpc-1', { availabilityZone: 'us-east-1a' });
region.subnet('subnet-b', 'vpc-1', { availabilityZone: 'us-east-1b' });
for (let i = 0; i < 57; i++)
  region.lambdaFunction(`fn-${String(i).padStart(2, '0')}`, {
    roleArn: `arn:aws:iam::${ACCOUNT}:role/fn-${i}`,
    ...(i % 2 === 0 ? { subnetIds: ['subnet-a', 'subnet-b'], securityGroupIds: ['sg-fn'] } : {}),
  });
const definitions = [0, 1].map((t) =>
  region.ecsTaskDefinition(`app-${t}`, {
    revision: 4,
    executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/exec`,
    taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/app-${t}`,
    containers: [
      {
        name: 'app',
        image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/app-${t}:1`,
        logDriver: 'awslogs',
        secretSources: [`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:app-${t}`],
      },
    ],
  }),
);
for (let s = 0; s < 13; s++)
  region.ecsService(s < 11 ? 'prod' : 'batch', `svc-${String(s).padStart(2, '0')}`, {
    taskDefinitionArn: definitions[s % 2]!.arn,
    subnetIds: ['subnet-a'],
    securityGroupIds: ['sg-task'],
    assignPublicIp: s === 3 ? 'ENABLED' : 'DISABLED',
  });
for (let e = 0; e < 3; e++)
  region.instanceConnectEndpoint(`eice-0${e}`, 'subnet-a', ['sg-eice'], { preserveClientIp: e === 1 });
const account = buildAccount({ accountId: ACCOUNT, regions: [region] });
const prodCluster = `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod`;

let fake: FakeAws;
beforeAll(async () => {
  fake = await startFakeAws({ accounts: [{ snapshot: account }] });
});
afterAll(() => fake.close());

describe('Lambda ListFunctions (restJson1)', () => {
  test('Marker paging returns every function once; a page never exceeds 50', async () => {
    const lambda = new LambdaClient(clientConfig(fake));
    const names: string[] = [];
    for await (const page of paginateListFunctions({ client: lambda, pageSize: 7 }, {}))
      names.push(...(page.Functions ?? []).map((f) => f.FunctionName!));
    expect(names).toEqual(region.data.lambdaFunctions.map((f) => f.name));
    // MaxItems up to 10000 is valid, but AWS serves at most 50 per page (aws-facts §10.1).
    const big = await lambda.send(new ListFunctionsCommand({ MaxItems: 1000 }));
    expect(big.Functions).toHaveLength(50);
    expect(big.NextMarker).toBeDefined();
    const rest = await lambda.send(new ListFunctionsCommand({ Marker: big.NextMarker }));
    expect(rest.Functions).toHaveLength(7);
    expect(rest.NextMarker).toBeUndefined();
    expect(big.Functions![0]).toMatchObject({
      FunctionName: 'fn-00',
      FunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:fn-00`,
      Role: `arn:aws:iam::${ACCOUNT}:role/fn-0`,
      State: 'Active',
      VpcConfig: {
        SubnetIds: ['subnet-a', 'subnet-b'],
        SecurityGroupIds: ['sg-fn'],
        VpcId: 'vpc-1',
        Ipv6AllowedForDualStack: false,
      },
    });
    expect(big.Functions![1]!.VpcConfig).toBeUndefined();
    const bad = await rejectionOf(lambda.send(new ListFunctionsCommand({ MaxItems: 0 })));
    expect(bad.name).toBe('InvalidParameterValueException');
    const forged = await rejectionOf(lambda.send(new ListFunctionsCommand({ Marker: 'forged' })));
    expect(forged.name).toBe('InvalidParameterValueException');
    lambda.destroy();
  });

  test('faults apply: AccessDenied and throttling reach the SDK as Lambda errors', async () => {
    fake.setFaults([
      { service: 'lambda', operation: 'ListFunctions', kind: 'error', times: 1 },
      { service: 'lambda', operation: 'ListFunctions', kind: 'throttle', times: 1 },
    ]);
    const lambda = new LambdaClient(clientConfig(fake));
    const denied = await rejectionOf(lambda.send(new ListFunctionsCommand({})));
    expect(denied.name).toBe('AccessDeniedException');
    const throttled = await rejectionOf(lambda.send(new ListFunctionsCommand({})));
    expect(throttled.name).toBe('TooManyRequestsException');
    expect(throttled.$metadata?.httpStatusCode).toBe(429);
    fake.setFaults([]);
    lambda.destroy();
  });
});

describe('ECS (awsJson1_1)', () => {
  test('ListClusters, ListServices with nextToken, DescribeServices and DescribeTaskDefinition', async () => {
    const ecs = new ECSClient(clientConfig(fake));
    const clusters = await ecs.send(new ListClustersCommand({}));
    expect(clusters.clusterArns).toEqual([`arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/batch`, prodCluster]);
    const arns: string[] = [];
    for await (const page of paginateListServices({ client: ecs, pageSize: 4 }, { cluster: 'prod' }))
      arns.push(...(page.serviceArns ?? []));
    expect(arns).toEqual(
      region.data.ecsServices.filter((s) => s.clusterArn === prodCluster).map((s) => s.arn),
    );
    expect(arns).toHaveLength(11);
    const described = await ecs.send(
      new DescribeServicesCommand({ cluster: prodCluster, services: [...arns.slice(0, 9), 'no-such'] }),
    );
    expect(described.services).toHaveLength(9);
    expect(described.failures).toEqual([{ arn: 'no-such', reason: 'MISSING' }]);
    expect(described.services![3]).toMatchObject({
      serviceName: 'svc-03',
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      taskDefinition: definitions[1]!.arn,
      networkConfiguration: {
        awsvpcConfiguration: {
          subnets: ['subnet-a'],
          securityGroups: ['sg-task'],
          assignPublicIp: 'ENABLED',
        },
      },
    });
    // More than 10 services: refused as AWS refuses it (aws-facts §10.2).
    const tooMany = await rejectionOf(
      ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: arns })),
    );
    expect(tooMany.name).toBe('InvalidParameterException');
    expect(tooMany.message).toBe('service names can have at most 10 items.');
    const badPage = await rejectionOf(
      ecs.send(new ListServicesCommand({ cluster: 'prod', maxResults: 101 })),
    );
    expect(badPage.name).toBe('InvalidParameterException');
    const noCluster = await rejectionOf(ecs.send(new ListServicesCommand({ cluster: 'nope' })));
    expect(noCluster.name).toBe('ClusterNotFoundException');
    const { taskDefinition } = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: definitions[0]!.arn }),
    );
    expect(taskDefinition).toMatchObject({
      taskDefinitionArn: definitions[0]!.arn,
      family: 'app-0',
      revision: 4,
      networkMode: 'awsvpc',
      executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/exec`,
      taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/app-0`,
      containerDefinitions: [
        expect.objectContaining({
          image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/app-0:1`,
          logConfiguration: expect.objectContaining({ logDriver: 'awslogs' }),
          secrets: [
            { name: 'SECRET_0', valueFrom: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:app-0` },
          ],
        }),
      ],
    });
    const unknown = await rejectionOf(
      ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'nope:1' })),
    );
    expect(unknown.name).toBe('ClientException');
    ecs.destroy();
  });
});

describe('EC2 DescribeInstanceConnectEndpoints (ec2Query)', () => {
  test('pages with NextToken, maps the endpoint, refuses MaxResults above 50', async () => {
    const ec2 = new EC2Client(clientConfig(fake));
    const ids: string[] = [];
    for await (const page of paginateDescribeInstanceConnectEndpoints({ client: ec2, pageSize: 1 }, {}))
      ids.push(...(page.InstanceConnectEndpoints ?? []).map((e) => e.InstanceConnectEndpointId!));
    expect(ids).toEqual(['eice-00', 'eice-01', 'eice-02']);
    const one = await ec2.send(
      new DescribeInstanceConnectEndpointsCommand({ InstanceConnectEndpointIds: ['eice-01'] }),
    );
    expect(one.InstanceConnectEndpoints).toEqual([
      expect.objectContaining({
        InstanceConnectEndpointId: 'eice-01',
        SubnetId: 'subnet-a',
        VpcId: 'vpc-1',
        SecurityGroupIds: ['sg-eice'],
        PreserveClientIp: true,
        State: 'create-complete',
      }),
    ]);
    const bad = await rejectionOf(ec2.send(new DescribeInstanceConnectEndpointsCommand({ MaxResults: 51 })));
    expect(bad.name).toBe('InvalidParameterValue');
    ec2.destroy();
  });
});

describe('collection through the endpoint', () => {
  test('gives back the snapshot’s functions, services, task definitions and endpoints', async () => {
    fake.resetStats();
    const snapshot = await collectSnapshot({
      kinds: ['lambdaFunctions', 'ecsTaskDefinitions', 'instanceConnectEndpoints'],
      regions: ['us-east-1'],
      endpoint: fake.url,
      credentials: { accessKeyId: 'AKIAFAKEFAKEFAKE', secretAccessKey: 'fake' },
      limits: { ...DEFAULT_LIMITS, bucket: false },
    });
    const collected = snapshot.accounts[0]!.regions[0]!;
    expect(snapshot.accounts[0]!.errors).toEqual([]);
    expect(collected.lambdaFunctions).toEqual(region.data.lambdaFunctions);
    expect(collected.ecsServices).toEqual(
      [...region.data.ecsServices].sort((a, b) => a.arn.localeCompare(b.arn)),
    );
    expect(collected.ecsTaskDefinitions).toEqual(region.data.ecsTaskDefinitions);
    expect(collected.instanceConnectEndpoints).toEqual(region.data.instanceConnectEndpoints);
    const calls = (operation: string) => fake.requests.filter((r) => r.operation === operation);
    expect(calls('ListFunctions').map((r) => [r.pageSize, r.items])).toEqual([
      [50, 50],
      [50, 7],
    ]);
    // 11 services in prod (10 + 1) and 2 in batch: three DescribeServices calls; two definitions.
    expect(
      calls('DescribeServices')
        .map((r) => r.items)
        .sort(),
    ).toEqual([1, 10, 2]);
    expect(calls('DescribeTaskDefinition')).toHaveLength(2);
  });
});
