// `aws-audit compliance`: a per-control summary of a JSON report against one framework, built from
// the rules' references (`rules[].references` in the report) and the findings' statuses. A control
// is only as covered as the rules that name it: the summary says which rules those are, and lists
// the framework's in-scope controls no rule names ("not covered") rather than calling them passed.
import type { Status } from '../engine/types.js';
import type { JsonReport } from './json-report.js';
import { readCheckedReport, reportFileErrors } from './validate-report.js';
import { FRAMEWORKS, type Framework, type FrameworkId } from './compliance-frameworks.js';

/** Finding counts by status; `waived` counts the failures among them a waiver accepts. */
export type StatusCounts = Record<Status, number> & { waived: number };

/**
 * A control's verdict from its findings: any failure fails it; else any unknown leaves it unknown
 * (missing data is never a pass); else passed; `no-resources` when its rules found nothing to check.
 */
export type ControlStatus = 'failed' | 'unknown' | 'passed' | 'no-resources';

export interface ControlSummary {
  id: string;
  /** The control's title from our framework list; null for a control the list does not hold. */
  title: string | null;
  status: ControlStatus;
  passed: number;
  failed: number;
  unknown: number;
  /**
   * Of `failed`, those a waiver accepts. They still fail the control: a waiver is an accepted risk
   * with an owner, not a pass.
   */
  waived: number;
  /** The rules of the report that name this control, sorted. */
  rules: string[];
}

export interface ComplianceSummary {
  framework: { id: FrameworkId; name: string };
  report: string;
  /** Every control the report's rules name, in the framework's order, then unlisted ones by id. */
  controls: ControlSummary[];
  /** The framework's listed controls for the pack's services that no rule of the report names. */
  notCovered: { id: string; title: string; service: string }[];
  totals: Record<ControlStatus, number> & { notCovered: number };
}

/** The per-rule finding counts of a report, counted while it is read (no finding kept). */
export interface RuleTallies {
  rules: JsonReport['rules'];
  counts: ReadonlyMap<string, StatusCounts>;
}

export function tallyFindings(
  findings: Iterable<{ ruleId: string; status: Status; waiver?: unknown }>,
): Map<string, StatusCounts> {
  const counts = new Map<string, StatusCounts>();
  for (const finding of findings) addFinding(counts, finding);
  return counts;
}

function addFinding(
  counts: Map<string, StatusCounts>,
  { ruleId, status, waiver }: { ruleId: string; status: Status; waiver?: unknown },
): void {
  let tally = counts.get(ruleId);
  if (tally === undefined) {
    tally = { pass: 0, fail: 0, unknown: 0, waived: 0 };
    counts.set(ruleId, tally);
  }
  tally[status] += 1;
  if (status === 'fail' && waiver !== undefined) tally.waived += 1;
}

/** Reads and validates a JSON report (any size), keeping only its rules and per-rule counts. */
export async function readComplianceInput(file: string): Promise<RuleTallies> {
  const counts = new Map<string, StatusCounts>();
  const report = await readCheckedReport(
    file,
    (finding) => {
      addFinding(counts, finding);
      return false;
    },
    reportFileErrors(file),
  );
  return { rules: report.rules, counts };
}

function controlStatus({
  passed,
  failed,
  unknown,
}: Pick<ControlSummary, 'passed' | 'failed' | 'unknown'>): ControlStatus {
  if (failed > 0) return 'failed';
  if (unknown > 0) return 'unknown';
  if (passed > 0) return 'passed';
  return 'no-resources';
}

/** Natural order of dotted ids: `EC2.9` before `EC2.10`, `1.9` before `1.10`. */
function compareControlIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

export function complianceSummary(
  input: RuleTallies,
  framework: Framework,
  reportFile: string,
): ComplianceSummary {
  const rulesByControl = new Map<string, string[]>();
  for (const rule of input.rules)
    for (const id of new Set(framework.controlIdsOf(rule.references)))
      rulesByControl.set(id, [...(rulesByControl.get(id) ?? []), rule.id]);

  const listed = new Map(framework.controls.map((control, index) => [control.id, { control, index }]));
  const named = [...rulesByControl.keys()].sort((a, b) => {
    const [ia, ib] = [listed.get(a)?.index ?? Infinity, listed.get(b)?.index ?? Infinity];
    return ia !== ib ? ia - ib : compareControlIds(a, b);
  });

  const controls = named.map((id): ControlSummary => {
    const rules = [...(rulesByControl.get(id) ?? [])].sort();
    const counts = { passed: 0, failed: 0, unknown: 0, waived: 0 };
    for (const rule of rules) {
      const tally = input.counts.get(rule);
      counts.passed += tally?.pass ?? 0;
      counts.failed += tally?.fail ?? 0;
      counts.unknown += tally?.unknown ?? 0;
      counts.waived += tally?.waived ?? 0;
    }
    const title = listed.get(id)?.control.title ?? null;
    return { id, title, status: controlStatus(counts), ...counts, rules };
  });

  const notCovered = framework.controls
    .filter((control) => !rulesByControl.has(control.id))
    .map(({ id, title, service }) => ({ id, title, service }));

  const totals = { failed: 0, unknown: 0, passed: 0, 'no-resources': 0, notCovered: notCovered.length };
  for (const control of controls) totals[control.status] += 1;

  return {
    framework: { id: framework.id, name: framework.name },
    report: reportFile,
    controls,
    notCovered,
    totals,
  };
}

export async function complianceOfReportFile(
  file: string,
  framework: FrameworkId,
): Promise<ComplianceSummary> {
  return complianceSummary(await readComplianceInput(file), FRAMEWORKS[framework], file);
}
