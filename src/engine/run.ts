// Runs the selected rules over a snapshot view. A rule whose primary data is missing yields one
// `unknown` per scope instead of a verdict; a rule that throws yields `unknown` for that scope and
// the scan goes on (cdk-nag's lesson, style.md).
import type { RegionSnapshot, ResourceKind } from '../snapshot/types.js';
import { RegionView, type AccountView, type SnapshotView } from '../snapshot/view.js';
import {
  collectionErrorEvidence,
  flattenEvidence,
  missingDataEvidence,
  regionScopeRef,
} from './define-rule.js';
import { findingFingerprint } from './fingerprint.js';
import type {
  Evidence,
  Finding,
  GlobalRule,
  RegionalRule,
  ResourceRef,
  Rule,
  RuleError,
  RuleResult,
} from './types.js';
import { errorMessage } from '../util/errors.js';
import { flatString } from '../util/flat-string.js';

export interface Evaluation {
  findings: Finding[];
  ruleErrors: RuleError[];
}

/** A pseudo-resource standing for an account (for account-level unknowns). */
export function accountScopeRef(account: AccountView): ResourceRef {
  return {
    arn: `arn:${account.partition}:iam::${account.accountId}:root`,
    id: account.accountId,
    type: 'AWS::IAM::Account',
    accountId: account.accountId,
    region: 'global',
  };
}

function toFinding(rule: Rule, partition: string, result: RuleResult): Finding {
  const { resource } = result;
  // pass/fail/unknown (define-rule.ts) already did this; a result a rule built by hand had not.
  flattenEvidence(result.evidence);
  return {
    ruleId: rule.meta.id,
    status: result.status,
    severity: result.severity ?? rule.meta.severity,
    resource,
    message: flatString(result.message),
    evidence: result.evidence,
    fingerprint: findingFingerprint(
      partition,
      resource.accountId,
      resource.region,
      resource.arn,
      rule.meta.id,
    ),
  };
}

function globalMissingEvidence(account: AccountView, kinds: readonly ResourceKind[]): Evidence[] {
  const errors = account.data.errors.filter((e) => e.kinds.some((k) => kinds.includes(k)));
  if (errors.length > 0) return errors.map(collectionErrorEvidence);
  return kinds.map((kind) => ({
    kind: 'not-collected',
    summary: `${kind} was not collected`,
    details: { kind },
  }));
}

/** What one rule produced for one account (or one scope): its findings and the scopes where it threw. */
export interface Outcome {
  findings: Finding[];
  errors: RuleError[];
}

export function isGlobalRule(rule: Rule): rule is GlobalRule {
  return rule.meta.scope === 'global';
}

/** Where evaluation reports how far it got (the CLI's progress display); optional. */
export interface EvaluationProgress {
  /** Called once with the number of (rule, scope) units: regional rules × readable regions + global rules, per account. */
  planned(units: number): void;
  /** One (rule, scope) unit was evaluated. */
  evaluated(): void;
}

/** The (rule, scope) units `evaluateRules` reports to `EvaluationProgress.planned`. */
export function plannedUnits(view: SnapshotView, rules: readonly Rule[]): number {
  const globalRules = rules.filter(isGlobalRule).length;
  let units = 0;
  for (const account of view.accounts) {
    const readable = account.regions.filter(({ data }) => isReadableRegion(data)).length;
    units += globalRules + readable * (rules.length - globalRules);
  }
  return units;
}

/** A region the account has not opted into holds nothing to judge. */
export function isReadableRegion(region: RegionSnapshot): boolean {
  return region.availability !== 'not-opted-in';
}

const runScope = (
  { findings: out, errors }: Outcome,
  rule: Rule,
  partition: string,
  scopeRef: ResourceRef,
  scopeLabel: string,
  produce: () => Iterable<RuleResult>,
): void => {
  // A throw half-way must not leave half of a scope's verdicts behind: they are dropped again.
  const mark = out.length;
  try {
    for (const result of produce()) out.push(toFinding(rule, partition, result));
  } catch (error) {
    out.length = mark;
    const message = errorMessage(error);
    errors.push({
      ruleId: rule.meta.id,
      accountId: scopeRef.accountId,
      region: scopeRef.region,
      message,
    });
    out.push(
      toFinding(rule, partition, {
        status: 'unknown',
        resource: scopeRef,
        message: `Rule ${rule.meta.id} could not be evaluated in ${scopeLabel}: ${message}.`,
        evidence: [{ kind: 'rule-error', summary: message }],
      }),
    );
  }
};

