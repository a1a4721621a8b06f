// The live side of the CLI: flag validation, `collect`, `policy`, and `scan` without --snapshot,
// run in-process against the fake AWS endpoint (127.0.0.1 only).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ruleRegistry } from '../../rules/index.js';
import { readSnapshotFile } from '../../src/snapshot/io.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { fakeAccountFromSnapshot, startFakeAws, type FakeAws } from '../fake-aws/index.js';
import { BUILT_CLI, listFiles, runBuiltCli, runCli, tempDir } from '../support/cli.js';
import { access } from 'node:fs/promises';
import { useDummyAwsEnvironment } from '../support/aws-env.js';

interface ReportFinding {
  ruleId: string;
  status: string;
  severity: string;
  resource: { arn: string };
}
interface Report {
  scan: { source: string; collectedAt: string };
  findings: ReportFinding[];
  coverage: { complete: boolean; collectionErrors: unknown[] };
}

/** The credential chain must find only our dummy keys: no profile files, no instance metadata. */
useDummyAwsEnvironment();
let fake: FakeAws;
let demo: Snapshot;

beforeAll(async () => {
  demo = await readSnapshotFile('examples/demo-account.json');
  fake = await startFakeAws({ accounts: [fakeAccountFromSnapshot(demo.accounts[0]!)] });
});

afterAll(async () => {
  await fake.close();
});

const findingKey = (f: ReportFinding): string => `${f.ruleId} ${f.resource.arn} ${f.status} ${f.severity}`;

async function report(dir: string): Promise<Report> {
  return JSON.parse(await readFile(join(dir, 'aws-audit-report.json'), 'utf8')) as Report;
}

