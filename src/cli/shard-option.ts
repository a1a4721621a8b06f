// `--shard K/N` as a commander argument parser: a bad value becomes a usage error naming the flag
// (exit 2), like every other flag parser in `options.ts`.
import { InvalidArgumentError } from 'commander';
import { ShardSpecError, parseShard, type Shard } from '../engine/shard.js';

export function parseShardOption(value: string): Shard {
  try {
    return parseShard(value);
  } catch (error) {
    if (error instanceof ShardSpecError) throw new InvalidArgumentError(error.message);
    throw error;
  }
}
