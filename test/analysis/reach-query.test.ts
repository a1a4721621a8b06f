// The name resolution of `aws-audit reach`: edit distance, near matches, ambiguity.
import { editDistance, nearMatches } from '../../src/analysis/reach-query/index.js';
import { resolveResource } from '../../src/analysis/reach-query/resolve.js';
import { readSnapshotFile } from '../../src/snapshot/io.js';
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
