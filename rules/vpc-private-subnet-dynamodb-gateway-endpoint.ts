// The twin of vpc-private-subnet-s3-gateway-endpoint for DynamoDB (aws-facts §2.5: the same model,
// gateway endpoint com.amazonaws.<region>.dynamodb, prefix-list route, identical coverage rule),
// for the private subnets where a workload whose role uses DynamoDB runs (issue 14). The coverage
// judgement is shared: rules/support/gateway-endpoint-subnet.ts. Workloads, each counted in every
// subnet it may run in:
// - EC2 instances: their instance-profile role (src/analysis/instance-needs.ts);
// - Lambda functions attached to a VPC: each of their subnets (aws-facts §10.1: a function may run
//   in any of them), their execution role minus what the Lambda service does outside the VPC;
// - awsvpc ECS services: each of their subnets (aws-facts §10.2), their task role only. The
//   execution role's platform needs (image pulls, logs, secrets) never include DynamoDB, so they
//   cannot make a subnet a DynamoDB client's; the task role is what the containers' code calls.
// A workload kind that was not collected makes an uncovered private subnet without a known client
// `unknown`: a pass there would depend on the missing data.
import {
  defineRegionalRule,
  listPhrase,
  missingDataEvidence,
  pass,
  regionalRef,
  unknown,
} from '../src/engine/define-rule.js';
import type { Evidence, RegionalRuleContext, RuleResult } from '../src/engine/types.js';
import type { EcsService, LambdaFunction, ResourceKind } from '../src/snapshot/types.js';
import type { AccountView, RegionView } from '../src/snapshot/view.js';
import { instanceServiceNeeds, needEvidence } from '../src/analysis/instance-needs.js';
import { roleArnServiceNeeds, type ServiceNeeds } from '../src/analysis/service-needs.js';
import {
  ecsLabel,
  ecsPlacements,
  lambdaPlacements,
  lambdaServiceNeeds,
} from '../src/analysis/workloads/index.js';
import {
  coverageDataMissing,
  GATEWAY_COVERAGE_KINDS,
  judgeGatewayCoverage,
  subnetLabel,
  SUBNET_RESOURCE_TYPE,
  type GatewayServiceSpec,
} from './support/gateway-endpoint-subnet.js';
import { isEvaluatedInstance } from './support/instances.js';

const DYNAMODB: GatewayServiceSpec = { service: 'dynamodb', label: 'DynamoDB', article: 'a' };
const MAX_NAMED = 3;

/** The kinds of workload the rule counts, in the order messages name them. */
type WorkloadKind = 'instance' | 'function' | 'ECS service';
const WORKLOAD_KINDS: readonly WorkloadKind[] = ['instance', 'function', 'ECS service'];

/** A workload as messages name it: its kind and its name within the kind (`i-1 (jobs)`, `prod/api`). */
interface Workload {
  kind: WorkloadKind;
  name: string;
}

/** The workloads of one subnet: those whose role uses DynamoDB, and those it cannot be decided for. */
interface SubnetWorkloads {
  users: { workload: Workload; evidence: Evidence[] }[];
  undecided: { workload: Workload; reason: string; missingKinds: ResourceKind[] }[];
}

/** What a role-based need answer says about DynamoDB, for a workload in some subnets. */
type DynamoDbUse =
  | { status: 'none' }
  | { status: 'uses'; evidence: Evidence[] }
  | { status: 'undecided'; reason: string; missingKinds: ResourceKind[] };

function roleName(roleArn: string): string {
  return roleArn.slice(roleArn.lastIndexOf('/') + 1);
}

function dynamoDbUseOfRole(needs: ServiceNeeds, role: string): DynamoDbUse {
  if (needs.verdict === 'undecided')
    return { status: 'undecided', reason: needs.missing.join('; '), missingKinds: needs.missingKinds };
  const need = needs.needs.find((n) => n.service === DYNAMODB.service);
  return need ? { status: 'uses', evidence: [needEvidence(role, need)] } : { status: 'none' };
}

