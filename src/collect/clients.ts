// SDK clients: one per (service, region), IAM one per partition (aws-facts §6.3). Every client
// gets the scan's pacing middleware (concurrency caps + per-API token bucket, inside the SDK's
// retry loop so retries draw tokens too) and a timing middleware for `--debug`.
// Endpoints: an explicit `endpoint` (`--endpoint-url`) wins; otherwise the SDK itself honours
// AWS_ENDPOINT_URL / AWS_ENDPOINT_URL_<SERVICE> and `endpoint_url` in the shared config
// (@smithy/core endpoints `getEndpointFromConfig`, read in the installed 3.41.0).
// Start-up (issue 18): each SDK client package is loaded only when the first client of its service
// is created (sdk.ts getters, `require` on first use), so commands that read no AWS account never
// load the SDK.
import type { EC2Client, EC2ClientConfig } from '@aws-sdk/client-ec2';
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { STSClient } from '@aws-sdk/client-sts';
import { classifyError } from './error-classifier.js';
import { isForeignErrorResponse, malformedResponseError } from './foreign-response.js';
import {
  ec2Sdk,
  ecsSdk,
  iamSdk,
  lambdaSdk,
  organizationsSdk,
  rdsSdk,
  silenceSdkNodeVersionWarning,
  ssmSdk,
  stsSdk,
} from './sdk.js';
import { applyRetryPolicy, type RetryPolicyOptions } from './retry-policy.js';
import {
  DEFAULT_LIMITS,
  RequestPacer,
  limitsWithConcurrency,
  type Clock,
  type CollectLimits,
} from './limits.js';
import { silentLog } from './types.js';
import type { CollectLog, GlobalClients, RegionClients, ServiceName } from './types.js';

/**
 * Attempts per call including the first. Above the SDK's 3 (aws-facts §6.4) because a throttling
 * storm that outlasts our pacing should be waited out, not recorded as a gap: at one throttle in
 * two, 8 attempts leave a 1-in-256 chance per call of giving up (5 left 1-in-32).
 */
export const DEFAULT_MAX_ATTEMPTS = 8;

export type CredentialsInput = NonNullable<EC2ClientConfig['credentials']>;

export interface ClientSettings {
  credentials: CredentialsInput;
  /** `--endpoint-url`: one endpoint for every service (emulators, tests). */
  endpoint?: string;
  /** Attempts per call including the first (SDK default 3, aws-facts §6.4). */
  maxAttempts: number;
  /** `adaptive` adds the SDK's client-side rate limiter per client (aws-facts §6.4). */
  retryMode: 'standard' | 'adaptive';
  /** Replaces the SDK retry strategy (tests use a fast, deterministic one). */
  retryStrategy?: EC2ClientConfig['retryStrategy'];
  /** Attempts by error class and the retry-time cap (retry-policy.ts); defaults when absent. */
  retryPolicy?: RetryPolicyOptions;
  requestTimeoutMs: number;
  connectionTimeoutMs: number;
  pacer: RequestPacer;
  log: CollectLog;
  /** Ctrl-C / SIGTERM: given to every `send`, so calls in flight are cancelled (issue 19 bug 7). */
  abortSignal?: AbortSignal;
}

/** What a caller may choose about its clients; everything else has the scan's defaults. */
export interface ClientOptions {
  credentials: CredentialsInput;
  endpoint?: string | undefined;
  /** `--concurrency N`: caps requests in flight, globally and per service. */
  concurrency?: number | undefined;
  limits?: CollectLimits | undefined;
  clock?: Clock | undefined;
  maxAttempts?: number | undefined;
  retryMode?: 'standard' | 'adaptive' | undefined;
  retryStrategy?: ClientSettings['retryStrategy'] | undefined;
  requestTimeoutMs?: number | undefined;
  log?: CollectLog | undefined;
  signal?: AbortSignal | undefined;
}

/** The limits a run paces itself by: the defaults (or the caller's), capped by `--concurrency`. */
export function limitsFor(options: Pick<ClientOptions, 'limits' | 'concurrency'>): CollectLimits {
  const base = options.limits ?? DEFAULT_LIMITS;
  return options.concurrency ? limitsWithConcurrency(base, options.concurrency) : base;
}

/**
 * Settings for every client of one run (one account's collection, or the fan-out's own calls):
 * one pacer shared by its clients, the call log, the retry policy and the abort signal.
 */
export function clientSettings(options: ClientOptions): ClientSettings {
  return {
    credentials: options.credentials,
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    retryMode: options.retryMode ?? 'adaptive',
    requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
    connectionTimeoutMs: 5_000,
    pacer: new RequestPacer(limitsFor(options), options.clock),
    log: options.log ?? silentLog,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.retryStrategy ? { retryStrategy: options.retryStrategy } : {}),
    ...(options.signal ? { abortSignal: options.signal } : {}),
  };
}

interface Instrumentable {
  middlewareStack: {
    add: (
      middleware: (
        next: (args: unknown) => Promise<{ output: unknown; response?: unknown }>,
        context: { commandName?: string },
      ) => (args: unknown) => Promise<{ output: unknown; response?: unknown }>,
      options: {
        step: 'initialize' | 'finalizeRequest' | 'deserialize';
        name: string;
        priority?: 'high' | 'normal' | 'low';
      },
    ) => void;
  };
}

function firstArrayLength(output: unknown): number | undefined {
  if (typeof output !== 'object' || output === null) return undefined;
  for (const [key, value] of Object.entries(output))
    if (key !== '$metadata' && Array.isArray(value)) return value.length;
  return undefined;
}

