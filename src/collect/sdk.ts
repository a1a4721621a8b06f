// The AWS SDK client packages, loaded with `require` rather than `import`, one package at a time on
// first use. Why: each package is CommonJS without a `"type"` field, and Node 20 parses such a file
// three times when ESM imports it (format detection, cjs-module-lexer for the named exports, then
// the CommonJS compile); `require` compiles it once. EC2's dist-cjs/index.js alone is 2 MB, so a
// live scan spends less CPU before its first request (BENCHMARKS.md "Live scans").
// Each getter is typed as the package's ESM namespace, so callers destructure classes, commands and
// paginators exactly as they would import them; types still come from `import type`. Jest's
// `createRequire` hands out the same module registry as its `import` of a CommonJS package, so
// `aws-sdk-client-mock` (which patches `Client.prototype.send`) mocks the classes used here.
import { createRequire } from 'node:module';
import type * as Ec2 from '@aws-sdk/client-ec2';
import type * as Ecs from '@aws-sdk/client-ecs';
import type * as Iam from '@aws-sdk/client-iam';
import type * as Lambda from '@aws-sdk/client-lambda';
import type * as Organizations from '@aws-sdk/client-organizations';
import type * as Rds from '@aws-sdk/client-rds';
import type * as Ssm from '@aws-sdk/client-ssm';
import type * as Sts from '@aws-sdk/client-sts';

const require = createRequire(import.meta.url);

// One getter per package, not one object with all of them: a command that needs STS alone (the
// caller's identity) loads STS alone. `require` caches, so later calls cost a lookup.
export const ec2Sdk = (): typeof Ec2 => require('@aws-sdk/client-ec2') as typeof Ec2;
export const ecsSdk = (): typeof Ecs => require('@aws-sdk/client-ecs') as typeof Ecs;
export const iamSdk = (): typeof Iam => require('@aws-sdk/client-iam') as typeof Iam;
export const lambdaSdk = (): typeof Lambda => require('@aws-sdk/client-lambda') as typeof Lambda;
export const organizationsSdk = (): typeof Organizations =>
  require('@aws-sdk/client-organizations') as typeof Organizations;
export const rdsSdk = (): typeof Rds => require('@aws-sdk/client-rds') as typeof Rds;
export const ssmSdk = (): typeof Ssm => require('@aws-sdk/client-ssm') as typeof Ssm;
export const stsSdk = (): typeof Sts => require('@aws-sdk/client-sts') as typeof Sts;

/**
 * The SDK's warning that releases after January 2027 need Node 22 (8 lines on stderr, once per
 * process) is for the people who choose the Node version, not for scan users; package.json states
 * the engines. Off wherever clients are made (clients.ts) and once before any CLI command runs (the
 * `preAction` hook of cli/program.ts, which imports only this light module), so the credential
 * providers' own STS clients are covered too. An explicit setting is respected.
 */
export function silenceSdkNodeVersionWarning(env: NodeJS.ProcessEnv = process.env): void {
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
