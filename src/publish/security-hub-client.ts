// The Security Hub client of `aws-audit publish`: the one SDK client that writes to AWS, kept apart
// from collection's read-only clients (design.md "src/publish"). Every attempt, retries included,
// waits for a token of a per-client bucket so the import stays at or under 10 calls per second
// (aws-facts §10.4: 10 TPS per account and region, burst 30); a burst answered with 429 is
// retried by the SDK's standard retry strategy.
import { SecurityHubClient, type SecurityHubClientConfig } from '@aws-sdk/client-securityhub';
import { DEFAULT_MAX_ATTEMPTS, type CredentialsInput } from '../collect/clients.js';
import { TokenBucket, realClock, type Clock } from '../collect/limits.js';

/** aws-facts §10.4: the sustained rate; we never use the burst on purpose. */
export const SECURITY_HUB_CALLS_PER_SECOND = 10;

export interface SecurityHubClientOptions {
  region: string;
  credentials: CredentialsInput;
  endpoint?: string;
  maxAttempts?: number;
  /** Replaces the SDK retry strategy (tests use a fast one). */
  retryStrategy?: SecurityHubClientConfig['retryStrategy'];
  callsPerSecond?: number;
  clock?: Clock;
}

interface Pacable {
  middlewareStack: {
    add: (
      middleware: (next: (args: unknown) => Promise<unknown>) => (args: unknown) => Promise<unknown>,
      options: { step: 'finalizeRequest'; name: string; priority: 'low' },
    ) => void;
  };
}

export function createSecurityHubClient(options: SecurityHubClientOptions): SecurityHubClient {
  const client = new SecurityHubClient({
    region: options.region,
    credentials: options.credentials,
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    ...(options.retryStrategy ? { retryStrategy: options.retryStrategy } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    requestHandler: { requestTimeout: 30_000, connectionTimeout: 5_000, throwOnRequestTimeout: true },
  });
  // One token per call: capacity 1 spaces calls evenly at the rate, so no second holds more.
  const rate = options.callsPerSecond ?? SECURITY_HUB_CALLS_PER_SECOND;
  const bucket = new TokenBucket({ capacity: 1, refillPerSecond: rate }, options.clock ?? realClock);
  (client as unknown as Pacable).middlewareStack.add(
    (next) => async (args) => {
      await bucket.take();
      return next(args);
    },
    { step: 'finalizeRequest', name: 'awsAuditPublishPacer', priority: 'low' },
  );
  return client;
}
