import {
  LARGE_IAM,
  LARGE_REGION,
  REGION_ARRAY_KEYS,
  countResources,
  generateSnapshot,
  planCounts,
  regionCounts,
  scalePlan,
} from '../../bench/generate.js';
import { mulberry32 } from '../../bench/random.js';
import { parseSnapshot } from '../../src/snapshot/io.js';
import type { Snapshot } from '../../src/snapshot/types.js';

let large: Snapshot;
beforeAll(() => {
  large = generateSnapshot('large', 7);
});

describe('mulberry32', () => {
  it('repeats its sequence for a seed and differs across seeds', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const first = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(first);
    expect([c(), c(), c()]).not.toEqual(first);
    for (const value of first) expect(value >= 0 && value < 1).toBe(true);
  });
});

describe('generateSnapshot', () => {
  it('is deterministic: the same seed gives the identical snapshot, another seed another one', () => {
    const one = JSON.stringify(generateSnapshot('small', 11));
    const two = JSON.stringify(generateSnapshot('small', 11));
    const other = generateSnapshot('small', 12);
    expect(two).toBe(one);
    expect(JSON.stringify(other)).not.toBe(one);
    // Counts do not move with the seed: only attributes do.
    expect(countResources(other)).toBe(planCounts(scalePlan('small')).total);
  });

  it('produces a snapshot the snapshot schema accepts (small, and 10k after a JSON round trip)', () => {
    expect(() => parseSnapshot(generateSnapshot('small', 1), 'small')).not.toThrow();
    const tenK: unknown = JSON.parse(JSON.stringify(generateSnapshot('10k', 3)));
    expect(() => parseSnapshot(tenK, '10k')).not.toThrow();
  });

  it('has the documented shape at large: 17 regions of 60 VPCs, 300 subnets, 800 SGs, 1,500 instances; 2,000 IAM users and roles', () => {
    const account = large.accounts[0]!;
    expect(large.accounts).toHaveLength(1);
    expect(account.regions).toHaveLength(17);
    expect(new Set(account.regions.map((r) => r.region)).size).toBe(17);
    for (const region of account.regions) {
      expect(region.vpcs).toHaveLength(LARGE_REGION.vpcs);
      expect(region.subnets).toHaveLength(300);
      expect(region.securityGroups).toHaveLength(800);
      expect(region.instances).toHaveLength(1500);
      for (const key of REGION_ARRAY_KEYS) expect(region[key]).toHaveLength(regionCounts(LARGE_REGION)[key]);
    }
    expect(account.global.users.length + account.global.roles.length).toBe(LARGE_IAM.users + LARGE_IAM.roles);
    expect(account.global.users.length + account.global.roles.length).toBe(2000);
    expect(countResources(large)).toBe(planCounts(scalePlan('large')).total);
  });

  it('counts every resource array of a region', () => {
    expect([...REGION_ARRAY_KEYS].sort()).toEqual(Object.keys(regionCounts(LARGE_REGION)).sort());
  });

  it.each([
    ['10k', 10_000],
    ['100k', 100_000],
  ] as const)('lands %s within 2%% of %d resources, exactly as planned', (scale, nominal) => {
    const snapshot = generateSnapshot(scale, 5);
    const total = countResources(snapshot);
    expect(total).toBe(planCounts(scalePlan(scale)).total);
    expect(Math.abs(total - nominal) / nominal).toBeLessThan(0.02);
  });

  it('plans huge at 1,000,000 resources (±2%) over nine 17-region accounts', () => {
    const plan = scalePlan('huge');
    expect(plan.accounts * plan.regions).toBe(153);
    expect(Math.abs(planCounts(plan).total - 1_000_000) / 1_000_000).toBeLessThan(0.02);
  });

  it('mixes the cases rules care about', () => {
    const region = large.accounts[0]!.regions[0]!;
    const ingress = region.securityGroups.flatMap((g) => g.ingress);
    const worldSsh = ingress.filter(
      (r) =>
        r.protocol === 'tcp' &&
        r.fromPort === 22 &&
        r.peer.kind === 'cidr-ipv4' &&
        r.peer.cidr === '0.0.0.0/0',
    );
    expect(worldSsh.length).toBeGreaterThan(0);
    expect(ingress.some((r) => r.peer.kind === 'prefix-list')).toBe(true);
    expect(ingress.some((r) => r.peer.kind === 'security-group')).toBe(true);
    expect(region.prefixLists.some((p) => p.entries?.includes('0.0.0.0/0'))).toBe(true);
    expect(region.prefixLists.some((p) => !p.awsManaged && p.entries === undefined)).toBe(true);
    const publicTable = region.routeTables.some((t) =>
      t.routes.some((r) => r.target.kind === 'internet-gateway'),
    );
    const natTable = region.routeTables.some((t) => t.routes.some((r) => r.target.kind === 'nat-gateway'));
    expect(publicTable && natTable).toBe(true);
    expect(region.vpcEndpoints.some((e) => e.type === 'Gateway')).toBe(true);
    expect(region.vpcEndpoints.some((e) => e.type === 'Interface' && e.serviceName.endsWith('.ssm'))).toBe(
      true,
    );
    expect(region.instances.some((i) => i.iamInstanceProfileArn !== undefined)).toBe(true);
    expect(region.instances.some((i) => i.iamInstanceProfileArn === undefined)).toBe(true);
    expect(region.instances.some((i) => i.publicIpAddress !== undefined)).toBe(true);
    const withSecrets = region.instances.filter((i) => (i.userData?.secrets.length ?? 0) > 0);
    expect(withSecrets.length).toBeGreaterThan(0);
    expect(
      region.instances.some((i) => i.userData?.present === true && i.userData.secrets.length === 0),
    ).toBe(true);
    // Only redacted forms: no 20-character key id or 40-character secret is ever stored.
    for (const match of withSecrets.flatMap((i) => i.userData!.secrets)) {
      // Key ids keep `AKIA…` and four characters; secrets show none (`[redacted, 40 chars]`).
      expect(match.redacted).toMatch(
        match.type === 'aws-access-key-id' ? /^[A-Z0-9]{4}…[A-Z0-9]{4}$/ : /^\[redacted, \d+ chars\]$/,
      );
      expect(match.redacted.length).toBeLessThan(21);
    }
    const keys = large.accounts[0]!.global.users.flatMap((u) => u.accessKeys);
    const ageDays = (iso: string): number => (Date.parse(large.collectedAt) - Date.parse(iso)) / 86_400_000;
    expect(keys.some((k) => ageDays(k.createDate) > 90)).toBe(true);
    expect(keys.some((k) => ageDays(k.createDate) < 90)).toBe(true);
  });

  it('keeps references resolvable: ENIs, subnets, groups and profiles exist', () => {
    const account = large.accounts[0]!;
    const profiles = new Set(account.global.instanceProfiles.map((p) => p.arn));
    for (const region of account.regions.slice(0, 2)) {
      const subnets = new Set(region.subnets.map((s) => s.id));
      const groups = new Set(region.securityGroups.map((g) => g.id));
      const enis = new Map(region.networkInterfaces.map((n) => [n.id, n]));
      expect(enis.size).toBe(region.networkInterfaces.length);
      for (const instance of region.instances) {
        expect(subnets.has(instance.subnetId!)).toBe(true);
        for (const id of instance.securityGroupIds) expect(groups.has(id)).toBe(true);
        const eni = enis.get(instance.networkInterfaceIds[0]!);
        expect(eni?.attachedInstanceId).toBe(instance.id);
        if (instance.iamInstanceProfileArn) expect(profiles.has(instance.iamInstanceProfileArn)).toBe(true);
      }
      for (const eni of region.networkInterfaces) expect(subnets.has(eni.subnetId)).toBe(true);
    }
  });
});