/** Groups the region's workloads by the subnets they run in, each looked at once (linear). */
class SubnetIndex {
  readonly bySubnet = new Map<string, SubnetWorkloads>();
  /** Role answers per role ARN and platform filter: many workloads share a role. */
  private readonly roleNeeds = new Map<string, ServiceNeeds>();

  private of(subnetId: string): SubnetWorkloads {
    let entry = this.bySubnet.get(subnetId);
    if (!entry) {
      entry = { users: [], undecided: [] };
      this.bySubnet.set(subnetId, entry);
    }
    return entry;
  }

  add(workload: Workload, subnetIds: Iterable<string>, use: DynamoDbUse): void {
    if (use.status === 'none') return;
    for (const subnetId of subnetIds) {
      if (use.status === 'uses') this.of(subnetId).users.push({ workload, evidence: use.evidence });
      else
        this.of(subnetId).undecided.push({
          workload,
          reason: use.reason,
          missingKinds: use.missingKinds,
        });
    }
  }

  cached(key: string, compute: () => ServiceNeeds): ServiceNeeds {
    let needs = this.roleNeeds.get(key);
    if (!needs) {
      needs = compute();
      this.roleNeeds.set(key, needs);
    }
    return needs;
  }
}

function addInstances(index: SubnetIndex, region: RegionView, account: AccountView): void {
  for (const instance of region.data.instances) {
    // Stopped instances count: they start again where they are, with the same role.
    if (instance.subnetId === undefined || !isEvaluatedInstance(instance)) continue;
    const workload: Workload = {
      kind: 'instance',
      name: instance.name ? `${instance.id} (${instance.name})` : instance.id,
    };
    const needs = instanceServiceNeeds(account, instance);
    if (needs.status === 'no-role') continue;
    if (needs.status === 'undecided') {
      index.add(workload, [instance.subnetId], {
        status: 'undecided',
        reason: needs.reason,
        missingKinds: needs.missingKinds,
      });
      continue;
    }
    const need = needs.needs.find((n) => n.service === DYNAMODB.service);
    if (!need) continue;
    const evidence = needs.roles.map((role) => needEvidence(role, need));
    index.add(workload, [instance.subnetId], { status: 'uses', evidence });
  }
}

/** Functions attached to a VPC, in each of their subnets (aws-facts §10.1); their code's calls only. */
function addFunctions(index: SubnetIndex, region: RegionView, account: AccountView): void {
  for (const fn of region.data.lambdaFunctions) {
    const subnets = lambdaPlacements(fn).map((p) => p.subnetId);
    if (subnets.length === 0) continue;
    index.add({ kind: 'function', name: fn.name }, subnets, lambdaUse(index, account, fn));
  }
}

function lambdaUse(index: SubnetIndex, account: AccountView, fn: LambdaFunction): DynamoDbUse {
  const role = fn.roleArn;
  // Without a role lambdaServiceNeeds says undecided and why; with one, share the answer per role.
  if (role === undefined) return dynamoDbUseOfRole(lambdaServiceNeeds(account, fn), fn.name);
  const needs = index.cached(`lambda ${role}`, () => lambdaServiceNeeds(account, fn));
  return dynamoDbUseOfRole(needs, roleName(role));
}

/** awsvpc services, in each of their subnets (aws-facts §10.2); their task role's calls only. */
function addEcsServices(index: SubnetIndex, region: RegionView, account: AccountView): void {
  for (const service of region.data.ecsServices) {
    // A deleted service keeps being listed as INACTIVE for a while: nothing runs.
    if (service.status === 'INACTIVE') continue;
    // Bridge or host mode: its tasks use the container instance's network, counted as the instance.
    const subnets = ecsPlacements(service).map((p) => p.subnetId);
    if (subnets.length === 0) continue;
    // Named as ecsLabel names it, without the kind: `cluster/service`.
    const name = `${service.clusterArn.slice(service.clusterArn.lastIndexOf('/') + 1)}/${service.name}`;
    index.add({ kind: 'ECS service', name }, subnets, ecsUse(index, region, account, service));
  }
}

