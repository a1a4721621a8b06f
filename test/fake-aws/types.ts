// Public types of the fake AWS endpoint. See README.md in this folder.
import type { AccountSnapshot } from '../../src/snapshot/types.js';
import type { ThrottlingLimits } from './throttling.js';
import type { SecurityHubRejecter, StoredFinding } from './services/securityhub.js';

export interface FakeAwsAccount {
  /** What the account holds. */
  snapshot: AccountSnapshot;
  /** instanceId → raw user data (text, or bytes such as gzip). Served base64 by DescribeInstanceAttribute. */
  userData?: Record<string, string | Uint8Array>;
  /** launch template id → raw user data of its latest version. */
  launchTemplateUserData?: Record<string, string | Uint8Array>;
}

export type FaultKind =
  | 'error'
  | 'throttle'
  | 'delay'
  | 'drop'
  | 'malformed'
  | 'truncated'
  | 'expired-token'
  /** An error page that is not an AWS error document: `status` (default 500), `text/html` body. */
  | 'html-error';

/** One injected failure. Rules are matched in order; the first that applies fires. */
export interface FaultRule {
  /** SigV4 service name: `ec2`, `iam`, `sts`, `ssm`, `rds`, `organizations`. Any when absent. */
  service?: string;
  /** Operation name, e.g. `DescribeInstances`. Any when absent. */
  operation?: string;
  region?: string;
  accountId?: string;
  kind: FaultKind;
  /** `error`: HTTP status (default: the protocol's access-denied status); `html-error`: default 500. */
  status?: number;
  /** `error`: error code (default: the protocol's access-denied code). */
  code?: string;
  message?: string;
  /** `delay`: milliseconds added before the (normal) answer. */
  delayMs?: number;
  /** Fires this many times, then stops applying. Unlimited when absent. */
  times?: number;
  /** Fires with this probability (0–1), drawn from the seeded generator. Always when absent. */
  probability?: number;
}

export interface OrganizationSpec {
  managementAccountId: string;
  accounts: { id: string; name: string; status: 'ACTIVE' | 'SUSPENDED'; email?: string }[];
}

export interface FakeAwsOptions {
  /** Accounts served; the first one is the caller's account for any key not issued by AssumeRole. */
  accounts: FakeAwsAccount[];
  /** Milliseconds added to every response. */
  latencyMs?: number;
  /** EC2-style token buckets (README "Throttling"); `true` uses the default limits. */
  throttling?: boolean | Partial<ThrottlingLimits>;
  faults?: FaultRule[];
  organization?: OrganizationSpec;
  /** Account ids whose AssumeRole answers AccessDenied. */
  denyAssumeRole?: string[];
  /** Seed of the generator behind `probability` faults (default 1). */
  seed?: number;
  /** Keep at most this many RequestRecords, the most recent (default 50,000; 0 keeps none). */
  requestLogLimit?: number;
  /**
   * Whether IAM already holds a credential report. `true` (default): GetCredentialReport answers at
   * once. `false`: it answers ReportNotPresent until GenerateCredentialReport (STARTED, then COMPLETE).
   */
  credentialReportPresent?: boolean;
  /** Security Hub: refuse some findings on import (a `FailedFindings` entry each). */
  securityHubReject?: SecurityHubRejecter;
}

export interface RequestRecord {
  service: string;
  operation: string;
  region: string;
  accountId: string;
  status: number;
  /** Answered with a throttling error (bucket empty or `throttle` fault). */
  throttled: boolean;
  /** The fault kind that fired, if any. */
  fault?: FaultKind;
  durationMs: number;
  /** The page size the request asked for (MaxResults / MaxRecords / MaxItems), if any. */
  pageSize?: number;
  /** Items returned by a list call. */
  items?: number;
}

export interface OperationStats {
  service: string;
  operation: string;
  region: string;
  requests: number;
  /** Requests answered 2xx. */
  ok: number;
  throttled: number;
  /** Requests answered with any other error status (faults included). */
  errors: number;
  /** Sockets destroyed (drop, truncated) — the client sees no complete answer. */
  dropped: number;
  items: number;
  totalDurationMs: number;
  maxDurationMs: number;
}

export interface FakeAwsStats {
  requests: number;
  throttled: number;
  errors: number;
  dropped: number;
  /** Records no longer kept in `requests` because of `requestLogLimit`. */
  recordsDiscarded: number;
  byOperation: OperationStats[];
  /**
   * When the first request since start or `resetStats` reached the server, before any latency or
   * fault: ms since the Unix epoch, sub-millisecond (`performance.timeOrigin + performance.now()`),
   * so another process on the machine can subtract its own clock (the live-small bench's
   * time-to-first-request). Absent when no request has arrived.
   */
  firstArrivalAt?: number;
}

export interface FakeAwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface FakeAws {
  /** `http://127.0.0.1:<port>`: pass as `endpoint` or `AWS_ENDPOINT_URL`. */
  url: string;
  /** The most recent requests (bounded by `requestLogLimit`). */
  readonly requests: RequestRecord[];
  /** Counters per service + operation + region, never bounded. */
  stats(): FakeAwsStats;
  /** Clears `requests` and the counters (not the buckets). */
  resetStats(): void;
  /** Replaces the fault rules (and their `times` counters). */
  setFaults(faults: FaultRule[]): void;
  /** Static credentials that map to `accountId` (any other key maps to the first account). */
  credentialsFor(accountId: string): FakeAwsCredentials;
  /** Security Hub findings as stored, per account and region (Workflow as Security Hub keeps it). */
  securityHubFindings(accountId: string, region: string): StoredFinding[];
  close(): Promise<void>;
}
