// VPC Block Public Access on the wire: the fake endpoint serves DescribeVpcBlockPublicAccessOptions
// and DescribeVpcBlockPublicAccessExclusions in EC2 XML; the real collector reads both, following
// NextToken through its own loop (the SDK ships no paginator for the exclusions).
import { afterEach, describe, expect, it } from '@jest/globals';
import { collectSnapshot } from '../../src/collect/collect-snapshot.js';
import { DEFAULT_LIMITS } from '../../src/collect/limits.js';
import { RegionBuilder, buildAccount } from '../support/builders/index.js';
import { parseSnapshot } from '../../src/snapshot/io.js';
import { fakeAccountFromSnapshot, startFakeAws, type FakeAws } from '../fake-aws/index.js';

const ACCOUNT = '444455556666';
let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function collectFrom(r: RegionBuilder) {
  fake = await startFakeAws({
    accounts: [fakeAccountFromSnapshot(buildAccount({ accountId: ACCOUNT, regions: [r] }))],
  });
  const snapshot = await collectSnapshot({
    kinds: ['vpcBlockPublicAccess'],
    regions: ['us-east-1'],
    endpoint: fake.url,
    credentials: { accessKeyId: 'AKIAFAKEFAKEFAKE', secretAccessKey: 'fake' },
    limits: { ...DEFAULT_LIMITS, bucket: false },
  });
  return { snapshot, server: fake };
}

describe('VPC Block Public Access on the wire', () => {
  it('reads the mode and 1,003 exclusions across two pages of at most 1,000', async () => {
    const r = new RegionBuilder('us-east-1', ACCOUNT);
    r.blockPublicAccess('block-bidirectional');
    for (let i = 0; i < 1003; i++)
      r.blockPublicAccessExclusion(
        `subnet-${i.toString(16).padStart(4, '0')}`,
        i % 2 ? 'allow-egress' : 'allow-bidirectional',
      );
    r.blockPublicAccessExclusion('vpc-0web', 'allow-bidirectional', { state: 'update-in-progress' });
    const { snapshot, server } = await collectFrom(r);
    const region = snapshot.accounts[0]!.regions[0]!;
    expect(region.collection.vpcBlockPublicAccess).toBe('collected');
    expect(region.vpcBlockPublicAccess).toMatchObject({
      mode: 'block-bidirectional',
      state: 'update-complete',
    });
    expect(region.vpcBlockPublicAccess!.exclusions).toEqual(r.data.vpcBlockPublicAccess!.exclusions);
    expect(
      server.requests
        .filter((x) => x.operation === 'DescribeVpcBlockPublicAccessExclusions')
        .map((x) => x.items),
    ).toEqual([1000, 4]);
    expect(() => parseSnapshot(JSON.parse(JSON.stringify(snapshot)), 'collected')).not.toThrow();
  });

  it('a region without the setting answers off with no exclusions', async () => {
    const r = new RegionBuilder('us-east-1', ACCOUNT);
    delete r.data.vpcBlockPublicAccess;
    const { snapshot } = await collectFrom(r);
    expect(snapshot.accounts[0]!.regions[0]!.vpcBlockPublicAccess).toEqual({
      mode: 'off',
      state: 'default-state',
      exclusions: [],
    });
  });
});
