// Shorthands for the small records a fixture writes inline: security-group rules, routes and
// NACL entries, with AWS's spelling of protocols and peers so a case reads like the console.
import type { NetworkAclEntry, Route, SecurityGroupRule } from '../../../src/snapshot/types.js';

/** Security-group rule shorthands. */
export const sgRule = {
  tcp(port: number | [number, number], cidr: string): SecurityGroupRule {
    const [from, to] = typeof port === 'number' ? [port, port] : port;
    return { protocol: 'tcp', fromPort: from, toPort: to, peer: cidrPeer(cidr) };
  },
  udp(port: number | [number, number], cidr: string): SecurityGroupRule {
    const [from, to] = typeof port === 'number' ? [port, port] : port;
    return { protocol: 'udp', fromPort: from, toPort: to, peer: cidrPeer(cidr) };
  },
  all(cidr: string): SecurityGroupRule {
    return { protocol: '-1', peer: cidrPeer(cidr) };
  },
  fromGroup(
    protocol: string,
    port: number | [number, number] | undefined,
    groupId: string,
  ): SecurityGroupRule {
    const rule: SecurityGroupRule = { protocol, peer: { kind: 'security-group', groupId } };
    if (port !== undefined) {
      const [from, to] = typeof port === 'number' ? [port, port] : port;
      rule.fromPort = from;
      rule.toPort = to;
    }
    return rule;
  },
  fromPrefixList(protocol: string, port: number | [number, number], prefixListId: string): SecurityGroupRule {
    const [from, to] = typeof port === 'number' ? [port, port] : port;
    return { protocol, fromPort: from, toPort: to, peer: { kind: 'prefix-list', prefixListId } };
  },
};

function cidrPeer(cidr: string): SecurityGroupRule['peer'] {
  return cidr.includes(':') ? { kind: 'cidr-ipv6', cidr } : { kind: 'cidr-ipv4', cidr };
}

/** Route shorthands. */
export const route = {
  local(cidr: string): Route {
    return { destinationCidrBlock: cidr, target: { kind: 'local', id: 'local' }, state: 'active' };
  },
  igw(cidr: string, igwId: string): Route {
    return cidr.includes(':')
      ? { destinationIpv6CidrBlock: cidr, target: { kind: 'internet-gateway', id: igwId }, state: 'active' }
      : { destinationCidrBlock: cidr, target: { kind: 'internet-gateway', id: igwId }, state: 'active' };
  },
  nat(cidr: string, natId: string): Route {
    return { destinationCidrBlock: cidr, target: { kind: 'nat-gateway', id: natId }, state: 'active' };
  },
  eigw(cidr: string, eigwId: string): Route {
    return {
      destinationIpv6CidrBlock: cidr,
      target: { kind: 'egress-only-internet-gateway', id: eigwId },
      state: 'active',
    };
  },
  to(cidr: string, kind: Route['target']['kind'], id: string): Route {
    return cidr.includes(':')
      ? { destinationIpv6CidrBlock: cidr, target: { kind, id }, state: 'active' }
      : { destinationCidrBlock: cidr, target: { kind, id }, state: 'active' };
  },
  gatewayEndpoint(prefixListId: string, endpointId: string): Route {
    return {
      destinationPrefixListId: prefixListId,
      target: { kind: 'gateway-endpoint', id: endpointId },
      state: 'active',
      origin: 'CreateRoute',
    };
  },
};

/** A NACL entry shorthand: protocol number as a string, `-1` for all. */
export function naclEntry(
  ruleNumber: number,
  egress: boolean,
  action: 'allow' | 'deny',
  cidr: string,
  protocol = '-1',
  ports?: [number, number],
): NetworkAclEntry {
  const entry: NetworkAclEntry = { ruleNumber, egress, protocol, action };
  if (cidr.includes(':')) entry.ipv6CidrBlock = cidr;
  else entry.cidrBlock = cidr;
  if (ports) entry.portRange = { from: ports[0], to: ports[1] };
  return entry;
}

/** The entries of a default NACL: allow all, then the `*` deny, both directions, both families. */
export function defaultNaclEntries(): NetworkAclEntry[] {
  return [
    naclEntry(100, false, 'allow', '0.0.0.0/0'),
    naclEntry(101, false, 'allow', '::/0'),
    naclEntry(32767, false, 'deny', '0.0.0.0/0'),
    naclEntry(32768, false, 'deny', '::/0'),
    naclEntry(100, true, 'allow', '0.0.0.0/0'),
    naclEntry(101, true, 'allow', '::/0'),
    naclEntry(32767, true, 'deny', '0.0.0.0/0'),
    naclEntry(32768, true, 'deny', '::/0'),
  ];
}
