// Does a set of security groups allow a flow? (aws-facts §3.1, §3.3). Groups are allow-only and
// stateful: a flow is allowed when any rule of any group allows it, and the reply needs no rule.
// A group with no egress rule allows nothing out. A rule's peer matches when its CIDR (or a CIDR
// of its prefix list) contains the peer's whole range, or when it references a group the peer
// carries (members are matched by their private addresses, §3.3).
import type { SecurityGroup, SecurityGroupRule } from '../snapshot/types.js';
import type { RegionView } from '../snapshot/view.js';
import type { Evidence } from '../findings/types.js';
import { cidrContains, cidrOverlaps, formatCidr, isNonPublic, parseCidr, type Cidr } from './cidr.js';
import { expandPrefixList } from './prefix-lists.js';
import { describePorts, ruleAllowsPort } from './protocols.js';

export type Direction = 'ingress' | 'egress';

/** The other end of a flow: the source for ingress, the destination for egress. */
export interface FlowPeer {
  /** The peer's address range: a host (`10.0.1.5/32`) or a range (`0.0.0.0/0` for "the internet"). */
  cidr: Cidr;
  /** Groups the peer carries, for rules that reference a group (empty for internet peers). */
  groupIds: readonly string[];
  /** How messages name it: "i-0abc (10.0.1.5)", "the internet". */
  label: string;
}

export type FlowVerdict = 'allowed' | 'denied' | 'unknown';

export interface SecurityGroupDecision {
  verdict: FlowVerdict;
  /** One sentence: which rule allowed it, or why not. */
  reason: string;
  /** The allowing rule, or the groups that were searched in vain. */
  evidence: Evidence[];
}

/**
 * A rule range that covers part of a range peer. Private ranges inside a range peer such as
 * `0.0.0.0/0` do not count: "the internet" means public service addresses, which they never hold.
 */
function partialOverlap(rule: Cidr, peer: Cidr): boolean {
  if (!cidrOverlaps(rule, peer)) return false;
  return isNonPublic(peer) || !isNonPublic(rule);
}

type RuleMatch = 'full' | 'partial' | 'none' | { unknown: string };

function peerMatch(region: RegionView, rule: SecurityGroupRule, peer: FlowPeer): RuleMatch {
  const rulePeer = rule.peer;
  switch (rulePeer.kind) {
    case 'cidr-ipv4':
    case 'cidr-ipv6': {
      const cidr = parseCidr(rulePeer.cidr);
      if (!cidr) return 'none';
      if (cidrContains(cidr, peer.cidr)) return 'full';
      return partialOverlap(cidr, peer.cidr) ? 'partial' : 'none';
    }
    case 'prefix-list': {
      const expansion = expandPrefixList(region, rulePeer.prefixListId);
      if (expansion.status === 'unknown') {
        // AWS-managed lists hold public service ranges: never a private address.
        if (expansion.list?.awsManaged && isNonPublic(peer.cidr)) return 'none';
        return { unknown: expansion.reason };
      }
      if (expansion.cidrs.some((c) => cidrContains(c, peer.cidr))) return 'full';
      return expansion.cidrs.some((c) => partialOverlap(c, peer.cidr)) ? 'partial' : 'none';
    }
    case 'security-group':
      return peer.groupIds.includes(rulePeer.groupId) ? 'full' : 'none';
  }
}

function describePeer(rule: SecurityGroupRule): string {
  const p = rule.peer;
  switch (p.kind) {
    case 'cidr-ipv4':
    case 'cidr-ipv6':
      return p.cidr;
    case 'prefix-list':
      return `prefix list ${p.prefixListId}`;
    case 'security-group':
      return `group ${p.groupId}`;
  }
}

// A rule belongs to one group and one direction, so its evidence is built once per rule object.
const ruleEvidenceMemo: Record<Direction, WeakMap<SecurityGroupRule, Evidence>> = {
  ingress: new WeakMap(),
  egress: new WeakMap(),
};

export function ruleEvidence(group: SecurityGroup, direction: Direction, rule: SecurityGroupRule): Evidence {
  const memo = ruleEvidenceMemo[direction];
  let evidence = memo.get(rule);
  if (!evidence || evidence.details?.groupId !== group.id) {
    evidence = buildRuleEvidence(group, direction, rule);
    memo.set(rule, evidence);
  }
  return evidence;
}

function buildRuleEvidence(group: SecurityGroup, direction: Direction, rule: SecurityGroupRule): Evidence {
  const details: Evidence['details'] = {
    groupId: group.id,
    direction,
    protocol: rule.protocol,
    fromPort: rule.fromPort ?? -1,
    toPort: rule.toPort ?? -1,
    peer: describePeer(rule),
  };
  if (rule.ruleId) details.ruleId = rule.ruleId;
  return {
    kind: 'security-group-rule',
    summary: `${group.id} ${direction} ${describePorts(rule)} ${direction === 'ingress' ? 'from' : 'to'} ${describePeer(rule)}`,
    resourceId: rule.ruleId ?? group.id,
    details,
  };
}

