// Can Session Manager reach an instance's SSM Agent? (aws-facts §5). Three things must hold:
// an identity (an instance-profile role with the SSM core actions, or Default Host Management
// with IMDSv2 required and a role that exists, trusts ssm.amazonaws.com and allows those actions, §5.3), IMDS reachable so the agent can get credentials (§5.5), and a
// network path on 443 to `ssm` and `ssmmessages` (plus `ec2messages` for agents older than
// 3.3.40.0, §5.2). SSM's own ping status (§5.4) is evidence: Online proves the agent reaches `ssm` only.
import type { Evidence } from '../findings/types.js';
import type { Instance, SsmDefaultHostManagement, SsmManagedInstance } from '../snapshot/types.js';
import { getOrCreate } from '../util/memo.js';
import type { AccountView, RegionView } from '../snapshot/view.js';
import { defaultHostManagementRole, instanceSsmIdentity } from './roles.js';
import { servicePath, type ServicePathResult } from './path/index.js';

/** aws-facts §5.2: from 3.3.40.0 the agent uses ssmmessages instead of ec2messages. */
export const EC2MESSAGES_DROPPED_IN = '3.3.40.0';
/** aws-facts §5.3: Default Host Management needs agent 3.2.582.0 or later. */
export const DHMC_MINIMUM_AGENT = '3.2.582.0';

/** Compares dotted versions numerically; NaN segments compare as 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((s) => Number.parseInt(s, 10) || 0);
  const pb = b.split('.').map((s) => Number.parseInt(s, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The endpoints the agent needs. Without a known version, the current agent's needs. */
export function requiredSsmServices(agentVersion: string | undefined): string[] {
  const services = ['ssm', 'ssmmessages'];
  if (agentVersion !== undefined && compareVersions(agentVersion, EC2MESSAGES_DROPPED_IN) < 0)
    services.push('ec2messages');
  return services;
}

export interface SsmIdentity {
  verdict: 'granted' | 'not-granted' | 'indeterminate';
  /** `role` or `default-host-management` when granted. */
  source?: 'role' | 'default-host-management';
  reason: string;
  evidence: Evidence[];
}

// The region's Default Host Management setting, one evidence object per region shared by every
// instance it explains (memory at a million findings, BENCHMARKS.md).
const settingEvidence = new WeakMap<RegionView, Evidence>();

function defaultHostManagementEvidence(region: RegionView, dhmc: SsmDefaultHostManagement): Evidence {
  return getOrCreate(settingEvidence, region, () => ({
    kind: 'ssm-setting',
    summary: `Default Host Management is ${dhmc.enabled ? `enabled (role ${dhmc.roleName ?? '?'})` : 'disabled'} in ${region.region}`,
    details: { enabled: dhmc.enabled, roleName: dhmc.roleName ?? null },
  }));
}

export function ssmIdentity(
  region: RegionView,
  account: AccountView,
  instance: Instance,
  ping: SsmManagedInstance | undefined,
): SsmIdentity {
  const imds = instance.metadataOptions;
  if (imds?.httpEndpoint === 'disabled') {
    // The agent reads its region, identity and credentials from IMDS (§5.5).
    return {
      verdict: 'not-granted',
      reason: 'its instance metadata service is disabled, so the agent can get no credentials',
      evidence: [
        {
          kind: 'metadata-options',
          summary: `${instance.id} has HttpEndpoint disabled`,
          resourceId: instance.id,
          details: { httpEndpoint: imds.httpEndpoint, httpTokens: imds.httpTokens },
        },
      ],
    };
  }
  const role = instanceSsmIdentity(account, instance);
  if (role.verdict === 'granted')
    return { verdict: 'granted', source: 'role', reason: role.reason, evidence: role.evidence };

  const dhmc = region.data.ssmDefaultHostManagement;
  const dhmcKnown = region.isCollected('ssmDefaultHostManagement') && dhmc !== undefined;
  const dhmcEvidence: Evidence[] = dhmcKnown ? [defaultHostManagementEvidence(region, dhmc)] : [];
  if (dhmcKnown && dhmc.enabled) {
    const tokens = imds?.httpTokens;
    const oldAgent =
      ping?.agentVersion !== undefined && compareVersions(ping.agentVersion, DHMC_MINIMUM_AGENT) < 0;
    const imdsEvidence: Evidence = {
      kind: 'metadata-options',
      summary: `${instance.id} HttpTokens is ${tokens ?? 'unknown'}`,
      resourceId: instance.id,
      details: { httpTokens: tokens ?? null },
    };
    if (tokens === 'required' && !oldAgent) {
      // The setting is only as good as its role: checked like an instance role (issue 20 item 7).
      const dhmcRole = defaultHostManagementRole(account, dhmc.roleName, instance.arn);
      if (dhmcRole.verdict === 'granted') {
        return {
          verdict: 'granted',
          source: 'default-host-management',
          reason: 'Default Host Management applies (IMDSv2 required)',
          evidence: [...dhmcEvidence, imdsEvidence, ...dhmcRole.evidence],
        };
      }
      if (role.verdict === 'not-granted' || dhmcRole.verdict === 'indeterminate') {
        return {
          verdict: role.verdict === 'not-granted' ? dhmcRole.verdict : 'indeterminate',
          reason: `${role.reason}, and ${dhmcRole.reason}`,
          evidence: [...role.evidence, ...dhmcEvidence, ...dhmcRole.evidence],
        };
      }
    }
    if (tokens === undefined && role.verdict === 'not-granted') {
      return {
        verdict: 'indeterminate',
        reason: `${role.reason}, and its IMDS settings are unknown for Default Host Management`,
        evidence: [...role.evidence, ...dhmcEvidence],
      };
    }
    if (role.verdict === 'not-granted') {
      return {
        verdict: 'not-granted',
        reason: `${role.reason}, and Default Host Management does not apply (${oldAgent ? `agent ${ping?.agentVersion ?? '?'} is older than ${DHMC_MINIMUM_AGENT}` : 'IMDSv1 is allowed'})`,
        evidence: [...role.evidence, ...dhmcEvidence, imdsEvidence],
      };
    }
  }
  if (role.verdict === 'indeterminate')
    return { verdict: 'indeterminate', reason: role.reason, evidence: [...role.evidence, ...dhmcEvidence] };
  if (!dhmcKnown) {
    return {
      verdict: 'indeterminate',
      reason: `${role.reason}, and the Default Host Management setting was not collected`,
      evidence: role.evidence,
    };
  }
  return {
    verdict: 'not-granted',
    reason: `${role.reason}, and Default Host Management is disabled`,
    evidence: [...role.evidence, ...dhmcEvidence],
  };
}

export interface SsmReachability {
  identity: SsmIdentity;
  path: ServicePathResult;
  services: string[];
  ping: SsmManagedInstance | undefined;
}

/** SSM's record of the instance's agent; undefined when SSM was not read or does not list it. */
export function ssmPing(region: RegionView, instance: Instance): SsmManagedInstance | undefined {
  return region.isCollected('ssmInstances') ? region.ssmInstance(instance.id) : undefined;
}

export function ssmReachability(
  region: RegionView,
  account: AccountView,
  instance: Instance,
): SsmReachability {
  const ping = ssmPing(region, instance);
  const services = requiredSsmServices(ping?.agentVersion);
  return {
    identity: ssmIdentity(region, account, instance, ping),
    path: servicePath(region, instance, services),
    services,
    ping,
  };
}
