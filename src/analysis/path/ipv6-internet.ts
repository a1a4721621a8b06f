// The IPv6 way to the internet (aws-facts §1.2, §1.3): `::/0 → igw-…` with an IPv6 address on the
// workload's interface, or `::/0 → eigw-…` (egress-only: outbound only, still needs an IPv6
// address). NAT devices do not carry IPv6 (vpc-nat.md). Judged only when IPv4 has no way out.
//
// Even an open IPv6 way does not make a service reachable by itself: the name the client resolves
// decides whether it is used. Sources (read 2026-12-07):
//   - SSM Agent reaches `ssm`, `ssmmessages`, `ec2messages` at `<service>.<region>.amazonaws.com`;
//     IPv6 came with agent 3.3.3270.0 (release notes, 2025-10-09: "Add initial IPv6 support with
//     UseDualStackEndpoint configuration option"), off unless configured; the IPv6 names are
//     `*.<region>.api.aws` (aws-facts §5.2).
//   - EC2: "If you do not specify an endpoint, the IPv4 endpoint is used by default"; dual-stack is
//     `ec2.<region>.api.aws` (EC2 Developer Guide, ec2-endpoints). ECS: `ecs.<region>.api.aws`
//     (ECS Developer Guide, dual-stack-endpoint). S3: `s3.dualstack.<region>.amazonaws.com`, chosen
//     by the client (S3 User Guide, dual-stack-endpoints). STS/IAM: separate dual-stack names
//     (IAM User Guide, reference_dual-stack_endpoint_support).
//   - SNS and SQS are the exception: their default `sns.<region>.amazonaws.com` /
//     `sqs.<region>.amazonaws.com` names are dual-stack (sns-dual-stack, sqs-dual-stack).
// The internet path is judged once for every service of a workload, so an open IPv6 way is a doubt
// (unknown, with this reason) — never a pass and never a fail: the snapshot cannot see whether the
// agent or SDK is configured for dual-stack names. Per-service IPv6 verdicts are not modelled.
import type { Evidence } from '../../findings/types.js';
import type { RegionView } from '../../snapshot/view.js';
import { subnetBlockPublicAccess } from '../block-public-access.js';
import { ANY_IPV6 } from '../cidr.js';
import { associationEvidence, routeEvidence } from '../route-tables.js';
import type { FlowPeer } from '../security-groups.js';
import { arrow, type SubnetClass } from '../subnet-class.js';
import {
  emptyCheck,
  hop,
  merge,
  type Check,
  type JudgedHop,
  type PathProblem,
  type PathVerdict,
} from './checks.js';
import { clientTripToFixedPeer, egressCheck, type PlacementPeer } from './flows.js';
import type { InternetVia } from './internet.js';

export const INTERNET_IPV6: FlowPeer = { cidr: ANY_IPV6, groupIds: [], label: 'the internet (::/0)' };
export const INTERNET_IPV6_KEY = 'internet-ipv6';

/** Why an open IPv6 way is still undecided (see the sources above). */
export const DUAL_STACK_NAME_DOUBT =
  'the default endpoint names of SSM, EC2, S3 and most AWS services resolve to IPv4 only; the IPv6 way carries the traffic only for a client configured for dual-stack endpoints (SSM Agent 3.3.3270.0+ with UseDualStackEndpoint, SDKs with use_dualstack_endpoint)';

export interface Ipv6InternetPath {
  verdict: PathVerdict;
  via?: InternetVia;
  problems: PathProblem[];
  doubts: PathProblem[];
  evidence: Evidence[];
  hops: JudgedHop[];
}

/** The workload's IPv6 address: its interface's, else the instance's; `unknown` for "any ENI of the subnet". */
function ipv6Address(region: RegionView, self: PlacementPeer): { address: string } | 'none' | 'unknown' {
  const { placement } = self;
  const eni = placement.eniId !== undefined ? region.networkInterface(placement.eniId) : undefined;
  const fromEni = eni?.ipv6Addresses[0] ?? region.instance(placement.workloadId)?.ipv6Addresses[0];
  if (fromEni !== undefined) return { address: fromEni };
  if (eni || placement.privateIp !== undefined) return 'none';
  // A Lambda or ECS placement: an interface made later gets one only if the subnet assigns it.
  return self.subnet.assignIpv6AddressOnCreation ? 'unknown' : 'none';
}

/**
 * The IPv6 way out of the workload's subnet, or undefined when the subnet has no IPv6 route to an
 * internet gateway or an egress-only internet gateway (nothing to say then).
 */
