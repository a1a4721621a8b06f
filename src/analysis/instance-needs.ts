// What an EC2 instance needs to reach (design.md "Workloads and paths", its *intent*): the endpoint
// services its instance-profile role's identity policies use (service-needs.ts), through the
// instance → profile → role resolution of instance-roles.ts (aws-facts §4.1). An instance without
// role credentials needs nothing the path engine can judge; unread IAM data makes it undecided.
import type { Evidence } from '../findings/types.js';
import type { GlobalKind, IamRole, Instance } from '../snapshot/types.js';
import type { AccountView } from '../snapshot/view.js';
import { getOrCreate } from '../util/memo.js';
import { resolveInstanceRoles } from './instance-roles.js';
import { roleServiceNeeds, type ServiceNeed, type ServiceNeeds } from './service-needs.js';

export type InstanceNeeds =
  /** No profile, a profile without a role, or a profile that is gone: no role credentials. */
  | { status: 'no-role'; reason: string; evidence: Evidence[] }
  /** The role or its policies could not be read: `missing` says what, `missingKinds` which kinds. */
  | { status: 'undecided'; reason: string; missingKinds: GlobalKind[]; evidence: Evidence[] }
  | {
      status: 'decided';
      /** The role names, for messages. */
      roles: string[];
      /** Endpoint services needed, sorted by name, each with the policies that make it a need. */
      needs: ServiceNeed[];
      /** IAM prefixes granted that have no regional VPC endpoint (`iam`, `route53`). */
      withoutEndpoint: string[];
      evidence: Evidence[];
    };

// One answer per role and evaluation: many instances share a role (BENCHMARKS.md, 1 role per 50).
const byRole = new WeakMap<IamRole, ServiceNeeds>();

function needsOfRole(account: AccountView, role: IamRole): ServiceNeeds {
  return getOrCreate(byRole, role, () => roleServiceNeeds(account, role));
}

/** One evidence item per need: "app-role uses dynamodb (dynamodb actions in job-state)". */
export function needEvidence(role: string, need: ServiceNeed): Evidence {
  const because = need.because.map((b) => `${b.prefix} actions in ${b.policy}`);
  return {
    kind: 'service-need',
    summary: `${role} uses ${need.service} (${[...new Set(because)].join(', ')})`,
    details: { role, service: need.service, because: need.because.map((b) => ({ ...b })) },
  };
}

/** The services `instance`'s role uses, per the module comment. */
export function instanceServiceNeeds(account: AccountView, instance: Instance): InstanceNeeds {
  const resolution = resolveInstanceRoles(account, instance);
  switch (resolution.status) {
    case 'no-profile':
      return { status: 'no-role', reason: 'it has no instance profile', evidence: resolution.evidence };
    case 'profile-without-role':
      return {
        status: 'no-role',
        reason: `its instance profile ${resolution.profile.name} has no role`,
        evidence: resolution.evidence,
      };
    case 'profile-not-found':
      return {
        status: 'no-role',
        reason: `its instance profile ${resolution.profileArn} no longer exists`,
        evidence: resolution.evidence,
      };
    case 'unknown':
      return {
        status: 'undecided',
        reason: resolution.reason,
        missingKinds: resolution.missingKinds,
        evidence: resolution.evidence,
      };
    case 'resolved':
      break;
  }
  if (resolution.missingRoleNames.length > 0 || resolution.roles.length === 0) {
    return {
      status: 'undecided',
      reason: `role ${resolution.missingRoleNames.join(', ')} of profile ${resolution.profile.name} is not in the IAM role list`,
      missingKinds: [],
      evidence: resolution.evidence,
    };
  }
  const services = new Map<string, ServiceNeed>();
  const withoutEndpoint = new Set<string>();
  const missing: string[] = [];
  const missingKinds = new Set<GlobalKind>();
  const evidence: Evidence[] = [...resolution.evidence];
  for (const role of resolution.roles) {
    const needs = needsOfRole(account, role);
    missing.push(...needs.missing);
    for (const kind of needs.missingKinds) missingKinds.add(kind);
    for (const prefix of needs.withoutEndpoint) withoutEndpoint.add(prefix);
    for (const need of needs.needs) {
      evidence.push(needEvidence(role.name, need));
      const known = services.get(need.service);
      if (known) known.because.push(...need.because);
      else services.set(need.service, { service: need.service, because: [...need.because] });
    }
  }
  if (missing.length > 0)
    return {
      status: 'undecided',
      reason: missing.join('; '),
      missingKinds: [...missingKinds],
      evidence,
    };
  return {
    status: 'decided',
    roles: resolution.roles.map((r) => r.name),
    needs: [...services.values()].sort((a, b) => a.service.localeCompare(b.service)),
    withoutEndpoint: [...withoutEndpoint].sort(),
    evidence,
  };
}
