// The normalised, versioned snapshot: the one contract between collection and evaluation.
// Records are our own camelCase shapes holding only what rules need; SDK types never reach here.
// References are IDs (a subnet knows its vpcId); relationships are resolved by src/analysis.
// No secret ever lands here: user data is reduced to a redacted scan result at collection time.
//
// This module is the barrel: the types live in ./types/, one module per service, and the kind table
// in ./types/kinds.ts. The published JSON Schema is generated from them (`npm run schemas`).
export * from './types/common.js';
export * from './types/kinds.js';
export * from './types/vpc.js';
export * from './types/ec2.js';
export * from './types/ssm-rds.js';
export * from './types/workloads.js';
export * from './types/iam.js';
export * from './types/snapshot.js';