describe('live flags', () => {
  it.each([
    [['--region', 'us-east-1'], '--region'],
    [['--profile', 'prod'], '--profile'],
    [['--role-arn', 'arn:aws:iam::123456789012:role/audit'], '--role-arn'],
    [['--endpoint-url', 'http://127.0.0.1:1'], '--endpoint-url'],
    [['--skip-user-data'], '--skip-user-data'],
  ])('scan --snapshot with %j is a usage error naming both flags', async (flags, name) => {
    const out = await tempDir();
    const result = await runCli([
      'scan',
      '--snapshot',
      'examples/demo-account.json',
      '--out-dir',
      out,
      ...flags,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `aws-audit: ${name} cannot be used with --snapshot: a snapshot file is evaluated offline\n`,
    );
    expect(await listFiles(out)).toEqual([]);
  });

  it.each([
    [['--region', 'useast1'], '--region'],
    [['--region', 'us-east-1,nowhere'], '--region'],
    [['--role-arn', 'audit'], '--role-arn'],
    [['--endpoint-url', 'ftp://x'], '--endpoint-url'],
    [['--concurrency', '0'], '--concurrency'],
    [['--role-session-name', 'run 42'], '--role-session-name'],
  ])('collect %j is a usage error naming the flag', async (flags, name) => {
    const result = await runCli(['collect', '--out', join(await tempDir(), 's.json'), ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(name);
    expect(result.stderr.split('\n')[0]).toMatch(/^aws-audit collect: option/);
  });

  it('collect without --out is a usage error', async () => {
    const result = await runCli(['collect']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--out');
  });

  it('a credential failure is one line naming what was tried, exit 2, nothing written', async () => {
    const dir = await tempDir();
    const out = join(dir, 's.json');
    const result = await runCli([
      'collect',
      '--out',
      out,
      '--profile',
      'no-such-profile',
      '--region',
      'us-east-1',
      '--endpoint-url',
      fake.url,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^aws-audit: no usable AWS credentials \(tried profile 'no-such-profile' from the shared config and credentials files\): .+\n$/,
    );
    expect(await listFiles(dir)).toEqual([]);
  });
});

describe('collect and scan against the fake AWS endpoint', () => {
  it('collect writes a valid snapshot atomically, owner-only, with progress only on a terminal', async () => {
    const dir = await tempDir();
    const out = join(dir, 'snap.json');
    const quietRun = await runCli([
      'collect',
      '--out',
      out,
      '--endpoint-url',
      fake.url,
      '--region',
      'us-east-1',
      '-q',
    ]);
    expect(quietRun).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(await listFiles(dir)).toEqual(['snap.json']);
    expect((await stat(out)).mode & 0o777).toBe(0o600);
    const snapshot = await readSnapshotFile(out);
    expect(snapshot.accounts[0]!.accountId).toBe(demo.accounts[0]!.accountId);
    expect(snapshot.accounts[0]!.regions.map((r) => r.region)).toEqual(['us-east-1']);

    const ttyRun = await runCli(
      ['collect', '--out', out, '--endpoint-url', fake.url, '--region', 'us-east-1'],
      {},
      true,
    );
    expect(ttyRun.code).toBe(0);
    // One line redrawn in place (progress.ts), erased before the closing line: no newline inside it.
    const erase = '\r\x1b[2K';
    const closing = `${erase}aws-audit: wrote ${out} (1 regions)\n`;
    expect(ttyRun.stderr.endsWith(closing)).toBe(true);
    const live = ttyRun.stderr.slice(0, -closing.length);
    expect(live).not.toContain('\n');
    expect(live.startsWith(erase)).toBe(true);
    expect(live.slice(erase.length)).toMatch(
      /^aws-audit: collecting \d+\/\d+ region×kind, \d+ requests, 0 throttled, /,
    );
    expect(ttyRun.stderr).not.toContain('debug');
  });

  it('collect on a non-terminal stderr (CI logs) prints plain progress lines: the totals at the end', async () => {
    const out = join(await tempDir(), 'snap.json');
    const before = fake.requests.length;
    const result = await runCli([
      'collect',
      '--out',
      out,
      '--endpoint-url',
      fake.url,
      '--region',
      'us-east-1,eu-west-1',
    ]);
    expect(result.code).toBe(0);
    const match =
      /^aws-audit: collecting done: (\d+)\/(\d+) region×kind, (\d+) requests, 0 throttled, \S+\n/.exec(
        result.stderr,
      );
    expect(match).not.toBeNull();
    const [, done, total, requests] = match!;
    expect(done).toBe(total);
    // Two regions' kinds plus the global (IAM) kinds, each reported once.
    const snapshot = await readSnapshotFile(out);
    const account = snapshot.accounts[0]!;
    const units =
      account.regions.reduce((n, r) => n + Object.keys(r.collection).length, 0) +
      Object.keys(account.global.collection).length;
    expect(Number(total)).toBe(units);
    // Every request the fake endpoint answered for this run (STS's identity call included).
    const sent = fake.requests.length - before;
    expect(Number(requests)).toBe(sent);
    expect(result.stderr.slice(match![0].length)).toBe(`aws-audit: wrote ${out} (2 regions)\n`);
    expect(result.stderr).not.toContain('\x1b');
  });

  it('the progress totals count every throttled attempt the endpoint answered', async () => {
    const throttling = await startFakeAws({
      accounts: [fakeAccountFromSnapshot(demo.accounts[0]!)],
      faults: [{ service: 'ec2', operation: 'DescribeVpcs', kind: 'throttle', times: 2 }],
    });
    try {
      const out = join(await tempDir(), 'snap.json');
      const result = await runCli([
        'collect',
        '--out',
        out,
        '--endpoint-url',
        throttling.url,
        '--region',
        'us-east-1',
      ]);
      expect(result.code).toBe(0);
      const stats = throttling.stats();
      expect(stats.throttled).toBe(2);
      expect(result.stderr).toMatch(
        new RegExp(
          `^aws-audit: collecting done: (\\d+)/\\1 region×kind, ${stats.requests} requests, 2 throttled, `,
        ),
      );
    } finally {
      await throttling.close();
    }
  });

  it('collect --out into a missing folder creates it before collecting', async () => {
    const dir = await tempDir();
    const out = join(dir, 'nested', 'missing', 'snap.json');
    const result = await runCli([
      'collect',
      '--out',
      out,
      '--endpoint-url',
      fake.url,
      '--region',
      'us-east-1',
      '-q',
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect((await readSnapshotFile(out)).accounts).toHaveLength(1);
  });

  it('collect --out whose folder cannot be created fails before the first AWS call', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'file'), '');
    const out = join(dir, 'file', 'sub', 'snap.json');
    fake.resetStats();
    const result = await runCli(['collect', '--out', out, '--endpoint-url', fake.url, '-q']);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `aws-audit: cannot create output directory ${join(dir, 'file', 'sub')}: a path component is not a directory\n`,
    });
    expect(fake.stats().requests).toBe(0);
  });

  it('a snapshot collected with --rules records them, and scan --snapshot evaluates only those, saying so', async () => {
    const dir = await tempDir();
    const snapFile = join(dir, 'snap.json');
    const ids = ['ec2-security-group-no-public-ssh', 'ec2-instance-imdsv2-required']; // registry order
    const collected = await runCli([
      'collect',
      '--out',
      snapFile,
      '--endpoint-url',
      fake.url,
      '--region',
      'us-east-1',
      '--rules',
      ids.join(','),
      '-q',
    ]);
    expect(collected.code).toBe(0);
    expect((await readSnapshotFile(snapFile)).rules).toEqual(ids);
    const outDir = join(dir, 'out');
    const scan = await runCli(['scan', '--snapshot', snapFile, '--out-dir', outDir, '--format', 'json']);
    expect(scan.code).toBe(0);
    expect(scan.stderr).toBe(
      `aws-audit: ${snapFile} was collected for 2 of ${ruleRegistry.length} rules (collect --rules); ` +
        `evaluating only those: ${ids.join(', ')}\n`,
    );
    const written = (await report(outDir)) as Report & {
      scan: { rules: string[]; rulesFromSnapshot?: boolean };
    };
    expect(written.scan.rules).toEqual(ids);
    expect(written.scan.rulesFromSnapshot).toBe(true);
    expect(written.coverage.complete).toBe(true);
    expect(new Set(written.findings.map((f) => f.ruleId))).toEqual(new Set(ids));
    // --rules still wins: asking for a rule the snapshot lacks data for is unknown, exit 3.
    const explicit = await runCli([
      'scan',
      '--snapshot',
      snapFile,
      '--out-dir',
      outDir,
      '--format',
      'json',
      '--rules',
      'rds-instance-not-publicly-accessible',
    ]);
    expect(explicit.code).toBe(3);
    expect(explicit.stderr).toBe('');
  });

  it('--debug logs each call with timing and never a body or a secret', async () => {
    const out = join(await tempDir(), 'snap.json');
    const result = await runCli([
      'collect',
      '--out',
      out,
      '--endpoint-url',
      fake.url,
      '--region',
      'us-east-1',
      '--debug',
      '-q',
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /aws-audit debug: ec2:DescribeSecurityGroups us-east-1 \d+ms items=\d+ ok\n/,
    );
    expect(result.stderr).toMatch(/aws-audit debug: ec2:DescribeInstanceAttribute us-east-1 \d+ms ok\n/);
    // The demo account's leaky instance: the key appears in user data, never in the log.
    const userData = Object.values(fakeAccountFromSnapshot(demo.accounts[0]!).userData ?? {});
    expect(userData.length).toBeGreaterThan(0);
    expect(result.stderr).not.toMatch(/AKIA[A-Z2-7]{16}/);
    expect(result.stderr).not.toContain('<?xml');
  });

  it('collect then scan --snapshot gives the same findings as a live scan of the same endpoint', async () => {
    const dir = await tempDir();
    const snapFile = join(dir, 'snap.json');
    expect((await runCli(['collect', '--out', snapFile, '--endpoint-url', fake.url, '-q'])).code).toBe(0);
    const offlineDir = join(dir, 'offline');
    const liveDir = join(dir, 'live');
    const offline = await runCli([
      'scan',
      '--snapshot',
      snapFile,
      '--out-dir',
      offlineDir,
      '--format',
      'json',
    ]);
    const live = await runCli(['scan', '--endpoint-url', fake.url, '--out-dir', liveDir, '--format', 'json']);
    expect([offline.code, live.code]).toEqual([offline.code, offline.code]);
    const [a, b] = [await report(offlineDir), await report(liveDir)];
    expect(b.scan.source).toBe('live');
    expect(b.coverage.complete).toBe(true);
    expect(b.findings.length).toBeGreaterThan(50);
    expect(b.findings.map(findingKey).sort()).toEqual(a.findings.map(findingKey).sort());
  }, 60_000);

  it('a live scan of the endpoint serving the demo account gives the same findings as scan --snapshot of the demo', async () => {
    const dir = await tempDir();
    const liveDir = join(dir, 'live');
    const live = await runCli(['scan', '--endpoint-url', fake.url, '--out-dir', liveDir, '--format', 'json']);
    const liveReport = await report(liveDir);
    // Ages (e.g. of access keys) are measured from collectedAt: evaluate the demo at the same instant.
    const demoCopy = join(dir, 'demo.json');
    await writeFile(demoCopy, JSON.stringify({ ...demo, collectedAt: liveReport.scan.collectedAt }));
    const offlineDir = join(dir, 'offline');
    const offline = await runCli([
      'scan',
      '--snapshot',
      demoCopy,
      '--out-dir',
      offlineDir,
      '--format',
      'json',
    ]);
    expect(live.code).toBe(offline.code);
    const offlineReport = await report(offlineDir);
    expect(liveReport.coverage.collectionErrors).toEqual([]);
    expect(liveReport.findings.map(findingKey).sort()).toEqual(offlineReport.findings.map(findingKey).sort());
  }, 60_000);

  it('the built binary scans the endpoint named by AWS_ENDPOINT_URL with dummy environment credentials', async () => {
    await access(BUILT_CLI).catch(() => {
      throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` (npm test does it first)`);
    });
    const dir = await tempDir();
    const result = await runBuiltCli(
      ['scan', '--region', 'us-east-1,eu-west-1', '--out-dir', dir, '--format', 'json'],
      {
        AWS_ENDPOINT_URL: fake.url,
        AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKE',
        AWS_SECRET_ACCESS_KEY: 'fake',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: '/nonexistent/aws-audit-test/config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-audit-test/credentials',
      },
    );
    // Not a terminal: one plain progress line with the totals (progress.ts), no SDK or Node
    // warnings; the demo account has failing findings.
    expect(result.stderr).toMatch(
      /^aws-audit: collecting done: (\d+)\/\1 region×kind, \d+ requests, 0 throttled, \S+\n$/,
    );
    const r = await report(dir);
    expect(r.scan.source).toBe('live');
    expect(r.coverage.collectionErrors).toEqual([]);
    expect(r.findings.some((f) => f.status === 'fail')).toBe(true);
    expect(
      fake.requests.some((x) => x.operation === 'DescribeSecurityGroups' && x.region === 'eu-west-1'),
    ).toBe(true);
  }, 60_000);

  it('a failing API shows in the report coverage as a collection error, and the scan says incomplete (exit 3)', async () => {
    fake.setFaults([
      {
        service: 'ec2',
        operation: 'DescribeNetworkAcls',
        kind: 'error',
        status: 403,
        code: 'UnauthorizedOperation',
        message: 'not authorized',
      },
    ]);
    try {
      const dir = await tempDir();
      const result = await runCli([
        'scan',
        '--endpoint-url',
        fake.url,
        '--region',
        'us-east-1',
        '--out-dir',
        dir,
        '--format',
        'json',
      ]);
      expect(result.code).toBe(3);
      const r = await report(dir);
      expect(r.coverage.complete).toBe(false);
      expect(r.coverage.collectionErrors).toEqual([
        expect.objectContaining({
          service: 'ec2',
          operation: 'DescribeNetworkAcls',
          region: 'us-east-1',
          category: 'access-denied',
          kinds: ['networkAcls'],
        }),
      ]);
      const collectRun = await runCli([
        'collect',
        '--out',
        join(dir, 's.json'),
        '--endpoint-url',
        fake.url,
        '--region',
        'us-east-1',
      ]);
      expect(collectRun.code).toBe(3);
      expect(collectRun.stderr).toContain('1 collection errors, 1 kinds not collected');
    } finally {
      fake.setFaults([]);
    }
  }, 60_000);
});
