// Synthetic scans for SARIF, waiver and baseline tests: rules that yield prepared results, run
// through the real engine (evaluateSnapshot) so coverage and fingerprints are the real ones.
import { readFile } from 'node:fs/promises';
import { ruleRegistry } from '../../rules/index.js';
import { defineGlobalRule, defineRegionalRule } from '../../src/engine/define-rule.js';
import { evaluateSnapshot, type ScanResult } from '../../src/engine/scan.js';
import type {
  GlobalRule,
  RegionalRule,
  RuleMeta,
  RuleResult,
  Severity,
  Status,
} from '../../src/engine/types.js';
import { GlobalBuilder, RegionBuilder, buildAccount, buildSnapshot } from '../support/builders/index.js';
import { parseSnapshot } from '../../src/snapshot/io.js';

export const DEMO = 'examples/demo-account.json';

export async function demoScan(startedAt = new Date('2026-11-21T21:00:00.000Z')): Promise<ScanResult> {
  const snapshot = parseSnapshot(JSON.parse(await readFile(DEMO, 'utf8')) as unknown, DEMO);
  return evaluateSnapshot(snapshot, ruleRegistry, { kind: 'snapshot', file: DEMO }, startedAt);
}

export function fakeMeta(id: string, overrides: Partial<RuleMeta> = {}): Omit<RuleMeta, 'scope'> {
  return {
    id,
    title: `Resources satisfy ${id}`,
    severity: 'high',
    service: 'ec2',
    resourceType: 'AWS::EC2::SecurityGroup',
    description: `Fails when ${id} is violated.`,
    risk: 'An attacker gets in.',
    remediation: 'Fix the resource.',
    references: { securityHub: ['EC2.1'], cis: ['CIS v5.0.0 1.1'] },
    resourceKind: 'securityGroups',
    requires: ['securityGroups'],
    precision: 'high',
    ...overrides,
  };
}

export interface Planned {
  status: Status;
  id: string;
  severity?: Severity;
  /** Defaults to a security group ARN in the scope. */
  arn?: string;
  type?: string;
}

/** A regional rule yielding, in each (account, region), the results `plan` lists for it. */
export function plannedRegionalRule(
  meta: Omit<RuleMeta, 'scope'>,
  plan: (accountId: string, region: string) => Planned[],
): RegionalRule {
  return defineRegionalRule({
    meta: { ...meta, scope: 'regional' },
    *evaluate({ region }): Iterable<RuleResult> {
      for (const p of plan(region.accountId, region.region)) {
        const result: RuleResult = {
          status: p.status,
          resource: {
            arn:
              p.arn ??
              `arn:${region.partition}:ec2:${region.region}:${region.accountId}:security-group/${p.id}`,
            id: p.id,
            type: p.type ?? meta.resourceType,
            accountId: region.accountId,
            region: region.region,
          },
          message: `Resource ${p.id} is ${p.status}.`,
          evidence: [],
        };
        if (p.severity !== undefined) result.severity = p.severity;
        yield result;
      }
    },
  });
}

/** A global (IAM) rule yielding `plan`'s results once per account. */
export function plannedGlobalRule(
  meta: Omit<RuleMeta, 'scope'>,
  plan: (accountId: string) => Planned[],
): GlobalRule {
  return defineGlobalRule({
    meta: { ...meta, scope: 'global' },
    *evaluate({ account }): Iterable<RuleResult> {
      for (const p of plan(account.accountId)) {
        yield {
          status: p.status,
          resource: {
            arn: p.arn ?? `arn:aws:iam::${account.accountId}:role/${p.id}`,
            id: p.id,
            type: p.type ?? meta.resourceType,
            accountId: account.accountId,
            region: 'global',
          },
          message: `Role ${p.id} is ${p.status}.`,
          evidence: [],
        };
      }
    },
  });
}

/** A snapshot of the given accounts, each with the given regions, all data collected. */
export function syntheticSnapshot(accounts: { accountId: string; regions: string[] }[]) {
  return buildSnapshot(
    accounts.map(({ accountId, regions }) =>
      buildAccount({
        accountId,
        regions: regions.map((region) => new RegionBuilder(region, accountId)),
        global: new GlobalBuilder(accountId),
      }),
    ),
  );
}

export function syntheticScan(
  accounts: { accountId: string; regions: string[] }[],
  rules: (RegionalRule | GlobalRule)[],
  startedAt = new Date('2026-11-21T21:00:00.000Z'),
): ScanResult {
  return evaluateSnapshot(syntheticSnapshot(accounts), rules, { kind: 'live' }, startedAt);
}
