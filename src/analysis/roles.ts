// Role resolution: instance → instance profile (by ARN) → role(s) → attached managed and inline
// policies, and whether those policies give SSM Agent its core permissions (aws-facts §4.1, §5.3).
// Every answer carries its evidence or the reason it could not be decided; unread IAM data or an
// unknown policy document makes it indeterminate, never a verdict.
import type { Evidence } from '../findings/types.js';
import type { GlobalKind, IamInstanceProfile, IamRole, Instance, PolicyDocument } from '../snapshot/types.js';
import type { AccountView } from '../snapshot/view.js';
import {
  decideAction,
  describeStatement,
  iamPatternMatches,
  resourceCoverageKey,
  type ActionRequest,
  type PolicySource,
} from './iam-policy.js';
import { getOrCreate } from '../util/memo.js';

// ---------------------------------------------------------------------------------------------
// Instance → profile → role

export type InstanceRoleResolution =
  /** DescribeInstances shows no `IamInstanceProfile`: the instance has no role credentials. */
  | { status: 'no-profile'; evidence: Evidence[] }
  /** The profile ARN names no profile in the (fully read) account: deleted or recreated. */
  | { status: 'profile-not-found'; profileArn: string; evidence: Evidence[] }
  /** aws-facts §4.1: a profile with `Roles: []` gives the instance no credentials. */
  | { status: 'profile-without-role'; profile: IamInstanceProfile; evidence: Evidence[] }
  | {
      status: 'resolved';
      profile: IamInstanceProfile;
      roles: IamRole[];
      /** Role names the profile lists but the (fully read) role list lacks. */
      missingRoleNames: string[];
      evidence: Evidence[];
    }
  /** IAM data needed to decide was not collected; `missingKinds` says which. */
  | {
      status: 'unknown';
      profileArn: string;
      profile?: IamInstanceProfile;
      missingKinds: GlobalKind[];
      reason: string;
      evidence: Evidence[];
    };

