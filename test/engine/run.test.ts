import {
  buildAccount,
  buildSnapshot,
  GlobalBuilder,
  RegionBuilder,
  singleRegionSnapshot,
  sgRule,
} from '../support/builders/index.js';
import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import { SnapshotView, type RegionView } from '../../src/snapshot/view.js';
import { evaluateRules } from '../../src/engine/run.js';
import { evaluateSnapshot } from '../../src/engine/scan.js';
import { exitCodeFor } from '../../src/engine/gate.js';
import {
  defineGlobalRule,
  defineRegionalRule,
  fail,
  globalRef,
  pass,
  regionalRef,
} from '../../src/engine/define-rule.js';
import type { GlobalRule, RegionalRule } from '../../src/engine/types.js';
import sshRule from '../../rules/ec2-security-group-no-public-ssh.js';

const snapshot = singleRegionSnapshot((r) => {
  r.vpc('vpc-1');
  r.securityGroup('sg-open', 'vpc-1', { ingress: [sgRule.tcp(22, '0.0.0.0/0')] });
  r.securityGroup('sg-closed', 'vpc-1');
});

function throwingRule(afterResults: number): RegionalRule {
  return defineRegionalRule({
    meta: { ...sshRule.meta, id: 'ec2-test-throws', scope: 'regional' },
    *evaluate({ region }) {
      let n = 0;
      for (const group of region.data.securityGroups) {
        if (n++ >= afterResults) throw new Error('boom');
        yield pass(regionalRef(region, 'AWS::EC2::SecurityGroup', group), 'ok');
      }
    },
  });
}

