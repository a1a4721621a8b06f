import {
  route,
  singleRegionSnapshot,
  type GlobalBuilder,
  type RegionBuilder,
} from '../test/support/builders/index.js';
import type { Instance, PolicyStatement, Route } from '../src/snapshot/types.js';
import { ruleTester } from '../test/support/rule-tester.js';
import rule from './vpc-private-subnet-dynamodb-gateway-endpoint.js';

const DDB_PL = 'pl-02cd2c6b';
const S3_PL = 'pl-63a5400a';
const PROFILE = 'arn:aws:iam::111111111111:instance-profile/app-profile';

interface Setup {
  /** Routes of subnet-1's explicit table rtb-1; without it subnet-1 uses the main table. */
  routes?: Route[];
  mainRoutes?: Route[];
  /** What app-role allows (default: a DynamoDB item call). */
  actions?: string[];
  /** The instance in subnet-1 (set to null for none). */
  instance?: Partial<Instance> | null;
  extra?: (r: RegionBuilder, g: GlobalBuilder) => void;
}

// vpc-1 with a NAT gateway in subnet-pub, subnet-1 under test and i-1 (app-role) in it.
function account({ routes, mainRoutes = [], actions, instance = {}, extra }: Setup) {
  return singleRegionSnapshot((r, g) => {
    r.vpc('vpc-1');
    r.subnet('subnet-pub', 'vpc-1', { cidrBlock: '10.0.0.0/24' });
    r.subnet('subnet-1', 'vpc-1', { cidrBlock: '10.0.1.0/24', name: 'app' });
    r.natGateway('nat-1', 'vpc-1', 'subnet-pub');
    r.prefixList(DDB_PL, 'com.amazonaws.us-east-1.dynamodb', undefined);
    r.routeTable('rtb-pub', 'vpc-1', { subnets: ['subnet-pub'], routes: [route.igw('0.0.0.0/0', 'igw-1')] });
    r.routeTable('rtb-main', 'vpc-1', { main: true, routes: mainRoutes });
    if (routes) r.routeTable('rtb-1', 'vpc-1', { subnets: ['subnet-1'], routes });
    if (instance)
      r.instance('i-1', 'subnet-1', {
        name: 'jobs',
        privateIpAddress: '10.0.1.10',
        iamInstanceProfileArn: PROFILE,
        ...instance,
      });
    g.role('app-role', {
      inlinePolicies: [
        {
          name: 'jobs',
          document: {
            statements: [{ effect: 'Allow', action: actions ?? ['dynamodb:UpdateItem'], resource: ['*'] }],
          },
        },
      ],
    });
    g.instanceProfile('app-profile', ['app-role']);
    extra?.(r, g);
  });
}

const gateway = (
  r: RegionBuilder,
  tables: string[],
  fields: { state?: string; policy?: PolicyStatement[]; service?: string; id?: string } = {},
) =>
  r.vpcEndpoint(fields.id ?? 'vpce-ddbgw', 'vpc-1', fields.service ?? 'dynamodb', {
    type: 'Gateway',
    routeTableIds: tables,
    state: fields.state ?? 'available',
    ...(fields.policy ? { policyDocument: { statements: fields.policy } } : {}),
  });
const natRoute = route.nat('0.0.0.0/0', 'nat-1');
const ddbRoute = route.gatewayEndpoint(DDB_PL, 'vpce-ddbgw');
const ROLE = (name: string) => `arn:aws:iam::111111111111:role/${name}`;

/** A role allowing `actions` (an inline policy named after it). */
const roleWith = (g: GlobalBuilder, name: string, actions: string[]) =>
  g.role(name, {
    inlinePolicies: [
      { name, document: { statements: [{ effect: 'Allow', action: actions, resource: ['*'] }] } },
    ],
  });

/** subnet-2 (main table) next to subnet-1, and function orders in both, whose role uses `actions`. */
const vpcFunction =
  (actions: string[] = ['dynamodb:PutItem'], fields: { subnetIds?: string[] } = {}) =>
  (r: RegionBuilder, g: GlobalBuilder) => {
    r.subnet('subnet-2', 'vpc-1', { cidrBlock: '10.0.2.0/24', name: 'app-b' });
    roleWith(g, 'fn-role', actions);
    r.lambdaFunction('orders', {
      roleArn: ROLE('fn-role'),
      subnetIds: fields.subnetIds ?? ['subnet-1', 'subnet-2'],
    });
  };

