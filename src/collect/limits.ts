// Client-side pacing, so a scan stays under AWS's token buckets instead of retrying its way
// through them (design.md "Collection", aws-facts §6.2). Two mechanisms, both injectable:
// - a p-limit concurrency cap, global and per service, on requests in flight;
// - a token bucket per (region, operation), defaulting to EC2's non-mutating bucket
//   (100 burst, 20 tokens/s refill), which each request attempt (retries included) draws from.
import pLimit, { type LimitFunction } from 'p-limit';
import type { ServiceName } from './types.js';

export interface BucketSpec {
  capacity: number;
  refillPerSecond: number;
}

export interface CollectLimits {
  /** Requests in flight across the whole scan. */
  concurrency: number;
  /** Requests in flight per service (across regions); never above `concurrency`. */
  perService: Record<ServiceName, number>;
  /** Per (region, operation) bucket; `false` turns pacing off (tests, emulators). */
  bucket: BucketSpec | false;
  /** Per-resource calls (user data, VPC attributes) in flight per region. */
  perResourceConcurrency: number;
}

// aws-facts §6.2: non-mutating EC2 describes refill at 20/s with a burst of 100 per region and API.
export const EC2_DESCRIBE_BUCKET: BucketSpec = { capacity: 100, refillPerSecond: 20 };

export const DEFAULT_LIMITS: CollectLimits = {
  concurrency: 32,
  // IAM has one control plane for the partition and SSM publishes no TPS (aws-facts §6.3): modest.
  // Lambda and ECS control-plane reads: a few per region suffice (a handful of list calls each).
  perService: { ec2: 24, rds: 8, ssm: 4, iam: 4, sts: 2, organizations: 2, lambda: 4, ecs: 4 },
  bucket: EC2_DESCRIBE_BUCKET,
  perResourceConcurrency: 8,
};

/** `--concurrency N` caps the global limit and every service limit at N. */
export function limitsWithConcurrency(base: CollectLimits, concurrency: number): CollectLimits {
  const perService = { ...base.perService };
  for (const service of Object.keys(perService) as ServiceName[]) {
    perService[service] = Math.min(perService[service], concurrency);
  }
  return {
    ...base,
    concurrency,
    perService,
    perResourceConcurrency: Math.min(base.perResourceConcurrency, concurrency),
  };
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A token bucket; callers queue in order and each waits for its own token. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly spec: BucketSpec,
    private readonly clock: Clock = realClock,
  ) {
    this.tokens = spec.capacity;
    this.updatedAt = clock.now();
  }

  take(): Promise<void> {
    const turn = this.queue.then(() => this.takeOne());
    this.queue = turn;
    return turn;
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.spec.capacity, this.tokens + elapsed * this.spec.refillPerSecond);
    this.updatedAt = now;
  }

  private async takeOne(): Promise<void> {
    this.refill();
    if (this.tokens < 1) {
      await this.clock.sleep(Math.ceil(((1 - this.tokens) / this.spec.refillPerSecond) * 1000));
      this.refill();
    }
    this.tokens -= 1;
  }
}

/** Everything one scan shares to pace its requests. */
export class RequestPacer {
  private readonly global: LimitFunction;
  private readonly services = new Map<ServiceName, LimitFunction>();
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    readonly limits: CollectLimits,
    private readonly clock: Clock = realClock,
  ) {
    this.global = pLimit(limits.concurrency);
  }

  private serviceLimit(service: ServiceName): LimitFunction {
    let limit = this.services.get(service);
    if (!limit) {
      limit = pLimit(Math.max(1, Math.min(this.limits.perService[service], this.limits.concurrency)));
      this.services.set(service, limit);
    }
    return limit;
  }

  private bucket(region: string, operation: string): TokenBucket | undefined {
    if (this.limits.bucket === false) return undefined;
    const key = `${region}\u0000${operation}`;
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.limits.bucket, this.clock);
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  /** Runs one request attempt once a token and a slot are free. */
  async run<T>(service: ServiceName, region: string, operation: string, send: () => Promise<T>): Promise<T> {
    await this.bucket(region, operation)?.take();
    // Service slot first, then the global one, so a request never holds a global slot while it
    // waits behind its own service's queue.
    return this.serviceLimit(service)(() => this.global(send));
  }
}
