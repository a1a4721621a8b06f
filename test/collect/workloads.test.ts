// Lambda, ECS and Instance Connect Endpoint collectors on aws-sdk-client-mock: mapping, every page
// read at the API's largest page size, the DescribeServices batch limit, one DescribeTaskDefinition
// per distinct ARN, no secret value or environment variable kept, and failures marking only their
// kind (and its dependents) failed.
import { DescribeInstanceConnectEndpointsCommand, DescribeSubnetsCommand } from '@aws-sdk/client-ec2';
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListClustersCommand,
  ListServicesCommand,
} from '@aws-sdk/client-ecs';
import { ListFunctionsCommand } from '@aws-sdk/client-lambda';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { parseSnapshot } from '../../src/snapshot/io.js';
import { ACCOUNT, awsError, collect, mocks } from './mock-support.js';

let m: ReturnType<typeof mocks>;
beforeEach(() => {
  m = mocks();
});
afterEach(() => m.reset());

const CLUSTER = `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/prod`;
const serviceArn = (n: number): string => `arn:aws:ecs:us-east-1:${ACCOUNT}:service/prod/svc-${n}`;
const taskDefArn = (n: number): string => `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/app-${n}:3`;

describe('Lambda functions collector', () => {
  it('reads every page at MaxItems 50 and takes each VPC function’s VPC from its subnets', async () => {
    m.ec2.on(DescribeSubnetsCommand).resolves({
      Subnets: [
        { SubnetId: 'subnet-a', VpcId: 'vpc-real', AvailabilityZone: 'us-east-1a' },
        { SubnetId: 'subnet-b', VpcId: 'vpc-real', AvailabilityZone: 'us-east-1b' },
      ],
    });
    m.lambda
      .on(ListFunctionsCommand)
      .resolvesOnce({
        Functions: [
          {
            FunctionName: 'orders',
            FunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders`,
            Role: `arn:aws:iam::${ACCOUNT}:role/orders-fn`,
            State: 'Active',
            // An emulator's placeholder VpcId: the subnets win (aws-facts §10.1).
            VpcConfig: {
              SubnetIds: ['subnet-a', 'subnet-b'],
              SecurityGroupIds: ['sg-fn'],
              VpcId: 'vpc-placeholder',
              Ipv6AllowedForDualStack: true,
            },
            Environment: { Variables: { DB_PASSWORD: 'hunter2' } },
          },
        ],
        NextMarker: 'page-2',
      })
      .resolvesOnce({
        Functions: [
          {
            FunctionName: 'cron',
            FunctionArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:cron`,
            Role: `arn:aws:iam::${ACCOUNT}:role/cron-fn`,
            State: 'Active',
            VpcConfig: { SubnetIds: [], SecurityGroupIds: [], VpcId: '' },
          },
          {
            FunctionName: 'unknown-subnet',
            VpcConfig: { SubnetIds: ['subnet-elsewhere'], SecurityGroupIds: [], VpcId: 'vpc-reported' },
          },
        ],
      });
    const snapshot = await collect(['lambdaFunctions']);
    const region = snapshot.accounts[0]!.regions[0]!;
    expect(region.collection).toEqual({ subnets: 'collected', lambdaFunctions: 'collected' });
    expect(region.lambdaFunctions).toEqual([
      {
        id: 'orders',
        arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:orders`,
        name: 'orders',
        roleArn: `arn:aws:iam::${ACCOUNT}:role/orders-fn`,
        state: 'Active',
        vpcConfig: {
          subnetIds: ['subnet-a', 'subnet-b'],
          securityGroupIds: ['sg-fn'],
          vpcId: 'vpc-real',
          ipv6AllowedForDualStack: true,
        },
      },
      {
        id: 'cron',
        arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:cron`,
        name: 'cron',
        roleArn: `arn:aws:iam::${ACCOUNT}:role/cron-fn`,
        state: 'Active',
      },
      {
        id: 'unknown-subnet',
        arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:unknown-subnet`,
        name: 'unknown-subnet',
        vpcConfig: {
          subnetIds: ['subnet-elsewhere'],
          securityGroupIds: [],
          vpcId: 'vpc-reported',
          ipv6AllowedForDualStack: false,
        },
      },
    ]);
    // (The SDK paginator writes the token into the one input object, so only the last call shows it.)
    const calls = m.lambda.commandCalls(ListFunctionsCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(2);
    expect(calls.every((input) => input.MaxItems === 50)).toBe(true);
    expect(calls[1]!.Marker).toBe('page-2');
    expect(JSON.stringify(snapshot)).not.toContain('hunter2');
    expect(() => parseSnapshot(JSON.parse(JSON.stringify(snapshot)), 'collected')).not.toThrow();
  });

  it('AccessDenied on ListFunctions marks only lambdaFunctions failed', async () => {
    m.ec2.on(DescribeSubnetsCommand).resolves({ Subnets: [] });
    m.lambda
      .on(ListFunctionsCommand)
      .rejects(awsError('AccessDeniedException', 'not authorized to perform: lambda:ListFunctions', 403));
    const snapshot = await collect(['lambdaFunctions']);
    const account = snapshot.accounts[0]!;
    expect(account.regions[0]!.collection).toEqual({ subnets: 'collected', lambdaFunctions: 'failed' });
    expect(account.regions[0]!.lambdaFunctions).toEqual([]);
    expect(account.errors.map((e) => [e.service, e.operation, e.category, e.kinds])).toEqual([
      ['lambda', 'ListFunctions', 'access-denied', ['lambdaFunctions']],
    ]);
  });
});

describe('ECS collectors', () => {
  function services(arns: readonly string[]) {
    return arns.map((arn) => {
      const n = Number(arn.split('-').pop());
      return {
        serviceArn: arn,
        serviceName: `svc-${n}`,
        clusterArn: CLUSTER,
        status: 'ACTIVE',
        ...(n === 0
          ? { capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }] }
          : { launchType: 'FARGATE' as const }),
        platformVersion: '1.4.0',
        taskDefinition: taskDefArn(n % 2),
        networkConfiguration: {
          awsvpcConfiguration: {
            subnets: ['subnet-a'],
            securityGroups: ['sg-task'],
            ...(n === 1 ? { assignPublicIp: 'ENABLED' as const } : {}),
          },
        },
      };
    });
  }

  it('lists clusters and services (maxResults 100), describes all the cluster’s services 10 at a time and each task definition once', async () => {
    const arns = Array.from({ length: 23 }, (_, n) => serviceArn(n));
    m.ecs.on(ListClustersCommand).resolves({ clusterArns: [CLUSTER] });
    m.ecs
      .on(ListServicesCommand)
      .resolvesOnce({ serviceArns: arns.slice(0, 12), nextToken: 't2' })
      .resolvesOnce({ serviceArns: arns.slice(12) });
    m.ecs.on(DescribeServicesCommand).callsFake((input: { services: string[] }) => {
      if (input.services.length > 10)
        throw awsError('InvalidParameterException', 'service names can have at most 10 items.');
      return { services: services(input.services), failures: [] };
    });
    m.ecs.on(DescribeTaskDefinitionCommand).callsFake((input: { taskDefinition: string }) => ({
      taskDefinition: {
        taskDefinitionArn: input.taskDefinition,
        family: input.taskDefinition.split('/')[1]!.split(':')[0],
        revision: 3,
        networkMode: 'awsvpc',
        executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`,
        taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/app-task`,
        containerDefinitions: [
          {
            name: 'app',
            image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/app:1`,
            logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/app' } },
            secrets: [
              {
                name: 'DB_PASSWORD',
                valueFrom: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-AbCdEf`,
              },
              { name: 'API_KEY', valueFrom: 'api-key' },
            ],
            environment: [{ name: 'STRIPE_KEY', value: 'sk_live_do_not_keep' }],
          },
        ],
      },
    }));
    const snapshot = await collect(['ecsTaskDefinitions']);
    const region = snapshot.accounts[0]!.regions[0]!;
    expect(region.collection).toEqual({ ecsServices: 'collected', ecsTaskDefinitions: 'collected' });
    expect(m.ecs.commandCalls(ListClustersCommand)[0]!.args[0].input).toEqual({ maxResults: 100 });
    const listServices = m.ecs.commandCalls(ListServicesCommand).map((c) => c.args[0].input);
    expect(listServices).toHaveLength(2);
    expect(listServices.every((i) => i.cluster === CLUSTER && i.maxResults === 100)).toBe(true);
    expect(listServices[1]!.nextToken).toBe('t2');
    expect(m.ecs.commandCalls(DescribeServicesCommand).map((c) => c.args[0].input.services?.length)).toEqual([
      10, 10, 3,
    ]);
    expect(region.ecsServices).toHaveLength(23);
    const byName = new Map(region.ecsServices.map((s) => [s.name, s]));
    expect(byName.get('svc-0')).toEqual({
      id: serviceArn(0),
      arn: serviceArn(0),
      name: 'svc-0',
      clusterArn: CLUSTER,
      capacityProviders: ['FARGATE_SPOT'],
      platformVersion: '1.4.0',
      taskDefinitionArn: taskDefArn(0),
      status: 'ACTIVE',
      awsvpc: { subnetIds: ['subnet-a'], securityGroupIds: ['sg-task'], assignPublicIp: 'DISABLED' },
    });
    expect(byName.get('svc-1')).toMatchObject({
      launchType: 'FARGATE',
      capacityProviders: [],
      awsvpc: { assignPublicIp: 'ENABLED' },
    });
    // Two distinct task definitions among 23 services: two calls.
    expect(m.ecs.commandCalls(DescribeTaskDefinitionCommand).map((c) => c.args[0].input)).toEqual([
      { taskDefinition: taskDefArn(0) },
      { taskDefinition: taskDefArn(1) },
    ]);
    expect(region.ecsTaskDefinitions[0]).toEqual({
      id: taskDefArn(0),
      arn: taskDefArn(0),
      family: 'app-0',
      revision: 3,
      networkMode: 'awsvpc',
      executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/ecsTaskExecutionRole`,
      taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/app-task`,
      containers: [
        {
          name: 'app',
          image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/app:1`,
          logDriver: 'awslogs',
          secretSources: [`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-AbCdEf`, 'api-key'],
        },
      ],
    });
    const text = JSON.stringify(snapshot);
    expect(text).not.toContain('sk_live_do_not_keep');
    expect(text).not.toContain('STRIPE_KEY');
    expect(() => parseSnapshot(JSON.parse(text), 'collected')).not.toThrow();
  });

  it('AccessDenied on ListClusters fails ecsServices and, through dependsOn, ecsTaskDefinitions', async () => {
    m.ecs
      .on(ListClustersCommand)
      .rejects(awsError('AccessDeniedException', 'not authorized to perform: ecs:ListClusters', 400));
    const snapshot = await collect(['ecsTaskDefinitions']);
    const account = snapshot.accounts[0]!;
    expect(account.regions[0]!.collection).toEqual({ ecsServices: 'failed', ecsTaskDefinitions: 'failed' });
    expect(account.errors.map((e) => [e.operation, e.category, e.kinds])).toEqual([
      ['ListClusters', 'access-denied', ['ecsServices', 'ecsTaskDefinitions']],
    ]);
    expect(m.ecs.commandCalls(DescribeTaskDefinitionCommand)).toHaveLength(0);
  });

  it('one cluster’s denied DescribeServices keeps the other cluster’s services; the error names both ECS kinds', async () => {
    const other = `arn:aws:ecs:us-east-1:${ACCOUNT}:cluster/batch`;
    m.ecs.on(ListClustersCommand).resolves({ clusterArns: [CLUSTER, other] });
    m.ecs
      .on(ListServicesCommand, { cluster: CLUSTER })
      .resolves({ serviceArns: [serviceArn(0)] })
      .on(ListServicesCommand, { cluster: other })
      .resolves({ serviceArns: [serviceArn(1)] });
    m.ecs
      .on(DescribeServicesCommand, { cluster: CLUSTER })
      .resolves({ services: services([serviceArn(0)]) })
      .on(DescribeServicesCommand, { cluster: other })
      .rejects(awsError('AccessDeniedException', 'not authorized', 400));
    const snapshot = await collect(['ecsTaskDefinitions']);
    const account = snapshot.accounts[0]!;
    const region = account.regions[0]!;
    // Partial: the kind is failed (rules say unknown), its dependent too, and the error says so.
    expect(region.collection).toEqual({ ecsServices: 'failed', ecsTaskDefinitions: 'failed' });
    expect(region.ecsServices.map((s) => s.arn)).toEqual([serviceArn(0)]);
    expect(account.errors.map((e) => [e.operation, e.resourceId, e.kinds])).toEqual([
      ['DescribeServices', other, ['ecsServices', 'ecsTaskDefinitions']],
    ]);
    expect(m.ecs.commandCalls(DescribeTaskDefinitionCommand)).toHaveLength(0);
  });

  it('a denied DescribeTaskDefinition keeps the services and the other definitions, and marks only ecsTaskDefinitions failed', async () => {
    m.ecs.on(ListClustersCommand).resolves({ clusterArns: [CLUSTER] });
    m.ecs.on(ListServicesCommand).resolves({ serviceArns: [serviceArn(0), serviceArn(1)] });
    m.ecs.on(DescribeServicesCommand).callsFake((input: { services: string[] }) => ({
      services: services(input.services),
    }));
    m.ecs
      .on(DescribeTaskDefinitionCommand, { taskDefinition: taskDefArn(0) })
      .rejects(awsError('AccessDeniedException', 'not authorized', 400))
      .on(DescribeTaskDefinitionCommand, { taskDefinition: taskDefArn(1) })
      .resolves({ taskDefinition: { taskDefinitionArn: taskDefArn(1), family: 'app-1' } });
    const snapshot = await collect(['ecsTaskDefinitions']);
    const account = snapshot.accounts[0]!;
    const region = account.regions[0]!;
    expect(region.collection).toEqual({ ecsServices: 'collected', ecsTaskDefinitions: 'failed' });
    expect(region.ecsServices).toHaveLength(2);
    expect(region.ecsTaskDefinitions.map((t) => t.arn)).toEqual([taskDefArn(1)]);
    expect(account.errors.map((e) => [e.operation, e.resourceId, e.kinds])).toEqual([
      ['DescribeTaskDefinition', taskDefArn(0), ['ecsTaskDefinitions']],
    ]);
  });
});

describe('Instance Connect Endpoints collector', () => {
  it('maps every page at MaxResults 50', async () => {
    m.ec2
      .on(DescribeInstanceConnectEndpointsCommand)
      .resolvesOnce({
        InstanceConnectEndpoints: [
          {
            InstanceConnectEndpointId: 'eice-1',
            InstanceConnectEndpointArn: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance-connect-endpoint/eice-1`,
            OwnerId: ACCOUNT,
            SubnetId: 'subnet-a',
            VpcId: 'vpc-1',
            SecurityGroupIds: ['sg-eice'],
            PreserveClientIp: true,
            State: 'create-complete',
            NetworkInterfaceIds: ['eni-eice'],
            Tags: [{ Key: 'Name', Value: 'admin' }],
          },
        ],
        NextToken: 'n2',
      })
      .resolvesOnce({
        InstanceConnectEndpoints: [
          {
            InstanceConnectEndpointId: 'eice-2',
            SubnetId: 'subnet-b',
            VpcId: 'vpc-1',
            State: 'create-failed',
          },
        ],
      });
    const snapshot = await collect(['instanceConnectEndpoints']);
    const region = snapshot.accounts[0]!.regions[0]!;
    expect(region.instanceConnectEndpoints).toEqual([
      {
        id: 'eice-1',
        arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance-connect-endpoint/eice-1`,
        name: 'admin',
        ownerId: ACCOUNT,
        tags: { Name: 'admin' },
        vpcId: 'vpc-1',
        subnetId: 'subnet-a',
        securityGroupIds: ['sg-eice'],
        preserveClientIp: true,
        state: 'create-complete',
        networkInterfaceIds: ['eni-eice'],
      },
      {
        id: 'eice-2',
        arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:instance-connect-endpoint/eice-2`,
        vpcId: 'vpc-1',
        subnetId: 'subnet-b',
        securityGroupIds: [],
        preserveClientIp: false,
        state: 'create-failed',
        networkInterfaceIds: [],
      },
    ]);
    const calls = m.ec2.commandCalls(DescribeInstanceConnectEndpointsCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(2);
    expect(calls.every((i) => i.MaxResults === 50)).toBe(true);
    expect(calls[1]!.NextToken).toBe('n2');
  });

  it('UnauthorizedOperation marks only instanceConnectEndpoints failed', async () => {
    m.ec2
      .on(DescribeInstanceConnectEndpointsCommand)
      .rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.', 403));
    const snapshot = await collect(['instanceConnectEndpoints']);
    const account = snapshot.accounts[0]!;
    expect(account.regions[0]!.collection).toEqual({ instanceConnectEndpoints: 'failed' });
    expect(account.errors[0]).toMatchObject({
      service: 'ec2',
      operation: 'DescribeInstanceConnectEndpoints',
      category: 'access-denied',
      kinds: ['instanceConnectEndpoints'],
    });
  });
});