/**
 * True when no rule of `groupIds` in `direction` splits `range`: every CIDR a rule names (directly
 * or through a prefix list whose entries are known) contains the whole range or none of it, and no
 * rule names a prefix list whose entries are unknown. Then every address inside the range is
 * matched by the same rules, so `securityGroupsAllow` decides them alike for the same peer groups.
 */
export function securityGroupsUniformOver(
  region: RegionView,
  groupIds: readonly string[],
  direction: Direction,
  range: Cidr,
): boolean {
  const splits = (cidr: Cidr | undefined): boolean =>
    cidr !== undefined && !cidrContains(cidr, range) && cidrOverlaps(cidr, range);
  for (const groupId of groupIds) {
    const group = region.securityGroup(groupId);
    if (!group) continue;
    for (const rule of direction === 'ingress' ? group.ingress : group.egress) {
      const p = rule.peer;
      if (p.kind === 'cidr-ipv4' || p.kind === 'cidr-ipv6') {
        if (splits(parseCidr(p.cidr))) return false;
      } else if (p.kind === 'prefix-list') {
        const expansion = expandPrefixList(region, p.prefixListId);
        if (expansion.status === 'unknown' || expansion.cidrs.some(splits)) return false;
      }
    }
  }
  return true;
}

/**
 * Whether any of `groupIds` allows `protocol`/`port` in `direction` with `peer`. `unknown` when a
 * group is not in the snapshot, a prefix list's entries are unknown, or a rule covers only part of
 * a range peer (e.g. egress 443 to 52.0.0.0/8 when asked about the whole internet).
 */
export function securityGroupsAllow(
  region: RegionView,
  groupIds: readonly string[],
  direction: Direction,
  protocol: 'tcp' | 'udp',
  port: number,
  peer: FlowPeer,
): SecurityGroupDecision {
  const flow = `${protocol} ${port} ${direction === 'ingress' ? 'from' : 'to'} ${peer.label}`;
  if (!region.isCollected('securityGroups')) {
    return {
      verdict: 'unknown',
      reason: `security groups were not collected, so ${flow} cannot be judged`,
      evidence: [],
    };
  }
  if (groupIds.length === 0) {
    return {
      verdict: 'unknown',
      reason: `no security group is recorded for this interface, so ${flow} cannot be judged`,
      evidence: [],
    };
  }
  const doubts: string[] = [];
  // Groups searched in vain; their evidence is only built when no rule allows the flow.
  const searched: { group: SecurityGroup; rules: readonly SecurityGroupRule[] }[] = [];
  for (const groupId of groupIds) {
    const group = region.securityGroup(groupId);
    if (!group) {
      doubts.push(`security group ${groupId} is not in the snapshot`);
      continue;
    }
    const rules = direction === 'ingress' ? group.ingress : group.egress;
    for (const rule of rules) {
      if (!ruleAllowsPort(rule, protocol, port)) continue;
      const match = peerMatch(region, rule, peer);
      if (match === 'full') {
        return {
          verdict: 'allowed',
          reason: `${group.id} allows ${flow}`,
          evidence: [ruleEvidence(group, direction, rule)],
        };
      }
      if (match === 'partial')
        doubts.push(
          `${group.id} allows ${protocol} ${port} only to part of ${peer.label} (${describePeer(rule)})`,
        );
      else if (match !== 'none') doubts.push(match.unknown);
    }
    searched.push({ group, rules });
  }
  const peerText = formatCidr(peer.cidr);
  const evidence = searched.map(({ group, rules }): Evidence => ({
    kind: 'security-group',
    summary:
      rules.length === 0
        ? `${group.id} (${group.name}) has no ${direction} rule, so it allows nothing ${direction === 'ingress' ? 'in' : 'out'}`
        : `${group.id} (${group.name}) has no ${direction} rule allowing ${flow}`,
    resourceId: group.id,
    details: { groupId: group.id, direction, rules: rules.length, peer: peerText },
  }));
  if (doubts.length > 0) {
    return { verdict: 'unknown', reason: `${flow}: ${doubts.join('; ')}`, evidence };
  }
  const ruleless = searched.every((s) => s.rules.length === 0);
  return {
    verdict: 'denied',
    reason: ruleless
      ? `${groupIds.join(', ')} ${groupIds.length > 1 ? 'have' : 'has'} no ${direction} rule at all, so nothing is allowed ${direction === 'ingress' ? 'in' : 'out'} (${flow})`
      : `no rule of ${groupIds.join(', ')} allows ${flow}`,
    evidence,
  };
}
