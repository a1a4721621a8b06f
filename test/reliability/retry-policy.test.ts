// Retry policy by error class (issue 18; src/collect/retry-policy.ts), and what a response that is
// not an AWS error document looks like in the snapshot (issue 19 bug 4). Live collection against
// the fake endpoint counts the attempts each class gets; the strategy's own limits (throttling's 8,
// the time cap) are checked against a scripted inner strategy, without real back-off waits.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  ClassifiedRetryStrategy,
  MAX_RETRY_TIME_MS,
  type RetryErrorInfo,
  type RetryStrategyV2,
  type RetryToken,
} from '../../src/collect/retry-policy.js';
import { MalformedResponseError } from '../../src/collect/foreign-response.js';
import type { FaultRule } from '../fake-aws/index.js';
import type { FakeAws } from '../fake-aws/index.js';
import { DEMO_REGIONS, liveScan, startDemoFake } from './support/fault-scan.js';

let fake: FakeAws;
beforeAll(async () => {
  fake = await startDemoFake();
});
afterAll(() => fake.close());

/** Scans with one fault on ssm:DescribeInstanceInformation; returns attempts per region and errors. */
async function scanWithSsmFault(fault: Omit<FaultRule, 'service' | 'operation'>) {
  fake.setFaults([{ service: 'ssm', operation: 'DescribeInstanceInformation', ...fault }]);
  fake.resetStats();
  try {
    const result = await liveScan(fake);
    const attempts = fake
      .stats()
      .byOperation.filter((o) => o.operation === 'DescribeInstanceInformation')
      .map((o) => o.requests);
    const errors = result.snapshot.accounts[0]!.errors.filter(
      (e) => e.operation === 'DescribeInstanceInformation',
    );
    return { attempts, errors };
  } finally {
    fake.setFaults([]);
  }
}

describe('attempts per error class, end to end', () => {
  it('an HTML 500 page is retried once and recorded as malformed-response with status, type and excerpt', async () => {
    const { attempts, errors } = await scanWithSsmFault({
      kind: 'html-error',
      status: 500,
      message: 'Upstream emulator error (AKIAZ7Q2MN4PLK3JWXYZ)',
    });
    expect(attempts).toEqual(DEMO_REGIONS.map(() => 2));
    expect(errors).toHaveLength(DEMO_REGIONS.length);
    for (const error of errors) {
      expect(error.category).toBe('malformed-response');
      expect(error.code).toBe('HTTP 500');
      expect(error.message).toMatch(/^HTTP 500 \(text\/html\) that is not an AWS response document: /);
      expect(error.message).toContain('Internal Server Error');
      expect(error.message).toContain('AKIA…WXYZ');
      expect(error.message).not.toContain('AKIAZ7Q2MN4PLK3JWXYZ');
      expect(error.message).not.toMatch(/SyntaxError|\$response|Deserialization|<\w/);
      expect(error.message.length).toBeLessThanOrEqual(200);
    }
  }, 60_000);

  it('HTTP 501 is not retried more than once', async () => {
    const { attempts, errors } = await scanWithSsmFault({ kind: 'html-error', status: 501 });
    for (const n of attempts) expect(n).toBeLessThanOrEqual(2);
    expect(errors.map((e) => [e.category, e.code])).toEqual(
      DEMO_REGIONS.map(() => ['malformed-response', 'HTTP 501']),
    );
  }, 60_000);

  it('a 503 AWS error document that never stops gets the standard 3 attempts', async () => {
    const { attempts, errors } = await scanWithSsmFault({
      kind: 'error',
      status: 503,
      code: 'ServiceUnavailable',
      message: 'Service unavailable.',
    });
    expect(attempts).toEqual(DEMO_REGIONS.map(() => 3));
    expect(errors.map((e) => e.code)).toEqual(DEMO_REGIONS.map(() => 'ServiceUnavailable'));
  }, 60_000);

  it('a connection dropped every time gets 3 attempts and is recorded as network', async () => {
    const { attempts, errors } = await scanWithSsmFault({ kind: 'drop' });
    expect(attempts).toEqual(DEMO_REGIONS.map(() => 3));
    expect(new Set(errors.map((e) => e.category))).toEqual(new Set(['network']));
  }, 60_000);
});

/** An inner strategy that always allows a retry at once: the wrapper alone must stop. */
function scriptedInner(): RetryStrategyV2 & { refreshed: number } {
  const token = (count: number): RetryToken => ({ getRetryCount: () => count, getRetryDelay: () => 0 });
  return {
    refreshed: 0,
    acquireInitialRetryToken: () => Promise.resolve(token(0)),
    refreshRetryTokenForRetry(previous) {
      this.refreshed += 1;
      return Promise.resolve(token(previous.getRetryCount() + 1));
    },
    recordSuccess: () => undefined,
  };
}

/** Attempts a call gets when every attempt fails with `info` (1 + retries granted). */
async function attemptsFor(info: RetryErrorInfo, now: () => number = Date.now): Promise<number> {
  const strategy = new ClassifiedRetryStrategy(scriptedInner(), { now });
  let token = await strategy.acquireInitialRetryToken('');
  let attempts = 1;
  for (;;) {
    try {
      token = await strategy.refreshRetryTokenForRetry(token, info);
      attempts += 1;
    } catch {
      return attempts;
    }
    if (attempts > 50) throw new Error('never stopped');
  }
}

describe('the strategy by error class', () => {
  const awsError = (name: string, status: number) =>
    Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });

  it('throttling: 8 attempts', async () => {
    expect(await attemptsFor({ errorType: 'THROTTLING', error: awsError('Throttling', 400) })).toBe(8);
  });
  it('5xx, timeouts and connection errors: 3 attempts', async () => {
    expect(await attemptsFor({ errorType: 'TRANSIENT', error: awsError('InternalError', 500) })).toBe(3);
    expect(await attemptsFor({ errorType: 'TRANSIENT', error: awsError('TimeoutError', 0) })).toBe(3);
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(await attemptsFor({ errorType: 'TRANSIENT', error: reset })).toBe(3);
  });
  it('not an AWS error document: 2 attempts', async () => {
    const page = new MalformedResponseError(502, 'text/html', '<html>Bad Gateway</html>');
    expect(await attemptsFor({ errorType: 'TRANSIENT', error: page })).toBe(2);
  });
  it(`no retry starts after ${MAX_RETRY_TIME_MS / 1000} s spent on the call, even when throttled`, async () => {
    let clock = 0;
    const now = () => clock;
    const strategy = new ClassifiedRetryStrategy(scriptedInner(), { now });
    const info = { errorType: 'THROTTLING', error: awsError('Throttling', 400) };
    let token = await strategy.acquireInitialRetryToken('');
    clock = MAX_RETRY_TIME_MS - 1;
    token = await strategy.refreshRetryTokenForRetry(token, info);
    clock = MAX_RETRY_TIME_MS;
    await expect(strategy.refreshRetryTokenForRetry(token, info)).rejects.toThrow(/retry time/);
  });
});
