// The fake AWS endpoint: a local HTTP server answering the real AWS SDK v3 clients in AWS wire
// formats, serving accounts described by snapshots. See README.md.
export { startFakeAws } from './server.js';
export { fakeAccountFromSnapshot, synthesiseUserData } from './user-data.js';
export { DEFAULT_THROTTLING, UNFILTERED_UNPAGINATED_ACTIONS } from './throttling.js';
export type { BucketLimits, ThrottlingLimits } from './throttling.js';
export type {
  FakeAws,
  FakeAwsAccount,
  FakeAwsCredentials,
  FakeAwsOptions,
  FakeAwsStats,
  FaultKind,
  FaultRule,
  OperationStats,
  OrganizationSpec,
  RequestRecord,
} from './types.js';
