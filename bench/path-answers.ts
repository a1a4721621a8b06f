// How many path answers each path-engine rule asks for on a snapshot: an answer is one (placement ×
// service) pair the rule hands the path engine (src/analysis/path). A Lambda function in three
// subnets whose role uses two services asks for six; an instance asks the SSM rule for two or three.
// Dividing a rule's CPU time by its answers prices the engine's work apart from how much each kind
// of workload asks (issue 14: the µs per workload target compares workloads that ask unequally).
//
// Each count walks the workloads as its rule does, with the same analysis functions, and skips
// what the rule skips before it asks (a workload it does not judge, needs it cannot decide, path
// kinds that were not collected); rules/*.test.ts pin the rules, test/bench/path-answers.test.ts
// pins these counts. What the engine then does with a question (a subnet it cannot see) does not
// change the count: the question was asked.
import { instanceServiceNeeds } from '../src/analysis/instance-needs.js';
import { requiredSsmServices, ssmPing } from '../src/analysis/ssm-reachability.js';
import {
  ecsPlacements,
  ecsPlatformPath,
  ecsServiceNeeds,
  lambdaPlacements,
  lambdaServiceNeeds,
} from '../src/analysis/workloads/index.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { SnapshotView, type AccountView, type RegionView } from '../src/snapshot/view.js';
import { PATH_KINDS } from '../rules/support/path-problems.js';

/** The rules that judge workloads through the path engine, as bench/run.ts reports them. */
export const PATH_ENGINE_RULE_IDS = [
  'ssm-agent-endpoint-reachable',
  'ec2-instance-aws-service-reachable',
  'lambda-function-vpc-service-reachable',
  'ecs-service-private-image-pull',
] as const;
export type PathEngineRuleId = (typeof PATH_ENGINE_RULE_IDS)[number];

/**
 * rules/ssm-agent-endpoint-reachable.ts: every running instance, one placement × the services its
 * agent version needs (as ssmReachability asks), whatever its identity or the path kinds' collection.
 */
function ssmAnswers(region: RegionView): number {
  let answers = 0;
  for (const instance of region.data.instances)
    if (instance.state === 'running')
      answers += requiredSsmServices(ssmPing(region, instance)?.agentVersion).length;
  return answers;
}

/**
 * rules/ec2-instance-aws-service-reachable.ts: running instances whose role's needs are decided and
 * not empty, one placement × those needs; nothing while the path kinds are missing.
 */
function instanceAnswers(account: AccountView, region: RegionView, pathMissing: boolean): number {
  if (pathMissing) return 0;
  let answers = 0;
  for (const instance of region.data.instances) {
    if (instance.state !== 'running') continue;
    const needs = instanceServiceNeeds(account, instance);
    if (needs.status === 'decided') answers += needs.needs.length;
  }
  return answers;
}

/**
 * rules/lambda-function-vpc-service-reachable.ts through rules/support/workload-reach.ts: each
 * subnet of a function attached to a VPC × its role's endpoint services (not `withoutEndpoint`,
 * which it only names), even while other needs are undecided.
 */
function lambdaAnswers(account: AccountView, region: RegionView, pathMissing: boolean): number {
  if (pathMissing) return 0;
  let answers = 0;
  for (const fn of region.data.lambdaFunctions) {
    const placements = lambdaPlacements(fn);
    if (placements.length === 0) continue;
    answers += placements.length * lambdaServiceNeeds(account, fn).needs.length;
  }
  return answers;
}

/**
 * rules/ecs-service-private-image-pull.ts through rules/support/workload-reach.ts: each subnet of
 * an awsvpc service that is not INACTIVE and whose task definition is in the snapshot × what its
 * tasks need (the platform's pulls, logs and secrets only when the task ENI carries them).
 */
function ecsAnswers(account: AccountView, region: RegionView, pathMissing: boolean): number {
  if (pathMissing || !region.isCollected('ecsTaskDefinitions')) return 0;
  let answers = 0;
  for (const service of region.data.ecsServices) {
    if (service.status === 'INACTIVE') continue;
    const placements = ecsPlacements(service);
    if (placements.length === 0) continue;
    const definition = region.taskDefinitionOf(service);
    if (!definition) continue;
    const onTaskEni = ecsPlatformPath(service).through === 'task-eni';
    answers +=
      placements.length * ecsServiceNeeds(account, region.region, definition, onTaskEni).needs.length;
  }
  return answers;
}

/** The path answers each path-engine rule asks for on `snapshot`, all accounts and regions summed. */
export function countPathAnswers(snapshot: Snapshot): Record<PathEngineRuleId, number> {
  const counts: Record<PathEngineRuleId, number> = {
    'ssm-agent-endpoint-reachable': 0,
    'ec2-instance-aws-service-reachable': 0,
    'lambda-function-vpc-service-reachable': 0,
    'ecs-service-private-image-pull': 0,
  };
  for (const account of new SnapshotView(snapshot).accounts)
    for (const region of account.regions) {
      const pathMissing = region.missing(PATH_KINDS).length > 0;
      counts['ssm-agent-endpoint-reachable'] += ssmAnswers(region);
      counts['ec2-instance-aws-service-reachable'] += instanceAnswers(account, region, pathMissing);
      counts['lambda-function-vpc-service-reachable'] += lambdaAnswers(account, region, pathMissing);
      counts['ecs-service-private-image-pull'] += ecsAnswers(account, region, pathMissing);
    }
  return counts;
}
