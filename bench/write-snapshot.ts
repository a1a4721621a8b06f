// Writes a synthetic account as a snapshot file, for measuring the CLI end to end on it:
//   npm run bench:snapshot -- huge /tmp/huge.json [--accounts N] [--seed N]
//   node dist/src/cli/main.js scan --snapshot /tmp/huge.json --format json
// `--accounts` repeats the scale's account (three `large` accounts: 319,773 resources).
import { performance } from 'node:perf_hooks';
import { writeSnapshotFile } from '../src/snapshot/io.js';
import { countResources, generateSnapshot, isScaleName, scalePlan } from './generate.js';

function fail(message: string): never {
  process.stderr.write(
    `bench:snapshot: ${message}\nusage: npm run bench:snapshot -- SCALE FILE [--accounts N] [--seed N]\n`,
  );
  process.exit(2);
}

function positiveInteger(flag: string, value: string | undefined): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    fail(`${flag} needs a positive integer, got ${value ?? 'nothing'}`);
  return number;
}

const positional: string[] = [];
let seed = 1;
let accounts: number | undefined;
const args = process.argv.slice(2);
for (let i = 0; i < args.length; i++) {
  const arg = args[i] as string;
  if (arg === '--seed') seed = positiveInteger(arg, args[++i]);
  else if (arg === '--accounts') accounts = positiveInteger(arg, args[++i]);
  else if (arg.startsWith('--')) fail(`unknown flag ${arg}`);
  else positional.push(arg);
}
const [scale, file] = positional;
if (scale === undefined || !isScaleName(scale)) fail(`SCALE must be one of small, large, 10k, 100k, huge`);
if (file === undefined || positional.length !== 2) fail('FILE is required');

const start = performance.now();
const plan = scalePlan(scale);
const snapshot = generateSnapshot(accounts === undefined ? plan : { ...plan, accounts }, seed);
await writeSnapshotFile(file, snapshot);
process.stdout.write(
  `${file}: ${countResources(snapshot).toLocaleString('en-US')} resources, ` +
    `written in ${((performance.now() - start) / 1000).toFixed(1)} s\n`,
);
