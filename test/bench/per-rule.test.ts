import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIN_FINDINGS_FOR_FLOOR, perRuleSummary, usPerFinding } from '../../bench/per-rule.js';
import type { EvaluateResult } from '../../bench/tasks.js';
import { runBuiltScript } from '../support/cli.js';

describe('perRuleSummary', () => {
  it('adds the rules up and prices the findings at the cheapest rule per finding', () => {
    const summary = perRuleSummary([
      { ruleId: 'path', findings: 20_000, cpuMs: 1200 }, // 60 µs each
      { ruleId: 'attribute', findings: 25_000, cpuMs: 125 }, // 5 µs each
      { ruleId: 'groups', findings: 12_000, cpuMs: 144 }, // 12 µs each
    ]);
    expect(summary).toEqual({
      findings: 57_000,
      cpuMs: 1469,
      cheapest: { ruleId: 'attribute', usPerFinding: 5 },
      floorMs: 285,
    });
  });

  it('does not take a floor from a rule with too few findings to tell', () => {
    const summary = perRuleSummary([
      { ruleId: 'rare', findings: MIN_FINDINGS_FOR_FLOOR - 1, cpuMs: 0.5 },
      { ruleId: 'common', findings: 10_000, cpuMs: 80 },
    ]);
    expect(summary.cheapest).toEqual({ ruleId: 'common', usPerFinding: 8 });
    expect(summary.floorMs).toBeCloseTo(((MIN_FINDINGS_FOR_FLOOR - 1 + 10_000) * 8) / 1000);
  });

  it('gives no floor when no rule has enough findings', () => {
    expect(perRuleSummary([{ ruleId: 'rare', findings: 40, cpuMs: 0.5 }])).toEqual({
      findings: 40,
      cpuMs: 0.5,
    });
  });

  it('prices a finding in microseconds', () => {
    expect(usPerFinding(150, 24_000)).toBeCloseTo(6.25);
  });
});

describe('npm run bench -- --per-rule', () => {
  const SCRIPT = join(process.cwd(), 'dist/bench/run.js');
  const IMDS = 'ec2-instance-imdsv2-required';
  const RDS = 'rds-instance-not-publicly-accessible';
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'aws-audit-per-rule-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('evaluates each rule in a child of its own and adds up their findings and CPU time', async () => {
    const json = join(dir, 'figures.json');
    const run = await runBuiltScript(SCRIPT, [
      ...['--only', 'evaluate', '--sizes', 'small', '--per-rule', '--rules', `${RDS},${IMDS}`],
      ...['--json', json],
    ]);
    expect(run.code).toBe(0);
    const results = JSON.parse(await readFile(json, 'utf8')) as EvaluateResult[];
    // Registry order, one rule per child, whatever order --rules named them in.
    expect(results.map((r) => r.ruleIds)).toEqual([[IMDS], [RDS]]);
    for (const result of results) expect(result.findings).toBeGreaterThan(0);
    const lines = run.stdout.split('\n');
    for (const id of [IMDS, RDS]) {
      const row = lines.find((line) => line.startsWith('| one rule') && line.includes(`, ${id} → `));
      expect(row).toMatch(/µs per finding/);
    }
    const total = (results[0] as EvaluateResult).findings + (results[1] as EvaluateResult).findings;
    const summary = lines.find((line) => line.startsWith('| rules one by one'));
    expect(summary).toContain(`2 rules → ${total.toLocaleString('en-US')} findings`);
    // `small` has ~50 instances: too few findings per rule for a floor to mean anything.
    expect(summary).not.toContain('cheapest');
  });
});
