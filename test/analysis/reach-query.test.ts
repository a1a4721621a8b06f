// The name resolution of `aws-audit reach`: edit distance, near matches, ambiguity.
import { editDistance, nearMatches, runReachQuery } from '../../src/analysis/reach-query/index.js';
import { resolveResource } from '../../src/analysis/reach-query/resolve.js';
import { readSnapshotFile } from '../../src/snapshot/io.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { SnapshotView } from '../../src/snapshot/view.js';

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('orders', 'orders')).toBe(0);
    expect(editDistance('ordrs', 'orders')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('stops past the limit', () => {
    expect(editDistance('aaaaaaaa', 'bbbbbbbb', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });
});

describe('nearMatches', () => {
  const names = [
    'orders',
    'orders-replica',
    'reporting',
    'i-0a11app00001',
    'i-0a11app00002',
    'ssm',
    'ssmmessages',
  ];

  it('ranks by distance, then prefix, then name', () => {
    expect(nearMatches('ordrs', names)).toEqual(['orders']);
    expect(nearMatches('ssmmesages', names)).toEqual(['ssmmessages', 'ssm']);
    expect(nearMatches('i-0a11app0001', names)).toEqual(['i-0a11app00001', 'i-0a11app00002']);
    expect(nearMatches('order', names)).toEqual(['orders', 'orders-replica']);
  });

  it('ignores case and finds nothing for an unrelated name', () => {
    expect(nearMatches('ORDERS', names)).toEqual(['orders', 'orders-replica']);
    expect(nearMatches('zzzzzzzz', names)).toEqual([]);
    // Two characters are no prefix worth suggesting.
    expect(nearMatches('xo', ['xo-thing-long'])).toEqual([]);
  });

  it('keeps at most `max`', () => {
    expect(nearMatches('i-0a11app0000', names, 1)).toHaveLength(1);
  });
});

describe('resolveResource', () => {
  it('finds by id, name, ARN and endpoint address; ambiguous names list every match', async () => {
    const snapshot = await readSnapshotFile('examples/demo-account.json');
    const view = new SnapshotView(snapshot);
    const db = resolveResource(view, 'orders', ['db-instance', 'instance']);
    expect('found' in db && db.found.kind).toBe('db-instance');
    const byName = resolveResource(view, 'bastion', ['instance']);
    expect('found' in byName && byName.found.resource.id).toBe('i-0a11bastion01');
    // The same name in two regions cannot pick one.
    const region = snapshot.accounts[0]!.regions[1]!;
    region.dbInstances.push({
      ...snapshot.accounts[0]!.regions[0]!.dbInstances[0]!,
      arn: 'arn:aws:rds:eu-west-1:123456789012:db:orders',
      id: 'orders',
    });
    const twice = resolveResource(new SnapshotView(snapshot), 'orders', ['db-instance']);
    expect(twice).toEqual({
      ambiguous: expect.arrayContaining([
        expect.stringContaining('(us-east-1)'),
        expect.stringContaining('(eu-west-1)'),
      ]) as unknown,
    });
  });
});

describe('runReachQuery errors', () => {
  it('an ambiguous --to lists every match and asks for the ARN', async () => {
    const snapshot = await readSnapshotFile('examples/demo-account.json');
    const [home, other] = snapshot.accounts[0]!.regions;
    other!.dbInstances.push({
      ...home!.dbInstances[0]!,
      arn: 'arn:aws:rds:eu-west-1:123456789012:db:orders',
      id: 'orders',
    });
    expect(runReachQuery(new SnapshotView(snapshot), { to: 'orders' })).toEqual({
      error:
        '--to orders names more than one resource: arn:aws:rds:us-east-1:123456789012:db:orders (us-east-1), arn:aws:rds:eu-west-1:123456789012:db:orders (eu-west-1); give the ARN',
    });
  });

  it('an ambiguous name with more than five matches lists five and counts the rest', async () => {
    const snapshot = await readSnapshotFile('examples/demo-account.json');
    const home = snapshot.accounts[0]!.regions[0]!;
    const model = home.instances[0]!;
    for (let i = 1; i <= 7; i++) {
      const id = `i-0fleet0000000${i}`;
      home.instances.push({ ...model, id, arn: model.arn.replace(model.id, id), name: 'fleet' });
    }
    const answer = runReachQuery(new SnapshotView(snapshot), { to: 'fleet' });
    expect('error' in answer && answer.error).toMatch(
      /^--to fleet names more than one resource: (\S+ \(us-east-1\), ){4}\S+ \(us-east-1\) and 2 more; give the ARN$/,
    );
  });
});

describe('--from a workload without --to (its services)', () => {
  it('answers each asked service from a found instance, and names near matches for a name not found', async () => {
    const view = new SnapshotView(await readSnapshotFile('examples/demo-account.json'));
    const answer = runReachQuery(view, { from: 'i-0a11app00001', services: ['ssm', 's3'] });
    if ('error' in answer) throw new Error(answer.error);
    expect(answer.source).toMatchObject({ kind: 'instance', id: 'i-0a11app00001' });
    expect(answer.rows.map((r) => [r.to, r.verdict, r.way])).toEqual([
      ['ssm', 'reachable', 'interface-endpoint'],
      ['s3', 'reachable', 'gateway-endpoint'],
    ]);
    expect(runReachQuery(view, { from: 'i-0a11app0000' })).toEqual({
      error:
        '--from i-0a11app0000: no instance, Lambda function or ECS service of that name in the snapshot; did you mean i-0a11app00001, i-0a11app00002?',
    });
  });

  it('names the way an unreachable service would take, where it breaks', async () => {
    const snapshot = await readSnapshotFile('examples/demo-account.json');
    snapshot.accounts[0]!.regions[0]!.securityGroups.find((g) => g.id === 'sg-0a11app')!.egress = [];
    const answer = runReachQuery(new SnapshotView(snapshot), {
      from: 'i-0a11app00001',
      services: ['ssm', 'sts'],
    });
    if ('error' in answer) throw new Error(answer.error);
    expect(answer.rows.map((r) => [r.to, r.verdict, r.way, r.via, r.firstBrokenHop?.id])).toEqual([
      ['ssm', 'unreachable', 'interface-endpoint', 'vpce-0a11ssm', 'sg-0a11app'],
      ['sts', 'unreachable', 'nat-gateway', 'nat-0a11prod', 'sg-0a11app'],
    ]);
  });
});

describe('internet sources of --to (reachFromInternet)', () => {
  async function demoWith(change: (region: Snapshot['accounts'][number]['regions'][number]) => void) {
    const snapshot = await readSnapshotFile('examples/demo-account.json');
    change(snapshot.accounts[0]!.regions[0]!);
    const answer = runReachQuery(new SnapshotView(snapshot), { to: 'reporting', whyNot: true });
    if ('error' in answer) throw new Error(answer.error);
    return answer.rows.filter((r) => r.from.kind === 'internet');
  }

  it('lists each public range the groups admit, and not the private ones', async () => {
    const rows = await demoWith((region) => {
      const group = region.securityGroups.find((g) => g.id === 'sg-0a11dbpub')!;
      group.ingress = [
        {
          protocol: 'tcp',
          fromPort: 5432,
          toPort: 5432,
          peer: { kind: 'cidr-ipv4', cidr: '203.0.113.0/24' },
        },
        { protocol: 'tcp', fromPort: 5432, toPort: 5432, peer: { kind: 'cidr-ipv4', cidr: '10.0.0.0/16' } },
        { protocol: 'tcp', fromPort: 22, toPort: 22, peer: { kind: 'cidr-ipv4', cidr: '198.51.100.0/24' } },
      ];
    });
    expect(rows.map((r) => [r.from.id, r.verdict])).toEqual([['203.0.113.0/24', 'reachable']]);
    expect(rows[0]!.hops.map((h) => h.kind)).toEqual([
      'internet-gateway',
      'route',
      'internet-gateway',
      'network-acl',
      'network-acl',
      'security-group',
      'target',
    ]);
  });

  it('lists the public range of an all-traffic rule, which has no ports', async () => {
    const rows = await demoWith((region) => {
      const group = region.securityGroups.find((g) => g.id === 'sg-0a11dbpub')!;
      group.ingress = [{ protocol: '-1', peer: { kind: 'cidr-ipv4', cidr: '203.0.113.0/24' } }];
    });
    expect(rows.map((r) => [r.from.id, r.verdict])).toEqual([['203.0.113.0/24', 'reachable']]);
  });

  it('is blocked at the route when the subnet has no internet gateway route', async () => {
    const rows = await demoWith((region) => {
      const table = region.routeTables.find((t) => t.id === 'rtb-0a11pub')!;
      table.routes = table.routes.filter((r) => r.target.kind !== 'internet-gateway');
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ verdict: 'unreachable' });
    expect(rows[0]!.firstBrokenHop).toMatchObject({ kind: 'route', id: 'rtb-0a11pub', verdict: 'deny' });
    expect(rows[0]!.reasons[0]).toMatch(
      /no route sends replies to the internet \(0\.0\.0\.0\/0\) to an internet gateway/,
    );
  });

  it('a blackhole internet gateway route is no route back', async () => {
    const rows = await demoWith((region) => {
      const table = region.routeTables.find((t) => t.id === 'rtb-0a11pub')!;
      for (const r of table.routes) if (r.target.kind === 'internet-gateway') r.state = 'blackhole';
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ verdict: 'unreachable' });
    expect(rows[0]!.firstBrokenHop).toMatchObject({ kind: 'route', id: 'rtb-0a11pub', verdict: 'deny' });
  });

  it('is blocked at the network ACL that denies the request, and undecided when the ACL is not collected', async () => {
    const denied = await demoWith((region) => {
      const acl = region.networkAcls.find((a) => a.id === 'acl-0a11dflt')!;
      acl.entries = [
        {
          ruleNumber: 50,
          egress: false,
          protocol: '6',
          action: 'deny',
          cidrBlock: '0.0.0.0/0',
          portRange: { from: 5432, to: 5432 },
        },
        ...acl.entries,
      ];
    });
    expect(denied[0]!.firstBrokenHop).toMatchObject({
      kind: 'network-acl',
      id: 'acl-0a11dflt',
      verdict: 'deny',
    });
    const unknown = await demoWith((region) => {
      region.collection.networkAcls = 'failed';
    });
    expect(unknown[0]).toMatchObject({ verdict: 'indeterminate' });
    expect(unknown[0]!.firstBrokenHop).toMatchObject({ kind: 'network-acl', verdict: 'undecided' });
  });
});

describe('--from an Instance Connect Endpoint (the admin-path rule’s endpointWay)', () => {
  async function eiceTo(
    to: string,
    change: (region: Snapshot['accounts'][number]['regions'][number]) => void,
  ) {
    const snapshot = await readSnapshotFile('examples/demo-account.json');
    change(snapshot.accounts[0]!.regions[0]!);
    const answer = runReachQuery(new SnapshotView(snapshot), { from: 'eice-0a11admin', to });
    if ('error' in answer) throw new Error(answer.error);
    return answer.rows;
  }

  it('reaches no instance outside its own VPC (aws-facts §10.3)', async () => {
    const rows = await eiceTo('i-0a11app00002', (region) => {
      region.instanceConnectEndpoints[0]!.vpcId = 'vpc-0other';
    });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ verdict: 'unreachable', hops: [] });
    expect(rows[0]!.reasons).toEqual([
      'endpoint eice-0a11admin is in vpc-0other and connects only within its VPC, not to i-0a11app00002 in vpc-0a11prod',
    ]);
  });

  it('with PreserveClientIp, a group reference to the endpoint no longer admits it', async () => {
    const rows = await eiceTo('i-0a11app00002', (region) => {
      region.instanceConnectEndpoints[0]!.preserveClientIp = true;
    });
    expect(rows[0]!.verdict).toBe('unreachable');
    expect(rows[0]!.reasons.join('\n')).toMatch(/preserves the client's IP/);
  });

  it('is unreachable while the endpoint is not create-complete', async () => {
    const rows = await eiceTo('i-0a11app00002', (region) => {
      region.instanceConnectEndpoints[0]!.state = 'create-in-progress';
    });
    expect(rows[0]!.reasons).toEqual(['endpoint eice-0a11admin is create-in-progress, not create-complete']);
  });
});

