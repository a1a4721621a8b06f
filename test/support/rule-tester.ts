// The shared rule tester (ESLint's RuleTester discipline, style.md): named pass/fail/unknown cases
// over typed fixtures. It validates every fixture against the snapshot schema, deep-freezes it (a
// rule must not modify the snapshot), rejects duplicate case names, requires at least one case of
// each kind, checks the metadata, asserts the status of the named resource, and checks that its
// finding fits the published report schema (what `--baseline` and `merge` read back).
import { parseSnapshot } from '../../src/snapshot/io.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { SnapshotView } from '../../src/snapshot/view.js';
import { evaluateRules } from '../../src/engine/run.js';
import type { Finding, Rule, Severity, Status } from '../../src/engine/types.js';
import { findingProblem } from '../../src/report/validate-report.js';
import { validateRuleMeta } from './rule-meta.js';

export interface RuleCase {
  name: string;
  snapshot: Snapshot;
  /** The resource id whose finding the case is about. */
  resourceId: string;
  severity?: Severity;
  /** Substrings or patterns the message must match. */
  message?: string | RegExp | (string | RegExp)[];
  /** Evidence kinds that must be present. */
  evidenceKinds?: string[];
  /** Extra assertions on the finding. */
  check?: (finding: Finding, all: Finding[]) => void;
}

export interface RuleCases {
  pass: RuleCase[];
  fail: RuleCase[];
  unknown: RuleCase[];
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

export function evaluateCase(rule: Rule, snapshot: Snapshot): Finding[] {
  const valid = parseSnapshot(JSON.parse(JSON.stringify(snapshot)) as unknown, 'fixture');
  return evaluateRules(new SnapshotView(deepFreeze(valid)), [rule]).findings;
}

function assertCase(rule: Rule, expected: Status, testCase: RuleCase): void {
  const findings = evaluateCase(rule, testCase.snapshot);
  const matching = findings.filter((f) => f.resource.id === testCase.resourceId);
  if (matching.length !== 1) {
    throw new Error(
      `expected exactly one finding for ${testCase.resourceId}, got ${matching.length}; ` +
        `findings: ${findings.map((f) => `${f.resource.id}=${f.status}`).join(', ') || 'none'}`,
    );
  }
  const finding = matching[0]!;
  expect({ status: finding.status, message: finding.message }).toEqual({
    status: expected,
    message: finding.message,
  });
  expect(finding.message.length).toBeGreaterThan(0);
  expect(finding.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  expect(finding.ruleId).toBe(rule.meta.id);
  // As written to a report (JSON): every evidence item an object with its kind and summary, etc.
  expect(findingProblem(JSON.parse(JSON.stringify(finding)) as unknown, 0)).toBeUndefined();
  if (expected === 'fail') expect(finding.evidence.length).toBeGreaterThan(0);
  if (expected === 'unknown') expect(finding.evidence.length).toBeGreaterThan(0);
  if (testCase.severity) expect(finding.severity).toBe(testCase.severity);
  const patterns =
    testCase.message === undefined
      ? []
      : Array.isArray(testCase.message)
        ? testCase.message
        : [testCase.message];
  for (const pattern of patterns) {
    if (typeof pattern === 'string') expect(finding.message).toContain(pattern);
    else expect(finding.message).toMatch(pattern);
  }
  for (const kind of testCase.evidenceKinds ?? []) {
    expect(finding.evidence.map((e) => e.kind)).toContain(kind);
  }
  testCase.check?.(finding, findings);
}

export const ruleTester = {
  run(rule: Rule, cases: RuleCases): void {
    describe(rule.meta.id, () => {
      it('has valid metadata', () => {
        expect(validateRuleMeta(rule.meta)).toEqual([]);
      });
      const names = new Set<string>();
      for (const kind of ['pass', 'fail', 'unknown'] as const) {
        if (cases[kind].length === 0)
          throw new Error(`${rule.meta.id}: at least one ${kind} case is required`);
        describe(kind, () => {
          for (const testCase of cases[kind]) {
            if (names.has(testCase.name))
              throw new Error(`${rule.meta.id}: duplicate case name "${testCase.name}"`);
            names.add(testCase.name);
            it(testCase.name, () => assertCase(rule, kind, testCase));
          }
        });
      }
    });
  },
};
