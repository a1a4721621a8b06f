import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type * as Sarif from 'sarif';
import { githubConformanceProblems } from '../../src/report/github-conformance.js';
import { buildJsonReport } from '../../src/report/json-report.js';
import { buildSarifLog, renderSarif, sarifCategory } from '../../src/report/sarif.js';
import { fileRenderers, writeReports } from '../../src/report/write-reports.js';
import { UserError } from '../../src/util/errors.js';
import { reportProblem } from '../../src/report/validate-report.js';
import { runCli } from '../support/cli.js';
import { ruleDocUrl } from '../../src/tool-info.js';
import {
  demoScan,
  fakeMeta,
  plannedGlobalRule,
  plannedRegionalRule,
  syntheticScan,
  type Planned,
} from './sarif-fixtures.js';

describe('writeReports', () => {
  it('writes the JSON report piece by piece with the bytes of one JSON.stringify, stable name = timestamped copy', async () => {
    const result = await demoScan();
    const dir = await mkdtemp(join(tmpdir(), 'aws-audit-write-'));
    const written = await writeReports(result, ['json', 'sarif'], dir);
    expect(written).toEqual([join(dir, 'aws-audit-report.json'), join(dir, 'aws-audit-report.sarif')]);
    expect((await readdir(dir)).sort()).toEqual([
      'aws-audit-report-20261121T210000Z.json',
      'aws-audit-report-20261121T210000Z.sarif',
      'aws-audit-report.json',
      'aws-audit-report.sarif',
    ]);
    const json = await readFile(join(dir, 'aws-audit-report.json'), 'utf8');
    expect(json).toBe(`${JSON.stringify(buildJsonReport(result), null, 2)}\n`);
    expect(await readFile(join(dir, 'aws-audit-report-20261121T210000Z.json'), 'utf8')).toBe(json);
    const sarif = await readFile(join(dir, 'aws-audit-report.sarif'), 'utf8');
    expect(sarif).toBe(renderSarif(buildSarifLog(result)));
    expect(await readFile(join(dir, 'aws-audit-report-20261121T210000Z.sarif'), 'utf8')).toBe(sarif);
  });

  it('renders the JSON report as pieces, none holding more than one finding (no single-string ceiling)', async () => {
    const result = await demoScan();
    const { content } = fileRenderers.json!(result);
    expect(typeof content).not.toBe('string');
    const pieces = [...(content as Iterable<string>)];
    const withFingerprint = pieces.filter((piece) => piece.includes('"fingerprint"'));
    expect(withFingerprint).toHaveLength(result.findings.length);
    for (const piece of withFingerprint) expect(piece.match(/"fingerprint"/g)).toHaveLength(1);
  });
});

describe("JSON findings carry their rule's guidance", () => {
  it('copies remediation and helpUri (the rule page at this version tag) into every finding', async () => {
    const result = await demoScan();
    const report = buildJsonReport(result);
    const rules = new Map(result.rules.map((rule) => [rule.meta.id, rule.meta]));
    expect(report.findings.length).toBeGreaterThan(50);
    for (const finding of report.findings) {
      expect(finding.remediation).toBe(rules.get(finding.ruleId)!.remediation);
      expect(finding.helpUri).toBe(ruleDocUrl(finding.ruleId));
      expect(finding.helpUri).toMatch(
        /^https:\/\/github\.com\/aws-audit\/aws-audit\/blob\/v\d+\.\d+\.\d+\/rules\/[a-z0-9-]+\.md$/,
      );
    }
    expect(reportProblem(JSON.parse(JSON.stringify(report)))).toBeUndefined();
    // The engine's findings are not changed (they are shared with the other reports).
    expect(result.findings[0]).not.toHaveProperty('remediation');
  });
});

