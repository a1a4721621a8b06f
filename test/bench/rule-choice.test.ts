import { join } from 'node:path';
import { ruleRegistry } from '../../rules/index.js';
import { benchRuleIds } from '../../bench/rule-choice.js';
import { UserError } from '../../src/util/errors.js';
import { runBuiltScript, type CliRun } from '../support/cli.js';

const ids = ruleRegistry.map((rule) => rule.meta.id);
const SSM = 'ssm-agent-endpoint-reachable';
const SSH = 'ec2-security-group-no-public-ssh';

describe('benchRuleIds', () => {
  it('keeps the named rules in registry order, whatever order they are given in', () => {
    expect(benchRuleIds(ruleRegistry, [SSM, SSH], 'include', '--rules')).toEqual(
      ids.filter((id) => id === SSM || id === SSH),
    );
  });

  it('leaves out the skipped rules and keeps every other one', () => {
    const chosen = benchRuleIds(ruleRegistry, [SSM], 'skip', '--skip-rules');
    expect(chosen).toEqual(ids.filter((id) => id !== SSM));
    expect(chosen).toHaveLength(ruleRegistry.length - 1);
  });

  it('names an unknown id and the flag it came from', () => {
    expect(() => benchRuleIds(ruleRegistry, ['nope'], 'skip', '--skip-rules')).toThrow(
      new UserError("unknown rule id in --skip-rules: nope (run 'aws-audit rules' to list them)"),
    );
  });

  it('refuses to skip every rule', () => {
    expect(() => benchRuleIds(ruleRegistry, ids, 'skip', '--skip-rules')).toThrow(
      '--skip-rules leaves no rule to evaluate',
    );
  });
});

describe('npm run bench with a bad rule choice', () => {
  // The built script, as `npm test` builds before Jest runs; a usage error stops it before any child.
  const SCRIPT = join(process.cwd(), 'dist/bench/run.js');
  const run = (args: string[]): Promise<CliRun> => runBuiltScript(SCRIPT, args);

  it('exits 2 naming the flag and the id', async () => {
    expect(await run(['--only', 'evaluate', '--rules', 'nope'])).toEqual({
      code: 2,
      stdout: '',
      stderr: "bench: unknown rule id in --rules: nope (run 'aws-audit rules' to list them)\n",
    });
  });
});
