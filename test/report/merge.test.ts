// `aws-audit merge` and `scan --shard`, end to end through the CLI: per-account reports from real
// scans of typed fixture snapshots, merged, validated against the published merged-report schema.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { accountsInShard } from '../../src/engine/shard.js';
import type { JsonReport } from '../../src/report/json-report.js';
import { mergedReportSchema } from '../../src/report/merge-schema.js';
import { loadedReport, mergeReports, type MergedReport } from '../../src/report/merge.js';
import { RegionBuilder, buildAccount, buildSnapshot, sgRule } from '../support/builders/index.js';
import { writeSnapshotFile } from '../../src/snapshot/io.js';
import type { AccountSnapshot } from '../../src/snapshot/types.js';
import { listFiles, runCli, tempDir } from '../support/cli.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
const validateMerged = ajv.compile(mergedReportSchema);

const RULE = 'ec2-security-group-no-public-ssh';
const OPEN = '111111111111';
const CLOSED = '222222222222';
const BROKEN = '333333333333';

/** One account with one group: SSH open to the world, closed, or groups not collected. */
function account(accountId: string, kind: 'open' | 'closed' | 'broken'): AccountSnapshot {
  const region = new RegionBuilder('us-east-1', accountId);
  region.vpc('vpc-1');
  region.subnet('subnet-1', 'vpc-1');
  region.routeTable('rtb-main', 'vpc-1', { main: true });
  region.securityGroup('sg-1', 'vpc-1', {
    name: 'web',
    ingress: kind === 'open' ? [sgRule.tcp(22, '0.0.0.0/0')] : [sgRule.tcp(22, '10.0.0.0/8')],
  });
  if (kind === 'broken') region.setCollection('securityGroups', 'failed');
  return buildAccount({ accountId, regions: [region] });
}

async function snapshotFile(dir: string, name: string, accounts: AccountSnapshot[]): Promise<string> {
  const path = join(dir, `${name}.snapshot.json`);
  await writeSnapshotFile(path, buildSnapshot(accounts));
  return path;
}

/** Scans a snapshot through the CLI and returns the JSON report path. */
async function scanReport(snapshot: string, outDir: string, extra: string[] = []): Promise<string> {
  const result = await runCli([
    'scan',
    '--snapshot',
    snapshot,
    '--rules',
    RULE,
    '--format',
    'json',
    '--out-dir',
    outDir,
    '--allow-incomplete',
    ...extra,
  ]);
  expect([0, 1]).toContain(result.code);
  return join(outDir, 'aws-audit-report.json');
}

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

async function threeAccountReports(): Promise<{ dir: string; open: string; closed: string; broken: string }> {
  const dir = await tempDir();
  const open = await scanReport(
    await snapshotFile(dir, 'open', [account(OPEN, 'open')]),
    join(dir, 'r-open'),
  );
  const closed = await scanReport(
    await snapshotFile(dir, 'closed', [account(CLOSED, 'closed')]),
    join(dir, 'r-closed'),
  );
  const broken = await scanReport(
    await snapshotFile(dir, 'broken', [account(BROKEN, 'broken')]),
    join(dir, 'r-broken'),
  );
  return { dir, open, closed, broken };
}

