// Wire-level: the real SDK clients (serialisation, paginators, retries) against the local fake AWS
// endpoint on 127.0.0.1 (test/fake-aws). No mocks of our own code.
import { afterEach, describe, expect, it } from '@jest/globals';
import { gzipSync } from 'node:zlib';
import { collectSnapshot, type CollectSnapshotOptions } from '../../src/collect/collect-snapshot.js';
import { DEFAULT_LIMITS } from '../../src/collect/limits.js';
import type { CallRecord } from '../../src/collect/types.js';
import { RegionBuilder, buildAccount } from '../support/builders/index.js';
import { parseSnapshot } from '../../src/snapshot/io.js';
import type { ResourceKind, Snapshot } from '../../src/snapshot/types.js';
import {
  fakeAccountFromSnapshot,
  startFakeAws,
  type FakeAws,
  type FakeAwsOptions,
} from '../fake-aws/index.js';

const ACCOUNT = '444455556666';
let fake: FakeAws | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function bigRegion(region: string, subnets: number, groups: number): RegionBuilder {
  const r = new RegionBuilder(region, ACCOUNT);
  r.vpc('vpc-0big', { cidrBlocks: ['10.0.0.0/8'], name: 'big' });
  for (let i = 0; i < subnets; i += 1)
    r.subnet(`subnet-${String(i).padStart(6, '0')}`, 'vpc-0big', {
      cidrBlock: `10.${i >> 8}.${i & 255}.0/24`,
    });
  for (let i = 0; i < groups; i += 1)
    r.securityGroup(`sg-${String(i).padStart(6, '0')}`, 'vpc-0big', {
      name: `g${i}`,
      ingress: [
        { protocol: 'tcp', fromPort: 22, toPort: 22, peer: { kind: 'cidr-ipv4', cidr: '0.0.0.0/0' } },
      ],
    });
  return r;
}

async function start(
  regions: RegionBuilder[],
  options: Omit<FakeAwsOptions, 'accounts'> = {},
  userData: Record<string, Uint8Array> = {},
): Promise<FakeAws> {
  const account = fakeAccountFromSnapshot(buildAccount({ accountId: ACCOUNT, regions }));
  account.userData = { ...(account.userData ?? {}), ...userData };
  fake = await startFakeAws({ accounts: [account], ...options });
  return fake;
}

function collect(
  server: FakeAws,
  kinds: ResourceKind[],
  extra: Partial<CollectSnapshotOptions> = {},
): Promise<Snapshot> {
  return collectSnapshot({
    kinds,
    regions: ['us-east-1'],
    endpoint: server.url,
    credentials: { accessKeyId: 'AKIAFAKEFAKEFAKE', secretAccessKey: 'fake' },
    limits: { ...DEFAULT_LIMITS, bucket: false },
    ...extra,
  });
}

