// Typed builders for snapshots: the fixtures of rule and analysis tests, the demo account
// (scripts/demo-account.ts), and the synthetic accounts of the benchmarks (bench/generate.ts).
// Defaults are the AWS defaults (a new VPC's state), so a fixture states only what its case is
// about.
//
// Test support, not product: the package never ships it (package.json "files"), and src/ and the
// rules may not import it (eslint.layers.js). One module per service; `RegionBuilder` gathers the
// regional ones through a chain of classes (region-core → network → compute → workloads).
export { buildAccount, buildSnapshot, singleRegionSnapshot, type AccountParts } from './account.js';
export { GlobalBuilder, emptyGlobal } from './iam.js';
export { DEFAULT_ACCOUNT, DEFAULT_PARTITION, emptyRegion } from './region-core.js';
export { defaultNaclEntries, naclEntry, route, sgRule } from './shorthands.js';
export { RegionBuilder } from './workloads.js';