describe('evaluateRules', () => {
  it('turns a throwing rule into one unknown for its scope, dropping its partial results, and goes on', () => {
    const { findings, ruleErrors } = evaluateRules(new SnapshotView(snapshot), [throwingRule(1), sshRule]);
    const fromThrowing = findings.filter((f) => f.ruleId === 'ec2-test-throws');
    expect(fromThrowing).toHaveLength(1);
    expect(fromThrowing[0]).toMatchObject({
      status: 'unknown',
      resource: { id: 'us-east-1', type: 'AWS::EC2::Region' },
    });
    expect(fromThrowing[0]!.message).toContain('boom');
    expect(ruleErrors).toEqual([
      { ruleId: 'ec2-test-throws', accountId: '111111111111', region: 'us-east-1', message: 'boom' },
    ]);
    // The next rule still ran.
    expect(
      findings.filter((f) => f.ruleId === sshRule.meta.id).map((f) => [f.resource.id, f.status]),
    ).toEqual([
      ['sg-open', 'fail'],
      ['sg-closed', 'pass'],
    ]);
  });

  it('makes a scan with a rule error incomplete (exit 3)', () => {
    const result = evaluateSnapshot(snapshot, [throwingRule(0)], { kind: 'snapshot', file: 'x' });
    expect(result.coverage.complete).toBe(false);
    expect(exitCodeFor(result, {})).toBe(3);
    expect(exitCodeFor(result, { allowIncomplete: true })).toBe(0);
  });

  it('says unknown, not pass, when the primary kind failed to collect, citing the error', () => {
    const failed = singleRegionSnapshot((r) => {
      r.setCollection('securityGroups', 'failed');
    });
    failed.accounts[0]!.errors.push({
      service: 'ec2',
      operation: 'DescribeSecurityGroups',
      region: 'us-east-1',
      category: 'access-denied',
      code: 'UnauthorizedOperation',
      message: 'You are not authorized to perform this operation.',
      kinds: ['securityGroups'],
    });
    const result = evaluateSnapshot(failed, [sshRule], { kind: 'snapshot', file: 'x' });
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ status: 'unknown' });
    expect(result.findings[0]!.evidence[0]).toMatchObject({
      kind: 'collection-error',
      details: { code: 'UnauthorizedOperation' },
    });
    expect(result.coverage.gaps).toEqual([
      {
        accountId: '111111111111',
        region: 'us-east-1',
        kind: 'securityGroups',
        state: 'failed',
        rules: [sshRule.meta.id],
      },
    ]);
    expect(result.coverage.complete).toBe(false);
  });

  it('treats a recorded error as a gap even when the kind claims to be collected', () => {
    const inconsistent = singleRegionSnapshot((r) => {
      r.vpc('vpc-1');
      r.securityGroup('sg-1', 'vpc-1');
    });
    inconsistent.accounts[0]!.errors.push({
      service: 'ec2',
      operation: 'DescribeSecurityGroups',
      region: 'us-east-1',
      category: 'network',
      code: 'ECONNRESET',
      message: 'socket hang up',
      kinds: ['securityGroups'],
    });
    const result = evaluateSnapshot(inconsistent, [sshRule], { kind: 'snapshot', file: 'x' });
    expect(result.coverage.complete).toBe(false);
    expect(result.coverage.gaps).toEqual([
      {
        accountId: '111111111111',
        region: 'us-east-1',
        kind: 'securityGroups',
        state: 'failed',
        rules: [sshRule.meta.id],
      },
    ]);
    expect(exitCodeFor(result, {})).toBe(3);
  });

  it('skips regions the account has not opted into, without a gap', () => {
    const optOut = singleRegionSnapshot(() => undefined, 'af-south-1');
    optOut.accounts[0]!.regions[0]!.availability = 'not-opted-in';
    for (const kind of Object.keys(optOut.accounts[0]!.regions[0]!.collection)) {
      delete (optOut.accounts[0]!.regions[0]!.collection as Record<string, unknown>)[kind];
    }
    const result = evaluateSnapshot(optOut, [sshRule], { kind: 'snapshot', file: 'x' });
    expect(result.findings).toEqual([]);
    expect(result.coverage).toMatchObject({
      complete: true,
      gaps: [],
      regionsNotEnabled: [{ region: 'af-south-1' }],
    });
  });

  it('gives identical fingerprints across runs and distinct ones per resource and rule', () => {
    const a = evaluateRules(new SnapshotView(snapshot), [sshRule]).findings;
    const b = evaluateRules(new SnapshotView(structuredClone(snapshot)), [sshRule]).findings;
    expect(a.map((f) => f.fingerprint)).toEqual(b.map((f) => f.fingerprint));
    expect(new Set(a.map((f) => f.fingerprint)).size).toBe(a.length);
  });

  it('gates on severity: exit 1 at or above --fail-on, 0 below', () => {
    const result = evaluateSnapshot(snapshot, [sshRule], { kind: 'snapshot', file: 'x' });
    // sg-open is unattached: low.
    expect(result.findings.find((f) => f.status === 'fail')?.severity).toBe('low');
    expect(exitCodeFor(result, { failOn: 'low' })).toBe(1);
    expect(exitCodeFor(result, { failOn: 'medium' })).toBe(0);
    expect(exitCodeFor(result, {})).toBe(0);
  });

  describe('order and sharing', () => {
    // Two accounts × two regions, one instance each; every rule logs the scope it is asked about.
    const accounts = ['111111111111', '222222222222'].map((accountId) => {
      const regions = ['us-east-1', 'eu-west-1'].map((name) => {
        const region = new RegionBuilder(name, accountId);
        region.vpc('vpc-1');
        region.subnet('subnet-1', 'vpc-1');
        region.instance(`i-${accountId.slice(0, 1)}-${name}`, 'subnet-1');
        return region;
      });
      const global = new GlobalBuilder(accountId);
      global.user('alice');
      return buildAccount({ accountId, regions, global });
    });
    const multi = buildSnapshot(accounts);
    const calls: string[] = [];
    /** The region view each call of an instance rule was given, per scope, held weakly. */
    const viewsSeen = new Map<string, WeakRef<RegionView>[]>();

    function instanceRule(id: string): RegionalRule {
      return defineRegionalRule({
        meta: { ...sshRule.meta, id, scope: 'regional', resourceKind: 'instances' },
        *evaluate({ account, region }) {
          const scope = `${account.accountId} ${region.region}`;
          calls.push(`${id} ${scope}`);
          viewsSeen.set(scope, [...(viewsSeen.get(scope) ?? []), new WeakRef(region)]);
          for (const instance of region.data.instances)
            yield fail(regionalRef(region, 'AWS::EC2::Instance', instance), `${id} judged ${instance.id}`);
        },
      });
    }
    const userRule: GlobalRule = defineGlobalRule({
      meta: { ...sshRule.meta, id: 'iam-test-user', scope: 'global', resourceKind: 'iamUsers' },
      *evaluate({ account }) {
        calls.push(`iam-test-user ${account.accountId}`);
        for (const user of account.data.global.users)
          yield pass(globalRef(account.accountId, 'AWS::IAM::User', user), `user ${user.name}`);
      },
    });

    it('reports rule-major (rule, account, region) while evaluating one region at a time', () => {
      calls.length = 0;
      const { findings } = evaluateRules(new SnapshotView(multi), [
        instanceRule('ec2-test-a'),
        userRule,
        instanceRule('ec2-test-b'),
      ]);
      // Evaluated scope-major: every rule over one region before the next region.
      expect(calls).toEqual([
        'iam-test-user 111111111111',
        'ec2-test-a 111111111111 us-east-1',
        'ec2-test-b 111111111111 us-east-1',
        'ec2-test-a 111111111111 eu-west-1',
        'ec2-test-b 111111111111 eu-west-1',
        'iam-test-user 222222222222',
        'ec2-test-a 222222222222 us-east-1',
        'ec2-test-b 222222222222 us-east-1',
        'ec2-test-a 222222222222 eu-west-1',
        'ec2-test-b 222222222222 eu-west-1',
      ]);
      // Reported in the registry's order: rule, then account, then region.
      expect(findings.map((f) => `${f.ruleId} ${f.resource.accountId} ${f.resource.id}`)).toEqual([
        'ec2-test-a 111111111111 i-1-us-east-1',
        'ec2-test-a 111111111111 i-1-eu-west-1',
        'ec2-test-a 222222222222 i-2-us-east-1',
        'ec2-test-a 222222222222 i-2-eu-west-1',
        'iam-test-user 111111111111 AIDAALICEXXXXXXXXXXX',
        'iam-test-user 222222222222 AIDAALICEXXXXXXXXXXX',
        'ec2-test-b 111111111111 i-1-us-east-1',
        'ec2-test-b 111111111111 i-1-eu-west-1',
        'ec2-test-b 222222222222 i-2-us-east-1',
        'ec2-test-b 222222222222 i-2-eu-west-1',
      ]);
    });

    it('lists rule errors rule-major too, whatever order the scopes ran in', () => {
      const failing = (id: string): RegionalRule =>
        defineRegionalRule({
          meta: { ...sshRule.meta, id, scope: 'regional', resourceKind: 'instances' },
          evaluate({ region }) {
            throw new Error(`${id} broke in ${region.region}`);
          },
        });
      const { ruleErrors, findings } = evaluateRules(new SnapshotView(multi), [
        failing('ec2-test-x'),
        failing('ec2-test-y'),
      ]);
      expect(ruleErrors.map((e) => `${e.ruleId} ${e.accountId} ${e.region}`)).toEqual([
        'ec2-test-x 111111111111 us-east-1',
        'ec2-test-x 111111111111 eu-west-1',
        'ec2-test-x 222222222222 us-east-1',
        'ec2-test-x 222222222222 eu-west-1',
        'ec2-test-y 111111111111 us-east-1',
        'ec2-test-y 111111111111 eu-west-1',
        'ec2-test-y 222222222222 us-east-1',
        'ec2-test-y 222222222222 eu-west-1',
      ]);
      expect(findings.map((f) => `${f.ruleId} ${f.status} ${f.resource.accountId} ${f.resource.id}`)).toEqual(
        ruleErrors.map((e) => `${e.ruleId} unknown ${e.accountId} ${e.region}`),
      );
    });

    it('hands every rule of a region one view of it, and lets that view go once the region is judged', async () => {
      // Analysis caches hang off region views (WeakMaps keyed by them); at 1M resources keeping every
      // region's until the end cost 440 MiB of heap. The snapshot view outliving the evaluation, as
      // in a scan, must not keep them either.
      viewsSeen.clear();
      const snapshotView = new SnapshotView(multi);
      const { findings, ruleErrors } = evaluateRules(snapshotView, [
        instanceRule('ec2-test-a'),
        instanceRule('ec2-test-b'),
      ]);
      expect(ruleErrors).toEqual([]);
      expect(findings).toHaveLength(8);
      expect(viewsSeen.size).toBe(4);
      // Within the job that made them, WeakRefs still hold: both rules of a scope saw one view.
      for (const [first, second, ...more] of viewsSeen.values()) {
        expect(more).toEqual([]);
        expect(first?.deref()).toBeDefined();
        expect(first?.deref()).toBe(second?.deref());
      }
      // Once that job ends, a full collection takes every view.
      const refs = [...viewsSeen.values()].flat();
      await new Promise((resolve) => setImmediate(resolve));
      setFlagsFromString('--expose-gc');
      (runInNewContext('gc') as () => void)();
      expect(refs.filter((ref) => ref.deref() !== undefined)).toHaveLength(0);
      expect(snapshotView.accounts).toHaveLength(2); // still reachable: it did not hold them
    });

    it('shares one frozen reference per resource between the rules that report on it', () => {
      const { findings } = evaluateRules(new SnapshotView(multi), [
        instanceRule('ec2-test-a'),
        instanceRule('ec2-test-b'),
      ]);
      const refsOf = (instanceId: string) =>
        findings.filter((f) => f.resource.id === instanceId).map((f) => f.resource);
      const [a, b] = refsOf('i-1-us-east-1');
      expect(a).toBe(b);
      expect(Object.isFrozen(a)).toBe(true);
      expect(a).toEqual({
        arn: 'arn:aws:ec2:us-east-1:111111111111:instance/i-1-us-east-1',
        id: 'i-1-us-east-1',
        type: 'AWS::EC2::Instance',
        accountId: '111111111111',
        region: 'us-east-1',
      });
      // Same id in another account or region: another reference.
      expect(refsOf('i-2-us-east-1')[0]).not.toBe(a);
      expect(refsOf('i-1-eu-west-1')[0]).not.toBe(a);
    });

    it('keeps messages and evidence text as the rule wrote them, frozen evidence included', () => {
      const frozen = Object.freeze({ kind: 'note', summary: ` padded ${'evidence'.repeat(3)} ` });
      const built = { kind: 'note', summary: `built ${'from'} ${'pieces'.repeat(4)}` };
      const rule = defineRegionalRule({
        meta: { ...sshRule.meta, id: 'ec2-test-text', scope: 'regional', resourceKind: 'instances' },
        *evaluate({ region }) {
          for (const instance of region.data.instances)
            yield pass(
              regionalRef(region, 'AWS::EC2::Instance', instance),
              `  ${instance.id} ends in space `,
              [frozen, built],
            );
        },
      });
      const { findings } = evaluateRules(new SnapshotView(multi), [rule]);
      expect(findings[0]!.message).toBe('  i-1-us-east-1 ends in space ');
      expect(findings[0]!.evidence.map((e) => e.summary)).toEqual([
        ' padded evidenceevidenceevidence ',
        'built from piecespiecespiecespieces',
      ]);
    });
  });
});