function evaluateGlobal(outcome: Outcome, rule: GlobalRule, account: AccountView, now: Date): void {
  const scopeRef = accountScopeRef(account);
  const kind = rule.meta.resourceKind;
  if (!account.isCollected(kind as never)) {
    outcome.findings.push(
      toFinding(rule, account.partition, {
        status: 'unknown',
        resource: scopeRef,
        message: `Account ${account.accountId}: ${kind} could not be read, so ${rule.meta.id} was not evaluated.`,
        evidence: globalMissingEvidence(account, [kind]),
      }),
    );
    return;
  }
  runScope(outcome, rule, account.partition, scopeRef, `account ${account.accountId}`, () =>
    rule.evaluate({ account, now }),
  );
}

function evaluateRegional(
  outcome: Outcome,
  rule: RegionalRule,
  account: AccountView,
  region: RegionView,
  now: Date,
): void {
  const scopeRef = regionScopeRef(region);
  if (!region.isCollected(rule.meta.resourceKind)) {
    outcome.findings.push(
      toFinding(rule, account.partition, {
        status: 'unknown',
        resource: scopeRef,
        message:
          `Region ${region.region} of account ${account.accountId}: ${rule.meta.resourceKind} could not be ` +
          `read, so ${rule.meta.id} was not evaluated.`,
        evidence: missingDataEvidence(region, [rule.meta.resourceKind]),
      }),
    );
    return;
  }
  runScope(outcome, rule, account.partition, scopeRef, `${account.accountId}/${region.region}`, () =>
    rule.evaluate({ account, region, now }),
  );
}

/**
 * Every global rule over one account. `outcomes[i]` receives rule i's results (regional rules
 * are skipped). The unit of work a worker thread runs (engine/parallel), and the in-thread path.
 */
export function evaluateAccountScope(
  account: AccountView,
  rules: readonly Rule[],
  now: Date,
  outcomes: readonly Outcome[],
  progress?: EvaluationProgress,
): void {
  rules.forEach((rule, ruleIndex) => {
    if (!isGlobalRule(rule)) return;
    evaluateGlobal(outcomes[ruleIndex]!, rule, account, now);
    progress?.evaluated();
  });
}

/**
 * Every regional rule over one readable region of `account`. `outcomes[i]` receives rule i's
 * results (global rules are skipped).
 */
export function evaluateRegionScope(
  account: AccountView,
  data: RegionSnapshot,
  rules: readonly Rule[],
  now: Date,
  outcomes: readonly Outcome[],
  progress?: EvaluationProgress,
): void {
  // A view of the region for this pass only. Its indexes and the analysis caches keyed by it
  // (src/analysis: WeakMaps on the view) serve every rule of the region and are read by
  // nothing after, so they go with the view instead of piling up region after region until
  // the end: at 1M resources 440 MiB less heap and about a tenth less CPU (BENCHMARKS.md).
  const region = new RegionView(account, data);
  rules.forEach((rule, ruleIndex) => {
    if (isGlobalRule(rule)) return;
    evaluateRegional(outcomes[ruleIndex]!, rule, account, region, now);
    progress?.evaluated();
  });
}

/** Joins outcomes kept per rule and account into the report's rule-major order. */
export function ruleMajor(byRuleAndAccount: readonly (readonly Outcome[])[]): Evaluation {
  const outcomes = byRuleAndAccount.flat();
  return {
    findings: outcomes.flatMap((outcome) => outcome.findings),
    ruleErrors: outcomes.flatMap((outcome) => outcome.errors),
  };
}

export function evaluateRules(
  view: SnapshotView,
  rules: readonly Rule[],
  progress?: EvaluationProgress,
): Evaluation {
  const now = view.collectedAt;
  // Findings are reported rule-major (rule → account → region), but evaluated scope-major (account →
  // region → rule) so that one region's resources and analysis caches stay hot in the CPU cache
  // while every rule reads them; each (rule, account) pair collects into its own lists.
  const byRuleAndAccount: Outcome[][] = rules.map(() =>
    view.accounts.map(() => ({ findings: [], errors: [] })),
  );
  progress?.planned(plannedUnits(view, rules));
  view.accounts.forEach((account, accountIndex) => {
    const outcomes = byRuleAndAccount.map((perAccount) => perAccount[accountIndex]!);
    evaluateAccountScope(account, rules, now, outcomes, progress);
    for (const { data } of account.regions)
      if (isReadableRegion(data)) evaluateRegionScope(account, data, rules, now, outcomes, progress);
  });
  return ruleMajor(byRuleAndAccount);
}
