// Role → its attached managed and inline policies, each with its document when the snapshot (or
// the AWS managed excerpts) holds it; the rest are listed as unknown, never guessed.
import type { IamRole } from '../snapshot/types.js';
import type { AccountView } from '../snapshot/view.js';
import type { PolicySource } from './iam-policy.js';
import { AWS_MANAGED_EXCERPTS, isAwsManagedPolicyArn } from './managed-policy-excerpts.js';

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
    const awsManaged = isAwsManagedPolicyArn(attached.arn);
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