function ecsUse(
  index: SubnetIndex,
  region: RegionView,
  account: AccountView,
  service: EcsService,
): DynamoDbUse {
  if (!region.isCollected('ecsTaskDefinitions'))
    return {
      status: 'undecided',
      reason: 'task definitions could not be read',
      missingKinds: ['ecsTaskDefinitions'],
    };
  const definition = region.taskDefinitionOf(service);
  if (!definition)
    return {
      status: 'undecided',
      reason: `task definition ${service.taskDefinitionArn ?? '(none named)'} of ${ecsLabel(service)} is not in the snapshot`,
      missingKinds: [],
    };
  // No task role: the containers' code has no AWS credentials of its own, so no DynamoDB client.
  const taskRole = definition.taskRoleArn;
  if (taskRole === undefined) return { status: 'none' };
  const needs = index.cached(`task ${taskRole}`, () => roleArnServiceNeeds(account, taskRole));
  return dynamoDbUseOfRole(needs, roleName(taskRole));
}

const PLURAL: Record<WorkloadKind, string> = {
  instance: 'instances',
  function: 'functions',
  'ECS service': 'ECS services',
};

/** "instances i-1 (jobs) and i-2, and function orders-stream": at most MAX_NAMED names per kind. */
function named(workloads: readonly Workload[]): string {
  const groups: string[] = [];
  for (const kind of WORKLOAD_KINDS) {
    const all = [...new Set(workloads.filter((w) => w.kind === kind).map((w) => w.name))];
    if (all.length === 0) continue;
    const names = all.slice(0, MAX_NAMED);
    const more = all.length - names.length;
    const list = more > 0 ? `${names.join(', ')} and ${more} more` : listPhrase(names);
    groups.push(`${all.length === 1 ? kind : PLURAL[kind]} ${list}`);
  }
  // A comma before the last group: each group may carry its own "and" ("instances a and b, and function c").
  return groups.length <= 1
    ? groups.join('')
    : `${groups.slice(0, -1).join(', ')}, and ${groups.at(-1) ?? ''}`;
}

function verb(workloads: readonly Workload[], singular: string, plural: string): string {
  return new Set(workloads.map((w) => `${w.kind} ${w.name}`)).size === 1 ? singular : plural;
}

function dedupeEvidence(items: readonly Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return items.filter((e) => !seen.has(e.summary) && seen.add(e.summary) !== undefined);
}

/** The workload kinds whose absence leaves any subnet's clients unknown. */
const WORKLOAD_LIST_KINDS = ['instances', 'lambdaFunctions', 'ecsServices'] as const;

