// Shared shapes of the collection layer. `src/collect` never imports the CLI: progress and debug
// logging arrive through the small `CollectLog` interface below.
import type { EC2Client } from '@aws-sdk/client-ec2';
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { RDSClient } from '@aws-sdk/client-rds';
import type { SSMClient } from '@aws-sdk/client-ssm';
import type { ErrorCategory } from '../snapshot/types.js';

/** `organizations` is read by the fan-out's targeting only (collect/targets.ts), never by a collector. */
export const SERVICES = ['ec2', 'iam', 'ssm', 'rds', 'sts', 'organizations', 'lambda', 'ecs'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** The SDK clients one region's (or the partition's, for IAM) collectors talk to. */
export interface RegionClients {
  ec2: EC2Client;
  ssm: SSMClient;
  rds: RDSClient;
  lambda: LambdaClient;
  ecs: ECSClient;
}

export interface GlobalClients {
  iam: IAMClient;
}

/** One finished SDK call, as `--debug` shows it: never a request or response body. */
export interface CallRecord {
  service: string;
  operation: string;
  region: string;
  ms: number;
  /** Items in the page, when the call returned a list. */
  items?: number;
  status: 'ok' | ErrorCategory;
  code?: string;
}

/** Where collection reports what it is doing. Every method is optional to implement. */
export interface CollectLog {
  /** A sweep finished: e.g. `us-east-1 ec2 securityGroups: 42`. */
  progress(event: {
    region: string;
    service: string;
    kind: string;
    count: number;
    state: 'collected' | 'failed' | 'skipped';
  }): void;
  /** One SDK call with timing (debug only). */
  call(record: CallRecord): void;
  /** Region-level notes: opted out, unreachable, starting. */
  note(message: string): void;
  /**
   * More (region, kind) units will be reported through `progress`, so a display can show done of
   * total: called twice per account, for IAM's kinds when it starts (right after the caller's
   * identity) and for the regions' when they are known. Optional.
   */
  planned?(units: number): void;
  /** One HTTP attempt was answered (each retry again); `throttled` when AWS refused it for rate. */
  attempt?(outcome: { service: string; region: string; throttled: boolean }): void;
}

export const silentLog: CollectLog = {
  progress: () => undefined,
  call: () => undefined,
  note: () => undefined,
};

/** Identity of the account being read, fixed before any regional call. */
export interface AccountContext {
  accountId: string;
  partition: string;
}

export interface RegionContext extends AccountContext {
  region: string;
}
