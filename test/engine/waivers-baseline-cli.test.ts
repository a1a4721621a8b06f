// `aws-audit scan --waivers/--baseline/--fail-on-new` end to end on the demo account.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ruleRegistry } from '../../rules/index.js';
import { readWaiversFile } from '../../src/engine/waivers.js';
import { reviewScan } from '../../src/engine/waivers-and-baseline.js';
import type { JsonReport } from '../../src/report/json-report.js';
import { reportProblem } from '../../src/report/validate-report.js';
import { listFiles, runCli, tempDir } from '../support/cli.js';
import { DEMO, demoScan } from '../report/sarif-fixtures.js';

const SSH = 'ec2-security-group-no-public-ssh';

async function scanTo(out: string, extra: string[] = []) {
  const run = await runCli([
    'scan',
    '--snapshot',
    DEMO,
    '--out-dir',
    out,
    '--format',
    'json,console',
    ...extra,
  ]);
  const report = JSON.parse(await readFile(join(out, 'aws-audit-report.json'), 'utf8')) as JsonReport;
  return { run, report };
}

describe('scan --baseline', () => {
  it('marks everything unchanged against its own previous report, and --fail-on-new passes', async () => {
    const dir = await tempDir();
    const first = await scanTo(join(dir, 'a'));
    const previous = join(dir, 'a', 'aws-audit-report.json');
    const second = await scanTo(join(dir, 'b'), ['--baseline', previous, '--fail-on-new', 'low']);
    expect(second.run.code).toBe(0);
    expect(reportProblem(second.report)).toBeUndefined();
    const failing = first.report.findings.filter((f) => f.status === 'fail').length;
    expect(second.report.baseline).toEqual({
      file: previous,
      new: 0,
      unchanged: failing,
      fixed: [],
      unverified: [],
    });
    expect(
      second.report.findings.filter((f) => f.status === 'fail').every((f) => f.baseline === 'unchanged'),
    ).toBe(true);
    // The diff comes right after the header (what was scanned) on the console.
    expect(second.run.stdout.split('\n')[3]).toBe(`Since ${previous}: 0 new, ${failing} unchanged, 0 fixed`);
    // Known debt still fails the absolute gate.
    expect((await scanTo(join(dir, 'c'), ['--baseline', previous, '--fail-on', 'critical'])).run.code).toBe(
      1,
    );
  });

  it('finds the new critical (exit 1 with --fail-on-new) and the fixed group, and lists them first', async () => {
    const dir = await tempDir();
    const { report } = await scanTo(join(dir, 'a'));
    // Yesterday: the bastion group was fine, and the web group (fine today) was failing.
    const bastion = report.findings.findIndex((f) => f.resource.id === 'sg-0a11bast' && f.ruleId === SSH);
    report.findings.splice(bastion, 1);
    const web = report.findings.find((f) => f.resource.id === 'sg-0a11web' && f.ruleId === SSH)!;
    web.status = 'fail';
    web.message = 'Security group sg-0a11web (prod-web) allowed SSH yesterday.';
    const previous = join(dir, 'yesterday.json');
    await writeFile(previous, JSON.stringify(report));

    const { run, report: today } = await scanTo(join(dir, 'b'), [
      '--baseline',
      previous,
      '--fail-on-new',
      'critical',
    ]);
    expect(run.code).toBe(1);
    expect(today.baseline).toMatchObject({
      new: 1,
      fixed: [{ ruleId: SSH, message: web.message, resource: { id: 'sg-0a11web' } }],
    });
    expect(today.findings.find((f) => f.resource.id === 'sg-0a11bast')?.baseline).toBe('new');
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^aws-audit: snapshot /);
    expect(lines[3]).toMatch(/^Since .*yesterday\.json: 1 new, \d+ unchanged, 1 fixed$/);
    expect(lines[4]).toBe(
      '  NEW CRITICAL  ec2-security-group-no-public-ssh 123456789012/us-east-1: Security group sg-0a11bast',
    );
    expect(lines[5]).toMatch(/^ {16}\(prod-bastion\) allows SSH/);
    const fixed = lines.findIndex((line) => line.startsWith('  FIXED'));
    // Wrapped at 100 columns with a hanging indent under the text.
    expect(`${lines[fixed]}\n${lines[fixed + 1]}`).toBe(
      `  FIXED HIGH    ${SSH}: Security group sg-0a11web (prod-web) allowed SSH\n${' '.repeat(16)}yesterday.`,
    );
    // Below the threshold the same regression passes.
    expect(
      (
        await scanTo(join(dir, 'c'), [
          '--baseline',
          previous,
          '--fail-on-new',
          'critical',
          '--rules',
          'vpc-private-subnet-s3-gateway-endpoint',
        ])
      ).run.code,
    ).toBe(0);
  });

  it('can diff against the stable report in the output directory it is about to replace', async () => {
    const out = await tempDir();
    await scanTo(out);
    const stable = join(out, 'aws-audit-report.json');
    const { run, report } = await scanTo(out, ['--baseline', stable, '--fail-on-new', 'low']);
    expect(run.code).toBe(0);
    expect(report.baseline).toMatchObject({ file: stable, new: 0, fixed: [] });
  });

  it('treats every failing finding as new without a baseline', async () => {
    const { run } = await scanTo(await tempDir(), ['--fail-on-new', 'critical']);
    expect(run.code).toBe(1);
  });
});

