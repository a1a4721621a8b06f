// The IAM (global) part of one account: users, roles, instance profiles and managed policies,
// with ids in AWS's shape (`AIDA…`, `AROA…`) derived from the name so fixtures stay stable.
import type {
  GlobalKind,
  GlobalSnapshot,
  IamInstanceProfile,
  IamManagedPolicy,
  IamRole,
  IamUser,
} from '../../../src/snapshot/types.js';
import { GLOBAL_KINDS } from '../../../src/snapshot/types.js';
import { blankGlobal } from '../../../src/snapshot/blank.js';
import { DEFAULT_ACCOUNT, DEFAULT_PARTITION, type Fields } from './region-core.js';

export function emptyGlobal(): GlobalSnapshot {
  const data = blankGlobal();
  for (const kind of GLOBAL_KINDS) data.collection[kind] = 'collected';
  return data;
}

/** Builds the IAM (global) part of one account. */
export class GlobalBuilder {
  readonly data: GlobalSnapshot = emptyGlobal();
  readonly accountId: string;
  readonly partition: string;

  constructor(accountId = DEFAULT_ACCOUNT, partition = DEFAULT_PARTITION) {
    this.accountId = accountId;
    this.partition = partition;
  }

  arn(resourcePath: string): string {
    return `arn:${this.partition}:iam::${this.accountId}:${resourcePath}`;
  }

  setCollection(kind: GlobalKind, state: GlobalSnapshot['collection'][GlobalKind] | undefined): this {
    if (state === undefined) delete this.data.collection[kind];
    else this.data.collection[kind] = state;
    return this;
  }

  user(name: string, fields: Fields<IamUser, 'name'> = {}): IamUser {
    const user: IamUser = {
      id: `AIDA${name
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '')
        .padEnd(16, 'X')
        .slice(0, 16)}`,
      arn: this.arn(`user/${name}`),
      name,
      createDate: '2024-01-01T00:00:00Z',
      accessKeys: [],
      ...fields,
    };
    this.data.users.push(user);
    return user;
  }

  role(name: string, fields: Fields<IamRole, 'name'> = {}): IamRole {
    const role: IamRole = {
      id: `AROA${name
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '')
        .padEnd(16, 'X')
        .slice(0, 16)}`,
      arn: this.arn(`role/${name}`),
      name,
      attachedPolicies: [],
      inlinePolicies: [],
      ...fields,
    };
    this.data.roles.push(role);
    return role;
  }

  instanceProfile(
    name: string,
    roleNames: string[],
    fields: Fields<IamInstanceProfile, 'name' | 'roleNames'> = {},
  ): IamInstanceProfile {
    const profile: IamInstanceProfile = {
      id: `AIPA${name
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '')
        .padEnd(16, 'X')
        .slice(0, 16)}`,
      arn: this.arn(`instance-profile/${name}`),
      name,
      roleNames,
      ...fields,
    };
    this.data.instanceProfiles.push(profile);
    return profile;
  }

  policy(name: string, fields: Fields<IamManagedPolicy, 'name'> = {}): IamManagedPolicy {
    const policy: IamManagedPolicy = {
      id: `ANPA${name
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '')
        .padEnd(16, 'X')
        .slice(0, 16)}`,
      arn: this.arn(`policy/${name}`),
      name,
      ...fields,
    };
    this.data.policies.push(policy);
    return policy;
  }
}
