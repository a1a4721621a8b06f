// Whether a role's identity policies give SSM Agent its core permissions, and the identity half of
// SSM reachability for one instance: profile → role → grant (aws-facts §4.1, §5.3). Unread IAM
// data or an unknown policy document makes it indeterminate, never a verdict.
import type { Evidence } from '../findings/types.js';
import type { GlobalKind, IamRole, Instance } from '../snapshot/types.js';
import type { AccountView } from '../snapshot/view.js';
import { getOrCreate } from '../util/memo.js';
import { decideAction, describeStatement, resourceCoverageKey, type ActionRequest } from './iam-policy.js';
import { profileNameFromArn, resolveInstanceRoles } from './instance-roles.js';
import { rolePolicies, type RolePolicies } from './role-policies.js';

/** The actions SSM Agent cannot register or open sessions without (aws-facts §5.3). */
export const SSM_CORE_ACTIONS = [
  'ssm:UpdateInstanceInformation',
  'ssmmessages:CreateControlChannel',
  'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel',
  'ssmmessages:OpenDataChannel',
] as const;

export interface SsmCoreGrant {
  verdict: 'granted' | 'not-granted' | 'indeterminate';
  /** One clause for a message, e.g. "AmazonSSMManagedInstanceCore grants it". */
  reason: string;
  /** Names of the policies whose statements allow the actions. */
  grantedBy: string[];
  evidence: Evidence[];
}

const actsOnInstance = (action: string): boolean => action.startsWith('ssm:');
const INSTANCE_SCOPED_ACTIONS = SSM_CORE_ACTIONS.filter(actsOnInstance);

function requestsFor(instanceArn: string | undefined): ActionRequest[] {
  // ssm:UpdateInstanceInformation acts on the instance; the ssmmessages actions take `*`.
  return SSM_CORE_ACTIONS.map((action) => ({
    action,
    resource: actsOnInstance(action) && instanceArn !== undefined ? instanceArn : '*',
  }));
}

/**
 * Whether the role's identity policies allow every SSM core action (for `instanceArn`, when
 * given), minus explicit Denies. Unknown customer-managed or inline documents leave it
 * indeterminate; unknown AWS managed ones only when the known ones do not already grant it
 * (AWS managed instance policies carry no Deny).
 */
export function grantsSsmCore(account: AccountView, role: IamRole, instanceArn?: string): SsmCoreGrant {
  // Instances sharing a profile ask the same role again and again. The answer depends on the
  // instance only through which statements' Resource covers its ARN for the one instance-scoped
  // action (no text names the ARN), so it is memoised per role and that coverage pattern.
  const memo = getOrCreate(grantMemos, account, () => new WeakMap());
  const byRole = getOrCreate(memo, role, () => ({
    policies: rolePolicies(account, role),
    grants: new Map(),
  }));
  const key = INSTANCE_SCOPED_ACTIONS.map((action) =>
    resourceCoverageKey(byRole.policies.known, action, instanceArn ?? '*'),
  ).join('/');
  const grant = getOrCreate(byRole.grants, key, () => decideSsmCore(role, byRole.policies, instanceArn));
  return grant;
}

const grantMemos = new WeakMap<
  AccountView,
  WeakMap<IamRole, { policies: RolePolicies; grants: Map<string, SsmCoreGrant> }>
>();

