// Serves an account on the local AWS-format endpoint (test/fake-aws) in its own process, so the
// scan being measured shares neither its heap nor its event loop with the server.
// Argument: JSON FakeServerArgs. Prints one JSON line { url, listings, … }, then answers stdin
// commands: `stats` → one JSON line of FakeAwsStats; `reset` → clears the counters (one line `{}`);
// `close` → exits.
import { createInterface } from 'node:readline';
import type { AccountSnapshot, Snapshot } from '../src/snapshot/types.js';
import { readSnapshotFile } from '../src/snapshot/io.js';
import { accountListings, perResourceMinimum } from './api-model.js';
import { countResources, generateSnapshot, type ScaleName } from './generate.js';

/** One injected failure, as test/fake-aws `FaultRule` takes it (its type lives under test/). */
export interface FakeServerFault {
  service?: string;
  operation?: string;
  kind: string;
  status?: number;
  message?: string;
}

export interface FakeServerArgs {
  /** A generated account (bench/generate.ts) … */
  scale?: ScaleName;
  /** … or the first account of a snapshot file (the demo: examples/demo-account.json). */
  snapshotFile?: string;
  seed: number;
  latencyMs: number;
  throttling: boolean;
  faults?: FakeServerFault[];
}

/** The slice of test/fake-aws this benchmark uses (imported at run time: the build leaves test/ out). */
interface FakeAwsModule {
  startFakeAws: (options: {
    accounts: unknown[];
    latencyMs?: number;
    throttling?: boolean;
    faults?: FakeServerFault[];
    requestLogLimit?: number;
  }) => Promise<{ url: string; stats(): unknown; resetStats(): void; close(): Promise<void> }>;
  fakeAccountFromSnapshot: (account: AccountSnapshot) => unknown;
}

export interface FakeServerReady {
  url: string;
  accountId: string;
  listings: ReturnType<typeof accountListings>;
  perResource: [string, number][];
  resources: number;
}

const FAKE_AWS = new URL('../test/fake-aws/index.js', import.meta.url).href;

async function servedSnapshot(args: FakeServerArgs): Promise<Snapshot> {
  if (args.snapshotFile !== undefined) return readSnapshotFile(args.snapshotFile);
  if (args.scale !== undefined) return generateSnapshot(args.scale, args.seed);
  throw new Error('fake-server: give a scale or a snapshotFile');
}

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as FakeServerArgs;
  const { startFakeAws, fakeAccountFromSnapshot } = (await import(FAKE_AWS)) as FakeAwsModule;
  const snapshot = await servedSnapshot(args);
  const account = snapshot.accounts[0];
  if (!account) throw new Error('the served snapshot has no account');
  const fake = await startFakeAws({
    accounts: [fakeAccountFromSnapshot(account)],
    latencyMs: args.latencyMs,
    throttling: args.throttling,
    ...(args.faults ? { faults: args.faults } : {}),
    requestLogLimit: 0,
  });
  const ready: FakeServerReady = {
    url: fake.url,
    accountId: account.accountId,
    listings: accountListings(account),
    perResource: [...perResourceMinimum(account)],
    resources: countResources({ ...snapshot, accounts: [account] }),
  };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'stats') {
      const cpu = process.cpuUsage();
      const stats = { ...(fake.stats() as object), serverCpuMs: (cpu.user + cpu.system) / 1000 };
      process.stdout.write(`${JSON.stringify(stats)}\n`);
    }
    if (line === 'reset') {
      fake.resetStats();
      process.stdout.write('{}\n');
    }
    if (line === 'close') break;
  }
  await fake.close();
}

await main();
