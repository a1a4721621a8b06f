import { jest } from '@jest/globals';
import { sgRule, singleRegionSnapshot, type RegionBuilder } from '../support/builders/index.js';
import type { GlobalBuilder } from '../support/builders/index.js';
import type { Snapshot } from '../../src/snapshot/types.js';

// The path engine as the rules import it, with every question counted on the way in: a
// `servicePath` asks one placement × its services, a `reachFromPlacements` every placement × its
// services. The rules then run unchanged, so the counts can be checked against what they ask.
let asked = 0;
const engine = await import('../../src/analysis/path/index.js');
jest.unstable_mockModule('../../src/analysis/path/index.js', () => ({
  ...engine,
  servicePath: (...args: Parameters<typeof engine.servicePath>) => {
    asked += args[2].length;
    return engine.servicePath(...args);
  },
  reachFromPlacements: (...args: Parameters<typeof engine.reachFromPlacements>) => {
    asked += args[1].length * args[2].length;
    return engine.reachFromPlacements(...args);
  },
}));
const { countPathAnswers, PATH_ENGINE_RULE_IDS } = await import('../../bench/path-answers.js');
const { generateSnapshot } = await import('../../bench/generate.js');
const { ruleRegistry } = await import('../../rules/index.js');
const { evaluateSnapshot } = await import('../../src/engine/scan.js');

/** What each path-engine rule, evaluated alone, asks the engine for on `snapshot`. */
function askedByRules(snapshot: Snapshot): Record<string, number> {
  const byRule: Record<string, number> = {};
  for (const id of PATH_ENGINE_RULE_IDS) {
    asked = 0;
    const rules = ruleRegistry.filter((rule) => rule.meta.id === id);
    evaluateSnapshot(snapshot, rules, { kind: 'snapshot', file: 'test' });
    byRule[id] = asked;
  }
  return byRule;
}

const ACCOUNT = '111111111111';
const role = (name: string): string => `arn:aws:iam::${ACCOUNT}:role/${name}`;

/** A role whose one inline policy allows `actions` on everything. */
function roleAllowing(g: GlobalBuilder, name: string, actions: string[]): void {
  g.role(name, {
    inlinePolicies: [
      {
        name,
        document: {
          version: '2012-10-17',
          statements: [{ effect: 'Allow', action: actions, resource: ['*'] }],
        },
      },
    ],
  });
}

interface Setup {
  extra?: (r: RegionBuilder, g: GlobalBuilder) => void;
}

// vpc-1 with subnet-a and subnet-b. Answers by hand:
// - SSM: i-old (agent 3.2.0.0, before 3.3.40.0: ssm, ssmmessages, ec2messages) 3, i-new (current
//   agent) 2, i-unregistered (no ping: the current agent's needs) 2, i-stopped 0 → 7.
// - instance reachability: i-old's role app-role uses s3 and sqs (iam has no endpoint) → 2; i-new
//   has no profile, i-stopped is not running → 2.
// - Lambda: fn-two in subnet-a and subnet-b, fn-role uses dynamodb and sqs (logs is the platform's,
//   iam has no endpoint) → 2 × 2 = 4; fn-outside is not in a VPC → 4.
// - ECS: fargate (Fargate 1.4.0, both subnets; ECR image + awslogs: ecr.api, ecr.dkr, s3, logs;
//   task role: sqs) → 2 × 5 = 10; ec2-mode (EC2 launch type, subnet-a: only the task role's sqs)
//   → 1; gone (INACTIVE), orphan (task definition not in the snapshot) and bridge (no awsvpc) → 0 → 11.
function account(s: Setup = {}): Snapshot {
  return singleRegionSnapshot((r, g) => {
    r.vpc('vpc-1', { enableDnsHostnames: true });
    r.subnet('subnet-a', 'vpc-1', { cidrBlock: '10.0.0.0/24' });
    r.subnet('subnet-b', 'vpc-1', { cidrBlock: '10.0.1.0/24' });
    r.routeTable('rtb-main', 'vpc-1', { main: true });
    r.networkAcl('acl-1', 'vpc-1', { isDefault: true, subnetIds: ['subnet-a', 'subnet-b'] });
    r.securityGroup('sg-1', 'vpc-1', { egress: [sgRule.all('0.0.0.0/0')] });

    const profile = g.instanceProfile('app-profile', ['app-role']);
    roleAllowing(g, 'app-role', ['s3:GetObject', 'sqs:SendMessage', 'iam:GetRole']);
    r.instance('i-old', 'subnet-a', { iamInstanceProfileArn: profile.arn, securityGroupIds: ['sg-1'] });
    r.ssmInstance('i-old', { agentVersion: '3.2.0.0' });
    r.instance('i-new', 'subnet-a', { securityGroupIds: ['sg-1'] });
    r.ssmInstance('i-new');
    r.instance('i-unregistered', 'subnet-b', { securityGroupIds: ['sg-1'] });
    r.instance('i-stopped', 'subnet-b', { state: 'stopped', iamInstanceProfileArn: profile.arn });

    roleAllowing(g, 'fn-role', ['dynamodb:GetItem', 'sqs:SendMessage', 'logs:PutLogEvents', 'iam:GetRole']);
    r.lambdaFunction('fn-two', {
      roleArn: role('fn-role'),
      subnetIds: ['subnet-a', 'subnet-b'],
      securityGroupIds: ['sg-1'],
    });
    r.lambdaFunction('fn-outside', { roleArn: role('fn-role') });

    roleAllowing(g, 'task-role', ['sqs:SendMessage']);
    const td = r.ecsTaskDefinition('api', { taskRoleArn: role('task-role') });
    const awsvpc = { taskDefinitionArn: td.arn, securityGroupIds: ['sg-1'] };
    r.ecsService('prod', 'fargate', { ...awsvpc, subnetIds: ['subnet-a', 'subnet-b'] });
    r.ecsService('prod', 'ec2-mode', { ...awsvpc, subnetIds: ['subnet-a'], launchType: 'EC2' });
    r.ecsService('prod', 'gone', { ...awsvpc, subnetIds: ['subnet-a'], status: 'INACTIVE' });
    r.ecsService('prod', 'orphan', {
      taskDefinitionArn: `arn:aws:ecs:us-east-1:${ACCOUNT}:task-definition/missing:1`,
      subnetIds: ['subnet-a'],
    });
    r.ecsService('prod', 'bridge', { taskDefinitionArn: td.arn });
    s.extra?.(r, g);
  });
}

