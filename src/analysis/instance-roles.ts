// Instance → instance profile (by ARN) → role(s) (aws-facts §4.1). Every answer carries its
// evidence or the reason it could not be decided; unread IAM data makes it unknown, never a verdict.
import type { Evidence } from '../findings/types.js';
import type { GlobalKind, IamInstanceProfile, IamRole, Instance } from '../snapshot/types.js';
import type { AccountView } from '../snapshot/view.js';

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
