// The least-privilege IAM policy for a collection plan, generated from the collectors' declared
// permissions so it cannot drift from what the code sends (style.md "typed collectors as data").
import type { ResourceKind } from '../snapshot/types.js';
import { collectorFor } from './collectors/index.js';
import { kindsWithDependencies } from './plan.js';

/** Always needed: enumerate regions. sts:GetCallerIdentity needs no permission (aws-facts §6.3). */
const BASE_ACTIONS = ['ec2:DescribeRegions'];

export function actionsFor(kinds: Iterable<ResourceKind>): string[] {
  const actions = new Set(BASE_ACTIONS);
  for (const kind of kindsWithDependencies(kinds))
    for (const action of collectorFor(kind).permissions) actions.add(action);
  return [...actions].sort();
}

export interface IamPolicyDocument {
  Version: '2012-10-17';
  Statement: { Sid: string; Effect: 'Allow'; Action: string[]; Resource: '*' }[];
}

export function leastPrivilegePolicy(kinds: Iterable<ResourceKind>): IamPolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [{ Sid: 'AwsAuditRead', Effect: 'Allow', Action: actionsFor(kinds), Resource: '*' }],
  };
}
