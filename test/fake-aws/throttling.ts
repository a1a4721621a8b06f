// Token buckets as EC2 applies them (aws-facts §6.2): per account, per region, per action;
// capacity = burst, refilled continuously at the sustained rate. IAM and SSM publish no figures
// (aws-facts §6.3), so they get modest buckets of our own choosing, documented in the README.

export interface BucketLimits {
  burst: number;
  refillPerSecond: number;
}

export interface ThrottlingLimits {
  /** EC2 non-mutating describes: 100 burst, 20/s. */
  ec2: BucketLimits;
  /** The seven "unfiltered and unpaginated" EC2 actions called without pagination or filter: 50/10. */
  ec2Unpaged: BucketLimits;
  /** IAM, per account and action (IAM is global): 50 burst, 20/s. */
  iam: BucketLimits;
  /** SSM, per account, region and action: 40 burst, 10/s. */
  ssm: BucketLimits;
  /** Security Hub, per account, region and action: 30 burst, 10/s (aws-facts §10.4). */
  securityHub: BucketLimits;
}

export const DEFAULT_THROTTLING: ThrottlingLimits = {
  ec2: { burst: 100, refillPerSecond: 20 },
  ec2Unpaged: { burst: 50, refillPerSecond: 10 },
  iam: { burst: 50, refillPerSecond: 20 },
  ssm: { burst: 40, refillPerSecond: 10 },
  securityHub: { burst: 30, refillPerSecond: 10 },
};

/** aws-facts §6.2: the actions that draw from the small bucket when called unpaged and unfiltered. */
export const UNFILTERED_UNPAGINATED_ACTIONS = new Set([
  'DescribeInstances',
  'DescribeInstanceStatus',
  'DescribeNetworkInterfaces',
  'DescribeSecurityGroups',
  'DescribeSnapshots',
  'DescribeSpotInstanceRequests',
  'DescribeVolumes',
]);

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Takes one token; false when the bucket is empty (the call is throttled). */
  take(key: string, limits: BucketLimits): boolean {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: limits.burst, updatedAt: now };
      this.buckets.set(key, bucket);
    } else {
      const refill = ((now - bucket.updatedAt) / 1000) * limits.refillPerSecond;
      bucket.tokens = Math.min(limits.burst, bucket.tokens + refill);
      bucket.updatedAt = now;
    }
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}