describe('scan --waivers', () => {
  it('waives, lists expired and stale waivers, and gates on the rest', async () => {
    const dir = await tempDir();
    const waivers = join(dir, 'waivers.yaml');
    await writeFile(
      waivers,
      [
        'waivers:',
        `  - { ruleId: ${SSH}, resource: 'arn:aws:ec2:*:123456789012:security-group/sg-0a11bast', reason: Bastion is being replaced., owner: ops, expires: 2099-12-31 }`,
        `  - { ruleId: ${SSH}, resource: { region: eu-west-1 }, reason: Old sandbox., expires: 2000-01-01 }`,
        `  - { ruleId: ${SSH}, resource: { id: sg-0a11web }, reason: Was open once. }`,
      ].join('\n'),
    );
    const { run, report } = await scanTo(join(dir, 'out'), [
      '--waivers',
      waivers,
      '--fail-on',
      'critical',
      '--rules',
      SSH,
    ]);
    // The only critical is waived: the gate passes.
    expect(run.code).toBe(0);
    expect(reportProblem(report)).toBeUndefined();
    expect(report.findings.find((f) => f.resource.id === 'sg-0a11bast')?.waiver).toEqual({
      reason: 'Bastion is being replaced.',
      owner: 'ops',
      expires: '2099-12-31',
      waiverIndex: 0,
    });
    expect(report.waivers).toMatchObject({
      file: waivers,
      applied: [{ waiverIndex: 0, matched: 1 }],
      expired: [{ waiverIndex: 1, matched: 1, expires: '2000-01-01' }],
      stale: [{ waiverIndex: 2, matched: 0 }],
    });
    expect(report.findings.find((f) => f.resource.id === 'sg-0d44wiz')?.waiver).toBeUndefined();
    expect(report.summary.waived).toBe(1);
    expect(run.stdout).toContain(`Waivers ${waivers}: 1 applied, 1 expired, 1 stale; 1 finding waived`);
    expect(run.stdout).toContain('expired waivers[1]');
    // The counts add up: pass + fail + waived + unknown = results, per rule and in total.
    const { pass, fail, unknown } = report.summary.byStatus;
    expect(run.stdout).toContain(
      `1 rule, ${report.summary.total} results: ${pass} pass, ${fail - 1} fail, 1 waived, ${unknown} unknown`,
    );
    expect(run.stdout).toMatch(/^RULE +PASS +FAIL +WAIVED +UNKNOWN$/m);
    expect(run.stdout).toMatch(new RegExp(`^${SSH} +${pass} +${fail - 1} +1 +${unknown}$`, 'm'));
    // The waived bastion is not among the failing findings listed.
    expect(run.stdout).not.toMatch(/CRITICAL .*sg-0a11bast/);
    // The waivers block follows the header.
    expect(run.stdout.split('\n')[3]).toMatch(/^Waivers /);
  });

  it('applies examples/waivers.yaml to the demo as its comments say (clock injected)', async () => {
    const entries = await readWaiversFile(
      'examples/waivers.yaml',
      new Set(ruleRegistry.map((r) => r.meta.id)),
    );
    const reviewed = reviewScan(await demoScan(), {
      now: new Date('2026-11-21T12:00:00Z'),
      waivers: { file: 'examples/waivers.yaml', entries },
    });
    expect(reviewed.waivers).toMatchObject({
      applied: [
        { waiverIndex: 0, matched: 1 },
        { waiverIndex: 1, matched: 1 },
      ],
      expired: [{ waiverIndex: 2 }],
      stale: [{ waiverIndex: 3 }],
    });
  });
});

describe('bad --waivers / --baseline: one line, exit 2, no report written', () => {
  const cases: [string, (dir: string) => Promise<string[]>, RegExp][] = [
    [
      'a missing waivers file',
      () => Promise.resolve(['--waivers', 'nope.yaml']),
      /^aws-audit: cannot read waivers nope\.yaml: no such file or directory\n$/,
    ],
    [
      'a waiver without reason',
      async (dir) => {
        const path = join(dir, 'w.yaml');
        await writeFile(path, `- { ruleId: ${SSH}, resource: '*' }\n`);
        return ['--waivers', path];
      },
      /^aws-audit: waivers .*w\.yaml: waivers\[0\]\.reason: required, a non-empty string.*\n$/,
    ],
    [
      'a waiver for an unknown rule',
      async (dir) => {
        const path = join(dir, 'w.json');
        await writeFile(
          path,
          JSON.stringify({ waivers: [{ ruleId: 'ec2-nope', resource: '*', reason: 'x' }] }),
        );
        return ['--waivers', path];
      },
      /^aws-audit: waivers .*w\.json: waivers\[0\]\.ruleId: unknown rule id ec2-nope .*\n$/,
    ],
    [
      'a missing baseline',
      () => Promise.resolve(['--baseline', 'nope.json']),
      /^aws-audit: cannot read baseline nope\.json: no such file or directory\n$/,
    ],
    [
      'a baseline that is not a report',
      async (dir) => {
        const path = join(dir, 'snap.json');
        await writeFile(path, await readFile(DEMO, 'utf8'));
        return ['--baseline', path];
      },
      /^aws-audit: baseline .*snap\.json is not an aws-audit JSON report: .*\n$/,
    ],
    [
      'a bad --fail-on-new',
      () => Promise.resolve(['--fail-on-new', 'severe']),
      /--fail-on-new <low\|medium\|high\|critical>' argument 'severe' is invalid/,
    ],
  ];
  it.each(cases)('%s', async (_name, args, expected) => {
    const dir = await tempDir();
    const out = join(dir, 'reports');
    const run = await runCli(['scan', '--snapshot', DEMO, '--out-dir', out, ...(await args(dir))]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(expected);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(await listFiles(out)).toEqual([]);
  });
});
