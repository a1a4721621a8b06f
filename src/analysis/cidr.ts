// CIDR arithmetic for IPv4 and IPv6: parsing (with `::` compression and embedded IPv4),
// canonicalisation (AWS canonicalises `100.68.0.18/18` to `100.68.0.0/18`, aws-facts §3.1),
// containment and overlap. Addresses are bigints so both families share one code path.

export type AddressFamily = 'ipv4' | 'ipv6';

export interface Cidr {
  family: AddressFamily;
  /** The network address (host bits cleared). */
  network: bigint;
  prefix: number;
}

const BITS: Record<AddressFamily, number> = { ipv4: 32, ipv6: 128 };

/** Four dot-separated octets of 1–3 decimal digits each, none above 255. */
function parseIpv4(text: string): bigint | undefined {
  let value = 0;
  let octets = 0;
  let digits = 0;
  let octet = 0;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 46; // a final '.' closes the last octet
    if (code === 46) {
      if (digits === 0 || octet > 255) return undefined;
      value = value * 256 + octet;
      octets++;
      digits = 0;
      octet = 0;
    } else if (code >= 48 && code <= 57) {
      if (++digits > 3) return undefined;
      octet = octet * 10 + (code - 48);
    } else return undefined;
  }
  return octets === 4 ? BigInt(value) : undefined;
}

function parseHextets(text: string): bigint[] | undefined {
  if (text === '') return [];
  const groups = text.split(':');
  const out: bigint[] = [];
  for (const [index, group] of groups.entries()) {
    if (index === groups.length - 1 && group.includes('.')) {
      const v4 = parseIpv4(group);
      if (v4 === undefined) return undefined;
      out.push(v4 >> 16n, v4 & 0xffffn);
      continue;
    }
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return undefined;
    out.push(BigInt(`0x${group}`));
  }
  return out;
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = parseHextets(halves[0] ?? '');
  const tail = halves.length === 2 ? parseHextets(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<bigint>(halves.length === 2 ? missing : 0).fill(0n), ...tail];
  return groups.reduce((acc, group) => (acc << 16n) | group, 0n);
}

/** Parses an address (no prefix) of either family. */
export function parseAddress(text: string): { family: AddressFamily; value: bigint } | undefined {
  const trimmed = text.trim();
  if (trimmed.includes(':')) {
    const value = parseIpv6(trimmed);
    return value === undefined ? undefined : { family: 'ipv6', value };
  }
  const value = parseIpv4(trimmed);
  return value === undefined ? undefined : { family: 'ipv4', value };
}

function computeMask(family: AddressFamily, prefix: number): bigint {
  const bits = BITS[family];
  return ((1n << BigInt(bits)) - 1n) ^ ((1n << BigInt(bits - prefix)) - 1n);
}

// Every mask a prefix can have, computed once (the containment checks ask for them constantly).
const MASKS: Record<AddressFamily, readonly bigint[]> = {
  ipv4: Array.from({ length: 33 }, (_, prefix) => computeMask('ipv4', prefix)),
  ipv6: Array.from({ length: 129 }, (_, prefix) => computeMask('ipv6', prefix)),
};

function mask(family: AddressFamily, prefix: number): bigint {
  return MASKS[family][prefix] ?? computeMask(family, prefix);
}

// Snapshots repeat the same few CIDR strings across thousands of rules and routes: parse each once.
const parsedCidrs = new Map<string, Cidr | undefined>();

/** Parses `a.b.c.d/n` or `x::y/n`; a bare address is a host route (/32, /128). Host bits are cleared. */
export function parseCidr(text: string): Cidr | undefined {
  if (parsedCidrs.has(text)) return parsedCidrs.get(text);
  const parsed = parseCidrUncached(text);
  if (parsedCidrs.size < 1_000_000) parsedCidrs.set(text, parsed && Object.freeze(parsed));
  return parsed;
}

function parseCidrUncached(text: string): Cidr | undefined {
  const [addressText, prefixText, extra] = text.trim().split('/');
  if (addressText === undefined || extra !== undefined) return undefined;
  const address = parseAddress(addressText);
  if (!address) return undefined;
  const bits = BITS[address.family];
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return undefined;
  return { family: address.family, network: address.value & mask(address.family, prefix), prefix };
}

/** A host CIDR for one address (`10.0.0.1` → `10.0.0.1/32`). */
export function hostCidr(address: string): Cidr | undefined {
  const parsed = parseAddress(address);
  if (!parsed) return undefined;
  return { family: parsed.family, network: parsed.value, prefix: BITS[parsed.family] };
}

function formatIpv4(value: bigint): string {
  const n = Number(value & 0xffffffffn);
  return `${n >>> 24}.${(n >>> 16) & 0xff}.${(n >>> 8) & 0xff}.${n & 0xff}`;
}

