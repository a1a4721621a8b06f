// IAM records (global per partition): users, roles, instance profiles, customer-managed policies
// and the normalised policy document they share with VPC endpoint policies.
import type { NonEmptyString, Resource } from './common.js';

export interface AccessKey {
  accessKeyId: NonEmptyString;
  status: string;
  createDate: string;
  lastUsedDate?: string;
  lastUsedService?: string;
  lastUsedRegion?: string;
}

export interface IamUser extends Resource {
  name: NonEmptyString;
  path?: string;
  createDate: string;
  passwordEnabled?: boolean;
  passwordLastUsed?: string;
  mfaActive?: boolean;
  accessKeys: AccessKey[];
}

export type PolicyStatementValue = string[];

export interface PolicyStatement {
  sid?: string;
  effect: 'Allow' | 'Deny';
  action?: string[];
  notAction?: string[];
  resource?: string[];
  notResource?: string[];
  /** Operator → condition key → values, as in IAM JSON (values normalised to arrays). */
  condition?: Record<string, Record<string, string[]>>;
  principal?: '*' | Record<string, string[]>;
}

/** An IAM policy document, statements normalised to arrays of arrays. */
export interface PolicyDocument {
  version?: string;
  statements: PolicyStatement[];
}

export interface AttachedPolicy {
  name: string;
  arn: string;
}

export interface InlinePolicy {
  name: string;
  document?: PolicyDocument;
}

export interface IamRole extends Resource {
  name: NonEmptyString;
  path?: string;
  createDate?: string;
  attachedPolicies: AttachedPolicy[];
  inlinePolicies: InlinePolicy[];
  roleLastUsed?: string;
  /** Its trust policy (AssumeRolePolicyDocument); absent in snapshots from before it was kept. */
  trustPolicy?: PolicyDocument;
}

export interface IamInstanceProfile extends Resource {
  name: NonEmptyString;
  path?: string;
  roleNames: string[];
}

/** Customer-managed policies, with their default version document when read. */
export interface IamManagedPolicy extends Resource {
  name: NonEmptyString;
  document?: PolicyDocument;
}

/** The IAM lists of an account: these members of `GlobalSnapshot` (named in the kind table). */
export interface IamGlobalPart {
  users: IamUser[];
  roles: IamRole[];
  instanceProfiles: IamInstanceProfile[];
  policies: IamManagedPolicy[];
}
