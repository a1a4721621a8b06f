// When each kind starts (src/collect/collect-account.ts runKinds): as soon as the kinds it depends
// on are read, never behind an unrelated slower kind, and never before its own inputs. Measured by
// the order the fake endpoint answered (its request log is in completion order), not by timings.
import { afterEach, describe, expect, it } from '@jest/globals';
import { collectSnapshot } from '../../src/collect/collect-snapshot.js';
import { DEFAULT_LIMITS } from '../../src/collect/limits.js';
import type { ResourceKind, Snapshot } from '../../src/snapshot/types.js';
import { buildDemoSnapshot } from '../../scripts/demo-account.js';
import { fakeAccountFromSnapshot, startFakeAws, type FakeAws, type FaultRule } from '../fake-aws/index.js';

const DEMO = buildDemoSnapshot().accounts[0]!;
let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function collect(
  kinds: ResourceKind[],
  faults: FaultRule[],
  regions: string[] | 'every enabled region' = ['us-east-1'],
): Promise<{ snapshot: Snapshot; order: string[] }> {
  fake = await startFakeAws({ accounts: [fakeAccountFromSnapshot(DEMO)], faults });
  const snapshot = await collectSnapshot({
    kinds,
    ...(regions === 'every enabled region' ? {} : { regions }),
    endpoint: fake.url,
    credentials: { accessKeyId: 'AKIAFAKEFAKEFAKEFAKE', secretAccessKey: 'fake-secret' },
    limits: { ...DEFAULT_LIMITS, bucket: false },
  });
  return { snapshot, order: fake.requests.map((r) => r.operation) };
}

describe('each kind starts when its own inputs are read', () => {
  it('VPC attributes do not wait for a slow unrelated kind (ECS)', async () => {
    // ListClusters answers after 1.5 s: in whole waves, vpcAttributes (after vpcs) would start
    // only once ecsServices, of the same wave as vpcs, had finished.
    const { snapshot, order } = await collect(
      ['vpcs', 'vpcAttributes', 'ecsServices'],
      [{ service: 'ecs', operation: 'ListClusters', kind: 'delay', delayMs: 1500 }],
    );
    const region = snapshot.accounts[0]!.regions[0]!;
    expect(region.collection).toMatchObject({
      vpcs: 'collected',
      vpcAttributes: 'collected',
      ecsServices: 'collected',
    });
    const attributes = order.flatMap((op, i) => (op === 'DescribeVpcAttribute' ? [i] : []));
    expect(attributes).toHaveLength(2 * DEMO.regions[0]!.vpcs.length);
    expect(Math.max(...attributes)).toBeLessThan(order.indexOf('ListClusters'));
    expect(Math.min(...attributes)).toBeGreaterThan(order.lastIndexOf('DescribeVpcs'));
  });

  it('a kind whose input failed is failed without a call, as before', async () => {
    const { snapshot, order } = await collect(
      ['vpcs', 'vpcAttributes', 'subnets'],
      [{ service: 'ec2', operation: 'DescribeVpcs', kind: 'error' }],
    );
    const region = snapshot.accounts[0]!.regions[0]!;
    expect(region.collection).toMatchObject({
      vpcs: 'failed',
      vpcAttributes: 'failed',
      subnets: 'collected',
    });
    expect(order).not.toContain('DescribeVpcAttribute');
    const vpcError = snapshot.accounts[0]!.errors.find((e) => e.operation === 'DescribeVpcs');
    expect(vpcError?.kinds).toEqual(expect.arrayContaining(['vpcs', 'vpcAttributes']));
  });
});

describe('IAM starts with the regions listing, not after it', () => {
  it('IAM is read while DescribeRegions is still waiting for its answer', async () => {
    // DescribeRegions answers after 1.5 s; IAM, which needs only the account id, does not wait.
    const { snapshot, order } = await collect(
      ['iamRoles', 'vpcs'],
      [{ service: 'ec2', operation: 'DescribeRegions', kind: 'delay', delayMs: 1500 }],
      'every enabled region',
    );
    expect(snapshot.accounts[0]!.global.collection.iamRoles).toBe('collected');
    expect(order.indexOf('GetAccountAuthorizationDetails')).toBeGreaterThan(
      order.indexOf('GetCallerIdentity'),
    );
    expect(order.lastIndexOf('GetAccountAuthorizationDetails')).toBeLessThan(
      order.indexOf('DescribeRegions'),
    );
    expect(order.indexOf('DescribeVpcs')).toBeGreaterThan(order.indexOf('DescribeRegions'));
  });

  it('a failed regions listing is reported after the IAM calls already sent have been answered', async () => {
    fake = await startFakeAws({
      accounts: [fakeAccountFromSnapshot(DEMO)],
      faults: [
        { service: 'ec2', operation: 'DescribeRegions', kind: 'error' },
        { service: 'iam', operation: 'GetAccountAuthorizationDetails', kind: 'delay', delayMs: 800 },
      ],
    });
    const answeredBefore = (): string[] => fake!.requests.map((r) => r.operation);
    await expect(
      collectSnapshot({
        kinds: ['iamRoles', 'vpcs'],
        endpoint: fake.url,
        credentials: { accessKeyId: 'AKIAFAKEFAKEFAKEFAKE', secretAccessKey: 'fake-secret' },
        limits: { ...DEFAULT_LIMITS, bucket: false },
      }),
    ).rejects.toThrow(/cannot list the account's regions/);
    // Nothing of this account is still in flight once the error is out.
    expect(answeredBefore()).toContain('GetAccountAuthorizationDetails');
    expect(answeredBefore()).not.toContain('DescribeVpcs');
  });
});
