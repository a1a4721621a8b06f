// Serves a generated account on the local AWS-format endpoint (test/fake-aws) in its own process,
// so the scan being measured shares neither its heap nor its event loop with the server.
// Argument: JSON { scale, seed, latencyMs, throttling }. Prints one JSON line { url, listings, … },
// then answers stdin commands: `stats` → one JSON line of FakeAwsStats; `close` → exits.
import { createInterface } from 'node:readline';
import type { AccountSnapshot } from '../src/snapshot/types.js';
import { accountListings, perResourceMinimum } from './api-model.js';
import { countResources, generateSnapshot, type ScaleName } from './generate.js';

/** The slice of test/fake-aws this benchmark uses (imported at run time: the build leaves test/ out). */
interface FakeAwsModule {
  startFakeAws: (options: {
    accounts: unknown[];
    latencyMs?: number;
    throttling?: boolean;
    requestLogLimit?: number;
  }) => Promise<{ url: string; stats(): unknown; close(): Promise<void> }>;
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

async function main(): Promise<void> {
  const args = JSON.parse(process.argv[2] ?? '{}') as {
    scale: ScaleName;
    seed: number;
    latencyMs: number;
    throttling: boolean;
  };
  const { startFakeAws, fakeAccountFromSnapshot } = (await import(FAKE_AWS)) as FakeAwsModule;
  const snapshot = generateSnapshot(args.scale, args.seed);
  const account = snapshot.accounts[0];
  if (!account) throw new Error('the generated snapshot has no account');
  const fake = await startFakeAws({
    accounts: [fakeAccountFromSnapshot(account)],
    latencyMs: args.latencyMs,
    throttling: args.throttling,
    requestLogLimit: 0,
  });
  const ready: FakeServerReady = {
    url: fake.url,
    accountId: account.accountId,
    listings: accountListings(account),
    perResource: [...perResourceMinimum(account)],
    resources: countResources(snapshot),
  };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === 'stats') {
      const cpu = process.cpuUsage();
      const stats = { ...(fake.stats() as object), serverCpuMs: (cpu.user + cpu.system) / 1000 };
      process.stdout.write(`${JSON.stringify(stats)}\n`);
    }
    if (line === 'close') break;
  }
  await fake.close();
}

await main();
