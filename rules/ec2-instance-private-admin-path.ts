// Issue 15: every running instance can be administered without an inbound opening from the
// internet — through Session Manager (the verdict of `ssm-agent-endpoint-reachable`, aws-facts §5)
// or through an EC2 Instance Connect Endpoint of its VPC (aws-facts §10.3: `create-complete`, the
// endpoint's group out to the instance on 22 / 3389, the instance's groups in from the endpoint's
// group or address — or, with PreserveClientIp, from client ranges — and both ACLs when the
// subnets differ). The message names the way that works, or every broken prerequisite of both.
import {
  defineRegionalRule,
  fail,
  missingDataEvidence,
  pass,
  regionalRef,
  unknown,
} from '../src/engine/define-rule.js';
import type { Evidence, RegionalRuleContext, RuleResult } from '../src/engine/types.js';
import type { Instance, RegionalKind } from '../src/snapshot/types.js';
import { instanceConnectReach, type InstanceConnectReach } from '../src/analysis/instance-connect.js';
import { instancePlacement, type PathProblem } from '../src/analysis/path/index.js';
import { mergeParallelClauses } from './support/merge-clauses.js';
import { SESSION_MANAGER_KINDS, sessionManagerResults } from './support/session-manager.js';

const RESOURCE_TYPE = 'AWS::EC2::Instance';
/** Without these the Instance Connect Endpoint way cannot be judged. */
const EICE_KINDS: RegionalKind[] = [
  'instanceConnectEndpoints',
  'subnets',
  'routeTables',
  'securityGroups',
  'networkAcls',
  'networkInterfaces',
];
const MAX_LISTED = 5;

/** The SSM rule's label, so its message can be quoted without repeating the instance. */
function ssmLabel(instance: Instance): string {
  return instance.name ? `Instance ${instance.id} (${instance.name})` : `Instance ${instance.id}`;
}

function withoutLabel(message: string, instance: Instance): string {
  const prefix = `${ssmLabel(instance)}: `;
  const text = message.startsWith(prefix) ? message.slice(prefix.length) : message;
  return text.endsWith('.') ? text.slice(0, -1) : text;
}

function phrase(problems: readonly PathProblem[]): string {
  const clauses = mergeParallelClauses(problems.map((p) => p.message));
  const listed = clauses.slice(0, MAX_LISTED);
  const more = clauses.length - listed.length;
  return listed.join('; ') + (more > 0 ? `; and ${more} more (see evidence)` : '');
}

type EiceOutcome =
  | { status: 'pass'; text: string; evidence: Evidence[] }
  | { status: 'fail' | 'unknown'; text: string; evidence: Evidence[] };

function eiceOutcome(context: RegionalRuleContext, instance: Instance): EiceOutcome {
  const { region } = context;
  const missing = region.missing(EICE_KINDS);
  if (missing.length > 0)
    return {
      status: 'unknown',
      text: `${missing.join(', ')} could not be read, so an Instance Connect Endpoint path cannot be judged`,
      evidence: missingDataEvidence(region, missing),
    };
  const placement = instancePlacement(region, instance);
  if (!placement)
    return {
      status: 'unknown',
      text: 'its subnet is not known, so no Instance Connect Endpoint path can be judged',
      evidence: [],
    };
  const reach: InstanceConnectReach = instanceConnectReach(region, instance, placement);
  const port = `tcp ${reach.port}`;
  const best = reach.ways[0];
  // What every way shows when none works (a way that works has no problems).
  const evidence: Evidence[] = reach.ways.flatMap((w) => [
    ...w.evidence,
    ...(w.reach ? [w.reach.path] : []),
    ...w.problems.flatMap((p) => p.evidence),
  ]);
  if (reach.verdict === 'reachable' && best) {
    const clients = best.clientRanges
      ? ` with PreserveClientIp on, from clients in ${best.clientRanges.join(', ')}`
      : ' (the instance sees the endpoint as the source)';
    return {
      status: 'pass',
      text: `EC2 Instance Connect Endpoint ${best.endpoint.id}, which reaches it on ${port}${clients}`,
      evidence: [
        ...best.evidence,
        ...(best.reach ? [best.reach.path, ...best.reach.ports.flatMap((p) => p.evidence)] : []),
      ],
    };
  }
  const problems = [...reach.problems, ...reach.ways.flatMap((w) => w.problems)];
  const doubts = reach.ways.flatMap((w) => w.doubts);
  if (reach.verdict === 'indeterminate')
    return {
      status: 'unknown',
      text: `whether an Instance Connect Endpoint reaches it on ${port} cannot be decided: ${phrase(doubts)}`,
      evidence,
    };
  return {
    status: 'fail',
    text: `no Instance Connect Endpoint reaches it on ${port}: ${phrase(problems)}`,
    evidence,
  };
}

