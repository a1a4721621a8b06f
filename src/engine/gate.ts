// The exit-code decision, apart from the CLI so it is testable: incomplete beats findings, because
// a partial scan must never look like a verdict (README "Exit codes").
import { ExitCode, type ExitCodeValue } from '../util/errors.js';
import type { ScanResult } from './scan.js';
import { SEVERITIES, severityRank, type Finding, type Severity } from './types.js';

export interface GateOptions {
  /** Exit 1 when a failing, unwaived finding is at or above this severity. */
  failOn?: Severity;
  /** The same, counting only findings new against the baseline. */
  failOnNew?: Severity;
  /** Treat an incomplete scan as complete for the exit code (the report still says it). */
  allowIncomplete?: boolean;
}

function breaches(findings: readonly Finding[], threshold: Severity, onlyNew: boolean): Finding[] {
  return findings.filter(
    (f) =>
      f.status === 'fail' &&
      !f.waiver &&
      severityRank(f.severity) >= severityRank(threshold) &&
      (!onlyNew || f.baseline !== 'unchanged'),
  );
}

export function gateFindings(result: ScanResult, options: GateOptions): Finding[] {
  const hits = new Map<string, Finding>();
  if (options.failOn)
    for (const f of breaches(result.findings, options.failOn, false)) hits.set(f.fingerprint, f);
  if (options.failOnNew)
    for (const f of breaches(result.findings, options.failOnNew, true)) hits.set(f.fingerprint, f);
  return [...hits.values()];
}

export function exitCodeFor(result: ScanResult, options: GateOptions): ExitCodeValue {
  return exitDecision(result, options).code;
}

/** The exit code and, in words, why: the CLI prints it as its last line (`exit 1: …`). */
export interface ExitDecision {
  code: ExitCodeValue;
  reason: string;
}

const plural = (count: number, one: string, many = `${one}s`): string =>
  `${count} ${count === 1 ? one : many}`;

/** What made the scan incomplete: kinds not collected (per account and region) and rule errors. */
export function incompleteness(result: Pick<ScanResult, 'coverage'>): string {
  const missing = result.coverage.gaps.filter((gap) => gap.state !== 'skipped').length;
  const parts: string[] = [];
  if (missing > 0) parts.push(`${plural(missing, 'kind')} not collected`);
  if (result.coverage.ruleErrors.length > 0)
    parts.push(`${plural(result.coverage.ruleErrors.length, 'rule error')}`);
  return parts.join(', ') || 'coverage incomplete';
}

/** "6 critical findings": the count at the worst severity that has any failing, unwaived finding. */
export function worstCount(failingBySeverity: Readonly<Record<Severity, number>>): string {
  const worst = [...SEVERITIES].reverse().find((s) => failingBySeverity[s] > 0);
  if (!worst) return 'no failing findings';
  return plural(failingBySeverity[worst], `${worst} finding`);
}

/** "12 failing findings at or above high (--fail-on high)", per gate set, from the counts given. */
function gateReason(options: GateOptions, count: (threshold: Severity, onlyNew: boolean) => number): string {
  const parts: string[] = [];
  const phrase = (n: number, what: string, threshold: Severity, flag: string): string =>
    `${n === 0 ? 'no' : n} ${what} ${n === 1 ? 'finding' : 'findings'} at or above ${threshold} (${flag} ${threshold})`;
  if (options.failOn)
    parts.push(phrase(count(options.failOn, false), 'failing', options.failOn, '--fail-on'));
  if (options.failOnNew)
    parts.push(phrase(count(options.failOnNew, true), 'new failing', options.failOnNew, '--fail-on-new'));
  return parts.join('; ');
}

export function exitDecision(result: ScanResult, options: GateOptions): ExitDecision {
  if (!result.coverage.complete && !options.allowIncomplete)
    return {
      code: ExitCode.Incomplete,
      reason: `incomplete — ${incompleteness(result)} (see Coverage)`,
    };
  const allowed = result.coverage.complete
    ? ''
    : `; incomplete (${incompleteness(result)}), allowed by --allow-incomplete`;
  if (!options.failOn && !options.failOnNew)
    return {
      code: ExitCode.Ok,
      reason: `no --fail-on gate set (${worstCount(result.summary.failingBySeverity)})${allowed}`,
    };
  const code = gateFindings(result, options).length > 0 ? ExitCode.Findings : ExitCode.Ok;
  const reason = gateReason(
    options,
    (threshold, onlyNew) => breaches(result.findings, threshold, onlyNew).length,
  );
  return { code, reason: `${reason}${allowed}` };
}

/** The last line the CLI prints: `exit 1: 12 failing findings at or above high (--fail-on high)`. */
export function exitLine(decision: ExitDecision): string {
  return `exit ${decision.code}: ${decision.reason}`;
}

/** One account of an organisation scan, as the exit decision needs it. */
export interface AccountGate {
  decision: ExitDecision;
  /** Failing, unwaived findings at or above each gate: `[--fail-on, --fail-on-new]`. */
  counts: { failOn: number; failOnNew: number };
}

/**
 * The exit decision of an organisation fan-out: incomplete when an account failed, was not
 * started or is itself incomplete (unless --allow-incomplete); otherwise the gate over all accounts.
 */
export function organisationExitDecision(input: {
  accounts: readonly AccountGate[];
  failed: number;
  notStarted: number;
  gate: GateOptions;
  failingBySeverity: Readonly<Record<Severity, number>>;
}): ExitDecision {
  const { accounts, gate } = input;
  const incompleteAccounts = accounts.filter((a) => a.decision.code === ExitCode.Incomplete).length;
  const problems = [
    input.failed > 0 ? `${plural(input.failed, 'account')} failed` : '',
    input.notStarted > 0 ? `${plural(input.notStarted, 'account')} not started` : '',
    incompleteAccounts > 0 ? `${plural(incompleteAccounts, 'account')} incomplete` : '',
  ].filter((part) => part !== '');
  if (problems.length > 0 && !gate.allowIncomplete)
    return { code: ExitCode.Incomplete, reason: `incomplete — ${problems.join(', ')} (see above)` };
  const allowed =
    problems.length > 0 ? `; incomplete (${problems.join(', ')}), allowed by --allow-incomplete` : '';
  const scope = ` across ${plural(accounts.length, 'account')}`;
  if (!gate.failOn && !gate.failOnNew)
    return {
      code: ExitCode.Ok,
      reason: `no --fail-on gate set (${worstCount(input.failingBySeverity)}${scope})${allowed}`,
    };
  const code = accounts.some((a) => a.decision.code === ExitCode.Findings) ? ExitCode.Findings : ExitCode.Ok;
  const total = (key: 'failOn' | 'failOnNew'): number => accounts.reduce((sum, a) => sum + a.counts[key], 0);
  const reason = gateReason(gate, (_threshold, onlyNew) => total(onlyNew ? 'failOnNew' : 'failOn'));
  return { code, reason: `${reason}${scope}${allowed}` };
}

/** The gate counts of one scan, for organisationExitDecision. */
export function accountGate(result: ScanResult, options: GateOptions): AccountGate {
  return {
    decision: exitDecision(result, options),
    counts: {
      failOn: options.failOn ? breaches(result.findings, options.failOn, false).length : 0,
      failOnNew: options.failOnNew ? breaches(result.findings, options.failOnNew, true).length : 0,
    },
  };
}