describe('aws-audit merge', () => {
  it('merges per-account reports: accounts, coverage, counts by severity/rule/account, failures', async () => {
    const { dir, open, closed, broken } = await threeAccountReports();
    const out = join(dir, 'merged', 'summary.json');
    const result = await runCli(['merge', '--out', out, closed, broken, open]);
    // One account could not be covered, so the merge is incomplete: exit 3, like `scan`.
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('Merged 3 report(s): 3 account(s)');
    expect(result.stdout).toContain(`incomplete accounts: ${BROKEN}`);

    const merged = await readJson<MergedReport>(out);
    expect(validateMerged(merged)).toBe(true);
    expect(merged.accounts.map((a) => [a.accountId, a.complete, a.file])).toEqual([
      [OPEN, true, open],
      [CLOSED, true, closed],
      [BROKEN, false, broken],
    ]);
    expect(merged.coverage).toMatchObject({
      complete: false,
      incompleteAccounts: [BROKEN],
      missingAccounts: [],
    });
    expect(merged.coverage.gaps).toBeGreaterThan(0);
    expect(merged.scan.complete).toBe(false);
    expect(merged.scan.rules).toEqual([RULE]);
    expect(merged.inputs.map((i) => [i.file, i.complete, i.accounts])).toEqual([
      [closed, true, [CLOSED]],
      [broken, false, [BROKEN]],
      [open, true, [OPEN]],
    ]);

    const reports = await Promise.all([open, closed, broken].map((p) => readJson<JsonReport>(p)));
    const openReport = reports[0]!;
    const failing = openReport.findings.filter((f) => f.status === 'fail');
    expect(failing).toHaveLength(1);
    expect(merged.failures).toEqual([
      {
        accountId: OPEN,
        region: 'us-east-1',
        ruleId: RULE,
        severity: failing[0]!.severity,
        resourceArn: failing[0]!.resource.arn,
        resourceId: 'sg-1',
        message: failing[0]!.message,
        fingerprint: failing[0]!.fingerprint,
      },
    ]);
    // Totals are the sums of the inputs' own summaries.
    const sum = (pick: (r: JsonReport) => number) => reports.reduce((n, r) => n + pick(r), 0);
    expect(merged.summary.total).toBe(sum((r) => r.summary.total));
    expect(merged.summary.byStatus).toEqual({
      pass: sum((r) => r.summary.byStatus.pass),
      fail: sum((r) => r.summary.byStatus.fail),
      unknown: sum((r) => r.summary.byStatus.unknown),
    });
    expect(merged.summary.byStatus.unknown).toBeGreaterThan(0);
    expect(merged.summary.byRule[RULE]).toEqual(merged.summary.byStatus);
    expect(merged.summary.failingBySeverity[failing[0]!.severity]).toBe(1);
    expect(merged.summary.byAccount[OPEN]?.byStatus.fail).toBe(1);
    expect(merged.summary.byAccount[CLOSED]?.byStatus).toEqual({ pass: 1, fail: 0, unknown: 0 });
    expect(merged.summary.byAccount[BROKEN]?.byStatus.unknown).toBeGreaterThan(0);
  });

  it('gates like scan: 0 when complete, 1 at --fail-on, 3 for an account with no report', async () => {
    const { dir, open, closed } = await threeAccountReports();
    const out = join(dir, 'summary.json');
    expect((await runCli(['merge', '-q', '--out', out, open, closed])).code).toBe(0);
    expect((await runCli(['merge', '-q', '--out', out, open, closed, '--fail-on', 'low'])).code).toBe(1);
    const missing = await runCli([
      'merge',
      '--out',
      out,
      open,
      closed,
      '--expect-accounts',
      `${OPEN},${CLOSED},444444444444`,
    ]);
    expect(missing.code).toBe(3);
    expect(missing.stdout).toContain('accounts with no report: 444444444444');
    const merged = await readJson<MergedReport>(out);
    expect(merged.coverage).toMatchObject({ complete: false, missingAccounts: ['444444444444'] });
    expect(
      (await runCli(['merge', '-q', '--out', out, open, '--expect-accounts', OPEN, '--allow-incomplete']))
        .code,
    ).toBe(0);
  });

  describe('bad input: one line naming the file or flag, exit 2, no output written', () => {
    const cases: [
      string,
      (files: { dir: string; open: string; closed: string }) => string[] | Promise<string[]>,
      RegExp,
    ][] = [
      [
        'a missing report',
        ({ dir }) => [join(dir, 'nope.json')],
        /report .*nope\.json: cannot read: no such file/,
      ],
      [
        'a report that is not JSON',
        async ({ dir }) => {
          const path = join(dir, 'garbage.json');
          await writeFile(path, '{"reportVersion": 1,');
          return [path];
        },
        /report .*garbage\.json: not valid JSON/,
      ],
      [
        'a report that breaks the schema',
        async ({ dir, open }) => {
          const report = await readJson<Record<string, unknown>>(open);
          delete report.summary;
          const path = join(dir, 'invalid.json');
          await writeFile(path, JSON.stringify(report));
          return [path];
        },
        /report .*invalid\.json: .*summary/,
      ],
      ['the same account in two reports', ({ open }) => [open, open], /account 111111111111 is also in/],
      [
        'a bad --expect-accounts value',
        ({ open }) => [open, '--expect-accounts', '12345'],
        /--expect-accounts.*12345 is not a 12-digit account id/,
      ],
      ['no report at all', () => [], /missing required argument 'reports'/],
    ];

    it.each(cases)('%s', async (_name, args, message) => {
      const { dir, open, closed } = await threeAccountReports();
      const outDir = join(dir, 'out');
      const result = await runCli([
        'merge',
        '--out',
        join(outDir, 'summary.json'),
        ...(await args({ dir, open, closed })),
      ]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')[0]).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(await listFiles(outDir)).toEqual([]);
    });
  });

  it('mergeReports is pure: a report incomplete without naming an account marks all its accounts', async () => {
    const { open } = await threeAccountReports();
    const report = await readJson<JsonReport>(open);
    report.scan.complete = false;
    report.coverage.complete = false;
    const merged = mergeReports([loadedReport('x.json', report)], {
      mergedAt: new Date('2026-11-21T00:00:00Z'),
    });
    expect(merged.mergedAt).toBe('2026-11-21T00:00:00.000Z');
    expect(merged.coverage.incompleteAccounts).toEqual([OPEN]);
    expect(validateMerged(merged)).toBe(true);
  });
});

describe('aws-audit scan --shard K/N', () => {
  const ids = ['210987654321', '123456789012', '555555555555', '777777777777', '901234567890'];

  it('N sharded scans merged equal one unsharded scan; each shard holds its own accounts', async () => {
    const dir = await tempDir();
    const snapshot = await snapshotFile(
      dir,
      'org',
      ids.map((id, i) => account(id, i % 2 === 0 ? 'open' : 'closed')),
    );
    const whole = await readJson<JsonReport>(await scanReport(snapshot, join(dir, 'whole')));
    const shardReports: string[] = [];
    for (const index of [1, 2, 3]) {
      const path = await scanReport(snapshot, join(dir, `shard-${index}`), ['--shard', `${index}/3`]);
      const report = await readJson<JsonReport>(path);
      expect(report.scan.accounts.map((a) => a.accountId)).toEqual(accountsInShard(ids, { index, count: 3 }));
      shardReports.push(path);
    }
    const out = join(dir, 'merged.json');
    expect(
      (await runCli(['merge', '-q', '--out', out, '--expect-accounts', ids.join(','), ...shardReports])).code,
    ).toBe(0);
    const merged = await readJson<MergedReport>(out);
    expect(merged.accounts.map((a) => a.accountId)).toEqual([...ids].sort());
    expect(merged.summary.total).toBe(whole.summary.total);
    expect(merged.summary.byStatus).toEqual(whole.summary.byStatus);
    expect(merged.summary.failingBySeverity).toEqual(whole.summary.failingBySeverity);
    expect(merged.summary.byRule).toEqual(whole.summary.byRule);
    expect(merged.failures.map((f) => f.fingerprint).sort()).toEqual(
      whole.findings
        .filter((f) => f.status === 'fail')
        .map((f) => f.fingerprint)
        .sort(),
    );
    expect(merged.coverage.complete).toBe(true);
  });

  it('an empty shard scans nothing, says so on stderr, and still writes a report', async () => {
    const dir = await tempDir();
    const snapshot = await snapshotFile(dir, 'one', [account(OPEN, 'open')]);
    const emptyIndex = [1, 2].find((index) => accountsInShard([OPEN], { index, count: 2 }).length === 0)!;
    const result = await runCli([
      'scan',
      '--snapshot',
      snapshot,
      '--format',
      'json',
      '--out-dir',
      join(dir, 'out'),
      '--shard',
      `${emptyIndex}/2`,
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`shard ${emptyIndex}/2 holds none of the accounts`);
    const report = await readJson<JsonReport>(join(dir, 'out', 'aws-audit-report.json'));
    expect(report.scan.accounts).toEqual([]);
  });

  it.each(['0/3', '4/3', 'x', '1/0', '2/'])(
    'rejects --shard %p naming the flag, exit 2, no report',
    async (value) => {
      const dir = await tempDir();
      const out = join(dir, 'out');
      const result = await runCli([
        'scan',
        '--snapshot',
        'examples/demo-account.json',
        '--out-dir',
        out,
        '--shard',
        value,
      ]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/--shard/);
      expect(result.stderr).toMatch(/K\/N|must not exceed/);
      expect(await listFiles(out)).toEqual([]);
    },
  );
});
