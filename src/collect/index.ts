// Public surface of src/collect (CONTRIBUTING.md "Adding a collector").
export {
  collectSnapshot,
  validateRegions,
  homeRegionFor,
  DEFAULT_HOME_REGION,
  type CollectSnapshotOptions,
} from './collect-snapshot.js';
export {
  collectAccount,
  collectRegion,
  collectGlobal,
  callerIdentity,
  type CollectAccountOptions,
} from './collect-account.js';
export { getCallerIdentity, type Identity } from './caller-identity.js';
export { planFor, planForRules, kindsWithDependencies, type CollectionPlan } from './plan.js';
export { leastPrivilegePolicy, actionsFor } from './permissions.js';
export {
  DEFAULT_LIMITS,
  EC2_DESCRIBE_BUCKET,
  RequestPacer,
  TokenBucket,
  type CollectLimits,
} from './limits.js';
export { classifyError } from './error-classifier.js';
export { scanUserData } from './user-data-scan.js';
export { CredentialError } from './credentials.js';
export { silentLog, type CollectLog, type CallRecord } from './types.js';
