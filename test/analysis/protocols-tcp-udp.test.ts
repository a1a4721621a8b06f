// src/analysis/protocols.ts for what every rule leans on and issue 20 does not change: protocol
// names and numbers for tcp/udp/icmp, `-1` (all traffic), and port ranges with their inclusive
// bounds (aws-facts §3.1). Protocols other than tcp/udp/icmp/icmpv6 (`50`, `47`, …) are left to
// the protocol-number fix and its own tests.
import {
  describePorts,
  normaliseProtocol,
  protocolAllows,
  ruleAllowsPort,
} from '../../src/analysis/protocols.js';
import type { SecurityGroupRule } from '../../src/snapshot/types.js';

const rule = (protocol: string, fromPort?: number, toPort?: number): SecurityGroupRule => ({
  protocol,
  ...(fromPort === undefined ? {} : { fromPort }),
  ...(toPort === undefined ? {} : { toPort }),
  peer: { kind: 'cidr-ipv4', cidr: '0.0.0.0/0' },
});

describe('normaliseProtocol', () => {
  it.each([
    ['6', 'tcp'],
    ['17', 'udp'],
    ['1', 'icmp'],
    ['58', 'icmpv6'],
    ['tcp', 'tcp'],
    ['TCP', 'tcp'],
    ['Udp', 'udp'],
    ['ICMPv6', 'icmpv6'],
    ['-1', '-1'],
  ])('%s → %s', (protocol, expected) => {
    expect(normaliseProtocol(protocol)).toBe(expected);
  });
});

describe('protocolAllows', () => {
  it.each<[string, 'tcp' | 'udp', boolean]>([
    ['tcp', 'tcp', true],
    ['6', 'tcp', true],
    ['TCP', 'tcp', true],
    ['udp', 'udp', true],
    ['17', 'udp', true],
    ['tcp', 'udp', false],
    ['6', 'udp', false],
    ['udp', 'tcp', false],
    ['17', 'tcp', false],
    ['icmp', 'tcp', false],
    ['1', 'udp', false],
    ['icmpv6', 'tcp', false],
    ['58', 'udp', false],
    ['-1', 'tcp', true],
    ['-1', 'udp', true],
  ])('a %s rule carries %s traffic: %s', (ruleProtocol, protocol, expected) => {
    expect(protocolAllows(ruleProtocol, protocol)).toBe(expected);
  });
});

describe('ruleAllowsPort', () => {
  it('includes both ends of a range and nothing outside it', () => {
    const range = rule('tcp', 20, 25);
    expect([19, 20, 22, 25, 26].map((port) => ruleAllowsPort(range, 'tcp', port))).toEqual([
      false,
      true,
      true,
      true,
      false,
    ]);
  });

  it('a single port matches only itself', () => {
    const ssh = rule('6', 22, 22);
    expect([21, 22, 23].map((port) => ruleAllowsPort(ssh, 'tcp', port))).toEqual([false, true, false]);
  });

  it('a tcp range says nothing about the same udp port, and a udp range nothing about tcp', () => {
    expect(ruleAllowsPort(rule('tcp', 0, 65535), 'udp', 53)).toBe(false);
    expect(ruleAllowsPort(rule('udp', 3389, 3389), 'tcp', 3389)).toBe(false);
    expect(ruleAllowsPort(rule('udp', 3389, 3389), 'udp', 3389)).toBe(true);
  });

  it('absent ports, or -1 to -1, mean every port of the protocol', () => {
    for (const all of [rule('tcp'), rule('tcp', -1, -1), rule('17'), rule('udp', -1, -1)])
      expect([
        all.protocol,
        [1, 22, 3389, 65535].every((port) =>
          ruleAllowsPort(all, all.protocol === 'tcp' ? 'tcp' : 'udp', port),
        ),
      ]).toEqual([all.protocol, true]);
  });

  it('-1 (all traffic) allows every tcp and udp port, whatever ports it carries', () => {
    for (const all of [rule('-1'), rule('-1', -1, -1), rule('-1', 0, 0)])
      expect(
        [22, 3389, 65535].flatMap((port) => [
          ruleAllowsPort(all, 'tcp', port),
          ruleAllowsPort(all, 'udp', port),
        ]),
      ).toEqual([true, true, true, true, true, true]);
  });

  it('an icmp rule allows no tcp or udp port, even with ports -1 (its type and code)', () => {
    expect(ruleAllowsPort(rule('icmp', -1, -1), 'tcp', 22)).toBe(false);
    expect(ruleAllowsPort(rule('1', 8, 0), 'udp', 8)).toBe(false);
    expect(ruleAllowsPort(rule('icmpv6', -1, -1), 'tcp', 443)).toBe(false);
  });

  it('a range starting at -1 with a real end is not "all ports"', () => {
    expect(ruleAllowsPort(rule('tcp', -1, 25), 'tcp', 22)).toBe(true);
    expect(ruleAllowsPort(rule('tcp', -1, 25), 'tcp', 80)).toBe(false);
  });
});

describe('describePorts', () => {
  it.each<[SecurityGroupRule, string]>([
    [rule('-1'), 'all traffic'],
    [rule('tcp', 22, 22), 'tcp 22'],
    [rule('6', 443, 443), 'tcp 443'],
    [rule('tcp', 20, 25), 'tcp 20-25'],
    [rule('udp', 1024, 65535), 'udp 1024-65535'],
    [rule('17', 53, 53), 'udp 53'],
    [rule('tcp'), 'tcp all ports'],
    [rule('udp', -1, -1), 'udp all ports'],
  ])('%j → %s', (r, expected) => {
    expect(describePorts(r)).toBe(expected);
  });
});
