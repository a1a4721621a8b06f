// bench/regression.ts: one snapshot evaluated by two built trees, and the rows that judge it.
import { access } from 'node:fs/promises';
import {
  regressionRows,
  regressionTask,
  type RegressionMeasure,
  type RegressionResult,
} from '../../bench/regression.js';
import { ruleRegistry } from '../../rules/index.js';

const measure = (
  current: number,
  baseline: number,
  findings = { current: 10, baseline: 10 },
): RegressionMeasure => ({
  ruleIds: ['ssm-agent-endpoint-reachable'],
  findings,
  cpuMs: { current, baseline },
  wallMs: { current: current / 2, baseline: baseline / 2 },
  runs: 4,
});

const result = (
  pack: RegressionMeasure,
  perRule: RegressionMeasure[] = [],
  onlyCurrent: string[] = [],
): RegressionResult => ({
  task: 'regression',
  scale: '10k',
  resources: 10_000,
  onlyCurrent,
  onlyBaseline: [],
  pack,
  perRule,
});

describe('regressionRows', () => {
  it('meets the target at exactly ×1.10 and misses it above', () => {
    const [atLimit] = regressionRows(result(measure(110, 100)), 'abc1234');
    expect(atLimit).toMatchObject({ verdict: 'ok', target: '≤ ×1.10' });
    expect(atLimit!.result).toContain('×1.100');
    const [over] = regressionRows(result(measure(111, 100)), 'abc1234');
    expect(over).toMatchObject({ verdict: 'MISS' });
    expect(over!.benchmark).toBe('regression vs abc1234: 1 rules both packs have');
  });

  it('gives each rule alone its own row, says when the findings differ, and names the rules left out', () => {
    const rows = regressionRows(
      result(
        measure(100, 100),
        [measure(90, 100, { current: 7, baseline: 9 })],
        ['lambda-function-vpc-service-reachable'],
      ),
      'abc1234',
    );
    expect(rows.map((r) => r.verdict)).toEqual(['ok', 'ok', '—']);
    expect(rows[1]!.benchmark).toBe('regression vs abc1234: ssm-agent-endpoint-reachable');
    expect(rows[1]!.result).toContain('7 findings now, 9 then');
    expect(rows[0]!.result).toContain('10 findings both');
    expect(rows[2]!.result).toBe('not compared (new since): lambda-function-vpc-service-reachable');
  });
});

describe('regressionTask', () => {
  // `npm test` builds first; the task loads both trees from dist/.
  const root = process.cwd();

  it('evaluates the same snapshot with both trees: this tree against itself finds the same', async () => {
    await access(`${root}/dist/rules/index.js`);
    const measured = await regressionTask({
      task: 'regression',
      scale: 'small',
      seed: 3,
      repeats: 2,
      current: root,
      baseline: root,
      rules: ['ec2-security-group-no-public-ssh', 'ssm-agent-endpoint-reachable'],
      perRule: true,
    });
    expect(measured.pack.ruleIds).toEqual([
      'ec2-security-group-no-public-ssh',
      'ssm-agent-endpoint-reachable',
    ]);
    expect(measured.pack.findings.current).toBeGreaterThan(0);
    expect(measured.pack.findings.current).toBe(measured.pack.findings.baseline);
    expect(measured.perRule.map((m) => m.ruleIds)).toEqual([
      ['ec2-security-group-no-public-ssh'],
      ['ssm-agent-endpoint-reachable'],
    ]);
    expect(measured.perRule.reduce((n, m) => n + m.findings.current, 0)).toBe(measured.pack.findings.current);
    expect(measured.onlyCurrent).toEqual([]);
    expect(measured.pack.cpuMs.current).toBeGreaterThan(0);
    expect(measured.resources).toBeGreaterThan(0);
  });

  it('compares every rule both packs have when no rule is named', async () => {
    const measured = await regressionTask({
      task: 'regression',
      scale: 'small',
      seed: 3,
      repeats: 1,
      current: root,
      baseline: root,
      perRule: false,
    });
    expect(measured.pack.ruleIds).toEqual(ruleRegistry.map((rule) => rule.meta.id));
    expect(measured.perRule).toEqual([]);
  });
});
