import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_LIMITS,
  RequestPacer,
  TokenBucket,
  limitsWithConcurrency,
  type Clock,
} from '../../src/collect/limits.js';

/** A clock that only moves when something sleeps: timing without waiting. */
function fakeClock(): Clock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: (ms) => {
      slept.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

describe('TokenBucket', () => {
  it('spends the burst without waiting, then paces at the refill rate (EC2: 100, 20/s)', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ capacity: 100, refillPerSecond: 20 }, clock);
    for (let i = 0; i < 100; i += 1) await bucket.take();
    expect(clock.slept).toEqual([]);
    for (let i = 0; i < 40; i += 1) await bucket.take();
    // 40 more tokens at 20/s take two seconds of waiting, in 50 ms steps.
    expect(clock.slept.reduce((a, b) => a + b, 0)).toBe(2000);
    expect(new Set(clock.slept)).toEqual(new Set([50]));
  });

  it('serves concurrent callers in order', async () => {
    const clock = fakeClock();
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 10 }, clock);
    const order: number[] = [];
    await Promise.all([0, 1, 2].map((i) => bucket.take().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2]);
    expect(clock.now()).toBe(200);
  });
});

describe('RequestPacer', () => {
  it('never has more requests in flight than the service cap', async () => {
    const pacer = new RequestPacer({
      ...DEFAULT_LIMITS,
      bucket: false,
      concurrency: 10,
      perService: { ...DEFAULT_LIMITS.perService, ssm: 2 },
    });
    let inFlight = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 12 }, () =>
        pacer.run('ssm', 'us-east-1', 'DescribeInstanceInformation', async () => {
          inFlight += 1;
          peak = Math.max(peak, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 2));
          inFlight -= 1;
        }),
      ),
    );
    expect(peak).toBe(2);
  });

  it('uses one bucket per region and operation', async () => {
    const clock = fakeClock();
    const pacer = new RequestPacer({ ...DEFAULT_LIMITS, bucket: { capacity: 1, refillPerSecond: 1 } }, clock);
    await pacer.run('ec2', 'us-east-1', 'DescribeVpcs', () => Promise.resolve());
    await pacer.run('ec2', 'eu-west-1', 'DescribeVpcs', () => Promise.resolve());
    await pacer.run('ec2', 'us-east-1', 'DescribeSubnets', () => Promise.resolve());
    expect(clock.slept).toEqual([]);
    await pacer.run('ec2', 'us-east-1', 'DescribeVpcs', () => Promise.resolve());
    expect(clock.slept).toEqual([1000]);
  });

  it('--concurrency caps every service limit', () => {
    const limits = limitsWithConcurrency(DEFAULT_LIMITS, 3);
    expect(limits.concurrency).toBe(3);
    expect(Math.max(...Object.values(limits.perService))).toBe(3);
    expect(limits.perResourceConcurrency).toBe(3);
  });
});
