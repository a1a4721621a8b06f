// Organizations fan-out end to end: `aws-audit scan --org-role-name` in-process against the fake
// AWS endpoint (127.0.0.1) serving an organisation whose accounts answer STS AssumeRole
// (README "Scanning an organisation").
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { accountsInShard } from '../../src/engine/shard.js';
import { githubConformanceProblems } from '../../src/report/github-conformance.js';
import type { JsonReport } from '../../src/report/json-report.js';
import type { MergedReport } from '../../src/report/merge.js';
import { mergedReportSchema } from '../../src/report/merge-schema.js';
import { GlobalBuilder, RegionBuilder, buildAccount, sgRule } from '../support/builders/index.js';
import { readSnapshotFile } from '../../src/snapshot/io.js';
import { startFakeAws, type FakeAws } from '../fake-aws/index.js';
import { listFiles, runCli, tempDir } from '../support/cli.js';
import { useDummyAwsEnvironment } from '../support/aws-env.js';

const MANAGEMENT = '111111111111';
const MEMBER = '222222222222';
const DENIED = '333333333333';
const SUSPENDED = '444444444444';

/** A small account: one VPC, an unattached group open to the world on SSH (one low finding), one IAM user. */
function account(id: string, openSsh: boolean) {
  const region = new RegionBuilder('us-east-1', id);
  region.vpc(`vpc-${id.slice(0, 4)}`);
  region.securityGroup(`sg-${id.slice(0, 8)}`, `vpc-${id.slice(0, 4)}`, {
    ingress: openSsh ? [sgRule.tcp(22, '0.0.0.0/0')] : [sgRule.tcp(443, '10.0.0.0/8')],
  });
  const global = new GlobalBuilder(id);
  global.user(`user-${id.slice(0, 3)}`);
  return { snapshot: buildAccount({ accountId: id, regions: [region], global }) };
}

useDummyAwsEnvironment();
let fake: FakeAws;

beforeAll(async () => {
  fake = await startFakeAws({
    // The first account is the caller: the management account holding the scanner's session.
    accounts: [
      account(MANAGEMENT, false),
      account(MEMBER, true),
      account(DENIED, true),
      account(SUSPENDED, true),
    ],
    organization: {
      managementAccountId: MANAGEMENT,
      accounts: [
        { id: MANAGEMENT, name: 'management', status: 'ACTIVE' },
        { id: MEMBER, name: 'workloads', status: 'ACTIVE' },
        { id: DENIED, name: 'locked-down', status: 'ACTIVE' },
        { id: SUSPENDED, name: 'closed', status: 'SUSPENDED' },
      ],
    },
    denyAssumeRole: [DENIED],
  });
});

afterAll(async () => {
  await fake.close();
});

const live = (): string[] => ['--endpoint-url', fake.url, '--region', 'us-east-1'];

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