describe('evaluation progress', () => {
  it('plans rule × readable region units (global rules once per account) and reports each once', async () => {
    const { readSnapshotFile } = await import('../../src/snapshot/io.js');
    const { ruleRegistry } = await import('../../rules/index.js');
    const demo = await readSnapshotFile('examples/demo-account.json');
    // One region the account has not opted into: nothing is evaluated there, so it is not planned.
    const account = demo.accounts[0]!;
    const optedOut = { ...account.regions[0]!, region: 'af-south-1', availability: 'not-opted-in' as const };
    const snapshot = { ...demo, accounts: [{ ...account, regions: [...account.regions, optedOut] }] };
    const planned: number[] = [];
    let evaluated = 0;
    const withProgress = evaluateRules(new SnapshotView(snapshot), ruleRegistry, {
      planned: (units) => planned.push(units),
      evaluated: () => {
        evaluated += 1;
      },
    });
    const globalRules = ruleRegistry.filter((rule) => rule.meta.scope === 'global').length;
    const regionalRules = ruleRegistry.length - globalRules;
    expect(globalRules).toBeGreaterThan(0);
    expect(planned).toEqual([globalRules + account.regions.length * regionalRules]);
    expect(evaluated).toBe(planned[0]);
    // Reporting progress changes nothing in the result.
    expect(withProgress).toEqual(evaluateRules(new SnapshotView(snapshot), ruleRegistry));
  });
});
