// Workload adapters (src/analysis/workloads): a Lambda function's and an ECS service's placements,
// which network carries an ECS service's platform traffic, and what each needs to reach.
import {
  ecsPlacements,
  ecsPlatformNeeds,
  ecsPlatformPath,
  ecsServiceNeeds,
  lambdaPlacements,
  lambdaServiceNeeds,
} from '../../src/analysis/workloads/index.js';
import { reachFromPlacements } from '../../src/analysis/path/index.js';
import { route, sgRule } from '../support/builders/index.js';
import { viewOf } from './helpers.js';

const ACCOUNT = '123456789012';

// vpc-1: subnet-pub (IGW), subnet-nat (0.0.0.0/0 → nat-1). IAM: fn-role (DynamoDB, logs, X-Ray).
function world() {
  return viewOf((r, g) => {
    r.vpc('vpc-1', { enableDnsHostnames: true });
    r.subnet('subnet-pub', 'vpc-1', { cidrBlock: '10.0.0.0/24' });
    r.subnet('subnet-nat', 'vpc-1', { cidrBlock: '10.0.1.0/24' });
    r.internetGateway('igw-1', 'vpc-1');
    r.natGateway('nat-1', 'vpc-1', 'subnet-pub');
    r.routeTable('rtb-pub', 'vpc-1', { main: true, routes: [route.igw('0.0.0.0/0', 'igw-1')] });
    r.routeTable('rtb-nat', 'vpc-1', { subnets: ['subnet-nat'], routes: [route.nat('0.0.0.0/0', 'nat-1')] });
    r.networkAcl('acl-1', 'vpc-1', { isDefault: true, subnetIds: ['subnet-pub', 'subnet-nat'] });
    r.securityGroup('sg-1', 'vpc-1', { egress: [sgRule.all('0.0.0.0/0')] });
    r.lambdaFunction('fn', {
      roleArn: `arn:aws:iam::${ACCOUNT}:role/fn-role`,
      subnetIds: ['subnet-pub', 'subnet-nat', 'subnet-pub'],
      securityGroupIds: ['sg-1'],
    });
    r.lambdaFunction('plain', { roleArn: `arn:aws:iam::${ACCOUNT}:role/fn-role` });
    g.role('fn-role', {
      inlinePolicies: [
        {
          name: 'p',
          document: {
            version: '2012-10-17',
            statements: [
              {
                effect: 'Allow',
                action: ['dynamodb:GetItem', 'logs:PutLogEvents', 'xray:PutTraceSegments'],
                resource: ['*'],
              },
            ],
          },
        },
      ],
    });
  });
}

describe('lambdaPlacements', () => {
  it('gives one placement per distinct subnet, never with a public IP', () => {
    const { region } = world();
    const fn = region.lambdaFunction('fn')!;
    const placements = lambdaPlacements(fn);
    expect(placements.map((p) => p.subnetId)).toEqual(['subnet-pub', 'subnet-nat']);
    for (const p of placements) {
      expect(p.publicIpv4).toBe('never');
      expect(p.publicIpv4Note).toMatch(/never get a public IP/);
      expect(p.label).toBe('function fn');
      expect(p.privateIp).toBeUndefined();
    }
    expect(lambdaPlacements(region.lambdaFunction('plain')!)).toEqual([]);
  });

  it('a public subnet with only an internet gateway does not reach; the NAT subnet does', () => {
    const { region } = world();
    const result = reachFromPlacements(region, lambdaPlacements(region.lambdaFunction('fn')!), ['dynamodb']);
    expect(result.verdict).toBe('unreachable');
    const [pub, nat] = result.placements;
    expect(pub?.result.verdict).toBe('unreachable');
    expect(pub?.result.problems.map((x) => x.message).join('\n')).toMatch(
      /subnet-pub routes to an internet gateway .* but function fn never has a public IPv4 address/,
    );
    expect(nat?.result.verdict).toBe('reachable');
  });
});

describe('lambdaServiceNeeds', () => {
  it('leaves out logs and X-Ray (the platform) and keeps DynamoDB', () => {
    const { account, region } = world();
    const needs = lambdaServiceNeeds(account, region.lambdaFunction('fn')!);
    expect(needs.verdict).toBe('decided');
    expect(needs.needs.map((n) => n.service)).toEqual(['dynamodb']);
  });
});

