// Sharding: split an account list into N deterministic parts so N jobs (a GitHub Actions matrix,
// any batch engine) each scan one part. The unit of work is the account (design.md "Scale").
//
// Placement is jump consistent hashing (Lamping & Veach, "A Fast, Minimal Memory, Consistent Hash
// Algorithm", 2014) over a SHA-256 of the account id, chosen over the alternatives because it
// moves the fewest accounts when the inputs change:
// - sorted round-robin: inserting one account shifts every later account by one position, so about
//   half of all accounts change shard (and a job's baseline no longer matches its accounts);
// - `hash mod N`: adding an account moves none, but going from N to N+1 shards moves ~N/(N+1);
// - jump hash: adding or removing an account moves only that account, and going from N to N+1
//   shards moves only the ~1/(N+1) that land in the new shard. It needs no ring, no per-shard
//   hashing (rendezvous would hash every account N times) and runs in O(ln N) per account.
// The balance is that of uniform random placement: for A accounts each shard gets A/N ± √(A/N).
import { createHash } from 'node:crypto';
import type { Snapshot } from '../snapshot/types.js';

/** One part of N, 1-based as written on the command line (`--shard 2/8`). */
export interface Shard {
  index: number;
  count: number;
}

/** Upper bound on N: well past the 256 jobs a GitHub Actions matrix may hold, and keeps typos out. */
export const MAX_SHARDS = 10_000;

export class ShardSpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShardSpecError';
  }
}

/** Parses `K/N` with 1 ≤ K ≤ N ≤ MAX_SHARDS; throws ShardSpecError with a one-line reason. */
export function parseShard(text: string): Shard {
  const match = /^([1-9][0-9]*)\/([1-9][0-9]*)$/.exec(text.trim());
  if (!match?.[1] || !match[2]) throw new ShardSpecError('expected K/N with 1 <= K <= N, e.g. 2/8.');
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count > MAX_SHARDS) throw new ShardSpecError(`N must be at most ${MAX_SHARDS}.`);
  if (index > count) throw new ShardSpecError(`K (${index}) must not exceed N (${count}).`);
  return { index, count };
}

export function formatShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}

const MASK_64 = (1n << 64n) - 1n;
const JUMP_MULTIPLIER = 2862933555777941757n;

/** 64 bits of SHA-256: spreads 12-digit ids (which share long prefixes) evenly. */
function accountKey(accountId: string): bigint {
  return createHash('sha256').update(`aws-audit-shard/v1\n${accountId}`).digest().readBigUInt64BE(0);
}

/** Jump consistent hash: a bucket in [0, buckets) (the paper's reference implementation). */
export function jumpHash(key: bigint, buckets: number): number {
  let k = key & MASK_64;
  let bucket = -1;
  let next = 0;
  while (next < buckets) {
    bucket = next;
    k = (k * JUMP_MULTIPLIER + 1n) & MASK_64;
    next = Math.floor((bucket + 1) * (2 ** 31 / (Number(k >> 33n) + 1)));
  }
  return bucket;
}

/** The 1-based shard an account belongs to among `count` shards. */
export function shardOf(accountId: string, count: number): number {
  return jumpHash(accountKey(accountId), count) + 1;
}

/** This shard's accounts: duplicates dropped, sorted, so every job sees a stable order. */
export function accountsInShard(accountIds: readonly string[], shard: Shard): string[] {
  return [...new Set(accountIds)].filter((id) => shardOf(id, shard.count) === shard.index).sort();
}

/** A snapshot restricted to one shard's accounts (`scan --snapshot … --shard K/N`). */
export function snapshotShard(snapshot: Snapshot, shard: Shard): Snapshot {
  const keep = new Set(
    accountsInShard(
      snapshot.accounts.map((account) => account.accountId),
      shard,
    ),
  );
  return { ...snapshot, accounts: snapshot.accounts.filter((account) => keep.has(account.accountId)) };
}