describe('--to a DB instance', () => {
  it('falls back to its DB subnet group when RDS lists no subnet, as the admin-path rule does', async () => {
    const snapshot = await readSnapshotFile('examples/demo-account.json');
    snapshot.accounts[0]!.regions[0]!.dbInstances.find((d) => d.id === 'orders')!.subnetIds = [];
    const answer = runReachQuery(new SnapshotView(snapshot), { from: 'i-0a11app00001', to: 'orders' });
    if ('error' in answer) throw new Error(answer.error);
    expect(answer.notes.join('\n')).toContain('may be in any of subnet-0a11db01, subnet-0a11db02');
  });

  // orders may be in subnet-0a11db01 or subnet-0a11db02 (no subnet listed, its DB subnet group's
  // two): the network ACL of db01 admits app-1 or denies it, db02 gets its own ACL or none.
  async function ordersFromApp1(
    db01: 'open' | 'denied',
    db02: 'denied' | 'not visible',
  ): Promise<{ verdict: string; reasons: string[] }> {
    const snapshot = await readSnapshotFile('examples/demo-account.json');
    const region = snapshot.accounts[0]!.regions[0]!;
    region.dbInstances.find((d) => d.id === 'orders')!.subnetIds = [];
    const acl = region.networkAcls.find((a) => a.id === 'acl-0a11db')!;
    const denyAll = acl.entries.filter((e) => e.ruleNumber === 32767);
    acl.subnetIds = ['subnet-0a11db01'];
    if (db01 === 'open')
      acl.entries = [
        ...denyAll.map((e) => ({ ...e, ruleNumber: 100, action: 'allow' as const })),
        ...denyAll,
      ];
    if (db02 === 'denied')
      region.networkAcls.push({
        ...acl,
        id: 'acl-0a11db2',
        arn: `${acl.arn}2`,
        subnetIds: ['subnet-0a11db02'],
        entries: denyAll,
      });
    // No default ACL to fall back on: db02's ACL is then not visible.
    else for (const a of region.networkAcls) a.isDefault = false;
    const answer = runReachQuery(new SnapshotView(snapshot), { from: 'i-0a11app00001', to: 'orders' });
    if ('error' in answer) throw new Error(answer.error);
    expect(answer.rows).toHaveLength(1);
    return answer.rows[0]!;
  }

  it('reaching one of its two subnets is undecided, and says how many it reaches', async () => {
    const row = await ordersFromApp1('open', 'denied');
    expect(row.verdict).toBe('indeterminate');
    expect(row.reasons).toEqual([
      'reaches 1 of 2 of the subnets or interfaces the target may be in',
      'network ACL of subnet-0a11db02 (request): acl-0a11db2 denies tcp 3306 inbound from i-0a11app00001 (10.0.10.11) (the * rule)',
      'network ACL of subnet-0a11db02 (stateless reply on ephemeral ports): acl-0a11db2 denies tcp 32768-60999 outbound to i-0a11app00001 (10.0.10.11) (the * rule)',
    ]);
  });

  it('blocked in one subnet and undecided in the other is undecided, without a count of none reached', async () => {
    const row = await ordersFromApp1('denied', 'not visible');
    expect(row.verdict).toBe('indeterminate');
    expect(row.reasons).toEqual([
      'network ACL of subnet-0a11db01 (request): acl-0a11db denies tcp 3306 inbound from i-0a11app00001 (10.0.10.11) (the * rule)',
      'network ACL of subnet-0a11db01 (stateless reply on ephemeral ports): acl-0a11db denies tcp 32768-60999 outbound to i-0a11app00001 (10.0.10.11) (the * rule)',
    ]);
  });
});
