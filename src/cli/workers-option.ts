// `--workers N`: how many threads evaluate the rules (engine/parallel/pool.ts). A bad value is a
// usage error naming the flag and the allowed range (exit 2), like every parser in `options.ts`.
import { InvalidArgumentError, Option } from 'commander';

/**
 * More threads than this only add copying: each worker receives its regions and sends its findings
 * back, and none can use more than one core. The cap keeps a typo (`--workers 1000`) from starting
 * a thousand threads, each a V8 heap with its own copy of the rule pack.
 */
export const MAX_WORKERS = 64;

export function parseWorkers(value: string): number {
  if (!/^[1-9][0-9]*$/.test(value) || Number(value) > MAX_WORKERS)
    throw new InvalidArgumentError(
      `expected a whole number from 1 to ${MAX_WORKERS} (1 evaluates in the main thread).`,
    );
  return Number(value);
}

/**
 * The flag, with its allowed values in --help. The default is the main thread. The workers stream
 * (each renders its passes into the report text), but on 2 cores they still cost more than the
 * second core saves: the workers use several times the CPU they take off the main thread, and
 * three heaps' collector threads share the cores (BENCHMARKS.md "Worker threads that
 * stream"). On more cores they may pay; that was not measurable here, so they stay opt-in.
 */
export function workersOption(): Option {
  return new Option(
    `--workers <1-${MAX_WORKERS}>`,
    'evaluate accounts and regions in N worker threads (default 1: the main thread; same findings and reports for any N)',
  ).argParser(parseWorkers);
}
