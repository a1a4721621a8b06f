// Active access keys older than 90 days (IAM.3, `access-keys-rotated`) or unused for 45 days
// (IAM.22, `iam-user-unused-credentials-check`), measured from the snapshot's collectedAt so a
// saved snapshot always gives the same answer (aws-facts §4.3, §8.1).
import { defineGlobalRule, fail, globalRef, pass, unknown } from '../src/engine/define-rule.js';
import type { Evidence, GlobalRuleContext, RuleResult } from '../src/engine/types.js';
import type { AccessKey } from '../src/snapshot/types.js';

/** CIS "rotated every 90 days or less": older than 90 days fails. */
export const MAX_KEY_AGE_DAYS = 90;
/** CIS "unused for 45 days or more": 45 days without use fails. */
export const MAX_UNUSED_DAYS = 45;

const DAY_MS = 86_400_000;

interface KeyVerdict {
  key: AccessKey;
  ageDays: number;
  unusedDays: number;
  neverUsed: boolean;
  tooOld: boolean;
  unused: boolean;
}

function days(from: Date, to: Date): number {
  return Math.max(0, Math.floor((to.getTime() - from.getTime()) / DAY_MS));
}

function judgeKey(key: AccessKey, now: Date): KeyVerdict | undefined {
  const created = new Date(key.createDate);
  const lastUsed = key.lastUsedDate !== undefined ? new Date(key.lastUsedDate) : undefined;
  if (Number.isNaN(created.getTime()) || (lastUsed && Number.isNaN(lastUsed.getTime()))) return undefined;
  const ageDays = days(created, now);
  // A key never used counts from its creation (IAM.22 treats it the same way).
  const unusedDays = days(lastUsed ?? created, now);
  return {
    key,
    ageDays,
    unusedDays,
    neverUsed: lastUsed === undefined,
    tooOld: ageDays > MAX_KEY_AGE_DAYS,
    unused: unusedDays >= MAX_UNUSED_DAYS,
  };
}

function keyEvidence(v: KeyVerdict): Evidence {
  const use = v.neverUsed ? 'never used' : `last used ${v.unusedDays} days ago (${v.key.lastUsedDate ?? ''})`;
  return {
    kind: 'access-key',
    summary: `${v.key.accessKeyId} is ${v.key.status}, created ${v.ageDays} days ago (${v.key.createDate}), ${use}`,
    resourceId: v.key.accessKeyId,
    details: {
      accessKeyId: v.key.accessKeyId,
      status: v.key.status,
      createDate: v.key.createDate,
      lastUsedDate: v.key.lastUsedDate ?? null,
      ageDays: v.ageDays,
      unusedDays: v.unusedDays,
    },
  };
}

function describeProblem(v: KeyVerdict): string {
  const problems: string[] = [];
  if (v.tooOld) problems.push(`is ${v.ageDays} days old`);
  if (v.unused)
    problems.push(
      v.neverUsed
        ? `has never been used in the ${v.unusedDays} days since its creation`
        : `has not been used for ${v.unusedDays} days`,
    );
  return `${v.key.accessKeyId} ${problems.join(' and ')}`;
}

export default defineGlobalRule({
  meta: {
    id: 'iam-user-no-stale-access-keys',
    title: 'IAM users have no active access keys older than 90 days or unused for 45 days',
    severity: 'medium',
    service: 'iam',
    resourceType: 'AWS::IAM::User',
    description:
      'Fails when an IAM user has an active access key created more than 90 days before the snapshot, or not used for 45 days or more (a key never used counts from its creation). Inactive keys pass.',
    risk: 'Long-lived access keys are the credential most often leaked through code, CI logs and laptops; the older and the less watched a key is, the longer a leak goes unnoticed. Roles and IAM Identity Center issue short-lived credentials instead.',
    remediation:
      'Deactivate unused keys (`aws iam update-access-key --status Inactive`) and delete them after a grace period. Rotate keys still needed (create a second key, switch the consumer, deactivate and delete the old one), or better replace them with a role (GitHub OIDC, instance profile, IAM Roles Anywhere).',
    references: {
      securityHub: ['IAM.3', 'IAM.22'],
      cis: [
        'CIS v1.4.0 1.12',
        'CIS v1.4.0 1.14',
        'CIS v3.0.0 1.12',
        'CIS v3.0.0 1.14',
        'CIS v5.0.0 1.11',
        'CIS v5.0.0 1.13',
      ],
      awsConfig: ['access-keys-rotated', 'iam-user-unused-credentials-check'],
      links: [
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console',
      ],
    },
    scope: 'global',
    resourceKind: 'iamUsers',
    requires: ['iamUsers'],
    precision: 'very-high',
  },
  *evaluate({ account, now }: GlobalRuleContext): Iterable<RuleResult> {
    for (const user of account.data.global.users) {
      const ref = globalRef(account.accountId, 'AWS::IAM::User', user);
      const active = user.accessKeys.filter((k) => k.status === 'Active');
      if (active.length === 0) {
        yield pass(
          ref,
          `IAM user ${user.name} has no active access key.`,
          user.accessKeys.map((key) => ({
            kind: 'access-key',
            summary: `${key.accessKeyId} is ${key.status}`,
            resourceId: key.accessKeyId,
          })),
        );
        continue;
      }
      const verdicts = active.map((key) => ({ key, verdict: judgeKey(key, now) }));
      const unreadable = verdicts.filter((v) => v.verdict === undefined).map((v) => v.key);
      const judged = verdicts.flatMap((v) => (v.verdict ? [v.verdict] : []));
      const stale = judged.filter((v) => v.tooOld || v.unused);
      if (stale.length > 0) {
        // Both old and unused is a forgotten long-lived credential: the worst case.
        const forgotten = stale.some((v) => v.tooOld && v.unused);
        yield fail(
          ref,
          `IAM user ${user.name}'s active access key${stale.length > 1 ? 's' : ''} ${stale.map(describeProblem).join('; ')}.`,
          stale.map(keyEvidence),
          forgotten ? 'high' : 'medium',
        );
      } else if (unreadable.length > 0) {
        yield unknown(
          ref,
          `IAM user ${user.name} has active access key ${unreadable.map((k) => k.accessKeyId).join(', ')} with an unreadable creation or last-used date.`,
          unreadable.map((key) => ({
            kind: 'access-key',
            summary: `${key.accessKeyId}: createDate=${key.createDate}, lastUsedDate=${key.lastUsedDate ?? 'absent'}`,
            resourceId: key.accessKeyId,
          })),
        );
      } else {
        yield pass(
          ref,
          `IAM user ${user.name}'s active access key${judged.length > 1 ? 's are' : ' is'} at most ${MAX_KEY_AGE_DAYS} days old and used within ${MAX_UNUSED_DAYS} days.`,
          judged.map(keyEvidence),
        );
      }
    }
  },
});
