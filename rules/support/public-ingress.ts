// Shared evaluation for "no world-open ingress to port(s) X" rules (SSH, RDP, database ports):
// the whole internet — exact 0.0.0.0/0 or ::/0, or sources that together cover all of IPv4 or IPv6
// (directly or in prefix lists) — over tcp or -1, ranges that cover the port, and optionally udp
// ports too (RDP); severity raised or lowered by where the group is attached (aws-facts §3.4, §3.5).
import {
  defineRegionalRule,
  fail,
  missingDataEvidence,
  pass,
  regionalRef,
  unknown,
} from '../../src/engine/define-rule.js';
import type { RegionalRule, RuleMeta, RuleResult, Severity } from '../../src/engine/types.js';
import { groupExposure, type ExposureLevel } from '../../src/analysis/group-exposure.js';
import { worldOpenIngress } from '../../src/analysis/world-open.js';
import { getOrCreate } from '../../src/util/memo.js';
import type { RegionalRuleContext } from '../../src/engine/types.js';

export interface PublicIngressRuleSpec {
  meta: Omit<RuleMeta, 'scope' | 'resourceKind' | 'requires' | 'service' | 'resourceType'>;
  /** Human name of what the ports carry, e.g. "SSH". */
  label: string;
  ports: readonly number[];
  /** UDP ports the protocol also uses (RDP's UDP transport on 3389, aws-facts §3.4). */
  udpPorts?: readonly number[];
  /** What each port carries, named in messages (e.g. `5432` → `PostgreSQL`). */
  portNames?: Readonly<Record<number, string>>;
  /** Severity by exposure; `attached` is normally the rule default. */
  severityByExposure: Record<ExposureLevel, Severity>;
}

const EXPOSURE_PHRASE: Record<ExposureLevel, string> = {
  internet: 'and is attached to an interface with a public address in a public subnet',
  attached: 'and is attached to interfaces that are not reachable from the internet',
  unattached: 'but is attached to no network interface',
};

const EXPOSURE_GRADE: Record<ExposureLevel, string> = {
  internet: 'attached to an interface with a public address in a public subnet',
  attached: 'attached only to interfaces not reachable from the internet',
  unattached: 'attached to no network interface',
};

export function definePublicIngressRule(spec: PublicIngressRuleSpec): RegionalRule {
  return defineRegionalRule({
    grading: (['internet', 'attached', 'unattached'] as const).map((level) => ({
      severity: spec.severityByExposure[level],
      when: EXPOSURE_GRADE[level],
    })),
    meta: {
      ...spec.meta,
      service: 'ec2',
      resourceType: 'AWS::EC2::SecurityGroup',
      scope: 'regional',
      resourceKind: 'securityGroups',
      requires: [
        'securityGroups',
        'networkInterfaces',
        'subnets',
        'routeTables',
        'prefixLists',
        'vpcBlockPublicAccess',
      ],
    },
    *evaluate({ region }: RegionalRuleContext): Iterable<RuleResult> {
      const canJudgeExposure = region.missing(['networkInterfaces', 'subnets', 'routeTables']).length === 0;
      for (const group of region.data.securityGroups) {
        const ref = regionalRef(region, 'AWS::EC2::SecurityGroup', group);
        const tcp = worldOpenIngress(region, group, spec.ports);
        const udp = spec.udpPorts ? worldOpenIngress(region, group, spec.udpPorts, 'udp') : undefined;
        const matches = udp ? [...tcp.matches, ...udp.matches] : tcp.matches;
        const unresolvedLists = [
          ...new Set([...tcp.unresolvedPrefixLists, ...(udp?.unresolvedPrefixLists ?? [])]),
        ];
        const groupLabel = `Security group ${group.id} (${group.name})`;
        if (matches.length === 0) {
          if (unresolvedLists.length > 0) {
            yield unknown(
              ref,
              `${groupLabel} allows ${spec.label} from prefix list(s) ${unresolvedLists.join(', ')} whose entries could not be read.`,
              [...missingDataEvidence(region, ['prefixLists'])],
            );
          } else {
            yield pass(ref, `${groupLabel} does not allow ${spec.label} from 0.0.0.0/0 or ::/0.`);
          }
          continue;
        }
        const tcpPorts = tcp.openPorts.length === 0 ? [] : [openPortsPhrase(spec, tcp.openPorts)];
        const udpPorts = udp && udp.openPorts.length > 0 ? [`udp ${udp.openPorts.join(', ')}`] : [];
        const ports = [...tcpPorts, ...udpPorts].join(' and ');
        const sources = [
          ...new Set(matches.map((m) => m.details?.source).filter((s) => typeof s === 'string')),
        ].join(' and ');
        if (!canJudgeExposure) {
          yield fail(
            ref,
            `${groupLabel} allows ${spec.label} (${ports}) from ${sources}; its attachments could not be read.`,
            [
              ...matches,
              ...missingDataEvidence(region, region.missing(['networkInterfaces', 'subnets', 'routeTables'])),
            ],
            spec.severityByExposure.attached,
          );
          continue;
        }
        const exposure = groupExposure(region, group.id);
        // aws-facts §1.2: VPC Block Public Access blocking inbound is why an interface with a
        // public address in a public subnet is not internet-facing; the message says so.
        const phrase = exposure.blockedByBpa
          ? 'and is attached to interfaces with public addresses in public subnets, but VPC Block Public Access blocks inbound internet traffic to them'
          : EXPOSURE_PHRASE[exposure.level];
        yield fail(
          ref,
          `${groupLabel} allows ${spec.label} (${ports}) from ${sources} ${phrase}.`,
          [...matches, ...exposure.evidence],
          spec.severityByExposure[exposure.level],
        );
      }
    },
  });
}

/**
 * The open ports in words. Named ports are always named, grouped by what listens there (`all 17:
 * 1433 SQL Server, 1521/2483 Oracle, …`), so the reader knows which engines to look at; unnamed
 * ports of an all-open multi-port rule are summed up (`all 3`).
 */
function openPortsPhrase(spec: PublicIngressRuleSpec, openPorts: readonly number[]): string {
  const all = spec.ports.length > 1 && openPorts.length === spec.ports.length;
  const names = spec.portNames;
  if (!names)
    return all
      ? `all ${spec.ports.length}`
      : `${openPorts.length > 1 ? 'ports' : 'port'} ${openPorts.join(', ')}`;
  const byName = new Map<string, number[]>();
  for (const port of openPorts) getOrCreate(byName, names[port] ?? '', () => []).push(port);
  const listed = [...byName].map(([name, list]) => `${list.join('/')}${name ? ` ${name}` : ''}`).join(', ');
  if (all) return `all ${spec.ports.length}: ${listed}`;
  return `${openPorts.length > 1 ? 'ports' : 'port'} ${listed}`;
}
