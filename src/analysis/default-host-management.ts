// The Default Host Management role (aws-facts §5.3; issue 20 item 7): whether Systems Manager may
// assume it (its trust policy) and whether it grants SSM Agent its core permissions.
import type { Evidence } from '../findings/types.js';
import type { IamRole, PolicyDocument } from '../snapshot/types.js';
import type { AccountView } from '../snapshot/view.js';
import { iamPatternMatches } from './iam-policy.js';
import { grantsSsmCore } from './ssm-identity.js';

/** The service principal Systems Manager assumes the Default Host Management role as. */
export const DHMC_SERVICE_PRINCIPAL = 'ssm.amazonaws.com';

export interface TrustDecision {
  verdict: 'trusts' | 'does-not-trust' | 'indeterminate';
  reason: string;
}

/**
 * Whether the role's trust policy lets `service` assume it: an Allow of sts:AssumeRole for that
 * service principal and no Deny of it. A Condition on the deciding statement leaves it
 * indeterminate (the snapshot cannot evaluate it).
 */
export function trustsService(role: IamRole, service: string): TrustDecision {
  const document = role.trustPolicy;
  if (!document)
    return { verdict: 'indeterminate', reason: `the trust policy of ${role.name} is not in the snapshot` };
  const names = (s: PolicyDocument['statements'][number]): boolean =>
    s.principal === '*' ||
    (s.principal !== undefined && (s.principal.Service ?? []).some((p) => p.toLowerCase() === service));
  const assumes = (s: PolicyDocument['statements'][number]): boolean =>
    (s.action ?? []).some((p) => iamPatternMatches(p, 'sts:AssumeRole', true)) ||
    (s.notAction !== undefined && !s.notAction.some((p) => iamPatternMatches(p, 'sts:AssumeRole', true)));
  const relevant = document.statements.filter((s) => names(s) && assumes(s));
  const conditional = (s: PolicyDocument['statements'][number]): boolean =>
    s.condition !== undefined && Object.keys(s.condition).length > 0;
  const deny = relevant.find((s) => s.effect === 'Deny');
  if (deny && !conditional(deny))
    return { verdict: 'does-not-trust', reason: `its trust policy denies ${service} sts:AssumeRole` };
  const allow = relevant.find((s) => s.effect === 'Allow' && !conditional(s));
  if (allow && !deny) return { verdict: 'trusts', reason: `its trust policy lets ${service} assume it` };
  if (allow || relevant.some((s) => s.effect === 'Allow'))
    return {
      verdict: 'indeterminate',
      reason: `its trust policy lets ${service} assume it only under a Condition`,
    };
  return { verdict: 'does-not-trust', reason: `its trust policy does not let ${service} assume it` };
}

export interface DefaultHostManagementRole {
  verdict: 'granted' | 'not-granted' | 'indeterminate';
  /** One clause: "role X does not trust ssm.amazonaws.com". */
  reason: string;
  evidence: Evidence[];
}

/**
 * Whether the role Default Host Management names can give instances an identity: it exists, trusts
 * ssm.amazonaws.com, and allows the SSM core actions (AmazonSSMManagedEC2InstanceDefaultPolicy
 * level), judged like an instance role.
 */
export function defaultHostManagementRole(
  account: AccountView,
  roleName: string | undefined,
  instanceArn: string,
): DefaultHostManagementRole {
  if (roleName === undefined || roleName === '')
    return { verdict: 'not-granted', reason: 'Default Host Management names no role', evidence: [] };
  // The setting may hold a path (`service-role/Name`); IAM looks roles up by their name.
  const name = roleName.slice(roleName.lastIndexOf('/') + 1);
  if (!account.isCollected('iamRoles'))
    return {
      verdict: 'indeterminate',
      reason: `IAM roles could not be read to check Default Host Management role ${name}`,
      evidence: [],
    };
  const role = account.role(name);
  const roleEvidence = (summary: string): Evidence => ({
    kind: 'iam-role',
    summary,
    resourceId: role?.arn ?? name,
    details: { role: name, purpose: 'default-host-management' },
  });
  if (!role)
    return {
      verdict: 'not-granted',
      reason: `Default Host Management role ${name} does not exist`,
      evidence: [roleEvidence(`Default Host Management role ${name} is not in the account's role list`)],
    };
  const trust = trustsService(role, DHMC_SERVICE_PRINCIPAL);
  if (trust.verdict !== 'trusts') {
    return {
      verdict: trust.verdict === 'indeterminate' ? 'indeterminate' : 'not-granted',
      reason: `Default Host Management role ${name}: ${trust.reason}`,
      evidence: [roleEvidence(`Default Host Management role ${name}: ${trust.reason}`)],
    };
  }
  const grant = grantsSsmCore(account, role, instanceArn);
  return {
    verdict: grant.verdict,
    reason: `Default Host Management role ${name}: ${grant.reason}`,
    evidence: [roleEvidence(`Default Host Management role ${name}: ${trust.reason}`), ...grant.evidence],
  };
}