describe('SARIF over GitHub limits: one file per code-scanning category', () => {
  const iamMeta = fakeMeta('iam-role-is-fine', {
    service: 'iam',
    resourceType: 'AWS::IAM::Role',
    resourceKind: 'iamRoles',
    requires: ['iamRoles'],
  });
  const failing = (prefix: string, count: number): Planned[] =>
    Array.from({ length: count }, (_, i) => ({ status: 'fail' as const, id: `${prefix}-${i}` }));

  async function sarifRuns(dir: string, name: string): Promise<Sarif.Run[]> {
    const text = await readFile(join(dir, name), 'utf8');
    expect(githubConformanceProblems(text)).toEqual([]);
    return (JSON.parse(text) as Sarif.Log).runs;
  }

  it('splits a service over 25,000 results by region, writes the JSON, and removes the stale combined file', async () => {
    // 13,000 failing security groups in each of two regions: 26,000 ec2 results, over the hard
    // per-run limit, so neither one file nor an account/ec2 category can hold them.
    const ec2 = plannedRegionalRule(fakeMeta('ec2-thing-is-fine'), (_account, region) =>
      failing(`sg-${region}`, 13_000),
    );
    const iam = plannedGlobalRule(iamMeta, () => failing('role', 10));
    const vpc = plannedRegionalRule(fakeMeta('vpc-quiet-is-fine', { service: 'vpc' }), () => []);
    const result = syntheticScan(
      [{ accountId: '111111111111', regions: ['us-east-1', 'eu-west-1'] }],
      [ec2, iam, vpc],
    );
    const dir = await mkdtemp(join(tmpdir(), 'aws-audit-split-'));
    await writeFile(join(dir, 'aws-audit-report.sarif'), '{"stale": true}\n');
    const written = await writeReports(result, ['json', 'sarif'], dir);
    const stable = [
      'aws-audit-report.aws-audit-111111111111-ec2-eu-west-1.sarif',
      'aws-audit-report.aws-audit-111111111111-ec2-us-east-1.sarif',
      'aws-audit-report.aws-audit-111111111111-iam.sarif',
      'aws-audit-report.aws-audit-111111111111-vpc.sarif',
    ];
    expect(written.map((path) => basename(path)).sort()).toEqual(['aws-audit-report.json', ...stable].sort());
    const names = await readdir(dir);
    expect(names).not.toContain('aws-audit-report.sarif');
    expect(names).toContain('aws-audit-report.json');
    const byFile = new Map<string, Sarif.Run[]>();
    for (const name of stable) byFile.set(name, await sarifRuns(dir, name));
    const summary = stable.map((name) => {
      const runs = byFile.get(name)!;
      expect(runs).toHaveLength(1);
      const category = runs[0]!.automationDetails!.id!;
      // The file name is the category with `/` as `-`, trailing `-` trimmed (the Action's contract).
      expect(name).toBe(`aws-audit-report.${category.replace(/\//g, '-').replace(/-+$/, '')}.sarif`);
      return [category, runs[0]!.results!.length];
    });
    expect(summary).toEqual([
      [sarifCategory('111111111111', 'ec2', 'eu-west-1'), 13_000],
      [sarifCategory('111111111111', 'ec2', 'us-east-1'), 13_000],
      [sarifCategory('111111111111', 'iam'), 10],
      [sarifCategory('111111111111', 'vpc'), 0],
    ]);
    const report = JSON.parse(await readFile(join(dir, 'aws-audit-report.json'), 'utf8')) as {
      findings: unknown[];
    };
    expect(report.findings).toHaveLength(26_010);
  }, 120_000);

  it('writes one file per account when more than 20 accounts would not fit one file, and back to one file later', async () => {
    const rule = plannedRegionalRule(fakeMeta('ec2-thing-is-fine'), () => failing('sg', 1));
    const accounts = Array.from({ length: 21 }, (_, i) => ({
      accountId: String(100000000000 + i),
      regions: ['us-east-1'],
    }));
    const dir = await mkdtemp(join(tmpdir(), 'aws-audit-split-'));
    await writeReports(syntheticScan(accounts, [rule]), ['sarif'], dir);
    const sarifNames = (await readdir(dir)).filter((name) => /^aws-audit-report\..*sarif$/.test(name));
    expect(sarifNames.sort()).toEqual(
      accounts.map(({ accountId }) => `aws-audit-report.aws-audit-${accountId}.sarif`).sort(),
    );
    for (const name of sarifNames) expect(await sarifRuns(dir, name)).toHaveLength(1);
    // A later scan that fits one file writes the combined file and removes the per-category ones.
    await writeReports(syntheticScan(accounts.slice(0, 2), [rule]), ['sarif'], dir);
    expect((await readdir(dir)).filter((name) => /^aws-audit-report\..*sarif$/.test(name))).toEqual([
      'aws-audit-report.sarif',
    ]);
  }, 60_000);

  it('refuses a region still over the limit in one line, after writing the JSON report', async () => {
    const ec2 = plannedRegionalRule(fakeMeta('ec2-thing-is-fine'), () => failing('sg', 25_001));
    const result = syntheticScan([{ accountId: '111111111111', regions: ['us-east-1'] }], [ec2]);
    const dir = await mkdtemp(join(tmpdir(), 'aws-audit-split-'));
    await expect(writeReports(result, ['json', 'sarif'], dir)).rejects.toThrow(
      new UserError(
        "cannot write SARIF: category aws-audit/111111111111/ec2/us-east-1/ is over GitHub's limits " +
          "(25001 results, over GitHub's limit of 25000 per run)",
      ),
    );
    const names = await readdir(dir);
    expect(names.filter((name) => name.endsWith('.sarif'))).toEqual([]);
    expect(names).toContain('aws-audit-report.json');
  }, 120_000);
});

describe('--keep N', () => {
  it('keeps the timestamped copies of the N most recent runs, every format, and never the stable names', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'aws-audit-keep-'));
    const runs = ['2026-11-20T21:00:00Z', '2026-11-21T21:00:00Z', '2026-11-22T21:00:00Z'];
    for (const startedAt of runs)
      await writeReports(await demoScan(new Date(startedAt)), ['json', 'csv'], dir);
    await writeFile(join(dir, 'notes.txt'), 'mine\n');
    const result = await runCli([
      'scan',
      '--snapshot',
      'examples/demo-account.json',
      '--out-dir',
      dir,
      '--format',
      'json,csv',
      '--keep',
      '2',
    ]);
    expect(result.code).toBe(0);
    const names = (await readdir(dir)).sort();
    const stamps = [...new Set(names.flatMap((n) => /-(\d{8}T\d{6}Z)\./.exec(n)?.[1] ?? []))];
    expect(stamps).toHaveLength(2);
    expect(stamps).toContain('20261122T210000Z'); // the newest of the earlier runs, beside today's
    expect(names.filter((n) => n.includes('20261122T210000Z'))).toEqual([
      'aws-audit-report-20261122T210000Z.csv',
      'aws-audit-report-20261122T210000Z.json',
    ]);
    expect(names).toEqual(
      expect.arrayContaining(['aws-audit-report.json', 'aws-audit-report.csv', 'notes.txt']),
    );
  });

  it('rejects --keep 0 as a usage error naming the flag', async () => {
    const result = await runCli(['scan', '--snapshot', 'examples/demo-account.json', '--keep', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--keep <n>.*whole number greater than 0/);
  });
});
