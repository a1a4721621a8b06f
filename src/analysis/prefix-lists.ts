// Prefix-list expansion (aws-facts §1.4 item 8, §3.4): a security-group rule or route naming a
// `pl-` list means the CIDRs it holds. AWS-managed lists (`com.amazonaws.<region>.s3`, …) hold
// public service ranges; customer lists hold whatever their owner put there.
import type { PrefixList } from '../snapshot/types.js';
import type { RegionView } from '../snapshot/view.js';
import { parseCidr, type Cidr } from './cidr.js';

export type PrefixListExpansion =
  | { status: 'known'; list: PrefixList; cidrs: Cidr[] }
  | { status: 'unknown'; list?: PrefixList; reason: string };

const parsed = new WeakMap<PrefixList, Cidr[]>();

function parseEntries(list: PrefixList, entries: readonly string[]): Cidr[] {
  const cached = parsed.get(list);
  if (cached) return cached;
  const cidrs = entries.map(parseCidr).filter((c): c is Cidr => c !== undefined);
  parsed.set(list, cidrs);
  return cidrs;
}

export function expandPrefixList(region: RegionView, prefixListId: string): PrefixListExpansion {
  const list = region.prefixList(prefixListId);
  if (!list) {
    return {
      status: 'unknown',
      reason: region.isCollected('prefixLists')
        ? `prefix list ${prefixListId} is not visible in ${region.region}`
        : `prefix lists were not collected in ${region.region}`,
    };
  }
  if (list.entries === undefined) {
    return {
      status: 'unknown',
      list,
      reason: `the entries of prefix list ${prefixListId} (${list.name}) were not read`,
    };
  }
  return { status: 'known', list, cidrs: parseEntries(list, list.entries) };
}
