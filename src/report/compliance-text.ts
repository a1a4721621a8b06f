// The console form of `aws-audit compliance`: one row per control (status and finding counts), the
// rules behind it indented below, then the framework's controls no rule covers.
import type { ComplianceSummary, ControlSummary } from './compliance.js';

const STATUS_WORD: Record<ControlSummary['status'], string> = {
  failed: 'FAILED',
  unknown: 'UNKNOWN',
  passed: 'passed',
  'no-resources': 'no resources',
};

export function renderComplianceText(summary: ComplianceSummary): string {
  const idWidth = Math.max('CONTROL'.length, ...summary.controls.map((c) => c.id.length)) + 2;
  const row = (
    id: string,
    status: string,
    pass: string,
    fail: string,
    unknown: string,
    title: string,
  ): string =>
    `${id.padEnd(idWidth)}${status.padEnd(14)}${pass.padStart(4)}  ${fail.padStart(4)}  ${unknown.padStart(7)}  ${title}`.trimEnd();
  const { totals } = summary;
  const lines = [
    `${summary.framework.name}: ${summary.report}`,
    '',
    row('CONTROL', 'STATUS', 'PASS', 'FAIL', 'UNKNOWN', 'TITLE'),
  ];
  for (const control of summary.controls) {
    lines.push(
      row(
        control.id,
        STATUS_WORD[control.status],
        String(control.passed),
        String(control.failed),
        String(control.unknown),
        control.title ?? '(not in our list of this framework)',
      ),
    );
    lines.push(`${' '.repeat(idWidth)}rules: ${control.rules.join(', ')}`);
    if (control.waived > 0)
      lines.push(
        `${' '.repeat(idWidth)}${control.waived} of the ${control.failed} failures waived (still failing)`,
      );
  }
  lines.push('');
  if (summary.notCovered.length === 0) lines.push('Not covered: none of the listed controls.');
  else {
    lines.push(`Not covered by any rule (${summary.notCovered.length}):`);
    const width = Math.max(...summary.notCovered.map((c) => c.id.length)) + 2;
    for (const control of summary.notCovered) lines.push(`  ${control.id.padEnd(width)}${control.title}`);
  }
  lines.push(
    '',
    `Controls: ${totals.failed} failed, ${totals.unknown} unknown, ${totals.passed} passed, ${totals['no-resources']} with no resources; ${totals.notCovered} not covered.`,
  );
  return `${lines.join('\n')}\n`;
}
