// Protocol and port matching for security-group rules (aws-facts §3.1, §3.4 as corrected).
// AWS: "specifying -1 or a protocol number other than tcp, udp, icmp, or icmpv6 allows traffic on
// all ports" — all ports *of that protocol*. A rule for `50` (ESP), `47` (GRE) or `132` (SCTP)
// carries that protocol only, never a TCP or UDP port; only `-1` carries every protocol.
import type { SecurityGroupRule } from '../snapshot/types.js';

const PROTOCOL_NAMES: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

/** `6` → `tcp`, `17` → `udp`, …; the API usually converts, but defensive code treats both alike. */
export function normaliseProtocol(protocol: string): string {
  const lower = protocol.toLowerCase();
  return PROTOCOL_NAMES[lower] ?? lower;
}

const isAllProtocols = (normalised: string): boolean => normalised === '-1' || normalised === 'all';

/**
 * True when the rule's protocol carries `protocol` traffic: the same protocol, or `-1` (all
 * protocols). Any other protocol (icmp, icmpv6, or a number such as 50) carries none of it.
 */
export function protocolAllows(ruleProtocol: string, protocol: 'tcp' | 'udp'): boolean {
  const normalised = normaliseProtocol(ruleProtocol);
  return normalised === protocol || isAllProtocols(normalised);
}

/** True when the rule allows `protocol` traffic to `port`. Absent or -1 ports mean all ports. */
export function ruleAllowsPort(rule: SecurityGroupRule, protocol: 'tcp' | 'udp', port: number): boolean {
  const normalised = normaliseProtocol(rule.protocol);
  if (isAllProtocols(normalised)) return true;
  if (normalised !== protocol) return false;
  const from = rule.fromPort ?? -1;
  const to = rule.toPort ?? -1;
  if (from === -1 && to === -1) return true;
  return from <= port && port <= to;
}

/** "tcp 20-25", "all traffic", "udp 53", "icmp type 8", "protocol 50 (all traffic of that protocol)". */
export function describePorts(rule: SecurityGroupRule): string {
  const normalised = normaliseProtocol(rule.protocol);
  if (isAllProtocols(normalised)) return 'all traffic';
  const from = rule.fromPort ?? -1;
  const to = rule.toPort ?? -1;
  if (normalised === 'icmp' || normalised === 'icmpv6') {
    // For ICMP the "ports" are the type and code (aws-facts §3.1).
    if (from === -1) return `${normalised} all types`;
    return to === -1 ? `${normalised} type ${from}` : `${normalised} type ${from} code ${to}`;
  }
  if (normalised !== 'tcp' && normalised !== 'udp')
    return `protocol ${normalised} (all traffic of that protocol)`;
  if (from === -1 && to === -1) return `${normalised} all ports`;
  return from === to ? `${normalised} ${from}` : `${normalised} ${from}-${to}`;
}
