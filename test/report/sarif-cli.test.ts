// `aws-audit scan --format sarif` end to end: files, permissions, GitHub conformance, determinism.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type * as Sarif from 'sarif';
import { githubConformanceProblems } from '../../src/report/github-conformance.js';
import { listFiles, runCli, tempDir } from '../support/cli.js';
import { DEMO } from './sarif-fixtures.js';

const stripTimes = (text: string): string =>
  text.replace(/"(startTimeUtc|endTimeUtc)": "[^"]*"/g, '"$1": "-"');

describe('aws-audit scan --format sarif', () => {
  it('writes aws-audit-report.sarif (stable + timestamped, 0600) that GitHub accepts', async () => {
    const out = await tempDir();
    const run = await runCli([
      'scan',
      '--snapshot',
      DEMO,
      '--format',
      'json,sarif,console',
      '--out-dir',
      out,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const files = await listFiles(out);
    expect(files).toHaveLength(4);
    expect(files).toContain('aws-audit-report.sarif');
    const stamped = files.find((f) => /^aws-audit-report-\d{8}T\d{6}Z\.sarif$/.test(f));
    expect(stamped).toBeDefined();
    const text = await readFile(join(out, 'aws-audit-report.sarif'), 'utf8');
    expect(await readFile(join(out, stamped!), 'utf8')).toBe(text);
    expect((await stat(join(out, 'aws-audit-report.sarif'))).mode & 0o777).toBe(0o600);
    expect(githubConformanceProblems(text)).toEqual([]);
    expect(run.stdout).toContain(join(out, 'aws-audit-report.sarif'));

    const log = JSON.parse(text) as Sarif.Log;
    const report = JSON.parse(await readFile(join(out, 'aws-audit-report.json'), 'utf8')) as {
      findings: { status: string; fingerprint: string }[];
    };
    const failing = report.findings
      .filter((f) => f.status === 'fail')
      .map((f) => f.fingerprint)
      .sort();
    const fingerprints = log.runs
      .flatMap((r) => r.results ?? [])
      .map((r) => r.partialFingerprints?.['awsAudit/v1']);
    expect(fingerprints.sort()).toEqual(failing);
  });

  it('writes identical SARIF for two scans of the same snapshot, apart from timestamps', async () => {
    const a = await tempDir();
    const b = await tempDir();
    expect((await runCli(['scan', '--snapshot', DEMO, '--format', 'sarif', '--out-dir', a])).code).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await runCli(['scan', '--snapshot', DEMO, '--format', 'sarif', '--out-dir', b])).code).toBe(0);
    const first = await readFile(join(a, 'aws-audit-report.sarif'), 'utf8');
    const second = await readFile(join(b, 'aws-audit-report.sarif'), 'utf8');
    expect(first).not.toBe(second);
    expect(stripTimes(first)).toBe(stripTimes(second));
  });

  it('lists sarif in --help', async () => {
    expect((await runCli(['scan', '--help'])).stdout).toMatch(
      /--format <formats>\s+comma-separated report formats: json, sarif,\s+csv,\s+console,\s+asff,\s+html/,
    );
  });
});