function decideSsmCore(role: IamRole, policies: RolePolicies, instanceArn: string | undefined): SsmCoreGrant {
  const decisions = requestsFor(instanceArn).map((request) => ({
    request,
    result: decideAction(policies.known, request),
  }));
  const unknownNames = policies.unknown.map((p) => p.name);
  const unknownEvidence: Evidence[] = policies.unknown.map((p) => ({
    kind: 'iam-policy',
    summary: `role ${role.name}: the document of ${p.kind} policy ${p.name} is not in the snapshot`,
    resourceId: p.id,
    details: { role: role.name, policy: p.name, policyKind: p.kind },
  }));

  const denied = decisions.find((d) => d.result.decision === 'denied');
  if (denied && denied.result.decision === 'denied') {
    return {
      verdict: 'not-granted',
      reason: `${describeStatement(denied.result.by)} explicitly denies ${denied.request.action}`,
      grantedBy: [],
      evidence: [
        {
          kind: 'iam-policy',
          summary: `role ${role.name}: ${describeStatement(denied.result.by)} denies ${denied.request.action}`,
          resourceId: denied.result.by.policyId,
          details: { role: role.name, policy: denied.result.by.policyName, action: denied.request.action },
        },
      ],
    };
  }

  const allowedBy = new Map<string, string[]>();
  for (const d of decisions) {
    if (d.result.decision !== 'allowed') continue;
    const name = describeStatement(d.result.by);
    allowedBy.set(name, [...(allowedBy.get(name) ?? []), d.request.action]);
  }
  const grantedBy = [
    ...new Set(decisions.flatMap((d) => (d.result.decision === 'allowed' ? [d.result.by.policyName] : []))),
  ];
  const allowEvidence: Evidence[] = [...allowedBy].map(([name, actions]) => ({
    kind: 'iam-policy',
    summary: `role ${role.name}: ${name} allows ${actions.join(', ')}`,
    details: { role: role.name, policy: name, actions },
  }));

  const pending = decisions.find((d) => d.result.decision === 'indeterminate');
  if (pending && pending.result.decision === 'indeterminate') {
    return {
      verdict: 'indeterminate',
      reason: `${pending.request.action} depends on ${describeStatement(pending.result.by)}: ${pending.result.why}`,
      grantedBy,
      evidence: [
        ...allowEvidence,
        {
          kind: 'iam-policy',
          summary: `role ${role.name}: ${describeStatement(pending.result.by)} has a Condition on ${pending.request.action}`,
          resourceId: pending.result.by.policyId,
        },
      ],
    };
  }

  const missing = decisions.filter((d) => d.result.decision === 'not-allowed').map((d) => d.request.action);
  if (missing.length === 0) {
    const unknownCanDeny = policies.unknown.filter((p) => p.kind !== 'aws-managed');
    if (unknownCanDeny.length > 0) {
      return {
        verdict: 'indeterminate',
        reason: `${grantedBy.join(' and ')} allow it, but the documents of ${unknownCanDeny.map((p) => p.name).join(', ')} are unknown and could deny it`,
        grantedBy,
        evidence: [...allowEvidence, ...unknownEvidence],
      };
    }
    return {
      verdict: 'granted',
      reason: `${grantedBy.join(' and ')} ${grantedBy.length > 1 ? 'grant' : 'grants'} the SSM core actions`,
      grantedBy,
      evidence: allowEvidence,
    };
  }
  if (policies.unknown.length > 0) {
    return {
      verdict: 'indeterminate',
      reason: `no known policy allows ${missing.join(', ')} and the documents of ${unknownNames.join(', ')} are unknown`,
      grantedBy,
      evidence: [...allowEvidence, ...unknownEvidence],
    };
  }
  return {
    verdict: 'not-granted',
    reason: `no attached or inline policy allows ${missing.join(', ')}`,
    grantedBy,
    evidence: [
      ...allowEvidence,
      {
        kind: 'iam-policy',
        summary: `role ${role.name}: no policy allows ${missing.join(', ')}`,
        details: {
          role: role.name,
          missing,
          policies: policies.known.map((p) => p.name),
        },
      },
    ],
  };
}

/** The identity half of SSM reachability for one instance: profile → role → SSM core grant. */
export interface InstanceSsmIdentity {
  verdict: 'granted' | 'not-granted' | 'indeterminate';
  reason: string;
  /** The role that grants it, when granted. */
  roleName?: string;
  /** IAM kinds whose absence made it indeterminate. */
  missingKinds: GlobalKind[];
  evidence: Evidence[];
}

export function instanceSsmIdentity(account: AccountView, instance: Instance): InstanceSsmIdentity {
  const resolution = resolveInstanceRoles(account, instance);
  switch (resolution.status) {
    case 'no-profile':
      return {
        verdict: 'not-granted',
        reason: 'it has no instance profile',
        missingKinds: [],
        evidence: resolution.evidence,
      };
    case 'profile-not-found':
      return {
        verdict: 'not-granted',
        reason: `its instance profile ${profileNameFromArn(resolution.profileArn)} does not exist`,
        missingKinds: [],
        evidence: resolution.evidence,
      };
    case 'profile-without-role':
      return {
        verdict: 'not-granted',
        reason: `its instance profile ${resolution.profile.name} contains no role`,
        missingKinds: [],
        evidence: resolution.evidence,
      };
    case 'unknown':
      return {
        verdict: 'indeterminate',
        reason: resolution.reason,
        missingKinds: resolution.missingKinds,
        evidence: resolution.evidence,
      };
    case 'resolved':
      break;
  }
  const grants = resolution.roles.map((role) => ({
    role,
    grant: grantsSsmCore(account, role, instance.arn),
  }));
  const granted = grants.find((g) => g.grant.verdict === 'granted');
  if (granted) {
    return {
      verdict: 'granted',
      reason: `role ${granted.role.name}: ${granted.grant.reason}`,
      roleName: granted.role.name,
      missingKinds: [],
      evidence: [...resolution.evidence, ...granted.grant.evidence],
    };
  }
  const undecided = grants.find((g) => g.grant.verdict === 'indeterminate');
  if (undecided) {
    return {
      verdict: 'indeterminate',
      reason: `role ${undecided.role.name}: ${undecided.grant.reason}`,
      missingKinds: account.isCollected('iamPolicies') ? [] : ['iamPolicies'],
      evidence: [...resolution.evidence, ...undecided.grant.evidence],
    };
  }
  if (resolution.roles.length === 0) {
    return {
      verdict: 'indeterminate',
      reason: `role ${resolution.missingRoleNames.join(', ')} of profile ${resolution.profile.name} is not in the role list`,
      missingKinds: [],
      evidence: resolution.evidence,
    };
  }
  const first = grants[0];
  return {
    verdict: 'not-granted',
    reason: first ? `role ${first.role.name}: ${first.grant.reason}` : 'no role grants it',
    missingKinds: [],
    evidence: [...resolution.evidence, ...grants.flatMap((g) => g.grant.evidence)],
  };
}
