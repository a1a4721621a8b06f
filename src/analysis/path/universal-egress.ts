// A workload's groups' egress on tcp 443 when one rule decides it for every peer in a range (issue
// 14 item 5). `securityGroupsAllow` walks the groups in order and returns the first rule that
// allows the port and holds the whole peer (aws-facts §3.1, §3.3); when the first rule allowing
// the port at all names a CIDR, every peer inside that CIDR is allowed by that rule, whatever the
// peer, and the check names only the rule. So the check is made once per group set and reused for
// every endpoint interface, the internet and prefix lists, instead of a decision per peer.
import type { RegionView } from '../../snapshot/view.js';
import { parseCidr, type Cidr } from '../cidr.js';
import { ruleAllowsPort } from '../protocols.js';
import { ruleEvidence } from '../security-groups.js';
import { decisionCheck, type Check } from './checks.js';
import { pathCache } from './region-cache.js';

/** The rule that allows tcp 443 out to every peer inside `range`, as the check of that egress. */
export interface UniversalEgress {
  range: Cidr;
  /** The allowed egress check (one hop, one evidence item: the rule), as `egressCheck` makes it. */
  check: Check;
}

/** tcp 443, the only port the cache below is for (flows.ts HTTPS; not imported: flows imports this). */
const PORT = 443;

/** The first rule of `groupIds` allowing tcp 443 out, when it names a CIDR; else null. */
function firstCidrRule(region: RegionView, groupIds: readonly string[]): UniversalEgress | null {
  // Not collected, or no group: `securityGroupsAllow` answers unknown, never allowed.
  if (!region.isCollected('securityGroups')) return null;
  for (const groupId of groupIds) {
    const group = region.securityGroup(groupId);
    // A missing group is a doubt that an allowing rule of a later group overrides: skipped alike.
    if (!group) continue;
    for (const rule of group.egress) {
      if (!ruleAllowsPort(rule, 'tcp', PORT)) continue;
      const peer = rule.peer;
      if (peer.kind !== 'cidr-ipv4' && peer.kind !== 'cidr-ipv6') return null;
      const range = parseCidr(peer.cidr);
      // An unparsable CIDR matches no peer: the walk goes on to the next rule.
      if (!range) continue;
      const evidence = [ruleEvidence(group, 'egress', rule)];
      return {
        range,
        check: decisionCheck({ verdict: 'allowed', reason: '', evidence }, '', {
          kind: 'security-group',
          id: group.id,
        }),
      };
    }
  }
  return null;
}

/** The universal tcp 443 egress of a group set (joined as `groupsKey`), once per region. */
export function universalEgress(
  region: RegionView,
  groupIds: readonly string[],
  groupsKey: string,
): UniversalEgress | null {
  const cache = pathCache(region).universalEgress;
  let found = cache.get(groupsKey);
  if (found === undefined) cache.set(groupsKey, (found = firstCidrRule(region, groupIds)));
  return found;
}
