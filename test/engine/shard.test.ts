import fc from 'fast-check';
import {
  MAX_SHARDS,
  ShardSpecError,
  accountsInShard,
  formatShard,
  jumpHash,
  parseShard,
  shardOf,
  snapshotShard,
} from '../../src/engine/shard.js';
import { RegionBuilder, buildAccount, buildSnapshot } from '../support/builders/index.js';

const accountId = fc.stringMatching(/^[0-9]{12}$/);
const accountList = fc.uniqueArray(accountId, { minLength: 0, maxLength: 200 });
/** `n` distinct 12-digit ids, deterministic. */
const syntheticAccounts = (n: number, offset = 0): string[] =>
  Array.from({ length: n }, (_, i) => String(100000000000 + offset + i * 7919));

describe('parseShard', () => {
  it.each([
    ['1/1', { index: 1, count: 1 }],
    ['3/8', { index: 3, count: 8 }],
    ['8/8', { index: 8, count: 8 }],
    [' 2/4 ', { index: 2, count: 4 }],
    [`1/${MAX_SHARDS}`, { index: 1, count: MAX_SHARDS }],
  ])('accepts %p', (text, shard) => {
    expect(parseShard(text)).toEqual(shard);
    expect(formatShard(parseShard(text))).toBe(text.trim());
  });

  it.each([
    ['0/4', /K\/N/],
    ['5/4', /K \(5\) must not exceed N \(4\)/],
    ['1/0', /K\/N/],
    ['01/4', /K\/N/],
    ['a/b', /K\/N/],
    ['2', /K\/N/],
    ['1/2/3', /K\/N/],
    ['-1/4', /K\/N/],
    ['', /K\/N/],
    [`1/${MAX_SHARDS + 1}`, /at most/],
  ])('rejects %p', (text, message) => {
    expect(() => parseShard(text)).toThrow(ShardSpecError);
    expect(() => parseShard(text)).toThrow(message);
  });
});

describe('jumpHash (Lamping & Veach reference vectors)', () => {
  it.each([
    [1n, 1, 0],
    [42n, 57, 43],
    [0xdead10ccn, 1, 0],
    [0xdead10ccn, 666, 361],
    [256n, 1024, 520],
    [1n, 128, 55],
    [129n, 128, 120],
    [18446744073709551615n, 128, 92],
    [128n, 100000000, 38172097],
  ])('jumpHash(%p, %p) = %p', (key, buckets, expected) => {
    expect(jumpHash(key, buckets)).toBe(expected);
  });
});

describe('accountsInShard', () => {
  it('splits any account list into disjoint shards that together hold every account once', () => {
    fc.assert(
      fc.property(accountList, fc.integer({ min: 1, max: 40 }), (accounts, count) => {
        const shards = Array.from({ length: count }, (_, i) =>
          accountsInShard(accounts, { index: i + 1, count }),
        );
        const all = shards.flat();
        expect(all.length).toBe(new Set(accounts).size);
        expect(new Set(all)).toEqual(new Set(accounts));
        for (const shard of shards) expect(shard).toEqual([...shard].sort());
      }),
    );
  });

  it('is deterministic: order and duplicates of the input do not matter', () => {
    fc.assert(
      fc.property(accountList, fc.integer({ min: 1, max: 16 }), (accounts, count) => {
        const shuffled = [...accounts].reverse().concat(accounts.slice(0, 3));
        for (let index = 1; index <= count; index += 1)
          expect(accountsInShard(shuffled, { index, count })).toEqual(
            accountsInShard(accounts, { index, count }),
          );
      }),
    );
  });

  it('adding or removing one account moves no other account', () => {
    fc.assert(
      fc.property(accountList, accountId, fc.integer({ min: 1, max: 64 }), (accounts, added, count) => {
        const before = new Map(accounts.map((id) => [id, shardOf(id, count)]));
        const after = [...accounts, added];
        for (const id of after) if (id !== added) expect(shardOf(id, count)).toBe(before.get(id));
      }),
    );
  });

  it('going from N to N+1 shards moves only the accounts that land in the new shard, about 1/(N+1)', () => {
    const accounts = syntheticAccounts(10_000);
    for (const count of [1, 4, 15, 63]) {
      let moved = 0;
      for (const id of accounts) {
        const before = shardOf(id, count);
        const after = shardOf(id, count + 1);
        if (after !== before) {
          moved += 1;
          expect(after).toBe(count + 1);
        }
      }
      const expected = accounts.length / (count + 1);
      expect(Math.abs(moved - expected)).toBeLessThan(expected * 0.1 + 30);
    }
  });

  it('moves no account when one is inserted, where sorted round-robin would move nearly all after it', () => {
    // The reason for consistent hashing (engine/shard.ts), measured rather than asserted in prose.
    const accounts = syntheticAccounts(1_000).sort();
    const inserted = [...accounts, '100000000001'].sort();
    const roundRobin = (list: string[]) => new Map(list.map((id, i) => [id, (i % 8) + 1]));
    const byShard = (list: string[]) =>
      new Map(
        [1, 2, 3, 4, 5, 6, 7, 8].flatMap((index) =>
          accountsInShard(list, { index, count: 8 }).map((id) => [id, index] as const),
        ),
      );
    const [rrBefore, rrAfter] = [roundRobin(accounts), roundRobin(inserted)];
    const [before, after] = [byShard(accounts), byShard(inserted)];
    expect(accounts.filter((id) => rrBefore.get(id) !== rrAfter.get(id)).length).toBeGreaterThan(800);
    expect(accounts.filter((id) => before.get(id) !== after.get(id))).toEqual([]);
  });

  it('balances 10,000 accounts over 16 shards within 10% of the mean', () => {
    const accounts = syntheticAccounts(10_000, 3);
    const sizes = Array.from(
      { length: 16 },
      (_, i) => accountsInShard(accounts, { index: i + 1, count: 16 }).length,
    );
    for (const size of sizes) expect(Math.abs(size - 625)).toBeLessThan(63);
  });
});

describe('snapshotShard', () => {
  it("keeps only this shard's accounts and nothing else of the snapshot changes", () => {
    const ids = syntheticAccounts(12);
    const snapshot = buildSnapshot(
      ids.map((id) => buildAccount({ accountId: id, regions: [new RegionBuilder('us-east-1', id)] })),
    );
    const kept = [1, 2, 3].flatMap((index) =>
      snapshotShard(snapshot, { index, count: 3 }).accounts.map((a) => a.accountId),
    );
    expect(kept.sort()).toEqual([...ids].sort());
    const second = snapshotShard(snapshot, { index: 2, count: 3 });
    expect(second.accounts.map((a) => a.accountId)).toEqual(accountsInShard(ids, { index: 2, count: 3 }));
    expect(second.collectedAt).toBe(snapshot.collectedAt);
    expect(second.accounts[0]).toBe(
      snapshot.accounts.find((a) => a.accountId === second.accounts[0]?.accountId),
    );
  });
});
