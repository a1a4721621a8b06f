// Network ACL evaluation (aws-facts §3.6): entries are evaluated in rule-number order, the first
// entry matching the packet decides, and whatever nothing matches is denied (the `*` rule, which
// the API shows as 32767). IPv4 and IPv6 entries, ingress and egress entries are separate lists.
// ACLs are stateless: a flow needs its request allowed one way and its reply, on the client's
// ephemeral ports, allowed the other way.
import type { Instance, NetworkAcl, NetworkAclEntry, Subnet } from '../snapshot/types.js';
import type { RegionView } from '../snapshot/view.js';
import type { Evidence } from '../findings/types.js';
import { cidrContains, cidrOverlaps, isNonPublic, parseCidr, type Cidr } from './cidr.js';
import type { Direction } from './security-groups.js';
import { getOrCreate } from '../util/memo.js';

export type PortRange = readonly [number, number];

/**
 * Ephemeral (client) ports by OS (aws-facts §3.6, as corrected): Linux 32768–60999 (the kernel's
 * `ip_local_port_range` default on Amazon Linux 2023 and Ubuntu; the AWS page's 61000 is one port
 * too many, so a NACL allowing exactly 32768–60999 serves them), Windows 2008+ 49152–65535;
 * NAT gateways and ELB use 1024–65535. A reply must be allowed on the whole range the client uses.
 */
export const EPHEMERAL_PORTS = {
  linux: [32768, 60999] as PortRange,
  windows: [49152, 65535] as PortRange,
  natGateway: [1024, 65535] as PortRange,
  any: [1024, 65535] as PortRange,
};

export function clientEphemeralPorts(instance: Instance): PortRange {
  return instance.platform?.toLowerCase() === 'windows' ? EPHEMERAL_PORTS.windows : EPHEMERAL_PORTS.linux;
}

export type NaclVerdict = 'allowed' | 'denied' | 'indeterminate';

export interface NaclDecision {
  verdict: NaclVerdict;
  reason: string;
  evidence: Evidence[];
}

interface ParsedEntry {
  entry: NetworkAclEntry;
  cidr: Cidr;
}

const sortedCache = new WeakMap<NetworkAcl, Map<string, ParsedEntry[]>>();

/** The entries of one direction and family, sorted by rule number (parsed once per ACL). */
function orderedEntries(acl: NetworkAcl, egress: boolean, family: Cidr['family']): ParsedEntry[] {
  const byKey = getOrCreate(sortedCache, acl, () => new Map());
  return getOrCreate(byKey, `${egress}:${family}`, () => {
    const list: ParsedEntry[] = [];
    for (const entry of acl.entries) {
      if (entry.egress !== egress) continue;
      const text = family === 'ipv4' ? entry.cidrBlock : entry.ipv6CidrBlock;
      const cidr = text === undefined ? undefined : parseCidr(text);
      if (cidr) list.push({ entry, cidr });
    }
    return list.sort((a, b) => a.entry.ruleNumber - b.entry.ruleNumber);
  });
}

/** Ports an entry applies to for `protocol`, or undefined when it does not apply to the protocol. */
function entryPorts(entry: NetworkAclEntry, protocol: 'tcp' | 'udp'): PortRange | undefined {
  const number = protocol === 'tcp' ? '6' : '17';
  const p = entry.protocol.toLowerCase();
  if (p === '-1' || p === 'all') return [0, 65535];
  if (p !== number && p !== protocol) return undefined;
  return entry.portRange ? [entry.portRange.from, entry.portRange.to] : [0, 65535];
}

function intersect(a: PortRange, b: PortRange): PortRange | undefined {
  const from = Math.max(a[0], b[0]);
  const to = Math.min(a[1], b[1]);
  return from <= to ? [from, to] : undefined;
}

function subtract(a: PortRange, b: PortRange): PortRange[] {
  const out: PortRange[] = [];
  if (b[0] > a[0]) out.push([a[0], Math.min(a[1], b[0] - 1)]);
  if (b[1] < a[1]) out.push([Math.max(a[0], b[1] + 1), a[1]]);
  return out.filter((r) => r[0] <= r[1]);
}

function ruleLabel(evidence: Evidence): string {
  const n = evidence.details?.ruleNumber;
  if (typeof n !== 'number') return 'an unnumbered rule';
  return n >= 32767 ? 'the * rule' : `rule ${n}`;
}

const fmt = (r: PortRange): string => (r[0] === r[1] ? `${r[0]}` : `${r[0]}-${r[1]}`);

// An entry belongs to one ACL, so its evidence is built once per entry object.
const entryEvidenceMemo = new WeakMap<NetworkAclEntry, Evidence>();

function entryEvidence(acl: NetworkAcl, entry: NetworkAclEntry): Evidence {
  let evidence = entryEvidenceMemo.get(entry);
  if (!evidence || evidence.resourceId !== acl.id) {
    evidence = buildEntryEvidence(acl, entry);
    entryEvidenceMemo.set(entry, evidence);
  }
  return evidence;
}