/** The last path segment of an instance-profile ARN (`…:instance-profile/path/name` → `name`). */
export function profileNameFromArn(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

function profileEvidence(instance: Instance, profile: IamInstanceProfile): Evidence {
  return {
    kind: 'instance-profile',
    summary:
      `${instance.id} uses instance profile ${profile.name}` +
      (profile.roleNames.length > 0 ? ` with role ${profile.roleNames.join(', ')}` : ' with no role'),
    resourceId: profile.arn,
    details: { profileArn: profile.arn, roleNames: profile.roleNames },
  };
}

/**
 * A kind's records are trusted only when its sweep completed: the snapshot contract says a
 * `failed` kind's records may be absent or incomplete (types.ts `CollectionState`).
 */
function wasRead(account: AccountView, kind: GlobalKind): boolean {
  return account.isCollected(kind);
}

export function resolveInstanceRoles(account: AccountView, instance: Instance): InstanceRoleResolution {
  const profileArn = instance.iamInstanceProfileArn;
  if (profileArn === undefined) {
    return {
      status: 'no-profile',
      evidence: [
        {
          kind: 'instance-profile',
          summary: `${instance.id} has no IAM instance profile`,
          resourceId: instance.id,
        },
      ],
    };
  }
  const reference: Evidence = {
    kind: 'instance-profile',
    summary: `${instance.id} references instance profile ${profileArn}`,
    resourceId: profileArn,
    details: { profileArn },
  };
  const profile = wasRead(account, 'iamInstanceProfiles')
    ? account.instanceProfileByArn(profileArn)
    : undefined;
  if (!profile) {
    // Absent from a complete list: the profile is gone. Absent from a partial one: unknown.
    if (!account.isCollected('iamInstanceProfiles')) {
      return {
        status: 'unknown',
        profileArn,
        missingKinds: ['iamInstanceProfiles'],
        reason: 'IAM instance profiles could not be read',
        evidence: [reference],
      };
    }
    return {
      status: 'profile-not-found',
      profileArn,
      evidence: [
        {
          ...reference,
          summary: `${instance.id} references instance profile ${profileArn}, which is not in the account's profile list`,
        },
      ],
    };
  }
  const evidence = [profileEvidence(instance, profile)];
  if (profile.roleNames.length === 0) return { status: 'profile-without-role', profile, evidence };
  const roles: IamRole[] = [];
  const missingRoleNames: string[] = [];
  for (const name of profile.roleNames) {
    const role = wasRead(account, 'iamRoles') ? account.role(name) : undefined;
    if (role) roles.push(role);
    else missingRoleNames.push(name);
  }
  if (missingRoleNames.length > 0 && !account.isCollected('iamRoles')) {
    return {
      status: 'unknown',
      profileArn,
      profile,
      missingKinds: ['iamRoles'],
      reason: 'IAM roles could not be read',
      evidence,
    };
  }
  return { status: 'resolved', profile, roles, missingRoleNames, evidence };
}

// ---------------------------------------------------------------------------------------------
// Role → policies

const AWS_MANAGED_ARN = /^arn:[^:]+:iam::aws:policy\//;

const allow = (actions: string[]): PolicyDocument['statements'][number] => ({
  effect: 'Allow',
  action: actions,
  resource: ['*'],
});

/**
 * What the SSM-core question needs from AWS managed policies whose documents the snapshot may not
 * hold: the relevant statements, copied from the MAMIP snapshot (zoph-io/MAMIP `24b649d3`), or an
 * empty list for well-known policies that contain nothing for ssm / ssmmessages. Any AWS managed
 * policy not listed here, and without a collected document, is unknown.
 */
const AWS_MANAGED_EXCERPTS: Readonly<Record<string, PolicyDocument>> = {
  // aws-facts §5.3: the instance-profile policy SSM documents (v2 in MAMIP).
  AmazonSSMManagedInstanceCore: {
    statements: [
      allow(['ssm:UpdateInstanceInformation', 'ssm:ListInstanceAssociations', 'ssm:GetDocument']),
      allow([
        'ssmmessages:CreateControlChannel',
        'ssmmessages:CreateDataChannel',
        'ssmmessages:OpenControlChannel',
        'ssmmessages:OpenDataChannel',
      ]),
    ],
  },
  // aws-facts §5.3: the Default Host Management policy (v1) holds the same agent actions.
  AmazonSSMManagedEC2InstanceDefaultPolicy: {
    statements: [
      allow(['ssm:UpdateInstanceInformation']),
      allow([
        'ssmmessages:CreateControlChannel',
        'ssmmessages:CreateDataChannel',
        'ssmmessages:OpenControlChannel',
        'ssmmessages:OpenDataChannel',
      ]),
    ],
  },
  // Deprecated predecessor of the core policy (v8 still grants the agent actions).
  AmazonEC2RoleforSSM: {
    statements: [
      allow(['ssm:UpdateInstanceInformation']),
      allow([
        'ssmmessages:CreateControlChannel',
        'ssmmessages:CreateDataChannel',
        'ssmmessages:OpenControlChannel',
        'ssmmessages:OpenDataChannel',
      ]),
    ],
  },
  // v4: `ssm:*` plus the four ssmmessages actions.
  AmazonSSMFullAccess: {
    statements: [
      allow(['ssm:*', 'ec2messages:*']),
      allow([
        'ssmmessages:CreateControlChannel',
        'ssmmessages:CreateDataChannel',
        'ssmmessages:OpenControlChannel',
        'ssmmessages:OpenDataChannel',
      ]),
    ],
  },
  AdministratorAccess: { statements: [allow(['*'])] },
  PowerUserAccess: {
    statements: [{ effect: 'Allow', notAction: ['iam:*', 'organizations:*', 'account:*'], resource: ['*'] }],
  },
  // Common instance-role policies with no ssm:UpdateInstanceInformation and no ssmmessages action.
  AmazonS3ReadOnlyAccess: { statements: [] },
  AmazonS3FullAccess: { statements: [] },
  AmazonEC2ReadOnlyAccess: { statements: [] },
  CloudWatchAgentServerPolicy: { statements: [] },
};

export interface RolePolicies {
  /** Policies whose (relevant) statements are known. */
  known: PolicySource[];
  /** Policies whose documents the snapshot does not hold. */
  unknown: PolicySource[];
}

/** The role's attached managed and inline policies, each with its document when known. */
export function rolePolicies(account: AccountView, role: IamRole): RolePolicies {
  const known: PolicySource[] = [];
  const unknown: PolicySource[] = [];
  for (const attached of role.attachedPolicies) {
    const awsManaged = AWS_MANAGED_ARN.test(attached.arn);
    const source: PolicySource = {
      id: attached.arn,
      name: attached.name,
      kind: awsManaged ? 'aws-managed' : 'customer-managed',
    };
    const document =
      account.managedPolicy(attached.arn)?.document ??
      (awsManaged ? AWS_MANAGED_EXCERPTS[attached.name] : undefined);
    if (document) known.push({ ...source, document });
    else unknown.push(source);
  }
  for (const inline of role.inlinePolicies) {
    const source: PolicySource = {
      id: `inline:${role.name}/${inline.name}`,
      name: inline.name,
      kind: 'inline',
    };
    if (inline.document) known.push({ ...source, document: inline.document });
    else unknown.push(source);
  }
  return { known, unknown };
}

// ---------------------------------------------------------------------------------------------
// SSM core permissions

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

// ---------------------------------------------------------------------------------------------
// Default Host Management role (aws-facts §5.3; issue 20 item 7)

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
