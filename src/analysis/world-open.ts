// "Open to the world" means exactly 0.0.0.0/0 or ::/0, directly or inside a prefix list, as AWS
// Config and CIS define it (aws-facts §3.4).
import type { SecurityGroup, SecurityGroupRule } from '../snapshot/types.js';
import type { RegionView } from '../snapshot/view.js';
import type { Evidence } from '../findings/types.js';
import { describePorts, ruleAllowsPort } from './protocols.js';

export const WORLD_IPV4 = '0.0.0.0/0';
export const WORLD_IPV6 = '::/0';

const isWorldCidr = (cidr: string): boolean => cidr === WORLD_IPV4 || cidr === WORLD_IPV6;

export interface WorldOpenResult {
  /** One evidence entry per offending rule and world source. */
  matches: Evidence[];
  /** Ports (among those asked) that at least one match opens. */
  openPorts: number[];
  /** Prefix lists referenced by matching-port rules whose entries are not known. */
  unresolvedPrefixLists: string[];
}

function worldSource(
  region: RegionView,
  rule: SecurityGroupRule,
): { source: string; unresolved?: string } | undefined {
  const peer = rule.peer;
  if (peer.kind === 'cidr-ipv4' || peer.kind === 'cidr-ipv6') {
    return isWorldCidr(peer.cidr) ? { source: peer.cidr } : undefined;
  }
  if (peer.kind === 'prefix-list') {
    const list = region.prefixList(peer.prefixListId);
    if (!list || list.entries === undefined) {
      // AWS-managed lists hold service ranges, never the whole internet.
      if (list?.awsManaged) return undefined;
      return { source: peer.prefixListId, unresolved: peer.prefixListId };
    }
    const world = list.entries.find(isWorldCidr);
    return world ? { source: `${world} via prefix list ${peer.prefixListId}` } : undefined;
  }
  return undefined;
}

/** Ingress rules of `group` that open any of `ports` (over `protocol`) to the whole internet. */
export function worldOpenIngress(
  region: RegionView,
  group: SecurityGroup,
  ports: readonly number[],
  protocol: 'tcp' | 'udp' = 'tcp',
): WorldOpenResult {
  const matches: Evidence[] = [];
  const openPorts = new Set<number>();
  const unresolved = new Set<string>();
  for (const rule of group.ingress) {
    const covered = ports.filter((port) => ruleAllowsPort(rule, protocol, port));
    if (covered.length === 0) continue;
    const world = worldSource(region, rule);
    if (!world) continue;
    if (world.unresolved) {
      unresolved.add(world.unresolved);
      continue;
    }
    for (const port of covered) openPorts.add(port);
    const details: Evidence['details'] = {
      groupId: group.id,
      protocol: rule.protocol,
      fromPort: rule.fromPort ?? -1,
      toPort: rule.toPort ?? -1,
      source: world.source,
      ports: covered,
    };
    if (rule.ruleId) details.ruleId = rule.ruleId;
    matches.push({
      kind: 'security-group-rule',
      summary: `${group.id} ingress ${describePorts(rule)} from ${world.source}`,
      resourceId: rule.ruleId ?? group.id,
      details,
    });
  }
  return { matches, openPorts: [...openPorts].sort((a, b) => a - b), unresolvedPrefixLists: [...unresolved] };
}
