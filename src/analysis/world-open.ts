// "Open to the whole internet" (aws-facts §3.4 as corrected). AWS Config and CIS check the exact
// `0.0.0.0/0` / `::/0`; our rules promise "from the whole internet", so a group also counts as open
// on a port when the sources its rules allow for that port — CIDRs and the known entries of
// prefix lists together — cover all of IPv4 or all of IPv6 (`0.0.0.0/1` + `128.0.0.0/1`). An exact
// `/0` is reported as such; a union names every rule that makes it up.
import type { SecurityGroup, SecurityGroupRule } from '../snapshot/types.js';
import type { RegionView } from '../snapshot/view.js';
import type { Evidence } from '../findings/types.js';
import {
  ANY_IPV4,
  ANY_IPV6,
  formatCidr,
  parseCidr,
  unionCovers,
  type AddressFamily,
  type Cidr,
} from './cidr.js';
import { describePorts, ruleAllowsPort } from './protocols.js';

export const WORLD_IPV4 = '0.0.0.0/0';
export const WORLD_IPV6 = '::/0';

export interface WorldOpenResult {
  /** One evidence entry per offending rule and exact world source, and one per covering union. */
  matches: Evidence[];
  /** Ports (among those asked) that at least one match opens. */
  openPorts: number[];
  /** Prefix lists referenced by matching-port rules whose entries are not known. */
  unresolvedPrefixLists: string[];
}

/** A non-world source of one rule: a CIDR, or one entry of a prefix list. */
interface Piece {
  cidr: Cidr;
  /** How evidence names it: `0.0.0.0/1`, `128.0.0.0/1 via prefix list pl-0abc`. */
  text: string;
  rule: SecurityGroupRule;
  /** The rule's position in the group, so a union's identity is cheap to compare. */
  index: number;
}

interface RuleSources {
  /** Exact world sources: `0.0.0.0/0`, `::/0 via prefix list pl-0abc`. */
  world: { source: string; family: AddressFamily }[];
  pieces: Piece[];
  unresolved?: string;
}

function ruleSources(region: RegionView, rule: SecurityGroupRule, index: number): RuleSources {
  const sources: RuleSources = { world: [], pieces: [] };
  const add = (cidr: Cidr | undefined, text: string): void => {
    if (!cidr) return;
    if (cidr.prefix === 0) sources.world.push({ source: text, family: cidr.family });
    else sources.pieces.push({ cidr, text, rule, index });
  };
  const peer = rule.peer;
  if (peer.kind === 'cidr-ipv4' || peer.kind === 'cidr-ipv6') {
    const cidr = parseCidr(peer.cidr);
    add(cidr, cidr ? formatCidr(cidr) : peer.cidr);
  } else if (peer.kind === 'prefix-list') {
    const list = region.prefixList(peer.prefixListId);
    if (!list || list.entries === undefined) {
      // AWS-managed lists hold public service ranges, never the whole internet.
      if (!list?.awsManaged) sources.unresolved = peer.prefixListId;
      return sources;
    }
    for (const entry of list.entries) {
      const cidr = parseCidr(entry);
      add(cidr, `${cidr ? formatCidr(cidr) : entry} via prefix list ${peer.prefixListId}`);
    }
  }
  return sources;
}

const FAMILY_WORLD: Record<AddressFamily, Cidr> = { ipv4: ANY_IPV4, ipv6: ANY_IPV6 };
const FAMILY_NAME: Record<AddressFamily, string> = { ipv4: 'IPv4', ipv6: 'IPv6' };
const MAX_NAMED = 20;

function ruleDetails(group: SecurityGroup, rule: SecurityGroupRule): Evidence['details'] & object {
  const details: Evidence['details'] & object = {
    groupId: group.id,
    protocol: rule.protocol,
    fromPort: rule.fromPort ?? -1,
    toPort: rule.toPort ?? -1,
  };
  if (rule.ruleId) details.ruleId = rule.ruleId;
  return details;
}

