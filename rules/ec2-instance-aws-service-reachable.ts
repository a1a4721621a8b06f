// Issue 14: every running instance with a role reaches, on tcp 443, each AWS service its role's
// identity policies use (service-needs.ts: explicit service prefixes, mapped to endpoint services),
// through the path engine (src/analysis/path): an interface endpoint that takes the service name,
// a gateway endpoint for S3/DynamoDB on the subnet's route table (aws-facts §2.2, §2.5), a NAT
// gateway or instance, or an internet gateway with a public IP (§1.2, §5.6). S3 and DynamoDB
// through NAT work, so they pass, with the note that a gateway endpoint takes that traffic off NAT
// data processing: gateway endpoints "come at no additional charge" (AWS Prescriptive Guidance,
// startup security baseline WKLD.12, found with the docs search; aws-facts §2 does not say it).
import {
  defineRegionalRule,
  fail,
  listPhrase,
  missingDataEvidence,
  pass,
  regionalRef,
  unknown,
} from '../src/engine/define-rule.js';
import type { RegionalRuleContext, RuleResult } from '../src/engine/types.js';
import { instanceServiceNeeds } from '../src/analysis/instance-needs.js';
import { GATEWAY_ENDPOINT_SERVICES } from '../src/analysis/service-endpoints.js';
import { servicePath, servicePathEvidence, type ServiceReach, type Way } from '../src/analysis/path/index.js';
import { instanceLabel } from './support/instances.js';
import { PATH_KINDS, phraseProblems, problemEvidence } from './support/path-problems.js';

const RESOURCE_TYPE = 'AWS::EC2::Instance';

const WAY_PHRASE: Record<Way, string> = {
  'interface-endpoint': 'interface endpoint',
  'gateway-endpoint': 'gateway endpoint',
  'internet-gateway': 'internet gateway',
  'nat-gateway': 'NAT gateway',
  'nat-instance': 'NAT instance',
};

/**
 * Where the taken way of each unreachable service stops, services that stop at the same hop said
 * once: "ec2messages, ssm and ssmmessages via internet gateway break at route rtb-0abc".
 */
function brokenHops(reaches: readonly ServiceReach[]): string {
  const groups = new Map<string, { way: string; hop: string; services: string[] }>();
  for (const reach of reaches) {
    const way = reach.ways.find((w) => w.taken) ?? reach.ways[0];
    const broken = way?.firstBrokenHop;
    const wayText = way ? ` via ${WAY_PHRASE[way.way]}` : '';
    const hopText = broken ? `${broken.kind} ${broken.id}` : '';
    const key = `${wayText}|${hopText}`;
    const group = groups.get(key) ?? { way: wayText, hop: hopText, services: [] };
    group.services.push(reach.service);
    groups.set(key, group);
  }
  return [...groups.values()]
    .map(({ way, hop, services }) => {
      const many = services.length > 1;
      const ways = many && way.endsWith('endpoint') ? `${way}s` : way;
      return `${listPhrase(services)}${ways}${hop ? ` ${many ? 'break' : 'breaks'} at ${hop}` : ''}`;
    })
    .join('; ');
}

/** S3 and DynamoDB through a NAT device work, but a gateway endpoint would carry them for free. */
function natNote(reach: ServiceReach): string | undefined {
  if (!GATEWAY_ENDPOINT_SERVICES.has(reach.service)) return undefined;
  if (reach.via !== 'nat-gateway' && reach.via !== 'nat-instance') return undefined;
  const gateway = reach.service === 's3' ? 'an S3' : 'a DynamoDB';
  return `${reach.service} goes through ${reach.summary}: ${gateway} gateway endpoint on the subnet's route table is free and would take that traffic off NAT data processing charges`;
}

