import { keysFromReport } from '../src/collect/collectors/iam.js';
import { singleRegionSnapshot, type GlobalBuilder } from '../test/support/builders/index.js';
import type { AccessKey } from '../src/snapshot/types.js';
import { ruleTester } from '../test/support/rule-tester.js';
import rule from './iam-user-no-stale-access-keys.js';

// singleRegionSnapshot's collectedAt is 2026-11-01T00:00:00Z; every age is measured from it.
const daysBefore = (days: number) => new Date(Date.UTC(2026, 10, 1) - days * 86_400_000).toISOString();

function withUser(keys: AccessKey[], more: (g: GlobalBuilder) => void = () => undefined) {
  return singleRegionSnapshot((_r, g) => {
    g.user('deploy', { accessKeys: keys });
    more(g);
  });
}

const key = (fields: Partial<AccessKey>): AccessKey => ({
  accessKeyId: 'AKIAAAAAAAAAAAAAAAA1',
  status: 'Active',
  createDate: daysBefore(10),
  ...fields,
});

/** The keys the IAM collector builds from one credential-report row (no ListAccessKeys). */
function fromReport(slots: { active: string; rotated: string; lastUsed?: string }[]): AccessKey[] {
  const row: Record<string, string> = { user: 'deploy' };
  slots.forEach((slot, i) => {
    row[`access_key_${i + 1}_active`] = slot.active;
    row[`access_key_${i + 1}_last_rotated`] = slot.rotated;
    row[`access_key_${i + 1}_last_used_date`] = slot.lastUsed ?? 'N/A';
  });
  return keysFromReport(row);
}

ruleTester.run(rule, {
  pass: [
    { name: 'no keys', snapshot: withUser([]), resourceId: 'AIDADEPLOYXXXXXXXXXX' },
    {
      name: 'a young key used yesterday',
      snapshot: withUser([key({ createDate: daysBefore(30), lastUsedDate: daysBefore(1) })]),
      resourceId: 'AIDADEPLOYXXXXXXXXXX',
      message: "IAM user deploy's active access key is at most 90 days old",
    },
    {
      name: 'an inactive old key passes',
      snapshot: withUser([key({ status: 'Inactive', createDate: daysBefore(900) })]),
      resourceId: 'AIDADEPLOYXXXXXXXXXX',
      message: 'has no active access key',
    },
    {
      name: 'credential report: a young key used yesterday, the second slot empty',
      snapshot: withUser(
        fromReport([
          { active: 'true', rotated: daysBefore(30), lastUsed: daysBefore(1) },
          { active: 'false', rotated: 'N/A' },
        ]),
      ),
      resourceId: 'AIDADEPLOYXXXXXXXXXX',
      check: (finding) => {
        expect(finding.message).toBe(
          "IAM user deploy's active access key is at most 90 days old and used within 45 days.",
        );
        expect(finding.evidence.map((e) => e.resourceId)).toEqual(['access_key_1']);
      },
    },
    {
      name: 'credential report: an old key in an inactive slot passes',
      snapshot: withUser(
        fromReport([{ active: 'false', rotated: daysBefore(900), lastUsed: 'no_information' }]),
      ),
      resourceId: 'AIDADEPLOYXXXXXXXXXX',
      message: 'has no active access key',
    },
    {
      name: 'exactly 90 days old and used within 44 days',
      snapshot: withUser([key({ createDate: daysBefore(90), lastUsedDate: daysBefore(44) })]),
      resourceId: 'AIDADEPLOYXXXXXXXXXX',
    },
  ],
  fail: [
    {
      name: 'a key unused for 50 days, created 60 days ago',
      snapshot: withUser([key({ createDate: daysBefore(60), lastUsedDate: daysBefore(50) })]),
      resourceId: 'AIDADEPLOYXXXXXXXXXX',
      severity: 'medium',
      message: "IAM user deploy's active access key AKIAAAAAAAAAAAAAAAA1 has not been used for 50 days.",
      evidenceKinds: ['access-key'],
    },
    {
      name: 'a key used yesterday but 100 days old (rotation)',
      snapshot: withUser([key({ createDate: daysBefore(100), lastUsedDate: daysBefore(1) })]),
      resourceId: 'AIDADEPLOYXXXXXXXXXX',
      severity: 'medium',
      message: 'is 100 days old',
    },
    {
      name: 'a never-used key counts from its creation',
      snapshot: withUser([key({ createDate: daysBefore(45) })]),
      resourceId: 'AIDADEPLOYXXXXXXXXXX',
      message: 'has never been used in the 45 days since its creation',
    },
    {
      name: 'old and unused is a forgotten credential: high',
      snapshot: withUser([key({ createDate: daysBefore(400), lastUsedDate: daysBefore(200) })]),
      resourceId: 'AIDADEPLOYXXXXXXXXXX',
      severity: 'high',
      message: 'is 400 days old and has not been used for 200 days',
    },
    {
      name: 'credential report: slot 2 old and unused is high, named by its slot',
      snapshot: withUser(
        fromReport([
          { active: 'true', rotated: daysBefore(10), lastUsed: daysBefore(1) },
          { active: 'true', rotated: daysBefore(974), lastUsed: daysBefore(182) },
        ]),
      ),
      resourceId: 'AIDADEPLOYXXXXXXXXXX',
      severity: 'high',
      message:
        "IAM user deploy's active access key access_key_2 is 974 days old and has not been used for 182 days.",
    },
    {
      name: 'credential report: never used counts from the rotation date',
      snapshot: withUser(fromReport([{ active: 'true', rotated: daysBefore(60), lastUsed: 'N/A' }])),
      resourceId: 'AIDADEPLOYXXXXXXXXXX',
      severity: 'medium',
      message: 'access_key_1 has never been used in the 60 days since its creation',
    },
    {
      name: 'only the stale one of two active keys is named',
      snapshot: withUser([
        key({ accessKeyId: 'AKIAAAAAAAAAAAAFRESH', createDate: daysBefore(5), lastUsedDate: daysBefore(1) }),
        key({
          accessKeyId: 'AKIAAAAAAAAAAAASTALE',
          createDate: daysBefore(120),
          lastUsedDate: daysBefore(2),
        }),
      ]),
      resourceId: 'AIDADEPLOYXXXXXXXXXX',
      check: (finding) => {
        expect(finding.message).toContain('AKIAAAAAAAAAAAASTALE');
        expect(finding.message).not.toContain('AKIAAAAAAAAAAAAFRESH');
      },
    },
  ],
  unknown: [
    {
      name: 'credential report: an active slot without a rotation date is not a verdict',
      snapshot: withUser(fromReport([{ active: 'true', rotated: 'N/A' }])),
      resourceId: 'AIDADEPLOYXXXXXXXXXX',
      message: 'access_key_1 with an unreadable creation or last-used date',
    },
    {
      name: 'IAM users not collected',
      snapshot: withUser([], (g) => g.setCollection('iamUsers', 'failed')),
      resourceId: '111111111111',
      message: 'iamUsers could not be read',
    },
    {
      name: 'an unreadable creation date',
      snapshot: withUser([key({ createDate: 'not-a-date' })]),
      resourceId: 'AIDADEPLOYXXXXXXXXXX',
      message: 'unreadable creation or last-used date',
    },
  ],
});