describe('collection against the fake AWS endpoint', () => {
  it('follows pagination tokens with the largest page sizes and returns every item once', async () => {
    const server = await start([bigRegion('us-east-1', 2345, 1001)]);
    const snapshot = await collect(server, ['subnets', 'securityGroups']);
    const region = snapshot.accounts[0]!.regions[0]!;
    expect(region.collection).toEqual({ subnets: 'collected', securityGroups: 'collected' });
    expect(new Set(region.subnets.map((s) => s.id)).size).toBe(2345);
    expect(region.securityGroups).toHaveLength(1001);
    const subnetCalls = server.requests.filter((r) => r.operation === 'DescribeSubnets');
    expect(subnetCalls.map((r) => [r.pageSize, r.items])).toEqual([
      [1000, 1000],
      [1000, 1000],
      [1000, 345],
    ]);
    expect(server.requests.filter((r) => r.operation === 'DescribeSecurityGroups')).toHaveLength(2);
    expect(snapshot.accounts[0]!.accountId).toBe(ACCOUNT);
    expect(() => parseSnapshot(JSON.parse(JSON.stringify(snapshot)), 'wire')).not.toThrow();
  });

  it('retries a throttled call and then succeeds, with nothing recorded as failed', async () => {
    const server = await start([bigRegion('us-east-1', 3, 0)], {
      faults: [{ service: 'ec2', operation: 'DescribeSubnets', kind: 'throttle', times: 1 }],
    });
    const calls: CallRecord[] = [];
    const snapshot = await collect(server, ['subnets'], {
      log: { progress: () => undefined, note: () => undefined, call: (c) => calls.push(c) },
    });
    expect(snapshot.accounts[0]!.regions[0]!.collection).toEqual({ subnets: 'collected' });
    expect(snapshot.accounts[0]!.regions[0]!.subnets).toHaveLength(3);
    expect(snapshot.accounts[0]!.errors).toEqual([]);
    const attempts = server.requests.filter((r) => r.operation === 'DescribeSubnets');
    expect(attempts.map((r) => r.throttled)).toEqual([true, false]);
    // The debug log has one record per logical call, with timing and item count, no body.
    expect(calls.find((c) => c.operation === 'DescribeSubnets')).toMatchObject({
      status: 'ok',
      items: 3,
      region: 'us-east-1',
    });
  }, 20_000);

  it('a 403 becomes a recorded access-denied error; other kinds are still collected', async () => {
    const server = await start([bigRegion('us-east-1', 2, 2)], {
      faults: [
        {
          service: 'ec2',
          operation: 'DescribeSecurityGroups',
          kind: 'error',
          status: 403,
          code: 'UnauthorizedOperation',
          message: 'You are not authorized to perform this operation.',
        },
      ],
    });
    const snapshot = await collect(server, ['subnets', 'securityGroups', 'prefixLists']);
    const account = snapshot.accounts[0]!;
    expect(account.regions[0]!.collection).toEqual({
      subnets: 'collected',
      securityGroups: 'failed',
      prefixLists: 'failed',
    });
    expect(account.errors).toEqual([
      {
        service: 'ec2',
        operation: 'DescribeSecurityGroups',
        region: 'us-east-1',
        category: 'access-denied',
        code: 'UnauthorizedOperation',
        message: 'You are not authorized to perform this operation.',
        kinds: ['securityGroups', 'prefixLists'],
      },
    ]);
  });

  it('a malformed response is recorded as such, not retried forever', async () => {
    const server = await start([bigRegion('us-east-1', 2, 0)], {
      faults: [{ service: 'ec2', operation: 'DescribeSubnets', kind: 'malformed' }],
    });
    const snapshot = await collect(server, ['subnets', 'vpcs']);
    const account = snapshot.accounts[0]!;
    expect(account.regions[0]!.collection).toEqual({ vpcs: 'collected', subnets: 'failed' });
    expect(account.errors[0]).toMatchObject({ operation: 'DescribeSubnets', category: 'malformed-response' });
  });

  it('records regions that are not opted in, from DescribeRegions, without calling them', async () => {
    const home = bigRegion('us-east-1', 1, 0);
    const closed = new RegionBuilder('af-south-1', ACCOUNT);
    closed.data.availability = 'not-opted-in';
    const server = await start([home, closed]);
    const snapshot = await collect(server, ['vpcs'], { regions: undefined, homeRegion: 'us-east-1' });
    const regions = snapshot.accounts[0]!.regions;
    expect(regions.find((r) => r.region === 'af-south-1')).toMatchObject({
      availability: 'not-opted-in',
      collection: {},
    });
    expect(regions.find((r) => r.region === 'us-east-1')).toMatchObject({
      availability: 'enabled',
      collection: { vpcs: 'collected' },
    });
    expect(server.requests.some((r) => r.region === 'af-south-1')).toBe(false);
  });

  it('an explicitly requested region the account has not enabled is recorded as not opted in', async () => {
    const closed = new RegionBuilder('af-south-1', ACCOUNT);
    closed.data.availability = 'not-opted-in';
    const server = await start([bigRegion('us-east-1', 1, 0), closed]);
    const snapshot = await collect(server, ['vpcs', 'subnets'], {
      regions: ['af-south-1'],
      homeRegion: 'us-east-1',
    });
    const region = snapshot.accounts[0]!.regions[0]!;
    expect(region.availability).toBe('not-opted-in');
    expect(snapshot.accounts[0]!.errors.map((e) => [e.code, e.category])).toEqual([
      ['AuthFailure', 'opt-in-required'],
      ['AuthFailure', 'opt-in-required'],
    ]);
  });

  it('a region that drops every connection is recorded as unreachable, with network errors', async () => {
    const down = new RegionBuilder('eu-west-3', ACCOUNT);
    down.data.availability = 'unreachable';
    const server = await start([bigRegion('us-east-1', 1, 0), down]);
    const snapshot = await collect(server, ['vpcs', 'subnets'], {
      regions: ['us-east-1', 'eu-west-3'],
      maxAttempts: 2,
    });
    const [home, lost] = snapshot.accounts[0]!.regions;
    expect(home).toMatchObject({
      region: 'us-east-1',
      availability: 'enabled',
      collection: { vpcs: 'collected', subnets: 'collected' },
    });
    expect(lost).toMatchObject({
      region: 'eu-west-3',
      availability: 'unreachable',
      collection: { vpcs: 'failed', subnets: 'failed' },
    });
    const errors = snapshot.accounts[0]!.errors;
    expect(errors.map((e) => [e.region, e.operation, e.category, e.message]).sort()).toEqual([
      ['eu-west-3', 'DescribeSubnets', 'network', 'socket hang up'],
      ['eu-west-3', 'DescribeVpcs', 'network', 'socket hang up'],
    ]);
  }, 30_000);

  it('reads user data through DescribeInstanceAttribute and keeps only the redacted scan', async () => {
    const r = bigRegion('us-east-1', 1, 0);
    r.instance('i-0leaky', 'subnet-000000', { name: 'leaky' });
    const script = '#!/bin/bash\naws configure set aws_access_key_id AKIAZ7Q2MN4PLK3JWXYZ\n';
    const server = await start([r], {}, { 'i-0leaky': gzipSync(script) });
    const snapshot = await collect(server, ['instanceUserData']);
    const instance = snapshot.accounts[0]!.regions[0]!.instances.find((i) => i.id === 'i-0leaky')!;
    expect(instance.userData).toMatchObject({
      present: true,
      encoding: 'gzip',
      secrets: [{ type: 'aws-access-key-id', redacted: 'AKIA…WXYZ', line: 2 }],
    });
    expect(JSON.stringify(snapshot)).not.toContain('AKIAZ7Q2MN4PLK3JWXYZ');
  });

  it('reads $Latest+$Default in one sweep and the pinned versions instances use in one call per template', async () => {
    const r = bigRegion('us-east-1', 1, 0);
    const clean = { present: true, bytes: 200, encoding: 'plain' as const, secrets: [] };
    const leaked = {
      ...clean,
      secrets: [
        {
          type: 'aws-access-key-id' as const,
          redacted: 'AKIA…L7QX',
          length: 20,
          sha256: 'a'.repeat(64),
          line: 3,
        },
      ],
    };
    r.launchTemplate('lt-0wire', {
      name: 'wire-asg',
      defaultVersionNumber: 2,
      latestVersionNumber: 5,
      latestVersion: { versionNumber: 5, userData: clean },
      versions: [
        { versionNumber: 2, userData: clean },
        { versionNumber: 3, userData: leaked },
      ],
    });
    for (const [id, version] of [
      ['i-0pin1', '3'],
      ['i-0pin2', '3'],
      ['i-0dflt', '2'],
    ] as const)
      r.instance(id, 'subnet-000000', { launchTemplateId: 'lt-0wire', launchTemplateVersion: version });
    const server = await start([r]);
    const snapshot = await collect(server, ['launchTemplates']);
    const template = snapshot.accounts[0]!.regions[0]!.launchTemplates[0]!;
    expect(template.latestVersion?.versionNumber).toBe(5);
    expect(
      template.versions?.map((v) => [v.versionNumber, v.userData?.secrets.map((m) => m.redacted)]),
    ).toEqual([
      [2, []],
      [3, ['AKIA…L7QX']],
    ]);
    const versionCalls = server.requests.filter((q) => q.operation === 'DescribeLaunchTemplateVersions');
    expect(versionCalls.map((q) => [q.status, q.items])).toEqual([
      [200, 2], // $Latest (5) and $Default (2) of every template
      [200, 1], // lt-0wire version 3, once for its two instances
    ]);
    expect(snapshot.accounts[0]!.regions[0]!.collection.launchTemplates).toBe('collected');
  });

  it('honours AWS_ENDPOINT_URL from the environment (the SDK reads it; no --endpoint-url)', async () => {
    const server = await start([bigRegion('us-east-1', 4, 0)]);
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = server.url;
    try {
      const snapshot = await collectSnapshot({
        kinds: ['subnets'],
        regions: ['us-east-1'],
        credentials: { accessKeyId: 'AKIAFAKEFAKEFAKE', secretAccessKey: 'fake' },
        limits: { ...DEFAULT_LIMITS, bucket: false },
      });
      expect(snapshot.accounts[0]!.regions[0]!.subnets).toHaveLength(4);
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = saved;
    }
  });

  it('with the server enforcing EC2 token buckets, client-side pacing keeps every call unthrottled', async () => {
    const r = bigRegion('us-east-1', 10, 0);
    for (let i = 0; i < 150; i += 1)
      r.vpc(`vpc-${String(i).padStart(5, '0')}`, { cidrBlocks: ['10.0.0.0/16'] });
    const server = await start([r], { throttling: { ec2: { burst: 20, refillPerSecond: 100 } } });
    // 151 VPCs → 302 DescribeVpcAttribute calls against a 20-burst bucket: our own bucket (same
    // shape) paces them so the server never has to say RequestLimitExceeded.
    // Our bucket sits a little under the server's, as the default sits under AWS's: arrival times
    // jitter, so matching the server exactly would occasionally cross it.
    const snapshot = await collect(server, ['vpcAttributes'], {
      limits: { ...DEFAULT_LIMITS, bucket: { capacity: 15, refillPerSecond: 80 } },
    });
    expect(snapshot.accounts[0]!.regions[0]!.collection).toEqual({
      vpcs: 'collected',
      vpcAttributes: 'collected',
    });
    expect(server.stats().throttled).toBe(0);
    expect(server.requests.filter((x) => x.operation === 'DescribeVpcAttribute')).toHaveLength(302);
  }, 30_000);
});

describe('DHCP options on the wire (issue 20 item 8)', () => {
  it('DescribeDhcpOptions is served in EC2 XML and joined to each VPC by the real collector', async () => {
    const r = new RegionBuilder('us-east-1', ACCOUNT);
    r.vpc('vpc-0amazon');
    r.vpc('vpc-0corp', { dhcpOptionsId: 'dopt-0corp', domainNameServers: ['10.0.0.53', '10.1.0.53'] });
    r.vpc('vpc-0none', { dhcpOptionsId: 'default' });
    const server = await start([r]);
    const snapshot = await collect(server, ['dhcpOptions']);
    const region = snapshot.accounts[0]!.regions[0]!;
    expect(region.collection.dhcpOptions).toBe('collected');
    expect(region.vpcs.map((v) => [v.id, v.dhcpOptionsId, v.domainNameServers])).toEqual([
      ['vpc-0amazon', 'dopt-amazon', ['AmazonProvidedDNS']],
      ['vpc-0corp', 'dopt-0corp', ['10.0.0.53', '10.1.0.53']],
      ['vpc-0none', 'default', []],
    ]);
    expect(() => parseSnapshot(JSON.parse(JSON.stringify(snapshot)), 'collected')).not.toThrow();
  });
});
