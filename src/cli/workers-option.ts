// `--workers N`: how many threads evaluate the rules (engine/parallel/pool.ts). A bad value is a
// usage error naming the flag and the allowed range (exit 2), like every parser in `options.ts`.
import { InvalidArgumentError, Option } from 'commander';
import { AUTO_WORKERS_MIN_RESOURCES } from '../engine/parallel/pool.js';

/**
 * More threads than this only add copying: each worker receives its regions and sends its findings
 * back, and none can use more than one core. The cap keeps a typo (`--workers 1000`) from starting
 * a thousand threads of ~50 MB each.
 */
export const MAX_WORKERS = 64;

export function parseWorkers(value: string): number {
  if (!/^[1-9][0-9]*$/.test(value) || Number(value) > MAX_WORKERS)
    throw new InvalidArgumentError(
      `expected a whole number from 1 to ${MAX_WORKERS} (1 evaluates in the main thread).`,
    );
  return Number(value);
}

/** The flag, with its allowed values and default in --help (the same text on every machine). */
export function workersOption(): Option {
  return new Option(
    `--workers <1-${MAX_WORKERS}>`,
    `evaluate accounts and regions in N worker threads, 1 to ${MAX_WORKERS} (1 = in the main thread; ` +
      `default: one per core for a snapshot of ${AUTO_WORKERS_MIN_RESOURCES.toLocaleString('en-US')} ` +
      `resources or more, else 1; with --org-role-name: 1)`,
  ).argParser(parseWorkers);
}