function* evaluate(context: RegionalRuleContext): Iterable<RuleResult> {
  const { region } = context;
  const ssm = sessionManagerResults(context);
  for (const instance of region.data.instances) {
    // Stopped, pending, terminated: nothing to administer now (as the SSM rule, peers.md §6).
    if (instance.state !== 'running') continue;
    const ref = regionalRef(region, RESOURCE_TYPE, instance);
    const label = ssmLabel(instance);
    const session = ssm.get(instance.id);
    const ssmText = session
      ? withoutLabel(session.message, instance)
      : 'the Session Manager verdict is not available';
    const ssmEvidence = session?.evidence ?? [];
    const eice = eiceOutcome(context, instance);
    if (session?.status === 'pass' || eice.status === 'pass') {
      const ways = [
        ...(session?.status === 'pass' ? [`through Session Manager (${ssmText})`] : []),
        ...(eice.status === 'pass' ? [`through ${eice.text}`] : []),
      ];
      yield pass(
        ref,
        `${label} can be administered without an inbound opening from the internet: ${ways.join('; and ')}.`,
        [
          ...(session?.status === 'pass' ? ssmEvidence : []),
          ...(eice.status === 'pass' ? eice.evidence : []),
        ],
      );
      continue;
    }
    const ssmPart = ssmText.startsWith('Session Manager') ? ssmText : `Session Manager: ${ssmText}`;
    const both = `${ssmPart}; Instance Connect: ${eice.text}`;
    if (session?.status === 'fail' && eice.status === 'fail') {
      yield fail(ref, `${label} has no private admin path. ${both}.`, [
        { kind: 'broken-prerequisite', summary: ssmPart },
        ...ssmEvidence,
        { kind: 'broken-prerequisite', summary: `Instance Connect: ${eice.text}` },
        ...eice.evidence,
      ]);
      continue;
    }
    yield unknown(ref, `${label}: whether it has a private admin path cannot be decided. ${both}.`, [
      ...ssmEvidence,
      ...eice.evidence,
      ...(eice.evidence.length + ssmEvidence.length === 0
        ? [{ kind: 'undecided', summary: both } satisfies Evidence]
        : []),
    ]);
  }
}

export default defineRegionalRule({
  meta: {
    id: 'ec2-instance-private-admin-path',
    title: 'Every running instance can be administered without an inbound opening from the internet',
    severity: 'low',
    service: 'ec2',
    resourceType: RESOURCE_TYPE,
    description:
      "Passes for a running instance that Session Manager reaches (the verdict of ssm-agent-endpoint-reachable) or that an EC2 Instance Connect Endpoint of its VPC reaches: the endpoint create-complete, its security group allowing tcp 22 (Linux) or 3389 (Windows) out to the instance, the instance's groups allowing that port in from the endpoint's group or address (or, with PreserveClientIp, from client address ranges, which the finding names), the route and both subnets' network ACLs (request and stateless reply) when the subnets differ. Fails when neither way works, naming every broken prerequisite of both; unknown when neither works and one cannot be decided.",
    risk: 'An instance with no private admin path is administered by opening SSH or RDP to the internet, or not at all (no patching, no incident response). Knowing which private way works, or exactly what breaks each, lets a team close world-open admin ports with confidence.',
    remediation:
      "Make Session Manager work (see ssm-agent-endpoint-reachable), or create an EC2 Instance Connect Endpoint in the instance's VPC whose security group allows tcp 22/3389 out to the instance's group or the VPC range, and let the instance's group allow that port in from the endpoint's security group; allow the request and the replies through the network ACLs of both subnets.",
    references: {
      // No Security Hub or Config control checks this; naming one would count these findings as
      // that control's in the compliance summary.
      links: [
        'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/connect-using-eice.html',
        'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/eice-security-groups.html',
        'https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager.html',
      ],
    },
    scope: 'regional',
    resourceKind: 'instances',
    requires: [...new Set<(typeof SESSION_MANAGER_KINDS)[number]>([...SESSION_MANAGER_KINDS, ...EICE_KINDS])],
    precision: 'high',
  },
  evaluate,
});
