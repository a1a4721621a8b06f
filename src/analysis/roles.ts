// Role reasoning, by module: instance → profile → role (instance-roles.ts), role → policies
// (role-policies.ts, over the AWS managed excerpts in managed-policy-excerpts.ts), the SSM core
// grant and an instance's SSM identity (ssm-identity.ts), and the Default Host Management role
// (default-host-management.ts). This module is their common entry point, so importers that
// predate the split (rules, ssm-reachability.ts) keep their import path.
export { profileNameFromArn, resolveInstanceRoles, type InstanceRoleResolution } from './instance-roles.js';
export { rolePolicies, type RolePolicies } from './role-policies.js';
export { AWS_MANAGED_EXCERPTS, isAwsManagedPolicyArn } from './managed-policy-excerpts.js';
export {
  SSM_CORE_ACTIONS,
  grantsSsmCore,
  instanceSsmIdentity,
  type InstanceSsmIdentity,
  type SsmCoreGrant,
} from './ssm-identity.js';
export {
  DHMC_SERVICE_PRINCIPAL,
  defaultHostManagementRole,
  trustsService,
  type DefaultHostManagementRole,
  type TrustDecision,
} from './default-host-management.js';