describe('scan --org-role-name against an organisation where one account denies the role', () => {
  let out: string;
  let result: Awaited<ReturnType<typeof runCli>>;

  beforeAll(async () => {
    out = await tempDir();
    result = await runCli([
      'scan',
      '--org-role-name',
      'aws-audit-member',
      '--format',
      'json,sarif,console',
      '--out-dir',
      out,
      ...live(),
    ]);
  });

  it('exits 3 (incomplete) and says which account failed and why', () => {
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`account ${DENIED}`);
    expect(result.stderr).toContain('AccessDenied');
    expect(result.stdout).toMatch(
      new RegExp(`${DENIED}\\s+FAILED\\s+assume-role AccessDenied \\(access-denied\\)`),
    );
    expect(result.stdout).toMatch(new RegExp(`${MANAGEMENT}\\s+scanned`));
    expect(result.stdout).toMatch(new RegExp(`${MEMBER}\\s+scanned`));
    expect(result.stdout).toMatch(new RegExp(`${SUSPENDED}\\s+skipped\\s+SUSPENDED`));
    expect(result.stdout).toContain('Totals: 2 account(s) scanned, 1 failed, 1 skipped');
    expect(result.stdout).toContain(`not scanned: ${DENIED}`);
  });

  it('writes one report folder per scanned account and none for the failed or suspended ones', async () => {
    expect((await listFiles(out)).filter((name) => /^[0-9]{12}$/.test(name))).toEqual([MANAGEMENT, MEMBER]);
    for (const id of [MANAGEMENT, MEMBER]) {
      const report = await readJson<JsonReport>(join(out, id, 'aws-audit-report.json'));
      expect(report.scan.accounts.map((a) => a.accountId)).toEqual([id]);
      expect(report.scan.complete).toBe(true);
    }
    expect(existsSync(join(out, DENIED))).toBe(false);
    expect(existsSync(join(out, SUSPENDED))).toBe(false);
    // The member's open SSH group fails; the management account's private group passes.
    const member = await readJson<JsonReport>(join(out, MEMBER, 'aws-audit-report.json'));
    expect(
      member.findings.filter((f) => f.ruleId === 'ec2-security-group-no-public-ssh').map((f) => f.status),
    ).toEqual(['fail']);
  });

  it('writes one valid SARIF file with one run per scanned account only', async () => {
    for (const id of [MANAGEMENT, MEMBER]) {
      const text = await readFile(join(out, id, 'aws-audit-report.sarif'), 'utf8');
      expect(githubConformanceProblems(text)).toEqual([]);
      const log = JSON.parse(text) as { runs: { automationDetails: { id: string } }[] };
      expect(log.runs.map((run) => run.automationDetails.id)).toEqual([`aws-audit/${id}/`]);
    }
    const everything = [DENIED, SUSPENDED].map((id) => join(out, id, 'aws-audit-report.sarif'));
    for (const path of everything) expect(existsSync(path)).toBe(false);
  });

  it('writes a merged summary whose counts are the sum of the per-account reports, with the failure recorded', async () => {
    const summary = await readJson<MergedReport>(join(out, 'aws-audit-summary.json'));
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    expect(ajv.validate(mergedReportSchema, summary) ? [] : ajv.errors).toEqual([]);

    const reports = await Promise.all(
      [MANAGEMENT, MEMBER].map((id) => readJson<JsonReport>(join(out, id, 'aws-audit-report.json'))),
    );
    const sum = (pick: (r: JsonReport) => number): number => reports.reduce((n, r) => n + pick(r), 0);
    expect(summary.summary.total).toBe(sum((r) => r.summary.total));
    expect(summary.summary.total).toBeGreaterThan(0);
    expect(summary.summary.byStatus).toEqual({
      pass: sum((r) => r.summary.byStatus.pass),
      fail: sum((r) => r.summary.byStatus.fail),
      unknown: sum((r) => r.summary.byStatus.unknown),
    });
    for (const severity of ['critical', 'high', 'medium', 'low'] as const)
      expect(summary.summary.failingBySeverity[severity]).toBe(
        sum((r) => r.summary.failingBySeverity[severity]),
      );
    expect(summary.summary.byStatus.fail).toBeGreaterThan(0);
    expect(summary.accounts.map((a) => a.accountId)).toEqual([MANAGEMENT, MEMBER]);
    expect(summary.coverage.complete).toBe(false);
    expect(summary.coverage.missingAccounts).toEqual([DENIED]);
    expect(summary.coverage.accountErrors).toEqual([
      {
        accountId: DENIED,
        roleArn: `arn:aws:iam::${DENIED}:role/aws-audit-member`,
        stage: 'assume-role',
        category: 'access-denied',
        code: 'AccessDenied',
        message: expect.stringContaining('sts:AssumeRole'),
      },
    ]);
    expect(summary.coverage.skippedAccounts).toEqual([
      { accountId: SUSPENDED, name: 'closed', state: 'SUSPENDED' },
    ]);
  });

  it('is the summary `aws-audit merge` writes from the same reports, plus the failed and skipped accounts', async () => {
    const mergedFile = join(out, 'by-merge.json');
    const files = [MANAGEMENT, MEMBER].map((id) => join(out, id, 'aws-audit-report.json'));
    const merge = await runCli([
      'merge',
      '--out',
      mergedFile,
      '--expect-accounts',
      [MANAGEMENT, MEMBER, DENIED].join(','),
      '--quiet',
      ...files,
    ]);
    expect(merge.code).toBe(3);
    const byMerge = await readJson<MergedReport>(mergedFile);
    const summary = await readJson<MergedReport>(join(out, 'aws-audit-summary.json'));
    const { accountErrors, skippedAccounts, ...coverage } = summary.coverage;
    expect(accountErrors).toHaveLength(1);
    expect(skippedAccounts).toHaveLength(1);
    expect({ ...summary, coverage, mergedAt: '' }).toEqual({ ...byMerge, mergedAt: '' });
  });

  it('assumed the member role once per account, and called EC2 only in the two it entered', () => {
    const assumes = fake.requests.filter((r) => r.operation === 'AssumeRole');
    expect(assumes.length).toBe(3);
    const perAccount = new Set(fake.requests.filter((r) => r.service === 'ec2').map((r) => r.accountId));
    expect([...perAccount].sort()).toEqual([MANAGEMENT, MEMBER]);
  });
});