function* evaluate({ region, account }: RegionalRuleContext): Iterable<RuleResult> {
  const missing = region.missing([...GATEWAY_COVERAGE_KINDS]);
  const unread = WORKLOAD_LIST_KINDS.filter((kind) => region.missing([kind]).length > 0);
  const index = new SubnetIndex();
  if (!unread.includes('instances')) addInstances(index, region, account);
  if (!unread.includes('lambdaFunctions')) addFunctions(index, region, account);
  if (!unread.includes('ecsServices')) addEcsServices(index, region, account);
  for (const subnet of region.data.subnets) {
    const ref = regionalRef(region, SUBNET_RESOURCE_TYPE, subnet);
    if (missing.length > 0) {
      yield coverageDataMissing(region, ref, subnet, DYNAMODB, missing);
      continue;
    }
    const label = subnetLabel(subnet);
    const here: SubnetWorkloads = index.bySubnet.get(subnet.id) ?? { users: [], undecided: [] };
    if (here.users.length > 0) {
      const users = here.users.map((u) => u.workload);
      yield judgeGatewayCoverage(region, ref, subnet, DYNAMODB, {
        suffix: `; ${named(users)} ${verb(users, 'uses', 'use')} DynamoDB here`,
        evidence: dedupeEvidence(here.users.flatMap((u) => u.evidence)),
      });
      continue;
    }
    // No known user: covered (or public) passes anyway; otherwise it depends on who runs here.
    const judged = judgeGatewayCoverage(region, ref, subnet, DYNAMODB);
    if (judged.status !== 'fail') {
      yield judged;
      continue;
    }
    if (unread.length > 0) {
      yield unknown(
        ref,
        `${label}: ${listPhrase(unread)} could not be read, so whether a workload whose role uses DynamoDB runs in it (it has no DynamoDB gateway endpoint) is unknown.`,
        missingDataEvidence(region, unread),
      );
      continue;
    }
    if (here.undecided.length > 0) {
      const undecided = here.undecided.map((u) => u.workload);
      const kinds = [...new Set(here.undecided.flatMap((u) => u.missingKinds))];
      const reasons = [...new Set(here.undecided.map((u) => u.reason))];
      yield unknown(
        ref,
        `${label} has no DynamoDB gateway endpoint on its route table, and whether ${named(undecided)} ${verb(undecided, 'uses', 'use')} DynamoDB cannot be decided: ${reasons.join('; ')}.`,
        [...judged.evidence, ...missingDataEvidence(region, kinds)],
      );
      continue;
    }
    yield pass(
      ref,
      `${label}: no instance, function or ECS service in it has a role that uses DynamoDB, so the DynamoDB gateway endpoint rule does not apply.`,
    );
  }
}

export default defineRegionalRule({
  meta: {
    id: 'vpc-private-subnet-dynamodb-gateway-endpoint',
    title: 'Private subnets where workloads use DynamoDB reach it through a gateway endpoint',
    severity: 'low',
    service: 'vpc',
    resourceType: SUBNET_RESOURCE_TYPE,
    description:
      "Fails when a non-public subnet in which a workload whose role uses DynamoDB runs (an EC2 instance, running or stopped, by its instance-profile role; a Lambda function attached to the VPC, in each of its subnets, by its execution role; an awsvpc ECS service, in each of its subnets, by its task role) has an effective route table (its explicit association, else its own VPC's main table) that is not associated with an available DynamoDB gateway endpoint of that VPC, cross-checked with the prefix-list route the association adds, whose endpoint policy lets some DynamoDB request through. A DynamoDB interface endpoint alone still fails, and the message says so. Public subnets, and subnets where no workload uses DynamoDB, pass as not applicable.",
    risk: 'Without the gateway endpoint, DynamoDB traffic from private subnets crosses a NAT device (paid per GB, and on the internet path) or fails outright in isolated subnets; endpoint policies and aws:SourceVpce conditions cannot apply to it.',
    remediation:
      'Create a Gateway endpoint for com.amazonaws.<region>.dynamodb in the VPC (free of charge) and associate it with the route table of every private subnet where DynamoDB clients run, including the main table when subnets use it implicitly: aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-… --add-route-table-ids rtb-….',
    references: {
      awsConfig: ['vpc-endpoint-enabled', 'service-vpc-endpoint-enabled'],
      links: [
        'https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html',
        'https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/privatelink-interface-endpoints.html',
      ],
    },
    scope: 'regional',
    resourceKind: 'subnets',
    requires: [
      'subnets',
      'routeTables',
      'vpcEndpoints',
      'natGateways',
      'networkInterfaces',
      'instances',
      'lambdaFunctions',
      'ecsServices',
      'ecsTaskDefinitions',
      'iamInstanceProfiles',
      'iamRoles',
      'iamPolicies',
    ],
    precision: 'very-high',
  },
  evaluate,
});
