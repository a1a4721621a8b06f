// Protocol and port matching for security-group rules (aws-facts §3.1, §3.4).
import type { SecurityGroupRule } from '../snapshot/types.js';

const PROTOCOL_NAMES: Record<string, string> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

/** `6` → `tcp`, `17` → `udp`, …; the API usually converts, but defensive code treats both alike. */
export function normaliseProtocol(protocol: string): string {
  const lower = protocol.toLowerCase();
  return PROTOCOL_NAMES[lower] ?? lower;
}

/**
 * True when the rule's protocol carries `protocol` traffic. `-1`, and any protocol number other than
 * tcp/udp/icmp/icmpv6, allow all traffic regardless of port (aws-facts §3.1).
 */
export function protocolAllows(ruleProtocol: string, protocol: 'tcp' | 'udp'): boolean {
  const normalised = normaliseProtocol(ruleProtocol);
  if (normalised === protocol) return true;
  if (normalised === '-1' || normalised === 'all') return true;
  return !['tcp', 'udp', 'icmp', 'icmpv6'].includes(normalised);
}

/** True when the rule allows `protocol` traffic to `port`. Absent or -1 ports mean all ports. */
export function ruleAllowsPort(rule: SecurityGroupRule, protocol: 'tcp' | 'udp', port: number): boolean {
  if (!protocolAllows(rule.protocol, protocol)) return false;
  const normalised = normaliseProtocol(rule.protocol);
  if (normalised !== 'tcp' && normalised !== 'udp') return true;
  const from = rule.fromPort ?? -1;
  const to = rule.toPort ?? -1;
  if (from === -1 && to === -1) return true;
  return from <= port && port <= to;
}

/** "tcp 20-25", "all traffic", "udp 53". */
export function describePorts(rule: SecurityGroupRule): string {
  const normalised = normaliseProtocol(rule.protocol);
  if (normalised === '-1') return 'all traffic';
  if (normalised !== 'tcp' && normalised !== 'udp') return `protocol ${normalised} (all ports)`;
  const from = rule.fromPort ?? -1;
  const to = rule.toPort ?? -1;
  if (from === -1 && to === -1) return `${normalised} all ports`;
  return from === to ? `${normalised} ${from}` : `${normalised} ${from}-${to}`;
}