/** fn-role also attaches a managed policy the snapshot lacks: its needs are undecided. */
function fnRoleUndecided(_r: RegionBuilder, g: GlobalBuilder): void {
  g.data.roles
    .find((r) => r.name === 'fn-role')
    ?.attachedPolicies.push({ name: 'gone', arn: `arn:aws:iam::${ACCOUNT}:policy/gone` });
}

/** app-role is not in the role list, though app-profile names it. */
function appRoleGone(_r: RegionBuilder, g: GlobalBuilder): void {
  g.data.roles.splice(
    g.data.roles.findIndex((r) => r.name === 'app-role'),
    1,
  );
}

describe('countPathAnswers', () => {
  it('counts each rule’s placement × service pairs as the rule asks for them', () => {
    expect(countPathAnswers(account())).toEqual({
      'ssm-agent-endpoint-reachable': 7,
      'ec2-instance-aws-service-reachable': 2,
      'lambda-function-vpc-service-reachable': 4,
      'ecs-service-private-image-pull': 11,
    });
  });

  it('counts one answer per subnet and service of a function', () => {
    const snapshot = account({
      extra: (r) =>
        r.lambdaFunction('fn-three', {
          roleArn: role('fn-role'),
          subnetIds: ['subnet-a', 'subnet-b', 'subnet-a'], // a repeated subnet is one placement
          securityGroupIds: ['sg-1'],
        }),
    });
    expect(countPathAnswers(snapshot)['lambda-function-vpc-service-reachable']).toBe(4 + 2 * 2);
  });

  it('takes the agent version from SSM only when SSM was read', () => {
    // Unread, i-old's old agent is not known: the current agent's two services.
    const snapshot = account({ extra: (r) => r.setCollection('ssmInstances', 'failed') });
    expect(countPathAnswers(snapshot)['ssm-agent-endpoint-reachable']).toBe(6);
  });

  it('asks nothing of the workload rules while a path kind is missing, but still the SSM rule', () => {
    const snapshot = account({ extra: (r) => r.setCollection('networkAcls', 'failed') });
    expect(countPathAnswers(snapshot)).toEqual({
      'ssm-agent-endpoint-reachable': 7,
      'ec2-instance-aws-service-reachable': 0,
      'lambda-function-vpc-service-reachable': 0,
      'ecs-service-private-image-pull': 0,
    });
  });

  it('asks nothing for ECS services whose task definitions could not be read', () => {
    const snapshot = account({ extra: (r) => r.setCollection('ecsTaskDefinitions', 'failed') });
    expect(countPathAnswers(snapshot)['ecs-service-private-image-pull']).toBe(0);
  });

  it('counts the needs a function sends even while others are undecided', () => {
    // A managed policy that is not in the snapshot leaves the role undecided; its inline needs are still asked.
    expect(
      countPathAnswers(account({ extra: fnRoleUndecided }))['lambda-function-vpc-service-reachable'],
    ).toBe(4);
  });

  it('asks nothing for an instance whose role cannot be read', () => {
    expect(countPathAnswers(account({ extra: appRoleGone }))['ec2-instance-aws-service-reachable']).toBe(0);
  });
});

describe('countPathAnswers against the rules', () => {
  it.each([
    ['the hand-counted account', () => account()],
    ['a missing path kind', () => account({ extra: (r) => r.setCollection('networkAcls', 'failed') })],
    ['unread SSM', () => account({ extra: (r) => r.setCollection('ssmInstances', 'failed') })],
    [
      'unread task definitions',
      () => account({ extra: (r) => r.setCollection('ecsTaskDefinitions', 'failed') }),
    ],
    ['an undecided function role', () => account({ extra: fnRoleUndecided })],
    ['an instance role that is gone', () => account({ extra: appRoleGone })],
    ["the bench's small account", () => generateSnapshot('small', 1)],
  ])('counts what the rules ask the engine for on %s', (_name, snapshot) => {
    const built = snapshot();
    expect(countPathAnswers(built)).toEqual(askedByRules(built));
  });

  it("finds answers for every rule on the bench's small account", () => {
    const counts = countPathAnswers(generateSnapshot('small', 1));
    for (const id of PATH_ENGINE_RULE_IDS) expect(counts[id]).toBeGreaterThan(0);
  });
});
