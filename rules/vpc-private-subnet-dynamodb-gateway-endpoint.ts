// The twin of vpc-private-subnet-s3-gateway-endpoint for DynamoDB (aws-facts §2.5: the same model,
// gateway endpoint com.amazonaws.<region>.dynamodb, prefix-list route, identical coverage rule),
// for the private subnets where a workload whose role uses DynamoDB runs (issue 14). The coverage
// judgement is shared: rules/support/gateway-endpoint-subnet.ts. Workloads: EC2 instances (their
// instance-profile role, src/analysis/instance-needs.ts). Lambda functions and ECS services join
// when their placement adapters exist in src/analysis/path.
import {
  defineRegionalRule,
  listPhrase,
  missingDataEvidence,
  pass,
  regionalRef,
  unknown,
} from '../src/engine/define-rule.js';
import type { Evidence, RegionalRuleContext, RuleResult } from '../src/engine/types.js';
import type { GlobalKind, Instance, RegionalKind } from '../src/snapshot/types.js';
import type { AccountView, RegionView } from '../src/snapshot/view.js';
import { instanceServiceNeeds, needEvidence } from '../src/analysis/instance-needs.js';
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

/** The workloads of one subnet: those whose role uses DynamoDB, and those it cannot be decided for. */
interface SubnetWorkloads {
  users: { instance: Instance; evidence: Evidence[] }[];
  undecided: { instance: Instance; reason: string; missingKinds: GlobalKind[] }[];
}

/** One pass over the region's instances, grouped by subnet (the rule stays linear). */
function workloadsBySubnet(region: RegionView, account: AccountView): Map<string, SubnetWorkloads> {
  const bySubnet = new Map<string, SubnetWorkloads>();
  const of = (subnetId: string): SubnetWorkloads => {
    let entry = bySubnet.get(subnetId);
    if (!entry) {
      entry = { users: [], undecided: [] };
      bySubnet.set(subnetId, entry);
    }
    return entry;
  };
  for (const instance of region.data.instances) {
    // Stopped instances count: they start again where they are, with the same role.
    if (instance.subnetId === undefined || !isEvaluatedInstance(instance)) continue;
    const needs = instanceServiceNeeds(account, instance);
    if (needs.status === 'no-role') continue;
    if (needs.status === 'undecided') {
      of(instance.subnetId).undecided.push({
        instance,
        reason: needs.reason,
        missingKinds: needs.missingKinds,
      });
      continue;
    }
    const need = needs.needs.find((n) => n.service === DYNAMODB.service);
    if (!need) continue;
    const evidence = needs.roles.map((role) => needEvidence(role, need));
    of(instance.subnetId).users.push({ instance, evidence });
  }
  return bySubnet;
}

function named(instances: readonly Instance[]): string {
  const names = instances.slice(0, MAX_NAMED).map((i) => (i.name ? `${i.id} (${i.name})` : i.id));
  const more = instances.length - names.length;
  return more > 0 ? `${names.join(', ')} and ${more} more` : listPhrase(names);
}

function dedupeEvidence(items: readonly Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return items.filter((e) => !seen.has(e.summary) && seen.add(e.summary) !== undefined);
}

function* evaluate({ region, account }: RegionalRuleContext): Iterable<RuleResult> {
  const missing = region.missing([...GATEWAY_COVERAGE_KINDS]);
  const instancesMissing: RegionalKind[] = region.missing(['instances']).length > 0 ? ['instances'] : [];
  const workloads =
    instancesMissing.length > 0 ? new Map<string, SubnetWorkloads>() : workloadsBySubnet(region, account);
  for (const subnet of region.data.subnets) {
    const ref = regionalRef(region, SUBNET_RESOURCE_TYPE, subnet);
    if (missing.length > 0) {
      yield coverageDataMissing(region, ref, subnet, DYNAMODB, missing);
      continue;
    }
    const label = subnetLabel(subnet);
    const here: SubnetWorkloads = workloads.get(subnet.id) ?? { users: [], undecided: [] };
    if (here.users.length > 0) {
      const instances = here.users.map((u) => u.instance);
      const who = instances.length === 1 ? 'instance' : 'instances';
      const verb = instances.length === 1 ? 'uses' : 'use';
      yield judgeGatewayCoverage(region, ref, subnet, DYNAMODB, {
        suffix: `; ${who} ${named(instances)} ${verb} DynamoDB here`,
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
    if (instancesMissing.length > 0) {
      yield unknown(
        ref,
        `${label}: instances could not be read, so whether a workload whose role uses DynamoDB runs in it (it has no DynamoDB gateway endpoint) is unknown.`,
        missingDataEvidence(region, instancesMissing),
      );
      continue;
    }
    if (here.undecided.length > 0) {
      const kinds = [...new Set(here.undecided.flatMap((u) => u.missingKinds))];
      const reasons = [...new Set(here.undecided.map((u) => u.reason))];
      yield unknown(
        ref,
        `${label} has no DynamoDB gateway endpoint on its route table, and whether ${here.undecided.length === 1 ? 'instance' : 'instances'} ${named(here.undecided.map((u) => u.instance))} ${here.undecided.length === 1 ? 'uses' : 'use'} DynamoDB cannot be decided: ${reasons.join('; ')}.`,
        [...judged.evidence, ...missingDataEvidence(region, kinds)],
      );
      continue;
    }
    yield pass(
      ref,
      `${label}: no instance in it has a role that uses DynamoDB, so the DynamoDB gateway endpoint rule does not apply.`,
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
      "Fails when a non-public subnet in which an instance whose role uses DynamoDB runs (running or stopped) has an effective route table (its explicit association, else its own VPC's main table) that is not associated with an available DynamoDB gateway endpoint of that VPC, cross-checked with the prefix-list route the association adds, whose endpoint policy lets some DynamoDB request through. A DynamoDB interface endpoint alone still fails, and the message says so. Public subnets, and subnets where no workload uses DynamoDB, pass as not applicable.",
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
      'iamInstanceProfiles',
      'iamRoles',
      'iamPolicies',
    ],
    precision: 'very-high',
  },
  evaluate,
});