function buildEntryEvidence(acl: NetworkAcl, entry: NetworkAclEntry): Evidence {
  const ports = entry.portRange ? fmt([entry.portRange.from, entry.portRange.to]) : 'all';
  const rule = entry.ruleNumber >= 32767 ? '*' : String(entry.ruleNumber);
  const cidr = entry.cidrBlock ?? entry.ipv6CidrBlock ?? '?';
  return {
    kind: 'nacl-entry',
    summary: `${acl.id} ${entry.egress ? 'outbound' : 'inbound'} rule ${rule}: ${entry.action} protocol ${entry.protocol} ports ${ports} ${entry.egress ? 'to' : 'from'} ${cidr}`,
    resourceId: acl.id,
    details: {
      networkAclId: acl.id,
      ruleNumber: entry.ruleNumber,
      egress: entry.egress,
      action: entry.action,
      protocol: entry.protocol,
      cidr,
      ports,
    },
  };
}

/**
 * Whether `acl` lets `protocol` traffic on every port of `ports` pass in `direction` with `peer`
 * (the source for inbound, the destination for outbound). An entry whose CIDR covers the whole
 * peer decides; a deny entry covering only part of a range peer (e.g. deny 52.0.0.0/8 when the
 * peer is the internet) makes an otherwise allowed flow `indeterminate`.
 */
export function naclAllows(
  acl: NetworkAcl,
  direction: Direction,
  protocol: 'tcp' | 'udp',
  ports: PortRange,
  peer: Cidr,
  peerLabel: string,
): NaclDecision {
  const egress = direction === 'egress';
  const what = `${protocol} ${fmt(ports)} ${egress ? 'outbound to' : 'inbound from'} ${peerLabel}`;
  let open: PortRange[] = [ports];
  const allowedBy: Evidence[] = [];
  const deniedBy: { evidence: Evidence; ports: PortRange }[] = [];
  const partialDenies: Evidence[] = [];
  for (const { entry, cidr } of orderedEntries(acl, egress, peer.family)) {
    if (open.length === 0) break;
    const applies = entryPorts(entry, protocol);
    if (!applies) continue;
    const covers = cidrContains(cidr, peer);
    if (!covers) {
      // A deny of private space inside "the internet" never touches public service addresses.
      const relevant = cidrOverlaps(cidr, peer) && (isNonPublic(peer) || !isNonPublic(cidr));
      if (entry.action === 'deny' && relevant && open.some((r) => intersect(r, applies)))
        partialDenies.push(entryEvidence(acl, entry));
      continue;
    }
    const next: PortRange[] = [];
    for (const range of open) {
      const hit = intersect(range, applies);
      if (!hit) {
        next.push(range);
        continue;
      }
      if (entry.action === 'allow') {
        if (!allowedBy.some((e) => e.details?.ruleNumber === entry.ruleNumber))
          allowedBy.push(entryEvidence(acl, entry));
      } else deniedBy.push({ evidence: entryEvidence(acl, entry), ports: hit });
      next.push(...subtract(range, hit));
    }
    open = next;
  }
  if (deniedBy.length > 0 || open.length > 0) {
    const first = deniedBy[0];
    const evidence = first
      ? [first.evidence]
      : [
          {
            kind: 'nacl-entry',
            summary: `${acl.id} has no ${egress ? 'outbound' : 'inbound'} entry matching ${what}; the default * rule denies it`,
            resourceId: acl.id,
            details: { networkAclId: acl.id, ruleNumber: 32767, egress, action: 'deny' },
          } satisfies Evidence,
        ];
    const blocked = first ? fmt(first.ports) : fmt(open[0] ?? ports);
    return {
      verdict: 'denied',
      reason: `${acl.id} denies ${protocol} ${blocked} ${egress ? 'outbound to' : 'inbound from'} ${peerLabel}${first ? ` (${ruleLabel(first.evidence)})` : ' (no matching entry; default deny)'}`,
      evidence,
    };
  }
  if (partialDenies.length > 0) {
    return {
      verdict: 'indeterminate',
      reason: `${acl.id} allows ${what} except where ${partialDenies.map((e) => e.summary).join('; ')}`,
      evidence: [...allowedBy, ...partialDenies],
    };
  }
  return { verdict: 'allowed', reason: `${acl.id} allows ${what}`, evidence: allowedBy };
}

/**
 * True when no entry of `acl` in that direction splits `range`: each entry's CIDR of the range's
 * family either contains the whole range or none of it. Then every address inside the range meets
 * the same entries in the same order, so `naclAllows` decides them all alike (only the peer's
 * label in the text differs).
 */
export function naclUniformOver(acl: NetworkAcl, direction: Direction, range: Cidr): boolean {
  for (const { cidr } of orderedEntries(acl, direction === 'egress', range.family))
    if (!cidrContains(cidr, range) && cidrOverlaps(cidr, range)) return false;
  return true;
}

/** The subnet's network ACL, or undefined when ACLs were not collected or none is visible. */
export function subnetNacl(region: RegionView, subnet: Subnet): NetworkAcl | undefined {
  if (!region.isCollected('networkAcls')) return undefined;
  return region.networkAclOfSubnet(subnet);
}
