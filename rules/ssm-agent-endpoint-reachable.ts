// aws-facts §5.6: identity (role with SSM core actions, or Default Host Management + IMDSv2) and a
// 443 path to ssm + ssmmessages (+ ec2messages for agents < 3.3.40.0), through interface endpoints
// that actually take the service name, or through NAT / an internet gateway with a public IP.
// Only running instances are judged (Prowler #2059: stopped instances flagged by SSM checks).
import {
  defineRegionalRule,
  fail,
  listPhrase,
  missingDataEvidence,
  pass,
  regionalRef,
  unknown,
} from '../src/engine/define-rule.js';
import type { Evidence, RegionalRuleContext, RuleResult } from '../src/engine/types.js';
import type { Instance, SsmManagedInstance } from '../src/snapshot/types.js';
import type { RegionView } from '../src/snapshot/view.js';
import { ssmReachability } from '../src/analysis/ssm-reachability.js';
import { decisivePath, type ServicePathResult, type ServiceReach } from '../src/analysis/path/index.js';
import { PATH_KINDS, phraseProblems, problemEvidence } from './support/path-problems.js';

const RESOURCE_TYPE = 'AWS::EC2::Instance';

function instanceLabel(instance: Instance): string {
  return instance.name ? `Instance ${instance.id} (${instance.name})` : `Instance ${instance.id}`;
}

function pingEvidence(
  instance: Instance,
  ping: SsmManagedInstance | undefined,
  collected: boolean,
): Evidence[] {
  if (!collected) return [];
  if (!ping) {
    return [
      {
        kind: 'ssm-ping',
        summary: `${instance.id} is not registered with Systems Manager (absent from DescribeInstanceInformation)`,
        resourceId: instance.id,
      },
    ];
  }
  const details: Evidence['details'] = { pingStatus: ping.pingStatus };
  if (ping.lastPingDateTime) details.lastPingDateTime = ping.lastPingDateTime;
  if (ping.agentVersion) details.agentVersion = ping.agentVersion;
  return [
    {
      kind: 'ssm-ping',
      summary: `SSM reports ${instance.id} ${ping.pingStatus}${ping.agentVersion ? ` (agent ${ping.agentVersion})` : ''}`,
      resourceId: instance.id,
      details,
    },
  ];
}

/**
 * Online proves the instance's path to `ssm`. When `ssm` goes out the internet path (no endpoint
 * takes its name), every other service going that way shares the very same path — same route,
 * groups and ACLs towards 0.0.0.0/0 on 443 — so the ping settles what the snapshot cannot see
 * beyond the VPC (a transit gateway, an appliance). Services through endpoints are not helped.
 */
function withOnlineProof(path: ServicePathResult): { path: ServicePathResult; settled: string[] } {
  const ssm = path.services.find((s) => s.service === 'ssm');
  if (ssm?.route !== 'internet' || ssm.verdict !== 'indeterminate') return { path, settled: [] };
  const proven = (s: ServiceReach): boolean => s.route === 'internet' && s.verdict === 'indeterminate';
  const settled = new Set<string>();
  const services = path.services.map((s): ServiceReach => {
    if (!proven(s)) return s;
    for (const doubt of s.doubts) settled.add(doubt.message);
    return { ...s, verdict: 'reachable', summary: 'the internet path', doubts: [] };
  });
  const verdict = services.some((s) => s.verdict === 'unreachable')
    ? 'unreachable'
    : services.every((s) => s.verdict === 'reachable')
      ? 'reachable'
      : 'indeterminate';
  const doubts = path.doubts.filter((d) => !settled.has(d.message));
  // The route that the snapshot cannot see past is the evidence of the path the ping proves.
  const evidence = [
    ...path.evidence,
    ...path.doubts.filter((d) => settled.has(d.message)).flatMap((d) => d.evidence),
  ];
  return { path: { ...path, verdict, services, doubts, evidence }, settled: [...settled] };
}

