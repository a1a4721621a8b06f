// SIGINT / SIGTERM against the built binary, parked at exact points with the fs fault hook:
// the documented exit code, one stderr line, no temp file, and every earlier file byte-identical.
import { access, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeSnapshotFile } from '../../src/snapshot/io.js';
import { BUILT_CLI, listFiles, runBuiltCli, tempDir } from '../support/cli.js';
import { directoryBytes, spawnBuiltCli, type ChildResult } from './support/child.js';
import { HOLD_MARKER, fsFaultEnv } from './support/fs-fault-hook.js';
import { largeSnapshot } from './support/large-snapshot.js';
import { DEMO_ACCOUNT } from './support/fault-scan.js';
import { fakeAccountFromSnapshot, startFakeAws } from '../fake-aws/index.js';

const DEMO = 'examples/demo-account.json';
const SIGNALS = [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const;

beforeAll(async () => {
  await access(BUILT_CLI).catch(() => {
    throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` (npm test does it first)`);
  });
});

/** An output directory holding the reports of an earlier, complete run. */
async function outDirWithEarlierReports(): Promise<string> {
  const out = await tempDir('aws-audit-signal-');
  const earlier = await runBuiltCli(['scan', '--snapshot', DEMO, '--out-dir', out, '--format', 'json']);
  expect(earlier.code).toBe(0);
  expect(await readdir(out)).toHaveLength(2);
  return out;
}

function expectInterrupted(result: ChildResult, signal: string, code: number): void {
  expect(result.signal).toBeNull();
  expect(result.code).toBe(code);
  expect(result.stdout).toBe('');
  expect(result.stderr).toContain(`aws-audit: interrupted by ${signal}; stopping (exit ${code}).`);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe.each(SIGNALS)('%s during a scan', (signal, code) => {
  it('while a report is being moved into place: exit code, temp file removed, earlier reports intact', async () => {
    const out = await outDirWithEarlierReports();
    const before = await directoryBytes(out);
    const hooks = await tempDir();
    const cli = spawnBuiltCli(
      ['scan', '--snapshot', DEMO, '--out-dir', out, '--format', 'json,console'],
      await fsFaultEnv(hooks, { hold: { op: 'rename', match: 'aws-audit-report' } }),
    );
    await cli.stderrContains(`${HOLD_MARKER} rename`);
    // The new report is fully written to its temp file and waits for its rename.
    expect((await readdir(out)).filter((name) => name.endsWith('.tmp'))).toHaveLength(1);
    cli.child.kill(signal);
    const result = await cli.done;
    expectInterrupted(result, signal, code);
    expect(await directoryBytes(out)).toEqual(before);
  });

  it('while the snapshot is being read: nothing is written', async () => {
    const out = await outDirWithEarlierReports();
    const before = await directoryBytes(out);
    const hooks = await tempDir();
    const cli = spawnBuiltCli(
      ['scan', '--snapshot', DEMO, '--out-dir', out],
      await fsFaultEnv(hooks, { hold: { op: 'open', match: DEMO } }),
    );
    await cli.stderrContains(`${HOLD_MARKER} open`);
    cli.child.kill(signal);
    expectInterrupted(await cli.done, signal, code);
    expect(await directoryBytes(out)).toEqual(before);
  });
});

describe('a signal while a large snapshot is being evaluated', () => {
  it('exits 130 without writing a report, even though evaluation cannot be interrupted midway', async () => {
    const dir = await tempDir('aws-audit-large-');
    const snapshotPath = join(dir, 'large.json');
    await writeSnapshotFile(snapshotPath, largeSnapshot(4000));
    const out = join(dir, 'reports');
    const release = join(dir, 'release');
    const cli = spawnBuiltCli(
      ['scan', '--snapshot', snapshotPath, '--out-dir', out],
      await fsFaultEnv(dir, { hold: { op: 'open', match: snapshotPath, releaseFile: release } }),
    );
    await cli.stderrContains(`${HOLD_MARKER} open`);
    // Let the read go on, then signal at once: the signal lands while the large snapshot is
    // parsed, validated and evaluated (synchronous work); it takes effect right after, before
    // the first report write.
    await writeFile(release, '');
    cli.child.kill('SIGINT');
    expectInterrupted(await cli.done, 'SIGINT', 130);
    // The output directory may have been created by then, but holds nothing.
    expect(await listFiles(out)).toEqual([]);
  });
});

describe('a signal during live collection', () => {
  it('abandons the AWS calls in flight and exits 143 without writing anything', async () => {
    // DescribeInstances answers only after 15 s: the scan is parked in the middle of collection.
    const fake = await startFakeAws({
      accounts: [fakeAccountFromSnapshot(DEMO_ACCOUNT)],
      faults: [{ service: 'ec2', operation: 'DescribeInstances', kind: 'delay', delayMs: 15_000 }],
    });
    try {
      const out = await outDirWithEarlierReports();
      const before = await directoryBytes(out);
      const cli = spawnBuiltCli(
        ['scan', '--endpoint-url', fake.url, '--region', 'us-east-1', '--debug', '--out-dir', out],
        {
          HOME: await tempDir(),
          AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE',
          AWS_SECRET_ACCESS_KEY: 'fake-secret',
          AWS_EC2_METADATA_DISABLED: 'true',
        },
      );
      // Collection is under way once the first call has been answered.
      await cli.stderrContains('aws-audit debug: ec2:DescribeVpcs us-east-1');
      cli.child.kill('SIGTERM');
      const result = await cli.done;
      expect(result.code).toBe(143);
      expect(result.stderr).toContain('aws-audit: interrupted by SIGTERM; stopping (exit 143).');
      expect(result.stderr).not.toMatch(/\n\s+at /);
      // The delayed call had not been answered when the process ended: it was abandoned.
      const answered = fake.stats().byOperation.filter((o) => o.operation === 'DescribeInstances');
      expect(answered.reduce((n, o) => n + o.ok, 0)).toBe(0);
      expect(await directoryBytes(out)).toEqual(before);
    } finally {
      await fake.close();
    }
  });
});