function formatIpv6(value: bigint): string {
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((shift) => (value >> shift) & 0xffffn);
  // RFC 5952: compress the longest run (length ≥ 2) of zero groups, the first one on ties.
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0n) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0n) j++;
    if (j - i > bestLength && j - i >= 2) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

export function formatCidr(cidr: Cidr): string {
  const address = cidr.family === 'ipv4' ? formatIpv4(cidr.network) : formatIpv6(cidr.network);
  return `${address}/${cidr.prefix}`;
}

/** The canonical spelling AWS returns (`100.68.0.18/18` → `100.68.0.0/18`); undefined if unparsable. */
export function canonicalCidr(text: string): string | undefined {
  const parsed = parseCidr(text);
  return parsed ? formatCidr(parsed) : undefined;
}

/** True when `outer` contains all of `inner` (same family). */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (outer.family !== inner.family || outer.prefix > inner.prefix) return false;
  return (inner.network & mask(outer.family, outer.prefix)) === outer.network;
}

/** True when the two ranges share at least one address (same family). */
export function cidrOverlaps(a: Cidr, b: Cidr): boolean {
  return cidrContains(a, b) || cidrContains(b, a);
}

/** Convenience over strings; false when either side does not parse. */
export function containsText(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = parseCidr(inner);
  return o !== undefined && i !== undefined && cidrContains(o, i);
}

export const ANY_IPV4: Cidr = { family: 'ipv4', network: 0n, prefix: 0 };
export const ANY_IPV6: Cidr = { family: 'ipv6', network: 0n, prefix: 0 };

export function isWorld(cidr: Cidr): boolean {
  return cidr.prefix === 0;
}

// Address space that never carries traffic to public AWS service endpoints: RFC 1918, shared
// address space (RFC 6598), loopback, link-local, and IPv6 unique-local / link-local.
const NON_PUBLIC: readonly Cidr[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '169.254.0.0/16',
  'fc00::/7',
  'fe80::/10',
  '::1/128',
].map((text) => parseCidr(text) as Cidr);

/** True when the whole range is private/non-routable, so a route to it never carries internet traffic. */
export function isNonPublic(cidr: Cidr): boolean {
  return NON_PUBLIC.some((range) => cidrContains(range, cidr));
}

/** The first and last address of a range. */
function bounds(cidr: Cidr): [bigint, bigint] {
  const size = 1n << BigInt(BITS[cidr.family] - cidr.prefix);
  return [cidr.network, cidr.network + size - 1n];
}

/**
 * True when the union of `pieces` (plus `alsoCovered`, e.g. space that does not matter) contains
 * every address of `target`. Pieces of the other family are ignored. O(n log n): sort the ranges
 * by first address and sweep once.
 */
export function unionCovers(
  pieces: readonly Cidr[],
  target: Cidr,
  alsoCovered: readonly Cidr[] = [],
): boolean {
  const [start, end] = bounds(target);
  const ranges: [bigint, bigint][] = [];
  for (const cidr of [...pieces, ...alsoCovered]) {
    if (cidr.family !== target.family || !cidrOverlaps(cidr, target)) continue;
    // Two CIDRs either nest or are disjoint, so the overlap with the target is the smaller one.
    ranges.push(bounds(cidrContains(cidr, target) ? target : cidr));
  }
  ranges.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let next = start;
  for (const [from, to] of ranges) {
    if (from > next) return false;
    if (to >= next) next = to + 1n;
    if (next > end) return true;
  }
  return next > end;
}

// Space no public endpoint lives in, beyond NON_PUBLIC: IPv4 "this network", multicast and reserved
// (224.0.0.0/3); in IPv6 only global unicast (2000::/3) is public.
const NOT_UNICAST_PUBLIC_IPV4: readonly Cidr[] = ['0.0.0.0/8', '224.0.0.0/3'].map(
  (text) => parseCidr(text) as Cidr,
);
const GLOBAL_UNICAST_IPV6 = parseCidr('2000::/3') as Cidr;

/**
 * True when the pieces together cover all public address space of the family: every public IPv4
 * unicast address, or all of IPv6 global unicast (2000::/3). Private and non-unicast space may be
 * missing (aws-facts §1.2: an internet gateway carries public traffic only).
 */
export function unionCoversPublicSpace(pieces: readonly Cidr[], family: AddressFamily): boolean {
  return family === 'ipv4'
    ? unionCovers(pieces, ANY_IPV4, [...NON_PUBLIC, ...NOT_UNICAST_PUBLIC_IPV4])
    : unionCovers(pieces, GLOBAL_UNICAST_IPV6);
}