describe('account selection', () => {
  it('--accounts takes a list and scans exactly those accounts (no organisation listing)', async () => {
    const out = await tempDir();
    fake.resetStats();
    const result = await runCli([
      'scan',
      '--org-role-name',
      'aws-audit-member',
      '--accounts',
      `${MEMBER}`,
      '--format',
      'json',
      '--out-dir',
      out,
      ...live(),
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect((await listFiles(out)).filter((name) => /^[0-9]{12}$/.test(name))).toEqual([MEMBER]);
    expect(fake.requests.some((r) => r.operation === 'ListAccounts')).toBe(false);
    const summary = await readJson<MergedReport>(join(out, 'aws-audit-summary.json'));
    expect(summary.coverage.complete).toBe(true);
    expect(summary.coverage.accountErrors).toBeUndefined();
  });

  it('names the account on every progress line of a terminal run', async () => {
    const out = await tempDir();
    const args = ['scan', '--org-role-name', 'aws-audit-member', '--accounts', `${MANAGEMENT},${MEMBER}`];
    const result = await runCli([...args, '--format', 'json', '--out-dir', out, ...live()], {}, true);
    expect(result.code).toBe(0);
    const progress = result.stderr.split('\n').filter((line) => line.includes(' us-east-1 ec2 vpcs: '));
    expect(progress.map((line) => line.split(' ')[1]).sort()).toEqual([MANAGEMENT, MEMBER]);
  });

  it('--accounts reads a file (one id per line, comments allowed) and --fail-on gates over all accounts', async () => {
    const out = await tempDir();
    const file = join(out, 'accounts.txt');
    await writeFile(file, `# prod\n${MANAGEMENT}\n\n${MEMBER}  # workloads\n`);
    const result = await runCli([
      'scan',
      '--org-role-name',
      'aws-audit-member',
      '--accounts',
      file,
      '--fail-on',
      'low',
      '--format',
      'json',
      '--out-dir',
      join(out, 'reports'),
      ...live(),
    ]);
    expect(result.code).toBe(1);
    expect((await listFiles(join(out, 'reports'))).filter((n) => /^[0-9]{12}$/.test(n))).toEqual([
      MANAGEMENT,
      MEMBER,
    ]);
  });

  it('--shard K/N scans the deterministic share of the organisation; the shards partition it', async () => {
    const listed = [MANAGEMENT, MEMBER, DENIED, SUSPENDED];
    const seen: string[] = [];
    for (const k of [1, 2]) {
      const out = await tempDir();
      const result = await runCli([
        'scan',
        '--org-role-name',
        'aws-audit-member',
        '--shard',
        `${k}/2`,
        '--format',
        'json',
        '--allow-incomplete',
        '--out-dir',
        out,
        ...live(),
      ]);
      expect(result.code).toBe(0);
      const expected = accountsInShard(listed, { index: k, count: 2 });
      const scanned = (await listFiles(out)).filter((n) => /^[0-9]{12}$/.test(n));
      expect(scanned).toEqual(expected.filter((id) => id !== DENIED && id !== SUSPENDED));
      if (expected.includes(DENIED)) expect(result.stderr).toContain(DENIED);
      else expect(result.stderr).not.toContain(DENIED);
      seen.push(...expected);
    }
    expect(seen.sort()).toEqual(listed);
  });
});

describe('--baseline with a fan-out', () => {
  it("takes the previous run's --out-dir and diffs each account against its own report", async () => {
    const first = await tempDir();
    const args = [
      'scan',
      '--org-role-name',
      'aws-audit-member',
      '--accounts',
      `${MANAGEMENT},${MEMBER}`,
      '--format',
      'json',
    ];
    expect((await runCli([...args, '--out-dir', first, ...live()])).code).toBe(0);
    const second = await tempDir();
    const result = await runCli([
      ...args,
      '--baseline',
      first,
      '--fail-on-new',
      'low',
      '--out-dir',
      second,
      ...live(),
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0); // the member's open group was already failing: unchanged, not new
    const member = await readJson<JsonReport>(join(second, MEMBER, 'aws-audit-report.json'));
    expect(member.baseline).toMatchObject({
      file: join(first, MEMBER, 'aws-audit-report.json'),
      new: 0,
      unchanged: 1,
    });
  });

  it('refuses a single report file, naming the flag', async () => {
    const dir = await tempDir();
    const file = join(dir, 'one.json');
    await writeFile(file, '{}');
    const result = await runCli([
      'scan',
      '--org-role-name',
      'r',
      '--baseline',
      file,
      '--out-dir',
      join(dir, 'out'),
      ...live(),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `--baseline ${file}: with --org-role-name, pass the previous run's --out-dir`,
    );
  });
});

describe('an account where every call fails', () => {
  it('gets its JSON report (incomplete, with the classified errors) but no SARIF; the run exits 3', async () => {
    const out = await tempDir();
    fake.setFaults([
      { accountId: MEMBER, service: 'ec2', kind: 'error' },
      { accountId: MEMBER, service: 'iam', kind: 'error' },
    ]);
    let result;
    try {
      result = await runCli([
        'scan',
        '--org-role-name',
        'aws-audit-member',
        '--accounts',
        `${MANAGEMENT},${MEMBER}`,
        '--format',
        'json,sarif,console',
        '--out-dir',
        out,
        ...live(),
      ]);
    } finally {
      fake.setFaults([]);
    }
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(
      new RegExp(`${MEMBER}\\s+scanned .*INCOMPLETE \\(.*UnauthorizedOperation; no SARIF written\\)`),
    );
    const report = await readJson<JsonReport>(join(out, MEMBER, 'aws-audit-report.json'));
    expect(report.scan.complete).toBe(false);
    expect(report.coverage.collectionErrors.map((e) => e.category)).toContain('access-denied');
    expect(existsSync(join(out, MEMBER, 'aws-audit-report.sarif'))).toBe(false);
    expect(existsSync(join(out, MANAGEMENT, 'aws-audit-report.sarif'))).toBe(true);
    const summary = await readJson<MergedReport>(join(out, 'aws-audit-summary.json'));
    expect(summary.coverage.incompleteAccounts).toEqual([MEMBER]);
    expect(summary.coverage.missingAccounts).toEqual([]);
  });
});

describe('collect --org-role-name', () => {
  it('writes one snapshot per account and records the denied one', async () => {
    const out = await tempDir();
    const result = await runCli([
      'collect',
      '--org-role-name',
      'aws-audit-member',
      '--out-dir',
      out,
      '--quiet',
      ...live(),
    ]);
    expect(result.code).toBe(3);
    expect(await listFiles(out)).toEqual([`${MANAGEMENT}.json`, `${MEMBER}.json`]);
    const snapshot = await readSnapshotFile(join(out, `${MEMBER}.json`));
    expect(snapshot.accounts.map((a) => a.accountId)).toEqual([MEMBER]);
    expect(result.stderr).toContain(`account ${DENIED} failed: assume-role AccessDenied`);
  });

  it('names each member-account session --role-session-name, so CloudTrail tells runs apart', async () => {
    const out = await tempDir();
    const args = ['collect', '--org-role-name', 'aws-audit-member', '--accounts', MEMBER, '--out-dir', out];
    await runCli([...args, '--role-session-name', 'aws-audit-4242-2', '--quiet', ...live()]);
    const snapshot = await readSnapshotFile(join(out, `${MEMBER}.json`));
    expect(snapshot.accounts[0]?.identity?.arn).toBe(
      `arn:aws:sts::${MEMBER}:assumed-role/aws-audit-member/aws-audit-4242-2`,
    );
  });
});

describe('usage errors (exit 2, one line naming the flags)', () => {
  const cases: [string, string[], RegExp][] = [
    [
      'a bad id in a list',
      ['--org-role-name', 'r', '--accounts', '111111111111,12345'],
      /--accounts: '12345' is not a 12-digit account id/,
    ],
    [
      '--snapshot',
      ['--org-role-name', 'r', '--snapshot', 'x.json'],
      /--org-role-name cannot be used with --snapshot/,
    ],
    [
      '--role-arn',
      [
        '--accounts',
        '111111111111',
        '--org-role-name',
        'r',
        '--role-arn',
        'arn:aws:iam::111111111111:role/x',
      ],
      /--org-role-name cannot be used with --role-arn/,
    ],
    ['--accounts alone', ['--accounts', '111111111111'], /--accounts needs --org-role-name/],
    ['a bad role name', ['--org-role-name', 'bad name!'], /--org-role-name/],
    [
      '--account-concurrency alone',
      ['--account-concurrency', '3'],
      /--account-concurrency needs --org-role-name/,
    ],
  ];
  it.each(cases)('%s', async (_label, args, message) => {
    const out = await tempDir();
    const result = await runCli(['scan', ...args, '--out-dir', out, ...live()]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')[0]).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(await listFiles(out)).toEqual([]);
  });

  it('names the file and the line of a bad entry in an --accounts file', async () => {
    const dir = await tempDir();
    const file = join(dir, 'accounts.txt');
    await writeFile(file, `${MEMBER}\n22222222222x\n`);
    const result = await runCli([
      'scan',
      '--org-role-name',
      'r',
      '--accounts',
      file,
      '--out-dir',
      join(dir, 'out'),
      ...live(),
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `--accounts ${file}: '22222222222x' is not a 12-digit account id (line 2)`,
    );
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('says when the credentials cannot list the organisation', async () => {
    const out = await tempDir();
    // A member account's keys: ListAccounts answers AccessDeniedException there.
    const keys = fake.credentialsFor(MEMBER);
    const env = {
      AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY,
    };
    process.env.AWS_ACCESS_KEY_ID = keys.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = keys.secretAccessKey;
    try {
      const result = await runCli(['scan', '--org-role-name', 'r', '--out-dir', out, ...live()]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`cannot list the organisation's accounts from account ${MEMBER}`);
      expect(result.stderr).toContain('AccessDeniedException');
    } finally {
      process.env.AWS_ACCESS_KEY_ID = env.AWS_ACCESS_KEY_ID;
      process.env.AWS_SECRET_ACCESS_KEY = env.AWS_SECRET_ACCESS_KEY;
    }
  });
});
