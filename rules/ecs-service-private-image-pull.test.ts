import { route, sgRule, singleRegionSnapshot, type RegionBuilder } from '../test/support/builders/index.js';
import type { Finding } from '../src/engine/types.js';
import type { EcsContainer, EcsService, PolicyStatement } from '../src/snapshot/types.js';
import { pathHops } from '../src/findings/path.js';
import { ruleTester } from '../test/support/rule-tester.js';
import rule from './ecs-service-private-image-pull.js';

const ACCOUNT = '111111111111';
const SERVICE_ARN = `arn:aws:ecs:us-east-1:${ACCOUNT}:service/prod/api`;
const IMAGE = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/api:1`;

interface Setup {
  subnets?: string[];
  assignPublicIp?: 'ENABLED' | 'DISABLED';
  service?: Partial<EcsService>;
  containers?: EcsContainer[];
  /** Interface endpoints (ENIs in subnet-ep) for these services, and the S3 gateway endpoint on rtb-iso. */
  endpoints?: { services: string[]; s3Gateway: boolean; policy?: Record<string, PolicyStatement[]> };
  taskRoleActions?: string[];
  extra?: (r: RegionBuilder) => void;
  iamCollected?: boolean;
}

// vpc-1 10.0.0.0/16: subnet-pub (0.0.0.0/0 → igw-1, nat-1), subnet-nat (0.0.0.0/0 → nat-1),
// subnet-iso (no route out), subnet-ep (endpoint ENIs, sg-ep admits 443 from the VPC).
// Service prod/api (Fargate 1.4.0, sg-task) runs api:1: an ECR image, awslogs, a Secrets Manager
// secret; task role task-role.
function account(s: Setup = {}) {
  return singleRegionSnapshot((r, g) => {
    r.vpc('vpc-1', { enableDnsHostnames: true });
    r.subnet('subnet-pub', 'vpc-1', { cidrBlock: '10.0.0.0/24', name: 'public-a' });
    r.subnet('subnet-nat', 'vpc-1', { cidrBlock: '10.0.1.0/24', name: 'app-a' });
    r.subnet('subnet-iso', 'vpc-1', { cidrBlock: '10.0.2.0/24', name: 'isolated-b' });
    r.subnet('subnet-ep', 'vpc-1', { cidrBlock: '10.0.3.0/24' });
    r.internetGateway('igw-1', 'vpc-1');
    r.natGateway('nat-1', 'vpc-1', 'subnet-pub');
    r.prefixList('pl-s3', 'com.amazonaws.us-east-1.s3', ['52.216.0.0/15']);
    r.routeTable('rtb-main', 'vpc-1', { main: true });
    r.routeTable('rtb-pub', 'vpc-1', { subnets: ['subnet-pub'], routes: [route.igw('0.0.0.0/0', 'igw-1')] });
    r.routeTable('rtb-nat', 'vpc-1', { subnets: ['subnet-nat'], routes: [route.nat('0.0.0.0/0', 'nat-1')] });
    r.routeTable('rtb-iso', 'vpc-1', {
      subnets: ['subnet-iso'],
      routes: s.endpoints?.s3Gateway ? [route.gatewayEndpoint('pl-s3', 'vpce-s3')] : [],
    });
    if (s.endpoints?.s3Gateway)
      r.vpcEndpoint('vpce-s3', 'vpc-1', 's3', { type: 'Gateway', routeTableIds: ['rtb-iso'] });
    r.networkAcl('acl-1', 'vpc-1', {
      isDefault: true,
      subnetIds: ['subnet-pub', 'subnet-nat', 'subnet-iso', 'subnet-ep'],
    });
    r.securityGroup('sg-task', 'vpc-1', { egress: [sgRule.all('0.0.0.0/0')] });
    r.securityGroup('sg-ep', 'vpc-1', { ingress: [sgRule.tcp(443, '10.0.0.0/16')] });
    (s.endpoints?.services ?? []).forEach((service, i) => {
      const id = `vpce-${service.replace('.', '')}`;
      r.networkInterface(`eni-${i}`, 'subnet-ep', {
        interfaceType: 'vpc_endpoint',
        securityGroupIds: ['sg-ep'],
        privateIpAddresses: [`10.0.3.${10 + i}`],
      });
      const policy = s.endpoints?.policy?.[service];
      r.vpcEndpoint(id, 'vpc-1', service, {
        subnetIds: ['subnet-ep'],
        securityGroupIds: ['sg-ep'],
        networkInterfaceIds: [`eni-${i}`],
        ...(policy ? { policyDocument: { statements: policy } } : {}),
      });
    });
    const td = r.ecsTaskDefinition('api', {
      executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/exec-role`,
      taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/task-role`,
      containers: s.containers ?? [
        {
          name: 'api',
          image: IMAGE,
          logDriver: 'awslogs',
          secretSources: [`arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-AbCdEf`],
        },
      ],
    });
    r.ecsService('prod', 'api', {
      taskDefinitionArn: td.arn,
      subnetIds: s.subnets ?? ['subnet-nat'],
      securityGroupIds: ['sg-task'],
      assignPublicIp: s.assignPublicIp ?? 'DISABLED',
      ...s.service,
    });
    // Bridge mode on EC2: the instance's network, no finding.
    const legacy = r.ecsTaskDefinition('legacy', { networkMode: 'bridge' });
    r.ecsService('prod', 'legacy', { taskDefinitionArn: legacy.arn, launchType: 'EC2' });
    g.role('task-role', {
      inlinePolicies: [
        {
          name: 'task',
          document: {
            version: '2012-10-17',
            statements: s.taskRoleActions
              ? [{ effect: 'Allow', action: s.taskRoleActions, resource: ['*'] }]
              : [],
          },
        },
      ],
    });
    if (s.iamCollected === false) g.setCollection('iamRoles', undefined);
    s.extra?.(r);
  });
}

const PLATFORM = ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager'];

const lastHop = (finding: Finding) => pathHops(finding.evidence.find((e) => e.kind === 'path')!)!.at(-1);

ruleTester.run(rule, {
  pass: [
    {
      name: 'trap: a NAT gateway path reaches everything',
      snapshot: account(),
      resourceId: SERVICE_ARN,
      message: [
        'ECS service prod/api reaches ecr.api, ecr.dkr, logs, s3 and secretsmanager from every subnet',
        'via NAT gateway nat-1',
        'Fargate platform 1.4.0',
      ],
      evidenceKinds: ['path', 'service-need'],
      check: (finding, all) => {
        expect(finding.evidence.filter((e) => e.kind === 'path')).toHaveLength(1);
        expect(lastHop(finding)).toMatchObject({ kind: 'service', verdict: 'allow' });
        // Bridge mode: no finding.
        expect(all.map((f) => f.resource.id)).toEqual([SERVICE_ARN]);
      },
    },
    {
      name: 'an isolated subnet with ecr.api, ecr.dkr, logs and secretsmanager endpoints and the S3 gateway',
      snapshot: account({ subnets: ['subnet-iso'], endpoints: { services: PLATFORM, s3Gateway: true } }),
      resourceId: SERVICE_ARN,
      message: [
        'ecr.api via interface endpoint vpce-ecrapi',
        'ecr.dkr via interface endpoint vpce-ecrdkr',
        's3 via gateway endpoint vpce-s3',
      ],
    },
    {
      name: 'a public subnet with assignPublicIp ENABLED on Fargate',
      snapshot: account({ subnets: ['subnet-pub'], assignPublicIp: 'ENABLED' }),
      resourceId: SERVICE_ARN,
      message: 'via internet gateway igw-1 with a public address',
    },
    {
      name: 'the task role adds its services; platform version LATEST is 1.4.0',
      snapshot: account({ taskRoleActions: ['sqs:SendMessage'], service: { platformVersion: 'LATEST' } }),
      resourceId: SERVICE_ARN,
      message: ['secretsmanager and sqs', 'Fargate platform LATEST'],
    },
  ],
  fail: [
    {
      name: 'trap: a public subnet with assignPublicIp DISABLED and no NAT cannot pull',
      snapshot: account({ subnets: ['subnet-pub'] }),
      resourceId: SERVICE_ARN,
      severity: 'medium',
      message: [
        'cannot reach ecr.api, ecr.dkr, logs, s3 and secretsmanager from subnet-pub (public-a)',
        'internet-gateway breaks at internet-gateway igw-1',
        'assignPublicIp is DISABLED',
      ],
      evidenceKinds: ['broken-prerequisite', 'path'],
      check: (finding) =>
        expect(lastHop(finding)).toMatchObject({ kind: 'internet-gateway', verdict: 'deny' }),
    },
    {
      name: 'interface endpoints without the S3 gateway endpoint: layers cannot be pulled',
      snapshot: account({ subnets: ['subnet-iso'], endpoints: { services: PLATFORM, s3Gateway: false } }),
      resourceId: SERVICE_ARN,
      message: /cannot reach s3 from subnet-iso \(isolated-b\): internet-gateway breaks at route rtb-iso/,
    },
    {
      name: 'trap: one of two subnets broken names it; the other works',
      snapshot: account({ subnets: ['subnet-nat', 'subnet-iso'] }),
      resourceId: SERVICE_ARN,
      message: ['from subnet-iso (isolated-b)', 'subnet-nat works'],
      check: (finding) => {
        expect(finding.message).not.toMatch(/from subnet-nat/);
        expect(finding.evidence.filter((e) => e.kind === 'path')).toHaveLength(2);
      },
    },
    {
      name: 'trap: the logs endpoint policy denies the task',
      snapshot: account({
        endpoints: {
          services: ['logs'],
          s3Gateway: false,
          policy: { logs: [{ effect: 'Deny', principal: '*', action: ['logs:*'], resource: ['*'] }] },
        },
      }),
      resourceId: SERVICE_ARN,
      message: 'cannot reach logs from subnet-nat (app-a): interface-endpoint breaks at endpoint vpce-logs',
      check: (finding) => expect(lastHop(finding)).toMatchObject({ kind: 'endpoint', verdict: 'deny' }),
    },
    {
      name: "EC2 launch type: the task role's calls are judged from the task ENI",
      snapshot: account({
        subnets: ['subnet-iso'],
        taskRoleActions: ['dynamodb:PutItem'],
        service: { launchType: 'EC2' },
      }),
      resourceId: SERVICE_ARN,
      message: ['cannot reach dynamodb from subnet-iso', 'image pulls, logs and secrets are not judged'],
    },
  ],
  unknown: [
    {
      name: 'trap: the task definition is missing',
      snapshot: account({ extra: (r) => r.data.ecsTaskDefinitions.splice(0, 1) }),
      resourceId: SERVICE_ARN,
      message: `task definition arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/api:1 is not in the snapshot`,
    },
    {
      name: 'task definitions failed to collect',
      snapshot: account({ extra: (r) => r.setCollection('ecsTaskDefinitions', 'failed') }),
      resourceId: SERVICE_ARN,
      message: 'task definitions could not be read',
      evidenceKinds: ['not-collected'],
    },
    {
      name: "trap: IAM not collected: the platform's path works, the task role's needs are not known",
      snapshot: account({ iamCollected: false }),
      resourceId: SERVICE_ARN,
      message: 'IAM roles were not collected',
      evidenceKinds: ['path', 'not-collected'],
    },
    {
      name: 'Fargate before 1.4.0: pulls go through an ENI the snapshot does not show',
      snapshot: account({ service: { platformVersion: '1.3.0' } }),
      resourceId: SERVICE_ARN,
      message: 'Fargate-owned ENI',
    },
    {
      name: 'an image from another registry: its internet path is not judged',
      snapshot: account({
        containers: [{ name: 'web', image: 'nginx:1.27', logDriver: 'awslogs', secretSources: [] }],
      }),
      resourceId: SERVICE_ARN,
      message: 'image nginx:1.27 comes from outside',
    },
    {
      name: 'network interfaces failed to collect',
      snapshot: account({ extra: (r) => r.setCollection('networkInterfaces', 'failed') }),
      resourceId: SERVICE_ARN,
      message: 'networkInterfaces could not be read',
    },
    {
      name: 'ECS services failed to collect: the region is unknown',
      snapshot: account({ extra: (r) => r.setCollection('ecsServices', 'failed') }),
      resourceId: 'us-east-1',
    },
  ],
});
