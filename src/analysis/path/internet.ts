// The internet path to a public service endpoint (aws-facts §1.2, §1.3, §5.6): the subnet's IPv4
// default route to an internet gateway (with a public IPv4 address on the ENI) or to a NAT gateway
// / NAT instance that itself reaches one; the workload's groups allowing 443 out to 0.0.0.0/0; the
// network ACLs on the way (the workload's subnet, and the NAT gateway's) the request and the reply.
// A default route to a transit gateway, peering connection, VGW, … leaves it indeterminate.
// VPC Block Public Access (block-public-access.ts) can block the internet gateway or the NAT
// gateway whatever the routes say; when it was not read, a path it could block is undecided.
// IPv6 (ipv6-internet.ts): judged only when IPv4 has no way out.
import type { Evidence } from '../../findings/types.js';
import type { NetworkInterface, Route, Subnet } from '../../snapshot/types.js';
import type { RegionView } from '../../snapshot/view.js';
import { getOrCreate } from '../../util/memo.js';
import { subnetBlockPublicAccess, type SubnetBpa } from '../block-public-access.js';
import { ANY_IPV4 } from '../cidr.js';
import { EPHEMERAL_PORTS } from '../nacl.js';
import { associationEvidence, describeDestination, routeEvidence } from '../route-tables.js';
import type { FlowPeer } from '../security-groups.js';
import { arrow, classifySubnet, type SubnetClass } from '../subnet-class.js';
import {
  emptyCheck,
  hop,
  merge,
  type Check,
  type JudgedHop,
  type PathProblem,
  type PathVerdict,
} from './checks.js';
import { clientTripToFixedPeer, egressCheck, serverTripFromPlacement, type PlacementPeer } from './flows.js';
import { ipv6InternetPath } from './ipv6-internet.js';
import { pathCache } from './region-cache.js';

export const INTERNET: FlowPeer = { cidr: ANY_IPV4, groupIds: [], label: 'the internet (0.0.0.0/0)' };
export const INTERNET_KEY = 'internet';

export type InternetVia = 'internet-gateway' | 'nat-gateway' | 'nat-instance';

export interface InternetPath {
  verdict: PathVerdict;
  via?: InternetVia;
  summary: string;
  problems: PathProblem[];
  doubts: PathProblem[];
  evidence: Evidence[];
  /** The hops from the workload's groups to the internet gateway, in path order. */
  hops: JudgedHop[];
}

/** `0.0.0.0/0 → nat-1` for a route hop. */
export function routeBasis(route: Route | undefined): string {
  return route ? `${describeDestination(route)} → ${route.target.id}` : 'no IPv4 default route';
}

/**
 * Whether VPC Block Public Access lets `allows` through for a subnet (aws-facts §1.2): a problem
 * when it blocks it, a doubt when BPA was not read (it could), evidence when BPA is on but lets
 * this through; nothing when BPA is off.
 */
export function bpaGate(
  bpa: SubnetBpa,
  allows: 'igwEgress' | 'natEgress' | 'eigwEgress',
  what: string,
): { problem?: PathProblem; doubt?: PathProblem; evidence?: Evidence } {
  if (!bpa.known) return { doubt: { message: `${bpa.reason}; it can block ${what}`, evidence: [] } };
  if (!bpa[allows])
    return { problem: { message: `${bpa.reason}, which blocks ${what}`, evidence: [bpa.evidence] } };
  return bpa.mode === 'off' && bpa.evidence.details?.exclusionId === undefined
    ? {}
    : { evidence: bpa.evidence };
}

/** Applies a BPA gate to a check and returns the hop verdict it gives. */
function applyGate(check: Check, gate: ReturnType<typeof bpaGate>): JudgedHop['verdict'] {
  if (gate.problem) {
    check.ok = false;
    check.problems.push(gate.problem);
    return 'deny';
  }
  if (gate.doubt) {
    check.ok = false;
    check.doubts.push(gate.doubt);
    return 'undecided';
  }
  if (gate.evidence) check.evidence.push(gate.evidence);
  return 'allow';
}

/** The subnet's route-table association and IPv4 egress route, one evidence object each per subnet. */
function subnetRouteEvidence(region: RegionView, subnet: Subnet, classes: SubnetClass): readonly Evidence[] {
  return getOrCreate(pathCache(region).routeEvidence, subnet, () => {
    const association = associationEvidence(subnet, classes.routeTable);
    const route = classes.ipv4.route;
    return route ? [association, routeEvidence(classes.routeTable.table, route)] : [association];
  });
}