/** One piece per (rule, source text): the same CIDR in two rules is two rules to fix. */
function unionEvidence(
  group: SecurityGroup,
  family: AddressFamily,
  pieces: readonly Piece[],
  ports: readonly number[],
  protocolNote: string,
): Evidence {
  const named = pieces
    .slice(0, MAX_NAMED)
    .map((p) => `${p.text} (${describePorts(p.rule)}${p.rule.ruleId ? `, ${p.rule.ruleId}` : ''})`);
  const more = pieces.length - named.length;
  const parts = pieces.map((p) => p.text);
  const source = `all of ${FAMILY_NAME[family]} (${parts.slice(0, MAX_NAMED).join(' + ')}${more > 0 ? ` + ${more} more` : ''})`;
  return {
    kind: 'security-group-rules',
    summary: `${group.id} ingress${protocolNote} from ${named.join(' + ')}${more > 0 ? ` and ${more} more` : ''}: together all of ${FAMILY_NAME[family]}`,
    resourceId: group.id,
    details: {
      groupId: group.id,
      source,
      family,
      ports: [...ports],
      rules: pieces.map((p) => ({ ...ruleDetails(group, p.rule), source: p.text })),
    },
  };
}

/**
 * Ingress rules of `group` that open any of `ports` (over `protocol`) to the whole internet: an
 * exact world source, or, per port and family, the union of the allowed sources. Linear in the
 * rules times the ports asked, plus a sort of the pieces of each port that has no exact `/0`.
 */
export function worldOpenIngress(
  region: RegionView,
  group: SecurityGroup,
  ports: readonly number[],
  protocol: 'tcp' | 'udp' = 'tcp',
): WorldOpenResult {
  const matches: Evidence[] = [];
  const openPorts = new Set<number>();
  const unresolved = new Set<string>();
  /** port → family → the pieces allowed to that port; and port → families already open exactly. */
  const piecesByPort = new Map<number, Record<AddressFamily, Piece[]>>();
  const exactlyOpen = new Map<number, Set<AddressFamily>>();
  // TCP is what the rules name by default; a UDP match says so in its evidence (RDP over UDP).
  const protocolNote = (open: readonly number[]): string =>
    protocol === 'udp' ? ` (udp ${open.join(', ')})` : '';
  group.ingress.forEach((rule, index) => {
    const covered = ports.filter((port) => ruleAllowsPort(rule, protocol, port));
    if (covered.length === 0) return;
    const sources = ruleSources(region, rule, index);
    if (sources.unresolved) unresolved.add(sources.unresolved);
    for (const world of sources.world) {
      for (const port of covered) {
        openPorts.add(port);
        let families = exactlyOpen.get(port);
        if (!families) exactlyOpen.set(port, (families = new Set()));
        families.add(world.family);
      }
      matches.push({
        kind: 'security-group-rule',
        summary: `${group.id} ingress ${describePorts(rule)} from ${world.source}${protocolNote(covered)}`,
        resourceId: rule.ruleId ?? group.id,
        details: { ...ruleDetails(group, rule), source: world.source, ports: covered },
      });
    }
    for (const piece of sources.pieces) {
      for (const port of covered) {
        let byFamily = piecesByPort.get(port);
        if (!byFamily) piecesByPort.set(port, (byFamily = { ipv4: [], ipv6: [] }));
        byFamily[piece.cidr.family].push(piece);
      }
    }
  });
  // Ports sharing the same covering pieces give one evidence entry (an all-traffic pair opens
  // every database port at once).
  const unions = new Map<string, { family: AddressFamily; pieces: Piece[]; ports: number[] }>();
  for (const [port, byFamily] of piecesByPort) {
    for (const family of ['ipv4', 'ipv6'] as const) {
      const pieces = byFamily[family];
      if (pieces.length < 2 || exactlyOpen.get(port)?.has(family)) continue;
      if (
        !unionCovers(
          pieces.map((p) => p.cidr),
          FAMILY_WORLD[family],
        )
      )
        continue;
      openPorts.add(port);
      const key = `${family}|${pieces.map((p) => `${p.index}:${p.text}`).join(',')}`;
      const union = unions.get(key);
      if (union) union.ports.push(port);
      else unions.set(key, { family, pieces, ports: [port] });
    }
  }
  for (const union of unions.values())
    matches.push(unionEvidence(group, union.family, union.pieces, union.ports, protocolNote(union.ports)));
  return { matches, openPorts: [...openPorts].sort((a, b) => a - b), unresolvedPrefixLists: [...unresolved] };
}
