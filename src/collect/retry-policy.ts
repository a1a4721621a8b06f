// How many times a failed AWS call is tried again depends on why it failed (issue 18 "Retry policy
// that matches the error"), on top of the SDK's own retry strategy (adaptive, aws-facts §6.4):
//
// | class                                          | attempts (incl. the first)       |
// | ---------------------------------------------- | -------------------------------- |
// | throttling                                     | 8 (DEFAULT_MAX_ATTEMPTS)         |
// | 5xx with an AWS error document, timeouts,      | 3 (the SDK's standard)           |
// | dropped or refused connections                 |                                  |
// | not an AWS error document (an HTML page, an    | 2: retried at most once; recorded|
// | unknown content type, HTTP 501)                | as `malformed-response`          |
//
// and no call retries once it has spent MAX_RETRY_TIME_MS since its first attempt (the attempt in
// flight still finishes, bounded by the request timeout). An emulator or proxy answering an HTML
// 500 page cost 32 of 99 requests and 4–7 s of a small scan at 8 attempts each.
import { MalformedResponseError } from './foreign-response.js';

/** Attempts for throttling: see clients.ts DEFAULT_MAX_ATTEMPTS. */
export const THROTTLING_MAX_ATTEMPTS = 8;
/** Attempts for 5xx, timeouts and connection errors: the SDK's standard mode (aws-facts §6.4). */
export const TRANSIENT_MAX_ATTEMPTS = 3;
/** Attempts for a response that is not an AWS error document: one retry. */
export const MALFORMED_MAX_ATTEMPTS = 2;
/** No retry starts after a call has spent this long (README "Throttling and retries"). */
export const MAX_RETRY_TIME_MS = 20_000;

export type RetryClass = 'throttling' | 'transient' | 'malformed-response';

/** What the SDK's retry middleware hands a strategy on each failure. */
export interface RetryErrorInfo {
  errorType: string;
  error?: unknown;
}

export interface RetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
}

/** The SDK's retry strategy interface (v2), as far as this wrapper touches it. */
export interface RetryStrategyV2 {
  acquireInitialRetryToken(scope: string): Promise<RetryToken>;
  refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken>;
  recordSuccess(token: RetryToken): void;
  mode?: string | undefined;
}

/**
 * A foreign error page (foreign-response.ts) or a 501 is `malformed-response`; a success answer
 * whose AWS document is cut or garbled is a transient fault like a dropped connection.
 */
export function retryClassOf(errorInfo: RetryErrorInfo): RetryClass {
  if (errorInfo.errorType === 'THROTTLING') return 'throttling';
  const error = errorInfo.error;
  const status = (error as { $metadata?: { httpStatusCode?: unknown } } | undefined)?.$metadata
    ?.httpStatusCode;
  return error instanceof MalformedResponseError || status === 501 ? 'malformed-response' : 'transient';
}

export const MAX_ATTEMPTS_BY_CLASS: Readonly<Record<RetryClass, number>> = {
  throttling: THROTTLING_MAX_ATTEMPTS,
  transient: TRANSIENT_MAX_ATTEMPTS,
  'malformed-response': MALFORMED_MAX_ATTEMPTS,
};

export interface RetryPolicyOptions {
  maxAttemptsByClass?: Readonly<Record<RetryClass, number>>;
  maxRetryTimeMs?: number;
  now?: () => number;
}

/**
 * Wraps the SDK's strategy: the inner strategy still decides whether an error is retryable at all
 * and how long to back off (and, in adaptive mode, paces the client); this one stops earlier by
 * error class and by the call's time spent.
 */
export class ClassifiedRetryStrategy implements RetryStrategyV2 {
  readonly mode: string | undefined;
  private readonly started = new WeakMap<RetryToken, number>();
  private readonly limits: Readonly<Record<RetryClass, number>>;
  private readonly maxRetryTimeMs: number;
  private readonly now: () => number;

  constructor(
    private readonly inner: RetryStrategyV2,
    options: RetryPolicyOptions = {},
  ) {
    this.mode = inner.mode;
    this.limits = options.maxAttemptsByClass ?? MAX_ATTEMPTS_BY_CLASS;
    this.maxRetryTimeMs = options.maxRetryTimeMs ?? MAX_RETRY_TIME_MS;
    this.now = options.now ?? Date.now;
  }

  async acquireInitialRetryToken(scope: string): Promise<RetryToken> {
    const token = await this.inner.acquireInitialRetryToken(scope);
    this.started.set(token, this.now());
    return token;
  }

  async refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    const attemptsMade = token.getRetryCount() + 1;
    const started = this.started.get(token) ?? this.now();
    if (attemptsMade >= this.limits[retryClassOf(errorInfo)])
      throw new Error('No retry token available: attempts for this error class used up');
    if (this.now() - started >= this.maxRetryTimeMs)
      throw new Error('No retry token available: the call spent its retry time');
    const next = await this.inner.refreshRetryTokenForRetry(token, errorInfo);
    this.started.set(next, started);
    return next;
  }

  recordSuccess(token: RetryToken): void {
    this.inner.recordSuccess(token);
  }
}

/** A resolved SDK client config's strategy provider (read by the retry middleware per call). */
interface RetryConfigurable {
  config: { retryStrategy: () => Promise<unknown> };
}

function isV2(strategy: unknown): strategy is RetryStrategyV2 {
  const s = strategy as Partial<RetryStrategyV2> | undefined;
  return (
    typeof s?.acquireInitialRetryToken === 'function' && typeof s.refreshRetryTokenForRetry === 'function'
  );
}

/** Puts the policy around the strategy the client resolved from its retryMode / maxAttempts. */
export function applyRetryPolicy<C>(client: C, options: RetryPolicyOptions = {}): C {
  const config = (client as unknown as RetryConfigurable).config;
  const resolve = config.retryStrategy;
  let wrapped: Promise<unknown> | undefined;
  config.retryStrategy = () =>
    (wrapped ??= resolve().then((inner) =>
      isV2(inner) ? new ClassifiedRetryStrategy(inner, options) : inner,
    ));
  return client;
}
