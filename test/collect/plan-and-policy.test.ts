import { describe, expect, it } from '@jest/globals';
import { ruleRegistry } from '../../rules/index.js';
import { sends } from '../../src/collect/collector.js';
import { collectorFor } from '../../src/collect/collectors/index.js';
import { leastPrivilegePolicy } from '../../src/collect/permissions.js';
import { ALL_KINDS } from '../../src/snapshot/types.js';
import { planFor, planForRules } from '../../src/collect/plan.js';
import { runCli } from '../support/cli.js';

describe('collection plan', () => {
  it('adds what each kind depends on, in canonical order', () => {
    expect(planFor(['instanceUserData', 'vpcAttributes'])).toEqual({
      regional: ['vpcs', 'vpcAttributes', 'instances', 'instanceUserData'],
      global: [],
    });
    expect(planFor(['prefixLists', 'iamRoles'])).toEqual({
      regional: ['securityGroups', 'prefixLists'],
      global: ['iamRoles'],
    });
  });

  it("follows the selected rules' requires", () => {
    const ssh = ruleRegistry.filter((rule) => rule.meta.id === 'ec2-security-group-no-public-ssh');
    const plan = planForRules(ssh);
    for (const kind of ssh[0]!.meta.requires) expect([...plan.regional, ...plan.global]).toContain(kind);
    expect(plan.global).toEqual([]);
  });
});

describe('IAM actions from the commands sent', () => {
  it('names each action `<service>:<Operation>` from the SDK command class', () => {
    class DescribeThingsCommand {}
    class GetThingCommand {}
    expect(sends('ec2', DescribeThingsCommand, GetThingCommand)).toEqual({
      service: 'ec2',
      operations: ['DescribeThings', 'GetThing'],
      permissions: ['ec2:DescribeThings', 'ec2:GetThing'],
    });
  });

  it('gives every collector exactly the actions of the operations it sends, under its service', () => {
    for (const kind of ALL_KINDS) {
      const collector = collectorFor(kind);
      expect(collector.operations.length).toBeGreaterThan(0);
      expect([...collector.permissions]).toEqual(
        collector.operations.map((op) => `${collector.service}:${op}`),
      );
    }
  });
});

describe('aws-audit policy', () => {
  it('prints the policy generated from the collectors for the selected rules', async () => {
    const { code, stdout } = await runCli(['policy', '--rules', 'ec2-security-group-no-public-ssh']);
    expect(code).toBe(0);
    const policy = JSON.parse(stdout) as ReturnType<typeof leastPrivilegePolicy>;
    const ssh = ruleRegistry.find((rule) => rule.meta.id === 'ec2-security-group-no-public-ssh')!;
    expect(policy).toEqual(leastPrivilegePolicy(ssh.meta.requires));
    expect(policy.Statement[0]!.Action).toContain('ec2:DescribeSecurityGroups');
    expect(policy.Statement[0]!.Action).not.toContain('iam:ListUsers');
  });

  it('covers every rule by default, and names an unknown rule', async () => {
    const all = JSON.parse((await runCli(['policy'])).stdout) as ReturnType<typeof leastPrivilegePolicy>;
    expect(all.Statement[0]!.Action).toEqual(
      expect.arrayContaining([
        'iam:GetAccountAuthorizationDetails',
        'ssm:GetServiceSetting',
        'rds:DescribeDBInstances',
      ]),
    );
    const bad = await runCli(['policy', '--rules', 'no-such-rule']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('no-such-rule');
  });
});