export function ipv6InternetPath(
  region: RegionView,
  self: PlacementPeer,
  classes: SubnetClass,
): Ipv6InternetPath | undefined {
  const egress = classes.ipv6;
  if ((egress.class !== 'public' && egress.class !== 'egress-only') || !egress.route) return undefined;
  const route = egress.route;
  const gateway = route.target.id;
  const table = classes.routeTable.table;
  const base: Evidence[] = [
    associationEvidence(self.subnet, classes.routeTable),
    routeEvidence(table, route),
  ];
  const routeHop = hop('route', table.id, arrow(route, 'ipv6'));
  const label = self.placement.label;
  const broken = (message: string, evidence: Evidence[], hops: JudgedHop[]): Ipv6InternetPath => ({
    verdict: 'unreachable',
    problems: [{ message: `over IPv6, ${message}`, evidence }],
    doubts: [],
    evidence: [],
    hops,
  });
  const address = ipv6Address(region, self);
  if (address === 'none')
    return broken(`${self.subnet.id} routes ${egress.reason} but ${label} has no IPv6 address`, base, [
      routeHop,
      hop('internet-gateway', gateway, `${label} has no IPv6 address`, 'deny'),
    ]);
  const check: Check = emptyCheck();
  if (address === 'unknown') {
    check.ok = false;
    check.doubts.push({
      message: `whether ${label}'s interfaces in ${self.subnet.id} get an IPv6 address is not known`,
      evidence: [],
    });
  }
  if (egress.class === 'public' && egress.igwCoverage && egress.igwCoverage.status !== 'all') {
    check.ok = false;
    check.doubts.push({
      message: `the IPv6 internet-gateway routes of ${self.subnet.id} do not cover all public IPv6 space`,
      evidence: base,
    });
  }
  // VPC Block Public Access: the internet gateway needs igwEgress, the egress-only one eigwEgress.
  const bpa = subnetBlockPublicAccess(region, self.subnet);
  const what = `${label}'s IPv6 traffic through ${gateway}`;
  let gatewayVerdict: JudgedHop['verdict'] = 'allow';
  let gatewayWhy =
    address === 'unknown' ? 'IPv6 address assigned on creation' : `IPv6 address ${address.address}`;
  if (!bpa.known) {
    check.ok = false;
    check.doubts.push({ message: `${bpa.reason}; it can block ${what}`, evidence: [] });
    gatewayVerdict = 'undecided';
    gatewayWhy = bpa.reason;
  } else if (!(egress.class === 'public' ? bpa.igwEgress : bpa.eigwEgress)) {
    check.ok = false;
    check.problems.push({
      message: `over IPv6, ${bpa.reason}, which blocks ${what}`,
      evidence: [bpa.evidence],
    });
    gatewayVerdict = 'deny';
    gatewayWhy = bpa.reason;
  } else if (bpa.mode !== 'off') check.evidence.push(bpa.evidence);
  const groups = egressCheck(region, self, INTERNET_IPV6, INTERNET_IPV6_KEY);
  const acl = clientTripToFixedPeer(
    region,
    self.subnet,
    ANY_IPV6,
    INTERNET_IPV6.label,
    INTERNET_IPV6_KEY,
    self.placement.ephemeralPorts,
  );
  merge(check, groups);
  merge(check, acl);
  const hops = [
    ...groups.hops,
    ...acl.hops,
    routeHop,
    hop('internet-gateway', gateway, gatewayWhy, gatewayVerdict),
  ];
  if (check.problems.length > 0)
    return {
      verdict: 'unreachable',
      problems: check.problems.map((p) =>
        p.message.startsWith('over IPv6') ? p : { ...p, message: `over IPv6, ${p.message}` },
      ),
      doubts: [],
      evidence: base,
      hops,
    };
  // Open (or undecided) as far as the network goes; the name the client resolves decides the rest.
  const open = check.ok;
  return {
    verdict: 'indeterminate',
    via: 'internet-gateway',
    problems: [],
    doubts: [
      ...check.doubts,
      ...(open
        ? [
            {
              message: `${label} can reach the internet only over IPv6 (${egress.reason}), and ${DUAL_STACK_NAME_DOUBT}`,
              evidence: base,
            },
          ]
        : []),
    ],
    evidence: [...base, ...check.evidence],
    hops: open
      ? [
          ...hops.slice(0, -1),
          hop('internet-gateway', gateway, `${gatewayWhy}; ${DUAL_STACK_NAME_DOUBT}`, 'undecided'),
        ]
      : hops,
  };
}