/**
 * An internet path needs the internet-gateway routes (CIDRs and prefix lists together) to cover all
 * public address space: `52.0.0.0/8 → igw` reaches only some AWS endpoints (aws-facts §1.2). A
 * narrower set, or a prefix list whose entries are unknown, is a doubt naming every such route.
 */
function narrowIgwDoubt(subnet: Subnet, classes: SubnetClass): PathProblem | undefined {
  const egress = classes.ipv4;
  const coverage = egress.igwCoverage;
  if (!coverage || coverage.status === 'all') return undefined;
  const routes = egress.igwRoutes ?? [];
  const table = classes.routeTable.table;
  const listed = routes.map((r) => arrow(r, 'ipv4')).join(', ');
  return {
    message:
      coverage.status === 'partial'
        ? `the internet-gateway routes of ${subnet.id} (${listed}) do not cover all public address space, so whether the AWS service endpoints are reached through them is unknown`
        : `the internet-gateway routes of ${subnet.id} (${listed}) cannot be sized: ${coverage.reason}`,
    evidence: [
      associationEvidence(subnet, classes.routeTable),
      ...routes.map((r) => routeEvidence(table, r)),
    ],
  };
}

/**
 * A NAT instance forwards to the internet only through its own internet path: a public IPv4
 * address on its interface and a subnet whose internet-gateway routes cover public space (aws-facts
 * §1.3, §5.6, VPC_NAT_Instance.md). Followed once: a NAT instance behind another NAT device is a doubt.
 */
function natInstanceEgress(region: RegionView, eni: NetworkInterface): Check {
  const name = `NAT instance ${eni.attachedInstanceId ? `${eni.attachedInstanceId} (${eni.id})` : eni.id}`;
  const natHop = (verdict: JudgedHop['verdict'], why: string): JudgedHop =>
    hop('nat-gateway', eni.id, why, verdict);
  const fail = (message: string, evidence: Evidence[], doubt = false): Check => ({
    ok: false,
    problems: doubt ? [] : [{ message, evidence }],
    doubts: doubt ? [{ message, evidence }] : [],
    evidence: [],
    hops: [natHop(doubt ? 'undecided' : 'deny', message)],
  });
  const natSubnet = region.subnet(eni.subnetId);
  const natClass = natSubnet ? classifySubnet(region, natSubnet) : undefined;
  if (!natSubnet || !natClass)
    return fail(`the subnet or route table of ${name} (${eni.subnetId}) is not visible`, [], true);
  const own = natClass.ipv4;
  const evidence = [
    associationEvidence(natSubnet, natClass.routeTable),
    ...(own.route ? [routeEvidence(natClass.routeTable.table, own.route)] : []),
  ];
  if (own.class === 'isolated' || own.class === 'egress-only')
    return fail(
      `${name} sits in ${natSubnet.id}, which has no internet route of its own (${own.reason})`,
      evidence,
    );
  if (own.class !== 'public')
    return fail(
      `${name} sits in ${natSubnet.id}, whose internet egress goes via ${own.reason}; a NAT chain is not followed further`,
      evidence,
      true,
    );
  const narrow = narrowIgwDoubt(natSubnet, natClass);
  if (narrow)
    return {
      ok: false,
      problems: [],
      doubts: [narrow],
      evidence: [],
      hops: [natHop('undecided', narrow.message)],
    };
  if (eni.publicIp === undefined)
    return fail(
      `${name} has no public IPv4 address, so it cannot forward to the internet through ${own.route?.target.id ?? 'the internet gateway'}`,
      evidence,
    );
  // A NAT instance is an instance with a public address, not a NAT gateway: BPA treats it so.
  const gate = bpaGate(
    subnetBlockPublicAccess(region, natSubnet),
    'igwEgress',
    `${name}'s traffic through ${own.route?.target.id ?? 'the internet gateway'}`,
  );
  if (gate.problem) return fail(gate.problem.message, gate.problem.evidence);
  if (gate.doubt) return fail(gate.doubt.message, gate.doubt.evidence, true);
  return {
    ok: true,
    problems: [],
    doubts: [],
    evidence: [
      ...(gate.evidence ? [gate.evidence] : []),
      {
        kind: 'network-interface',
        summary: `${name} has public address ${eni.publicIp} in ${natSubnet.id}, which routes ${own.reason}`,
        resourceId: eni.id,
        details: { subnetId: natSubnet.id, address: eni.publicIp, sourceDestCheck: eni.sourceDestCheck },
      },
      ...evidence,
    ],
    hops: [
      natHop('allow', `public address ${eni.publicIp}`),
      hop('route', natClass.routeTable.table.id, routeBasis(own.route)),
      hop('internet-gateway', own.route?.target.id ?? '?', `${natSubnet.id} routes ${own.reason}`),
    ],
  };
}