function* evaluate({ region, account }: RegionalRuleContext): Iterable<RuleResult> {
  const pathMissing = region.missing(PATH_KINDS);
  for (const instance of region.data.instances) {
    // Stopped, stopping, pending, terminated: nothing reaches anything now (as the SSM rule).
    if (instance.state !== 'running') continue;
    const needs = instanceServiceNeeds(account, instance);
    // No role credentials: no call to judge (ec2-instance-iam-role-attached reports the instance).
    if (needs.status === 'no-role') continue;
    const ref = regionalRef(region, RESOURCE_TYPE, instance);
    const label = instanceLabel(instance);
    if (needs.status === 'undecided') {
      yield unknown(ref, `${label}: which AWS services its role uses cannot be decided: ${needs.reason}.`, [
        ...needs.evidence,
        ...missingDataEvidence(region, needs.missingKinds),
      ]);
      continue;
    }
    const roles = `role ${needs.roles.join(', ')}`;
    const services = needs.needs.map((n) => n.service);
    if (services.length === 0) {
      const outside =
        needs.withoutEndpoint.length > 0
          ? ` (it grants ${listPhrase(needs.withoutEndpoint)}, which have no regional VPC endpoint)`
          : '';
      yield pass(
        ref,
        `${label}: its ${roles} uses no AWS service with a regional endpoint${outside}, so there is no path to judge.`,
        needs.evidence,
      );
      continue;
    }
    if (pathMissing.length > 0) {
      yield unknown(
        ref,
        `${label}: ${pathMissing.join(', ')} could not be read, so its paths to ${listPhrase(services)} cannot be judged.`,
        [...missingDataEvidence(region, pathMissing), ...needs.evidence],
      );
      continue;
    }
    const result = servicePath(region, instance, services);
    // Every service's hops, whatever the verdict (design.md "Workloads and paths").
    const paths = result.services.map((s) => servicePathEvidence(s));
    const unreachable = result.services.filter((s) => s.verdict === 'unreachable');
    if (unreachable.length > 0) {
      const undecided = result.services.filter((s) => s.verdict === 'indeterminate');
      const undecidedToo =
        undecided.length > 0
          ? `; whether it reaches ${listPhrase(undecided.map((s) => s.service))} cannot be decided: ${phraseProblems(undecided.flatMap((s) => s.doubts))}`
          : '';
      yield fail(
        ref,
        `${label} cannot reach ${listPhrase(unreachable.map((s) => s.service))}, which its ${roles} uses: ${brokenHops(unreachable)} — ${phraseProblems(result.problems)}${undecidedToo}.`,
        [...problemEvidence(result.problems), ...problemEvidence(result.doubts), ...paths, ...needs.evidence],
      );
      continue;
    }
    if (result.verdict !== 'reachable') {
      const undecided = result.services.filter((s) => s.verdict !== 'reachable').map((s) => s.service);
      const what = undecided.length > 0 ? listPhrase(undecided) : listPhrase(services);
      yield unknown(
        ref,
        `${label}: whether it reaches ${what}, which its ${roles} uses, cannot be decided from the snapshot: ${phraseProblems(result.doubts)}.`,
        [...problemEvidence(result.doubts), ...paths, ...needs.evidence],
      );
      continue;
    }
    const ways = result.services.map((s) => `${s.service} via ${s.summary}`).join(', ');
    const notes = result.services.flatMap((s) => natNote(s) ?? []);
    yield pass(
      ref,
      `${label} reaches every AWS service its ${roles} uses: ${ways}${notes.length > 0 ? `. Note: ${notes.join('; ')}` : ''}.`,
      [...paths, ...result.evidence, ...needs.evidence],
    );
  }
}

export default defineRegionalRule({
  meta: {
    id: 'ec2-instance-aws-service-reachable',
    title: 'Running instances can reach the AWS services their role uses',
    severity: 'low',
    service: 'ec2',
    resourceType: RESOURCE_TYPE,
    description:
      "Fails for a running instance with an instance-profile role when one of the AWS services the role's identity policies use (explicit service prefixes, mapped to regional endpoint services) has no working path on tcp 443 from the instance's primary interface: an interface endpoint that takes the service name (available, private DNS on, VPC DNS support and hostnames, security groups and network ACLs both ways, endpoint policy), a gateway endpoint for S3 or DynamoDB on the subnet's route table, a working NAT gateway or NAT instance, or an internet gateway with a public IP. Names the instance, the service and the first broken hop; passes name the way each service is reached, and note when S3 or DynamoDB goes through NAT although a gateway endpoint would be free. Transit-gateway or peering egress is unknown.",
    risk: "Calls the workload's code makes time out when the path is missing (an isolated subnet without the service's endpoint, a security group or ACL that drops 443 or the reply, an endpoint policy that denies the call), and the failure shows up at run time, not at deploy time. S3 and DynamoDB traffic through a NAT gateway pays per-GB processing that a gateway endpoint avoids.",
    remediation:
      "Give the instance's subnet a path to each service: a gateway endpoint for S3 and DynamoDB on the subnet's route table (free), interface endpoints with private DNS for the others (their security group admitting tcp 443 from the instance, the instance's groups allowing 443 out, network ACLs allowing 443 and the ephemeral reply ports), or a NAT gateway route. Or remove from the role the services the instance does not call.",
    references: {
      awsConfig: ['vpc-endpoint-enabled', 'service-vpc-endpoint-enabled'],
      links: [
        'https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html',
        'https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html',
        'https://docs.aws.amazon.com/prescriptive-guidance/latest/aws-startup-security-baseline/wkld-12.html',
      ],
    },
    scope: 'regional',
    resourceKind: 'instances',
    requires: [
      'instances',
      'subnets',
      'vpcs',
      'vpcAttributes',
      'dhcpOptions',
      'routeTables',
      'natGateways',
      'vpcEndpoints',
      'securityGroups',
      'networkAcls',
      'networkInterfaces',
      'prefixLists',
      // A BPA setting can block the internet-gateway and NAT ways (aws-facts §1.2).
      'vpcBlockPublicAccess',
      'iamInstanceProfiles',
      'iamRoles',
      'iamPolicies',
    ],
    precision: 'high',
  },
  evaluate,
});
