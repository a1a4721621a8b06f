// Instance → instance profile → role, resolved (aws-facts §4.1). Peers only test that
// `IamInstanceProfile` is present (peers.md §1); a profile with no role gives no credentials.
import {
  defineRegionalRule,
  fail,
  missingDataEvidence,
  pass,
  regionalRef,
  unknown,
} from '../src/engine/define-rule.js';
import type { Evidence, RegionalRuleContext, RuleResult } from '../src/engine/types.js';
import type { IamRole } from '../src/snapshot/types.js';
import { profileNameFromArn, resolveInstanceRoles } from '../src/analysis/instance-roles.js';
import { instanceLabel, isEvaluatedInstance } from './support/instances.js';

// Instances sharing a profile name the same role: its evidence is built once per role.
const roleEvidenceMemo = new WeakMap<IamRole, Evidence>();

function roleEvidence(role: IamRole): Evidence {
  let evidence = roleEvidenceMemo.get(role);
  if (!evidence) {
    evidence = {
      kind: 'iam-role',
      summary: `role ${role.name} has ${role.attachedPolicies.length} attached and ${role.inlinePolicies.length} inline policies`,
      resourceId: role.arn,
      details: { attachedPolicies: role.attachedPolicies.map((p) => p.name) },
    };
    roleEvidenceMemo.set(role, evidence);
  }
  return evidence;
}

export default defineRegionalRule({
  meta: {
    id: 'ec2-instance-iam-role-attached',
    title: 'EC2 instances have an instance profile that contains an IAM role',
    severity: 'medium',
    service: 'ec2',
    resourceType: 'AWS::EC2::Instance',
    description:
      'Fails when an instance (running or stopped) has no IAM instance profile, or its profile contains no role or no longer exists. The profile is resolved by ARN, not only tested for presence; a profile naming a role that a complete IAM read does not contain is unknown (inconsistent data).',
    risk: 'An instance without role credentials cannot be managed by Systems Manager through its profile and pushes teams to put long-lived access keys on the instance, where user data, AMIs and backups leak them.',
    remediation:
      'Create a role for EC2 with the permissions the workload needs (plus AmazonSSMManagedInstanceCore for Session Manager), add it to an instance profile, and associate the profile with the instance.',
    references: {
      cis: ['CIS v1.4.0 1.18', 'CIS v3.0.0 1.18', 'CIS v5.0.0 1.17'],
      awsConfig: ['ec2-instance-profile-attached'],
      links: [
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2_instance-profiles.html',
      ],
    },
    scope: 'regional',
    resourceKind: 'instances',
    requires: ['instances', 'iamInstanceProfiles', 'iamRoles'],
    precision: 'very-high',
  },
  *evaluate({ account, region }: RegionalRuleContext): Iterable<RuleResult> {
    for (const instance of region.data.instances) {
      if (!isEvaluatedInstance(instance)) continue;
      const ref = regionalRef(region, 'AWS::EC2::Instance', instance);
      const label = instanceLabel(instance);
      const resolution = resolveInstanceRoles(account, instance);
      switch (resolution.status) {
        case 'no-profile':
          yield fail(ref, `${label} has no IAM instance profile.`, resolution.evidence);
          break;
        case 'profile-not-found':
          yield fail(
            ref,
            `${label} references instance profile ${profileNameFromArn(resolution.profileArn)}, which does not exist in account ${account.accountId}.`,
            resolution.evidence,
          );
          break;
        case 'profile-without-role':
          yield fail(
            ref,
            `${label} has instance profile ${resolution.profile.name}, which contains no IAM role.`,
            resolution.evidence,
          );
          break;
        case 'unknown':
          yield unknown(
            ref,
            `${label} uses instance profile ${profileNameFromArn(resolution.profileArn)}, but ${resolution.reason}.`,
            [...resolution.evidence, ...missingDataEvidence(region, resolution.missingKinds)],
          );
          break;
        case 'resolved': {
          const roleNames = resolution.profile.roleNames.join(', ');
          const evidence: Evidence[] = [...resolution.evidence];
          for (const role of resolution.roles) evidence.push(roleEvidence(role));
          if (resolution.missingRoleNames.length > 0) {
            // The role list was read completely yet lacks the profile's role: the two reads
            // disagree (a role deleted between them, or a partial answer), so nothing is decided.
            const missing = resolution.missingRoleNames.join(', ');
            for (const name of resolution.missingRoleNames) {
              evidence.push({
                kind: 'iam-role',
                summary: `role ${name} is named by profile ${resolution.profile.name} but absent from the IAM role list, which was read completely`,
                details: { roleName: name, profileArn: resolution.profile.arn },
              });
            }
            yield unknown(
              ref,
              `${label} uses instance profile ${resolution.profile.name}, whose role ${missing} is not in the complete IAM role list: inconsistent data (deleted between the two reads?), so whether it has role credentials is not decided.`,
              evidence,
            );
            break;
          }
          yield pass(
            ref,
            `${label} has instance profile ${resolution.profile.name} with role ${roleNames}.`,
            evidence,
          );
          break;
        }
      }
    }
  },
});
