// Runs the selected rules over a snapshot view. A rule whose primary data is missing yields one
// `unknown` per scope instead of a verdict; a rule that throws yields `unknown` for that scope and
// the scan goes on (cdk-nag's lesson, style.md).
import type { ResourceKind } from '../snapshot/types.js';
import type { AccountView, RegionView, SnapshotView } from '../snapshot/view.js';
import { collectionErrorEvidence, missingDataEvidence } from './define-rule.js';
import { findingFingerprint } from './fingerprint.js';
import type { Evidence, Finding, GlobalRule, ResourceRef, Rule, RuleError, RuleResult } from './types.js';
import { errorMessage } from '../util/errors.js';

export interface Evaluation {
  findings: Finding[];
  ruleErrors: RuleError[];
}

/** A pseudo-resource standing for a whole region of an account (for scope-level unknowns). */
export function regionScopeRef(region: RegionView): ResourceRef {
  return {
    arn: `arn:${region.partition}:ec2:${region.region}:${region.accountId}:region/${region.region}`,
    id: region.region,
    type: 'AWS::EC2::Region',
    accountId: region.accountId,
    region: region.region,
  };
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
  return {
    ruleId: rule.meta.id,
    status: result.status,
    severity: result.severity ?? rule.meta.severity,
    resource,
    message: result.message,
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

function isGlobalRule(rule: Rule): rule is GlobalRule {
  return rule.meta.scope === 'global';
}

export function evaluateRules(view: SnapshotView, rules: readonly Rule[]): Evaluation {
  const findings: Finding[] = [];
  const ruleErrors: RuleError[] = [];
  const now = view.collectedAt;

  const runScope = (
    rule: Rule,
    partition: string,
    scopeRef: ResourceRef,
    scopeLabel: string,
    produce: () => Iterable<RuleResult>,
  ): void => {
    // A throw half-way must not leave half of a scope's verdicts behind: they are dropped again.
    const mark = findings.length;
    try {
      for (const result of produce()) findings.push(toFinding(rule, partition, result));
    } catch (error) {
      findings.length = mark;
      const message = errorMessage(error);
      ruleErrors.push({
        ruleId: rule.meta.id,
        accountId: scopeRef.accountId,
        region: scopeRef.region,
        message,
      });
      findings.push(
        toFinding(rule, partition, {
          status: 'unknown',
          resource: scopeRef,
          message: `Rule ${rule.meta.id} could not be evaluated in ${scopeLabel}: ${message}.`,
          evidence: [{ kind: 'rule-error', summary: message }],
        }),
      );
    }
  };

  for (const rule of rules) {
    for (const account of view.accounts) {
      if (isGlobalRule(rule)) {
        const scopeRef = accountScopeRef(account);
        const kind = rule.meta.resourceKind;
        const primaryMissing = !account.isCollected(kind as never);
        if (primaryMissing) {
          findings.push(
            toFinding(rule, account.partition, {
              status: 'unknown',
              resource: scopeRef,
              message: `Account ${account.accountId}: ${kind} could not be read, so ${rule.meta.id} was not evaluated.`,
              evidence: globalMissingEvidence(account, [kind]),
            }),
          );
          continue;
        }
        runScope(rule, account.partition, scopeRef, `account ${account.accountId}`, () =>
          rule.evaluate({ account, now }),
        );
        continue;
      }
      for (const region of account.regions) {
        // A region the account has not opted into holds nothing to judge.
        if (region.data.availability === 'not-opted-in') continue;
        const scopeRef = regionScopeRef(region);
        if (!region.isCollected(rule.meta.resourceKind)) {
          findings.push(
            toFinding(rule, account.partition, {
              status: 'unknown',
              resource: scopeRef,
              message:
                `Region ${region.region} of account ${account.accountId}: ${rule.meta.resourceKind} could not be ` +
                `read, so ${rule.meta.id} was not evaluated.`,
              evidence: missingDataEvidence(region, [rule.meta.resourceKind]),
            }),
          );
          continue;
        }
        runScope(rule, account.partition, scopeRef, `${account.accountId}/${region.region}`, () =>
          rule.evaluate({ account, region, now }),
        );
      }
    }
  }
  return { findings, ruleErrors };
}