function undecidedPath(message: string, evidence: Evidence[], hops: JudgedHop[]): InternetPath {
  return {
    verdict: 'indeterminate',
    summary: '',
    problems: [],
    doubts: [{ message, evidence }],
    evidence: [],
    hops,
  };
}

function noPublicIp(self: PlacementPeer): string {
  const { placement } = self;
  const note = placement.publicIpv4Note ? ` (${placement.publicIpv4Note})` : '';
  return placement.publicIpv4 === 'never'
    ? `${placement.label} never has a public IPv4 address${note}`
    : `${placement.label} has no public IPv4 address${note}`;
}

export function internetPath(region: RegionView, self: PlacementPeer): InternetPath {
  const subnet = self.subnet;
  const classes = classifySubnet(region, subnet);
  if (!classes) {
    return undecidedPath(
      `the route table of ${subnet.id} is not visible (shared VPC?)`,
      [],
      [hop('route', subnet.id, 'the route table is not visible', 'undecided')],
    );
  }
  const egress = classes.ipv4;
  const table = classes.routeTable.table;
  const base = [...subnetRouteEvidence(region, subnet, classes)];
  const routeHop = (verdict: JudgedHop['verdict']): JudgedHop =>
    hop('route', table.id, routeBasis(egress.route), verdict);
  const check = emptyCheck();
  // The hops past the workload's own subnet (NAT, its subnet's ACL, the internet gateway).
  const beyond: JudgedHop[] = [];
  let via: InternetVia | undefined;
  let summary = '';
  const ephemeral = self.placement.ephemeralPorts;
  switch (egress.class) {
    case 'private-indeterminate':
      return undecidedPath(
        `internet egress from ${subnet.id} goes via ${egress.reason}, outside this VPC's view`,
        base,
        [routeHop('undecided')],
      );
    case 'isolated':
    case 'egress-only': {
      const message = `${subnet.id} has no IPv4 route to the internet (${egress.reason})`;
      return withIpv6(region, self, classes, {
        verdict: 'unreachable',
        summary: '',
        problems: [{ message, evidence: base }],
        doubts: [],
        evidence: [],
        hops: [routeHop('deny')],
      });
    }
    case 'public': {
      const narrow = narrowIgwDoubt(subnet, classes);
      if (narrow) return undecidedPath(narrow.message, narrow.evidence, [routeHop('undecided')]);
      const igw = egress.route?.target.id ?? '?';
      if (self.placement.publicIpv4 !== true) {
        const message = `${subnet.id} routes to an internet gateway (${egress.reason}) but ${noPublicIp(self)}`;
        return withIpv6(region, self, classes, {
          verdict: 'unreachable',
          summary: '',
          problems: [{ message, evidence: base }],
          doubts: [],
          evidence: [],
          hops: [routeHop('allow'), hop('internet-gateway', igw, message, 'deny')],
        });
      }
      via = 'internet-gateway';
      const address = self.placement.publicIpAddress;
      summary = `internet gateway ${igw} with ${address !== undefined ? `public address ${address}` : 'a public address'}`;
      const gate = bpaGate(
        subnetBlockPublicAccess(region, subnet),
        'igwEgress',
        `${self.placement.label}'s traffic through ${igw}`,
      );
      const gateVerdict = applyGate(check, gate);
      beyond.push(
        hop(
          'internet-gateway',
          igw,
          gateVerdict === 'allow'
            ? `public address ${address ?? '(assigned)'}`
            : ((gate.problem ?? gate.doubt)?.message ?? ''),
          gateVerdict,
        ),
      );
      break;
    }
    case 'private-nat': {
      if (egress.natGateway) {
        const nat = egress.natGateway;
        via = 'nat-gateway';
        summary = `NAT gateway ${nat.id}`;
        const natSubnet = region.subnet(nat.subnetId);
        if (!natSubnet) {
          const message = `the subnet ${nat.subnetId} of NAT gateway ${nat.id} is not visible`;
          check.ok = false;
          check.doubts.push({ message, evidence: [] });
          beyond.push(hop('nat-gateway', nat.id, message, 'undecided'));
          break;
        }
        const natClass = classifySubnet(region, natSubnet);
        let natHop: JudgedHop;
        if (natClass?.ipv4.class !== 'public') {
          const message = `NAT gateway ${nat.id} sits in ${natSubnet.id}, which has no route to an internet gateway`;
          check.ok = false;
          check.problems.push({
            message,
            evidence: natClass ? [associationEvidence(natSubnet, natClass.routeTable)] : [],
          });
          natHop = hop('nat-gateway', nat.id, message, 'deny');
        } else {
          const narrow = narrowIgwDoubt(natSubnet, natClass);
          if (narrow) {
            check.ok = false;
            check.doubts.push(narrow);
          }
          const gate = narrow
            ? {}
            : bpaGate(
                subnetBlockPublicAccess(region, natSubnet),
                'natEgress',
                `NAT gateway ${nat.id} in ${natSubnet.id}`,
              );
          const gateVerdict = applyGate(check, gate);
          natHop = hop(
            'nat-gateway',
            nat.id,
            narrow ? narrow.message : ((gate.problem ?? gate.doubt)?.message ?? `in ${natSubnet.id}`),
            narrow ? 'undecided' : gateVerdict,
          );
        }
        const natHops: JudgedHop[] = [];
        if (natSubnet.id !== subnet.id) {
          // The NAT gateway's subnet ACL sees the request from the workload, the request to the
          // internet, the reply from the internet on the NAT's ports, and the reply to the workload.
          const fromWorkload = serverTripFromPlacement(region, natSubnet, self, ephemeral);
          const toInternet = clientTripToFixedPeer(
            region,
            natSubnet,
            ANY_IPV4,
            INTERNET.label,
            INTERNET_KEY,
            EPHEMERAL_PORTS.natGateway,
          );
          merge(check, fromWorkload, false);
          merge(check, toInternet, false);
          natHops.push(...fromWorkload.hops, natHop, ...toInternet.hops);
        } else natHops.push(natHop);
        beyond.push(...natHops);
        if (natClass?.ipv4.class === 'public')
          beyond.push(
            hop('internet-gateway', natClass.ipv4.route?.target.id ?? '?', routeBasis(natClass.ipv4.route)),
          );
      } else {
        via = 'nat-instance';
        summary = `NAT instance ${egress.natInterface?.attachedInstanceId ?? egress.natInterface?.id ?? '?'}`;
        if (egress.natInterface) {
          const nat = natInstanceEgress(region, egress.natInterface);
          merge(check, nat, false);
          beyond.push(...nat.hops);
        }
      }
      break;
    }
  }
  const groups = egressCheck(region, self, INTERNET, INTERNET_KEY);
  const acl = clientTripToFixedPeer(region, subnet, ANY_IPV4, INTERNET.label, INTERNET_KEY, ephemeral);
  merge(check, groups, false);
  merge(check, acl, false);
  const verdict: PathVerdict =
    check.problems.length > 0 ? 'unreachable' : check.ok ? 'reachable' : 'indeterminate';
  return withIpv6(region, self, classes, {
    verdict,
    ...(via ? { via } : {}),
    summary,
    problems: check.problems,
    doubts: check.doubts,
    evidence: [...base, ...check.evidence],
    hops: [...groups.hops, ...acl.hops, routeHop('allow'), ...beyond],
  });
}

/**
 * When IPv4 has no way out, an IPv6 way (`::/0 → igw` with an IPv6 address, or `::/0 → eigw`)
 * may still carry a dual-stack client: see ipv6-internet.ts. The IPv4 problems stay in the result.
 */
function withIpv6(
  region: RegionView,
  self: PlacementPeer,
  classes: SubnetClass,
  ipv4: InternetPath,
): InternetPath {
  if (ipv4.verdict !== 'unreachable') return ipv4;
  const v6 = ipv6InternetPath(region, self, classes);
  if (!v6) return ipv4;
  if (v6.verdict === 'unreachable')
    return {
      ...ipv4,
      problems: [...ipv4.problems, ...v6.problems],
      evidence: [...ipv4.evidence, ...v6.evidence],
    };
  return {
    verdict: 'indeterminate',
    ...(v6.via ? { via: v6.via } : {}),
    summary: '',
    problems: [],
    doubts: [...v6.doubts, ...ipv4.problems.map((p) => ({ ...p, message: `over IPv4, ${p.message}` }))],
    evidence: [...ipv4.evidence, ...v6.evidence],
    hops: v6.hops,
  };
}
