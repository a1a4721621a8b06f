// Protocol and port matching (aws-facts §3.1, §3.4 as corrected): a rule for a protocol number
// other than tcp/udp/icmp/icmpv6 allows every port *of that protocol*, never TCP or UDP traffic.
import { sgRule } from '../support/builders/index.js';
import type { SecurityGroupRule } from '../../src/snapshot/types.js';
import {
  describePorts,
  normaliseProtocol,
  protocolAllows,
  ruleAllowsPort,
} from '../../src/analysis/protocols.js';

const raw = (protocol: string, fromPort?: number, toPort?: number): SecurityGroupRule => {
  const rule: SecurityGroupRule = { protocol, peer: { kind: 'cidr-ipv4', cidr: '0.0.0.0/0' } };
  if (fromPort !== undefined) rule.fromPort = fromPort;
  if (toPort !== undefined) rule.toPort = toPort;
  return rule;
};

describe('normaliseProtocol', () => {
  it.each([
    ['6', 'tcp'],
    ['17', 'udp'],
    ['1', 'icmp'],
    ['58', 'icmpv6'],
    ['TCP', 'tcp'],
    ['-1', '-1'],
    ['50', '50'],
  ])('%s → %s', (input, expected) => expect(normaliseProtocol(input)).toBe(expected));
});

describe('protocolAllows', () => {
  it('tcp and udp rules carry only their own protocol', () => {
    expect(protocolAllows('tcp', 'tcp')).toBe(true);
    expect(protocolAllows('6', 'tcp')).toBe(true);
    expect(protocolAllows('tcp', 'udp')).toBe(false);
    expect(protocolAllows('17', 'udp')).toBe(true);
    expect(protocolAllows('udp', 'tcp')).toBe(false);
  });

  it('-1 (all protocols) carries tcp and udp', () => {
    expect(protocolAllows('-1', 'tcp')).toBe(true);
    expect(protocolAllows('-1', 'udp')).toBe(true);
  });

  it.each(['50', '47', '132', 'icmp', 'icmpv6', '1', '58'])(
    'protocol %s carries neither tcp nor udp (all traffic of that protocol only)',
    (protocol) => {
      expect(protocolAllows(protocol, 'tcp')).toBe(false);
      expect(protocolAllows(protocol, 'udp')).toBe(false);
    },
  );
});

describe('ruleAllowsPort', () => {
  it('matches a tcp range inclusively at both ends', () => {
    const rule = sgRule.tcp([20, 25], '0.0.0.0/0');
    expect(ruleAllowsPort(rule, 'tcp', 19)).toBe(false);
    expect(ruleAllowsPort(rule, 'tcp', 20)).toBe(true);
    expect(ruleAllowsPort(rule, 'tcp', 25)).toBe(true);
    expect(ruleAllowsPort(rule, 'tcp', 26)).toBe(false);
    expect(ruleAllowsPort(rule, 'udp', 22)).toBe(false);
  });

  it('absent or -1 ports mean every port (DescribeSecurityGroups omits them for -1)', () => {
    expect(ruleAllowsPort(raw('tcp'), 'tcp', 22)).toBe(true);
    expect(ruleAllowsPort(raw('6', -1, -1), 'tcp', 3389)).toBe(true);
    expect(ruleAllowsPort(raw('-1'), 'udp', 3389)).toBe(true);
    expect(ruleAllowsPort(raw('-1', -1, -1), 'tcp', 5432)).toBe(true);
  });

  it('a -1 rule ignores any port range it carries', () => {
    expect(ruleAllowsPort(raw('-1', 80, 80), 'tcp', 22)).toBe(true);
  });

  it.each([
    ['50', 'ESP'],
    ['47', 'GRE'],
    ['132', 'SCTP'],
  ])('protocol %s (%s) from the world opens no tcp or udp port', (protocol) => {
    for (const port of [22, 443, 3389, 5432]) {
      expect(ruleAllowsPort(raw(protocol), 'tcp', port)).toBe(false);
      expect(ruleAllowsPort(raw(protocol, 0, 65535), 'udp', port)).toBe(false);
    }
  });

  it('icmp type/code numbers are not ports', () => {
    expect(ruleAllowsPort(raw('icmp', 3, 4), 'tcp', 3)).toBe(false);
    expect(ruleAllowsPort(raw('icmpv6', -1, -1), 'udp', 22)).toBe(false);
  });
});

describe('describePorts', () => {
  it.each<[SecurityGroupRule, string]>([
    [raw('-1'), 'all traffic'],
    [raw('50'), 'protocol 50 (all traffic of that protocol)'],
    [raw('tcp'), 'tcp all ports'],
    [raw('17', 53, 53), 'udp 53'],
    [raw('tcp', 20, 25), 'tcp 20-25'],
    [raw('icmp', 8, -1), 'icmp type 8'],
    [raw('1', 3, 4), 'icmp type 3 code 4'],
    [raw('icmpv6', -1, -1), 'icmpv6 all types'],
  ])('%j → %s', (rule, text) => expect(describePorts(rule)).toBe(text));
});