/** ECS service prod/api (Fargate, awsvpc) in subnet-1 with a task role and an execution role. */
const ecsApi =
  (
    taskActions: string[] | null = ['dynamodb:Query'],
    execActions: string[] = ['ecr:GetAuthorizationToken', 'logs:PutLogEvents'],
    service: { status?: string } = {},
  ) =>
  (r: RegionBuilder, g: GlobalBuilder) => {
    roleWith(g, 'exec-role', execActions);
    if (taskActions) roleWith(g, 'task-role', taskActions);
    const td = r.ecsTaskDefinition('api', {
      executionRoleArn: ROLE('exec-role'),
      ...(taskActions ? { taskRoleArn: ROLE('task-role') } : {}),
    });
    r.ecsService('prod', 'api', { taskDefinitionArn: td.arn, subnetIds: ['subnet-1'], ...service });
  };

/** Several setup functions as one `extra`. */
const both =
  (...fns: ((r: RegionBuilder, g: GlobalBuilder) => void)[]) =>
  (r: RegionBuilder, g: GlobalBuilder) => {
    for (const fn of fns) fn(r, g);
  };

ruleTester.run(rule, {
  pass: [
    {
      name: 'a NAT-private subnet where a DynamoDB client runs, on an available DynamoDB gateway endpoint',
      snapshot: account({ routes: [natRoute, ddbRoute], extra: (r) => gateway(r, ['rtb-1']) }),
      resourceId: 'subnet-1',
      message: [
        'rtb-1',
        'routes pl-02cd2c6b to DynamoDB gateway endpoint vpce-ddbgw',
        'instance i-1 (jobs) uses DynamoDB here',
      ],
      evidenceKinds: ['route-table-association', 'route', 'vpc-endpoint', 'service-need'],
      check: (finding) =>
        expect(finding.evidence.map((e) => e.summary)).toContain(
          'vpce-ddbgw (Gateway com.amazonaws.us-east-1.dynamodb) is available and lists rtb-1; no endpoint policy (full access)',
        ),
    },
    {
      name: 'covered implicitly through its VPC main table',
      snapshot: account({ mainRoutes: [natRoute, ddbRoute], extra: (r) => gateway(r, ['rtb-main']) }),
      resourceId: 'subnet-1',
      message: 'the main table of vpc-1',
    },
    {
      name: 'a public subnet is not applicable',
      snapshot: account({ routes: [route.igw('0.0.0.0/0', 'igw-1')] }),
      resourceId: 'subnet-1',
      message: 'the DynamoDB gateway endpoint rule applies to non-public subnets only',
    },
    {
      name: 'trap: an uncovered private subnet where no role uses DynamoDB (S3 only) is not applicable',
      snapshot: account({ routes: [natRoute], actions: ['s3:GetObject'] }),
      resourceId: 'subnet-1',
      message: 'no instance, function or ECS service in it has a role that uses DynamoDB',
    },
    {
      name: 'trap: an instance without a role is no DynamoDB client',
      snapshot: account({
        routes: [natRoute],
        instance: null,
        extra: (r) => r.instance('i-norole', 'subnet-1', { privateIpAddress: '10.0.1.20' }),
      }),
      resourceId: 'subnet-1',
      message: 'does not apply',
    },
    {
      name: 'a gateway endpoint whose policy allows DynamoDB only on some tables still carries its traffic',
      snapshot: account({
        routes: [ddbRoute],
        extra: (r) =>
          gateway(r, ['rtb-1'], {
            policy: [
              {
                effect: 'Allow',
                action: ['dynamodb:GetItem'],
                resource: ['arn:aws:dynamodb:us-east-1:111111111111:table/jobs'],
                principal: '*',
              },
            ],
          }),
      }),
      resourceId: 'subnet-1',
      message: 'vpce-ddbgw',
    },
    {
      name: 'a VPC function whose role uses DynamoDB is named on its covered subnet',
      snapshot: account({
        routes: [natRoute, ddbRoute],
        instance: null,
        extra: both(vpcFunction(), (r) => gateway(r, ['rtb-1'])),
      }),
      resourceId: 'subnet-1',
      message: [
        'routes pl-02cd2c6b to DynamoDB gateway endpoint vpce-ddbgw',
        'function orders uses DynamoDB here',
      ],
      evidenceKinds: ['service-need'],
      check: (finding) =>
        expect(finding.evidence.map((e) => e.summary)).toContain(
          'fn-role uses dynamodb (dynamodb actions in fn-role)',
        ),
    },
    {
      name: 'trap: a function outside any VPC is no client of the subnet',
      snapshot: account({
        routes: [natRoute],
        instance: null,
        extra: (r, g) => {
          roleWith(g, 'fn-role', ['dynamodb:PutItem']);
          r.lambdaFunction('orders', { roleArn: ROLE('fn-role') });
        },
      }),
      resourceId: 'subnet-1',
      message: 'does not apply',
    },
    {
      name: 'trap: a VPC function whose role only writes logs and manages ENIs (the platform) is no client',
      snapshot: account({
        routes: [natRoute],
        instance: null,
        extra: vpcFunction(['logs:PutLogEvents', 'ec2:CreateNetworkInterface', 'xray:PutTraceSegments']),
      }),
      resourceId: 'subnet-1',
      message: 'does not apply',
    },
    {
      name: "trap: the ECS execution role's DynamoDB actions do not make the tasks a client (only the task role)",
      snapshot: account({
        routes: [natRoute],
        instance: null,
        extra: ecsApi(['s3:GetObject'], ['dynamodb:GetItem', 'ecr:GetAuthorizationToken']),
      }),
      resourceId: 'subnet-1',
      message: 'does not apply',
    },
    {
      name: 'trap: an ECS task definition without a task role is no client',
      snapshot: account({ routes: [natRoute], instance: null, extra: ecsApi(null) }),
      resourceId: 'subnet-1',
      message: 'does not apply',
    },
    {
      name: 'trap: an INACTIVE (deleted) ECS service runs nothing',
      snapshot: account({
        routes: [natRoute],
        instance: null,
        extra: ecsApi(undefined, undefined, { status: 'INACTIVE' }),
      }),
      resourceId: 'subnet-1',
      message: 'does not apply',
    },
    {
      name: 'lambdaFunctions not collected: a covered subnet still passes (the pass does not depend on it)',
      snapshot: account({
        routes: [natRoute, ddbRoute],
        instance: null,
        extra: (r) => {
          gateway(r, ['rtb-1']);
          r.setCollection('lambdaFunctions', 'failed');
        },
      }),
      resourceId: 'subnet-1',
      message: 'vpce-ddbgw',
    },
    {
      name: 'ecsTaskDefinitions not collected: a subnet where no ECS service runs is still decided',
      snapshot: account({
        routes: [natRoute],
        actions: ['s3:GetObject'],
        extra: (r) => r.setCollection('ecsTaskDefinitions', 'failed'),
      }),
      resourceId: 'subnet-1',
      message: 'does not apply',
    },
  ],
  fail: [
    {
      name: 'a NAT-private subnet where a DynamoDB client runs, with no DynamoDB gateway endpoint',
      snapshot: account({ routes: [natRoute] }),
      resourceId: 'subnet-1',
      severity: 'low',
      message: [
        'private with NAT egress',
        'vpc-1 has no DynamoDB gateway endpoint',
        'instance i-1 (jobs) uses DynamoDB here',
      ],
      evidenceKinds: ['route-table-association', 'route', 'service-need'],
    },
    {
      name: 'trap: the S3 gateway endpoint on the table is not a DynamoDB endpoint',
      snapshot: account({
        routes: [natRoute, route.gatewayEndpoint(S3_PL, 'vpce-s3gw')],
        extra: (r) => gateway(r, ['rtb-1'], { service: 's3', id: 'vpce-s3gw' }),
      }),
      resourceId: 'subnet-1',
      message: 'vpc-1 has no DynamoDB gateway endpoint',
      check: (finding) =>
        expect(finding.evidence.map((e) => e.summary).join('\n')).toContain(
          'not a DynamoDB gateway endpoint of this VPC',
        ),
    },
    {
      name: 'the gateway endpoint serves a different route table',
      snapshot: account({ routes: [natRoute], extra: (r) => gateway(r, ['rtb-main']) }),
      resourceId: 'subnet-1',
      message: 'vpce-ddbgw serves rtb-main',
    },
    {
      name: 'a DynamoDB interface endpoint alone still fails, and the message says so',
      snapshot: account({
        routes: [natRoute],
        extra: (r) =>
          r.vpcEndpoint('vpce-ddbif', 'vpc-1', 'dynamodb', { type: 'Interface', subnetIds: ['subnet-1'] }),
      }),
      resourceId: 'subnet-1',
      message: 'the DynamoDB interface endpoint vpce-ddbif does not replace a gateway endpoint',
    },
    {
      name: 'a gateway endpoint whose policy denies every DynamoDB action is no DynamoDB endpoint',
      snapshot: account({
        routes: [natRoute, ddbRoute],
        extra: (r) =>
          gateway(r, ['rtb-1'], {
            policy: [
              { effect: 'Allow', action: ['*'], resource: ['*'], principal: '*' },
              { sid: 'NoDdb', effect: 'Deny', action: ['dynamodb:*'], resource: ['*'], principal: '*' },
            ],
          }),
      }),
      resourceId: 'subnet-1',
      message:
        'DynamoDB gateway endpoint vpce-ddbgw carries no DynamoDB traffic: its policy (statement NoDdb) denies every DynamoDB action on every resource',
    },
    {
      name: 'a gateway endpoint whose policy allows only S3 is no DynamoDB endpoint',
      snapshot: account({
        routes: [natRoute, ddbRoute],
        extra: (r) =>
          gateway(r, ['rtb-1'], {
            policy: [{ effect: 'Allow', action: ['s3:*'], resource: ['*'], principal: '*' }],
          }),
      }),
      resourceId: 'subnet-1',
      message: 'its policy allows no DynamoDB action',
    },
    {
      name: 'a pending gateway endpoint does not cover',
      snapshot: account({
        routes: [natRoute, ddbRoute],
        extra: (r) => gateway(r, ['rtb-1'], { state: 'pending' }),
      }),
      resourceId: 'subnet-1',
      message: 'vpce-ddbgw is pending',
    },
    {
      name: 'a stopped instance still makes the subnet matter (it starts again where it is)',
      snapshot: account({ routes: [], instance: { state: 'stopped' } }),
      resourceId: 'subnet-1',
      message: ['isolated', 'instance i-1 (jobs) uses DynamoDB here'],
    },
    {
      name: 'several clients are named, the rest counted',
      snapshot: account({
        routes: [natRoute],
        extra: (r) => {
          for (const n of [2, 3, 4, 5])
            r.instance(`i-${n}`, 'subnet-1', {
              privateIpAddress: `10.0.1.${n}`,
              iamInstanceProfileArn: PROFILE,
            });
        },
      }),
      resourceId: 'subnet-1',
      message: 'instances i-1 (jobs), i-2, i-3 and 2 more use DynamoDB here',
    },
    {
      name: 'a VPC function fails in each of its subnets that is not covered',
      snapshot: account({
        routes: [natRoute, ddbRoute],
        instance: null,
        extra: both(vpcFunction(), (r) => gateway(r, ['rtb-1'])),
      }),
      resourceId: 'subnet-2',
      severity: 'low',
      message: ['isolated', 'vpce-ddbgw serves rtb-1', 'function orders uses DynamoDB here'],
      evidenceKinds: ['service-need'],
    },
    {
      name: 'an awsvpc ECS service whose task role uses DynamoDB, with no gateway endpoint',
      snapshot: account({ routes: [natRoute], instance: null, extra: ecsApi() }),
      resourceId: 'subnet-1',
      message: ['vpc-1 has no DynamoDB gateway endpoint', 'ECS service prod/api uses DynamoDB here'],
      evidenceKinds: ['service-need'],
      check: (finding) =>
        expect(finding.evidence.map((e) => e.summary)).toContain(
          'task-role uses dynamodb (dynamodb actions in task-role)',
        ),
    },
    {
      name: 'instances, functions and ECS services are named together',
      snapshot: account({ routes: [natRoute], extra: both(vpcFunction(), ecsApi()) }),
      resourceId: 'subnet-1',
      message: 'instance i-1 (jobs), function orders, and ECS service prod/api use DynamoDB here',
    },
    {
      name: 'ecsTaskDefinitions not collected: a known instance client still fails the subnet',
      snapshot: account({
        routes: [natRoute],
        extra: both(ecsApi(), (r) => r.setCollection('ecsTaskDefinitions', 'failed')),
      }),
      resourceId: 'subnet-1',
      message: 'instance i-1 (jobs) uses DynamoDB here',
    },
  ],
  unknown: [
    {
      name: 'lambdaFunctions not collected: an uncovered subnet without a known client is unknown',
      snapshot: account({
        routes: [natRoute],
        instance: null,
        extra: (r) => r.setCollection('lambdaFunctions', 'failed'),
      }),
      resourceId: 'subnet-1',
      message: 'lambdaFunctions could not be read',
      evidenceKinds: ['not-collected'],
    },
    {
      name: 'ecsServices not collected: an uncovered subnet without a known client is unknown',
      snapshot: account({
        routes: [natRoute],
        actions: ['s3:GetObject'],
        extra: (r) => r.setCollection('ecsServices', 'failed'),
      }),
      resourceId: 'subnet-1',
      message: 'ecsServices could not be read',
      evidenceKinds: ['not-collected'],
    },
    {
      name: 'ecsTaskDefinitions not collected: an uncovered subnet where an awsvpc service runs is unknown',
      snapshot: account({
        routes: [natRoute],
        instance: null,
        extra: both(ecsApi(), (r) => r.setCollection('ecsTaskDefinitions', 'failed')),
      }),
      resourceId: 'subnet-1',
      message: [
        'has no DynamoDB gateway endpoint',
        'whether ECS service prod/api uses DynamoDB cannot be decided: task definitions could not be read',
      ],
      evidenceKinds: ['not-collected'],
    },
    {
      name: 'an uncovered subnet of a function whose execution role is not in the snapshot',
      snapshot: account({
        routes: [natRoute],
        instance: null,
        extra: (r) => r.lambdaFunction('orders', { roleArn: ROLE('gone'), subnetIds: ['subnet-1'] }),
      }),
      resourceId: 'subnet-1',
      message:
        'whether function orders uses DynamoDB cannot be decided: role arn:aws:iam::111111111111:role/gone is not in the snapshot',
    },
    {
      name: 'an ECS service whose task definition is missing from the snapshot',
      snapshot: account({
        routes: [natRoute],
        instance: null,
        extra: (r) =>
          r.ecsService('prod', 'api', {
            taskDefinitionArn: 'arn:aws:ecs:us-east-1:111111111111:task-definition/api:9',
            subnetIds: ['subnet-1'],
          }),
      }),
      resourceId: 'subnet-1',
      message:
        'task definition arn:aws:ecs:us-east-1:111111111111:task-definition/api:9 of ECS service prod/api is not in the snapshot',
    },
    {
      name: 'VPC endpoints not collected',
      snapshot: account({ routes: [natRoute], extra: (r) => r.setCollection('vpcEndpoints', 'failed') }),
      resourceId: 'subnet-1',
      message: 'vpcEndpoints could not be read, so DynamoDB endpoint coverage is unknown',
    },
    {
      name: "an uncovered subnet whose instance's role cannot be read",
      snapshot: account({ routes: [natRoute], extra: (_r, g) => g.setCollection('iamRoles', 'failed') }),
      resourceId: 'subnet-1',
      message: [
        'has no DynamoDB gateway endpoint',
        'whether instance i-1 (jobs) uses DynamoDB cannot be decided',
      ],
      evidenceKinds: ['not-collected'],
    },
    {
      name: 'instances not collected: whether a DynamoDB client runs there is unknown',
      snapshot: account({ routes: [natRoute], extra: (r) => r.setCollection('instances', 'failed') }),
      resourceId: 'subnet-1',
      message: 'instances could not be read',
    },
    {
      name: 'no route table governs the subnet (a shared VPC)',
      snapshot: account({
        extra: (r) => {
          r.data.routeTables = r.data.routeTables.filter((t) => t.id !== 'rtb-main');
        },
      }),
      resourceId: 'subnet-1',
      message: 'no route table governs it',
    },
  ],
});
