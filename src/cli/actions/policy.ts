// What `aws-audit policy` prints (commands/policy.ts declares it): the least-privilege IAM policy
// for the selected rules, or the publishing role's.
import { ruleRegistry } from '../../../rules/index.js';
import { selectRules } from '../../engine/select-rules.js';
import { PUBLISH_PERMISSIONS } from '../../publish/permissions.js';
import { kindsRequiredBy } from '../../snapshot/required-kinds.js';
import type { CliIo } from '../io.js';

export async function runPolicy(io: CliIo, options: { rules?: string[]; publish?: boolean }): Promise<void> {
  if (options.publish) {
    io.stdout(`${JSON.stringify(publishPolicy(), null, 2)}\n`);
    return;
  }
  const rules = selectRules(ruleRegistry, options.rules);
  // The permissions come from the collectors, which reference the SDK's command classes: loaded
  // only for this command's scanner policy (start-up, issue 18).
  const { leastPrivilegePolicy } = await import('../../collect/permissions.js');
  io.stdout(`${JSON.stringify(leastPrivilegePolicy(kindsRequiredBy(rules)), null, 2)}\n`);
}

/**
 * The publishing role's policy: the only write actions aws-audit sends, kept out of the scanner's
 * read-only policy so the scan role never holds them. Resource `*`: the findings may go to any
 * region the reports name.
 */
export function publishPolicy(): object {
  return {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'AwsAuditPublishSecurityHub', Effect: 'Allow', Action: PUBLISH_PERMISSIONS, Resource: '*' },
    ],
  };
}
