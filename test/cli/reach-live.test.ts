// `aws-audit reach` without --snapshot: a live read of just the kinds it needs (REACH_KINDS),
// against the fake AWS endpoint serving the demo account, answers as the demo snapshot does.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { ReachAnswer } from '../../src/findings/reach.js';
import { readSnapshotFile } from '../../src/snapshot/io.js';
import { fakeAccountFromSnapshot, startFakeAws, type FakeAws } from '../fake-aws/index.js';
import { useDummyAwsEnvironment } from '../support/aws-env.js';
import { runCli } from '../support/cli.js';

useDummyAwsEnvironment();
let fake: FakeAws;

beforeAll(async () => {
  const demo = await readSnapshotFile('examples/demo-account.json');
  fake = await startFakeAws({ accounts: [fakeAccountFromSnapshot(demo.accounts[0]!)] });
});

afterAll(async () => {
  await fake.close();
});

describe('reach, live', () => {
  it('reads the account and gives the snapshot’s paths', async () => {
    const args = ['reach', '--to', 'reporting', '--why-not', '--json'];
    const live = await runCli([...args, '--endpoint-url', fake.url, '--region', 'us-east-1', '-q']);
    expect(live.stderr).toBe('');
    expect(live.code).toBe(0);
    const offline = await runCli([...args, '--snapshot', 'examples/demo-account.json']);
    const a = JSON.parse(live.stdout) as ReachAnswer;
    const b = JSON.parse(offline.stdout) as ReachAnswer;
    const key = (r: ReachAnswer['rows'][number]): string => `${r.from.id} ${r.subnetId ?? ''} ${r.verdict}`;
    expect(a.rows.map(key)).toEqual(b.rows.map(key));
    const bastion = (x: ReachAnswer) => x.rows.find((r) => r.from.id === 'i-0a11bastion01')?.path;
    expect(bastion(a)).toEqual(bastion(b));
  });
});
