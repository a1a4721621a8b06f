// `stats().firstArrivalAt`: when the first request since start or reset reached the endpoint, on
// the epoch clock another process can compare with (the live-small bench's time to first request).
// Taken on arrival, before the configured latency, and kept until `resetStats`.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { RegionBuilder, buildAccount } from '../support/builders/index.js';
import { startFakeAws } from './index.js';
import type { FakeAws } from './index.js';
import { clientConfig } from './helpers.js';

const LATENCY_MS = 300;
const epochNow = (): number => performance.timeOrigin + performance.now();

let fake: FakeAws;
beforeAll(async () => {
  const region = new RegionBuilder('us-east-1', '111111111111');
  region.vpc('vpc-1');
  fake = await startFakeAws({
    accounts: [{ snapshot: buildAccount({ accountId: '111111111111', regions: [region] }) }],
    latencyMs: LATENCY_MS,
  });
});
afterAll(() => fake.close());

async function callerIdentity(): Promise<void> {
  const sts = new STSClient(clientConfig(fake));
  await sts.send(new GetCallerIdentityCommand({}));
  sts.destroy();
}

test('is absent until a request arrives, then the arrival of the first, before its latency', async () => {
  fake.resetStats();
  expect(fake.stats().firstArrivalAt).toBeUndefined();
  const sent = epochNow();
  await callerIdentity();
  const answered = epochNow();
  const first = fake.stats().firstArrivalAt;
  expect(first).toBeGreaterThanOrEqual(sent);
  // The server sleeps LATENCY_MS after the arrival it recorded, so the answer comes at least that
  // much later (less a timer's millisecond of rounding); a time taken after the sleep would not.
  expect(answered - first!).toBeGreaterThanOrEqual(LATENCY_MS - 1);

  await callerIdentity();
  expect(fake.stats().firstArrivalAt).toBe(first);
});

test('resetStats clears it, and the next request sets it anew', async () => {
  await callerIdentity();
  const before = fake.stats().firstArrivalAt;
  fake.resetStats();
  expect(fake.stats().firstArrivalAt).toBeUndefined();
  await callerIdentity();
  expect(fake.stats().firstArrivalAt).toBeGreaterThan(before!);
});