/** Every `send` (paginators' too) carries the run's AbortSignal unless the caller gave one. */
function withAbortSignal<C>(client: C, signal: AbortSignal | undefined): C {
  if (!signal) return client;
  const target = client as unknown as { send: (command: unknown, options?: object) => Promise<unknown> };
  const send = target.send.bind(target);
  target.send = (command, options) => send(command, { abortSignal: signal, ...options });
  return client;
}

function instrument<C>(client: C, service: ServiceName, region: string, settings: ClientSettings): C {
  applyRetryPolicy(client, settings.retryPolicy);
  withAbortSignal(client, settings.abortSignal);
  const stack = (client as unknown as Instrumentable).middlewareStack;
  // Outermost: one timing record per logical call (retries included), never a body.
  stack.add(
    (next, context) => async (args) => {
      const started = Date.now();
      const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
      try {
        const result = await next(args);
        const items = firstArrayLength(result.output);
        settings.log.call({
          service,
          operation,
          region,
          ms: Date.now() - started,
          status: 'ok',
          ...(items === undefined ? {} : { items }),
        });
        return result;
      } catch (error) {
        const { category, code } = classifyError(error);
        settings.log.call({ service, operation, region, ms: Date.now() - started, status: category, code });
        throw error;
      }
    },
    { step: 'initialize', name: 'awsAuditCallLog', priority: 'high' },
  );
  // Between the HTTP answer and the SDK's deserialiser (low priority runs innermost in the step): an
  // error page that is not an AWS document becomes a MalformedResponseError (foreign-response.ts).
  stack.add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as Parameters<typeof isForeignErrorResponse>[0] | undefined;
      if (response && isForeignErrorResponse(response)) throw await malformedResponseError(response);
      return result;
    },
    { step: 'deserialize', name: 'awsAuditForeignResponse', priority: 'low' },
  );
  // Inside the retry loop: every attempt waits for a token and a slot, and is counted for progress.
  stack.add(
    (next, context) => (args) =>
      settings.pacer.run(service, region, (context.commandName ?? 'Unknown').replace(/Command$/, ''), () =>
        next(args).then(
          (result) => {
            settings.log.attempt?.({ service, region, throttled: false });
            return result;
          },
          (error: unknown) => {
            const throttled = classifyError(error).category === 'throttled';
            settings.log.attempt?.({ service, region, throttled });
            throw error;
          },
        ),
      ),
    { step: 'finalizeRequest', name: 'awsAuditPacer', priority: 'low' },
  );
  return client;
}

function baseConfig(region: string, settings: ClientSettings) {
  return {
    region,
    credentials: settings.credentials,
    maxAttempts: settings.maxAttempts,
    retryMode: settings.retryMode,
    ...(settings.retryStrategy ? { retryStrategy: settings.retryStrategy } : {}),
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    requestHandler: {
      requestTimeout: settings.requestTimeoutMs,
      connectionTimeout: settings.connectionTimeoutMs,
      // Without this, @smithy/node-http-handler only logs a warning when requestTimeout passes and
      // keeps waiting: a hung call would stall the scan forever instead of being recorded.
      throwOnRequestTimeout: true,
    },
  };
}

export function createEc2Client(region: string, settings: ClientSettings): EC2Client {
  silenceSdkNodeVersionWarning();
  const { EC2Client } = ec2Sdk();
  return instrument(new EC2Client(baseConfig(region, settings)), 'ec2', region, settings);
}

export function createRegionClients(region: string, settings: ClientSettings): RegionClients {
  silenceSdkNodeVersionWarning();
  const ec2 = createEc2Client(region, settings);
  const { SSMClient } = ssmSdk();
  const { RDSClient } = rdsSdk();
  const { LambdaClient } = lambdaSdk();
  const { ECSClient } = ecsSdk();
  return {
    ec2,
    ssm: instrument(new SSMClient(baseConfig(region, settings)), 'ssm', region, settings),
    rds: instrument(new RDSClient(baseConfig(region, settings)), 'rds', region, settings),
    lambda: instrument(new LambdaClient(baseConfig(region, settings)), 'lambda', region, settings),
    ecs: instrument(new ECSClient(baseConfig(region, settings)), 'ecs', region, settings),
  };
}

/** IAM's control plane lives in one region per partition (aws-facts §6.3). */
export function iamRegionFor(partition: string, fallback: string): string {
  switch (partition) {
    case 'aws':
      return 'us-east-1';
    case 'aws-us-gov':
      return 'us-gov-west-1';
    case 'aws-cn':
      return 'cn-north-1';
    default:
      return fallback;
  }
}

export function createGlobalClients(
  partition: string,
  homeRegion: string,
  settings: ClientSettings,
): GlobalClients {
  silenceSdkNodeVersionWarning();
  const { IAMClient } = iamSdk();
  const region = iamRegionFor(partition, homeRegion);
  return { iam: instrument(new IAMClient(baseConfig(region, settings)), 'iam', 'global', settings) };
}

/** Regional STS: in opt-in regions the global endpoint is served from us-east-1 (aws-facts §6.5). */
export function createStsClient(region: string, settings: ClientSettings): STSClient {
  silenceSdkNodeVersionWarning();
  const { STSClient } = stsSdk();
  return instrument(new STSClient(baseConfig(region, settings)), 'sts', region, settings);
}

/**
 * Organizations is a global service with one endpoint per partition; the SDK resolves it from any
 * region of the partition (us-east-1 for `aws`), so the home region is enough.
 */
export function createOrganizationsClient(region: string, settings: ClientSettings): OrganizationsClient {
  silenceSdkNodeVersionWarning();
  const { OrganizationsClient } = organizationsSdk();
  return instrument(new OrganizationsClient(baseConfig(region, settings)), 'organizations', region, settings);
}