describe('ecs adapters', () => {
  function service(
    fields: Record<string, unknown> = {},
    assignPublicIp: 'ENABLED' | 'DISABLED' = 'DISABLED',
  ) {
    const { region, account } = viewOf((r, g) => {
      r.vpc('vpc-1');
      r.subnet('subnet-a', 'vpc-1', { cidrBlock: '10.0.0.0/24' });
      const td = r.ecsTaskDefinition('api', {
        taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/task`,
        containers: [
          {
            name: 'api',
            image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/api:1`,
            logDriver: 'awslogs',
            secretSources: [
              `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:db-AbC`,
              'plain-parameter',
              `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/elsewhere`,
            ],
          },
          {
            name: 'sidecar',
            image: 'public.ecr.aws/aws-observability/aws-otel-collector:latest',
            secretSources: [],
          },
        ],
      });
      r.ecsService('prod', 'api', {
        taskDefinitionArn: td.arn,
        subnetIds: ['subnet-a'],
        securityGroupIds: ['sg-1'],
        assignPublicIp,
        ...fields,
      });
      g.role('task', {
        inlinePolicies: [
          {
            name: 'p',
            document: {
              version: '2012-10-17',
              statements: [{ effect: 'Allow', action: ['sqs:SendMessage'], resource: ['*'] }],
            },
          },
        ],
      });
    });
    const svc = region.data.ecsServices[0]!;
    return { svc, td: region.taskDefinitionOf(svc)!, account };
  }

  it('Fargate: a public IP only with assignPublicIp ENABLED', () => {
    expect(ecsPlacements(service({}, 'ENABLED').svc)[0]?.publicIpv4).toBe(true);
    const disabled = ecsPlacements(service({}, 'DISABLED').svc)[0];
    expect(disabled?.publicIpv4).toBe(false);
    expect(disabled?.publicIpv4Note).toBe('assignPublicIp is DISABLED');
    expect(disabled?.label).toBe('ECS service prod/api');
  });

  it('EC2 launch type: task ENIs never have a public IP, platform traffic is elsewhere', () => {
    const { svc } = service({ launchType: 'EC2' }, 'ENABLED');
    expect(ecsPlacements(svc)[0]?.publicIpv4).toBe('never');
    const path = ecsPlatformPath(svc);
    expect(path.through).toBe('elsewhere');
    expect(path.note).toMatch(/container instance/);
  });

  it('platform versions: LATEST and 1.4.0 use the task ENI, 1.3.0 does not; capacity providers decide', () => {
    expect(ecsPlatformPath(service({ platformVersion: 'LATEST' }).svc).through).toBe('task-eni');
    expect(ecsPlatformPath(service({ platformVersion: '1.4.0' }).svc).through).toBe('task-eni');
    const old = ecsPlatformPath(service({ platformVersion: '1.3.0' }).svc);
    expect(old.through).toBe('elsewhere');
    expect(old.note).toMatch(/Fargate-owned ENI/);
    const spot = service({ launchType: undefined, capacityProviders: ['FARGATE_SPOT'] }).svc;
    delete spot.launchType;
    expect(ecsPlatformPath(spot).through).toBe('task-eni');
  });

  it('platform needs: ECR image, awslogs, secrets by ARN or name; other registries and regions are outside', () => {
    const { td } = service();
    const { needs, outside } = ecsPlatformNeeds('us-east-1', td);
    expect([...needs.keys()].sort()).toEqual(['ecr.api', 'ecr.dkr', 'logs', 's3', 'secretsmanager', 'ssm']);
    expect(outside).toEqual([
      `secret arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/elsewhere`,
      'image public.ecr.aws/aws-observability/aws-otel-collector:latest',
    ]);
  });

  it('service needs add the task role and drop the platform when it is carried elsewhere', () => {
    const { td, account } = service();
    const all = ecsServiceNeeds(account, 'us-east-1', td, true);
    expect(all.verdict).toBe('decided');
    expect(all.needs.find((n) => n.service === 'sqs')?.because).toEqual(['task role task (sqs)']);
    const appOnly = ecsServiceNeeds(account, 'us-east-1', td, false);
    expect(appOnly.needs.map((n) => n.service)).toEqual(['sqs']);
    expect(appOnly.outside).toEqual([]);
  });
});