function* judgeRegion({ region, account }: RegionalRuleContext): Iterable<RuleResult> {
  const pathMissing = region.missing(PATH_KINDS);
  const pingCollected = region.isCollected('ssmInstances');
  for (const instance of region.data.instances) {
    // Stopped, stopping, pending, terminated: nothing to reach now (peers.md §6 item 6).
    if (instance.state !== 'running') continue;
    const ref = regionalRef(region, RESOURCE_TYPE, instance);
    const label = instanceLabel(instance);
    const { identity, path: rawPath, services, ping } = ssmReachability(region, account, instance);
    const pingEv = pingEvidence(instance, ping, pingCollected);
    const servicesPhrase = listPhrase(services);
    // SSM's ping is evidence, not a verdict (§5.4): Online proves only that the agent calls
    // ssm:UpdateInstanceInformation over its path to `ssm`. Session Manager also needs the
    // ssmmessages actions and a path to ssmmessages, so identity and every path are still judged.
    const online = ping?.pingStatus === 'Online';
    const onlineNote = online
      ? ', although SSM reports its agent Online (the ping needs only ssm:UpdateInstanceInformation and a path to ssm)'
      : '';
    const { path, settled } = online ? withOnlineProof(rawPath) : { path: rawPath, settled: [] };
    // The hops of the decisive service's path (design.md "Workloads and paths"), for every verdict.
    const hopsEvidence = decisivePath(rawPath);
    const pathEv: Evidence[] = hopsEvidence ? [hopsEvidence] : [];

    if (identity.verdict === 'not-granted') {
      const pathPart =
        pathMissing.length === 0 && path.verdict === 'unreachable'
          ? `; and no path to ${servicesPhrase}: ${phraseProblems(path.problems)}`
          : '';
      yield fail(
        ref,
        `${label}: Session Manager cannot reach its agent: no identity — ${identity.reason}${pathPart}${onlineNote}.`,
        [...identity.evidence, ...(pathPart ? problemEvidence(path.problems) : []), ...pingEv, ...pathEv],
      );
      continue;
    }
    if (pathMissing.length > 0) {
      yield unknown(
        ref,
        `${label}: ${pathMissing.join(', ')} could not be read, so the path to Systems Manager cannot be judged.`,
        [...missingDataEvidence(region, pathMissing), ...pingEv],
      );
      continue;
    }
    if (path.verdict === 'unreachable') {
      yield fail(
        ref,
        `${label}: Session Manager cannot reach its agent: no path to ${servicesPhrase} on 443 — ${phraseProblems(path.problems)}${onlineNote}.`,
        [...problemEvidence(path.problems), ...identity.evidence, ...pingEv, ...pathEv],
      );
      continue;
    }
    if (path.verdict === 'indeterminate' || identity.verdict === 'indeterminate') {
      const reasons = [
        ...(identity.verdict === 'indeterminate'
          ? [{ message: `identity: ${identity.reason}`, evidence: identity.evidence }]
          : []),
        ...path.doubts,
      ];
      yield unknown(
        ref,
        `${label}: whether Session Manager can reach its agent cannot be decided from the snapshot: ${phraseProblems(reasons)}${ping ? `; SSM reports ${ping.pingStatus}` : ''}.`,
        [...problemEvidence(reasons), ...pingEv, ...pathEv],
      );
      continue;
    }
    const route = path.services.map((s) => `${s.service} via ${s.summary}`).join(', ');
    if (online) {
      yield pass(
        ref,
        `${label}: SSM reports its agent Online, and it has an identity (${identity.reason}) and a path to ${servicesPhrase} (${route})${settled.length > 0 ? `; the snapshot cannot see past ${settled.join('; ')}, but the Online ping proves that internet path works` : ''}.`,
        [...pingEv, ...identity.evidence, ...path.evidence, ...pathEv],
      );
      continue;
    }
    if (pingCollected && ping?.pingStatus !== 'Online') {
      // Identity and path look complete, yet SSM does not hear from the agent: the agent itself
      // (not installed, stopped, proxy, custom DNS) is what remains (§5.1).
      yield fail(
        ref,
        `${label}: Session Manager cannot reach its agent: SSM reports it ${ping ? ping.pingStatus : 'not registered'} although it has an identity (${identity.reason}) and a path (${route}); check that the agent is installed and running.`,
        [...pingEv, ...identity.evidence, ...path.evidence, ...pathEv],
      );
      continue;
    }
    yield pass(
      ref,
      `${label}: the agent has an identity (${identity.reason}) and a path to ${servicesPhrase} (${route}).`,
      [...identity.evidence, ...path.evidence, ...pathEv],
    );
  }
}

// The private-admin-path rules build on this rule's verdicts (rules/support/session-manager.ts). One
// evaluation per region view serves them all, instead of the path engine judging every running
// instance again for them. The view lives for one region's pass of the engine (engine/run.ts), so
// the kept results go with it.
const judged = new WeakMap<RegionView, readonly RuleResult[]>();

function evaluate(context: RegionalRuleContext): readonly RuleResult[] {
  let results = judged.get(context.region);
  if (!results) {
    results = [...judgeRegion(context)];
    judged.set(context.region, results);
  }
  return results;
}

export default defineRegionalRule({
  meta: {
    id: 'ssm-agent-endpoint-reachable',
    title: 'Session Manager can reach the SSM Agent of every running instance',
    severity: 'medium',
    service: 'ssm',
    resourceType: RESOURCE_TYPE,
    description:
      'Fails for a running instance when the agent has no identity (no instance-profile role with the SSM core actions and no Default Host Management with IMDSv2), or no path on tcp 443 to ssm and ssmmessages (and ec2messages for agents older than 3.3.40.0): neither NAT / internet-gateway egress nor interface endpoints that are available, private-DNS enabled in a VPC with DNS support and hostnames, and allowed through both security groups and both network ACLs including the stateless reply. Transit-gateway or peering egress is unknown unless SSM reports the agent Online, which proves that internet path for every service using it. An Online ping is evidence, not a verdict: identity and every path are judged even then.',
    risk: 'An instance Session Manager cannot reach cannot be patched, inventoried or accessed without opening SSH or RDP, which is what teams then do. Findings of this rule name every broken prerequisite, so the fix is not trial and error.',
    remediation:
      'Attach an instance profile whose role has AmazonSSMManagedInstanceCore (or enable Default Host Management and require IMDSv2), then give the subnet a path: interface endpoints for ssm and ssmmessages with private DNS, their security group allowing tcp 443 from the instances, the instances allowing 443 out, and network ACLs allowing 443 and the ephemeral reply ports — or a NAT gateway route.',
    references: {
      securityHub: ['SSM.1', 'EC2.57'],
      awsConfig: ['ec2-instance-managed-by-systems-manager', 'vpc-endpoint-enabled'],
      links: [
        'https://docs.aws.amazon.com/systems-manager/latest/userguide/setup-create-vpc.html',
        'https://docs.aws.amazon.com/systems-manager/latest/userguide/fleet-manager-troubleshooting-managed-nodes.html',
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
      'ssmInstances',
      'ssmDefaultHostManagement',
      'vpcBlockPublicAccess',
      'iamInstanceProfiles',
      'iamRoles',
      'iamPolicies',
    ],
    precision: 'high',
  },
  evaluate,
});
