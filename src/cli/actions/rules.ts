// What `aws-audit rules` prints (commands/rules.ts declares it): the rule pack with severity and
// title (or as JSON), and for rules whose severity follows measured exposure, the grading (so
// "why is this one critical?" has an answer).
import { ruleRegistry } from '../../../rules/index.js';
import type { Rule } from '../../engine/types.js';
import type { CliIo } from '../io.js';

export function rulesTable(rules: readonly Rule[]): string {
  const width = Math.max('RULE'.length, ...rules.map((rule) => rule.meta.id.length)) + 2;
  const row = (id: string, severity: string, title: string): string =>
    `${id.padEnd(width)}${severity.padEnd(10)}${title}`;
  const lines = [row('RULE', 'SEVERITY', 'TITLE')];
  for (const rule of rules) {
    const { meta } = rule;
    lines.push(row(meta.id, meta.severity, meta.title));
    // Graded rules: the listed severity is the default; each finding's follows its exposure.
    for (const grade of rule.grading ?? [])
      lines.push(row('', '', `${grade.severity.padEnd(9)}when ${grade.when}`));
  }
  return `${lines.join('\n')}\n`;
}

export function runRules(io: CliIo, options: { json?: boolean }): void {
  if (options.json) {
    io.stdout(
      `${JSON.stringify(
        ruleRegistry.map((rule) => rule.meta),
        null,
        2,
      )}\n`,
    );
    return;
  }
  io.stdout(rulesTable(ruleRegistry));
}
