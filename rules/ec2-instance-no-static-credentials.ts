// AWS keys in user data (aws-facts §4.2). The collector scans user data and keeps only redacted
// matches, lengths and hashes; this rule judges those scans and never sees a secret.
import {
  collectionErrorEvidence,
  defineRegionalRule,
  fail,
  missingDataEvidence,
  pass,
  regionalRef,
  unknown,
} from '../src/engine/define-rule.js';
import type { Evidence, RegionalRuleContext, RuleResult, Severity } from '../src/engine/types.js';
import type { CollectionError, Instance, LaunchTemplate, SecretMatch } from '../src/snapshot/types.js';
import type { RegionView } from '../src/snapshot/view.js';
import { instanceLabel, isEvaluatedInstance } from './support/instances.js';

interface Found {
  source: string;
  match: SecretMatch;
}

function secretEvidence(found: Found[]): Evidence[] {
  return found.map(({ source, match }) => ({
    kind: 'user-data-secret',
    summary: `${match.redacted} (${match.type}, ${match.length} chars) at line ${match.line} of ${source}`,
    details: {
      type: match.type,
      redacted: match.redacted,
      length: match.length,
      line: match.line,
      source,
      // A short prefix of the hash is enough to recognise the same key across resources.
      sha256Prefix: match.sha256.slice(0, 12),
    },
  }));
}

/** "an AWS access key id (AKIA…Q7XZ) and a secret access key" */
function describeFound(found: Found[]): string {
  const ids = [
    ...new Set(found.filter((f) => f.match.type === 'aws-access-key-id').map((f) => f.match.redacted)),
  ];
  const secrets = found.filter((f) => f.match.type === 'aws-secret-access-key').length;
  const parts: string[] = [];
  if (ids.length > 0)
    parts.push(`${ids.length > 1 ? 'AWS access key ids' : 'an AWS access key id'} (${ids.join(', ')})`);
  if (secrets > 0) parts.push(secrets > 1 ? 'secret access keys' : 'a secret access key');
  return parts.join(' and ');
}

/** A key id with its secret is a usable credential; either alone is still a leak. */
function severityFor(found: Found[], base: Severity): Severity {
  const types = new Set(found.map((f) => f.match.type));
  return types.has('aws-access-key-id') && types.has('aws-secret-access-key') ? 'critical' : base;
}

/** Secrets of the same hash found through both the instance and its template are one finding. */
function dedupe(found: Found[]): Found[] {
  const seen = new Set<string>();
  return found.filter((f) => {
    if (seen.has(f.match.sha256)) return false;
    seen.add(f.match.sha256);
    return true;
  });
}

function templateLabel(template: LaunchTemplate): string {
  return `launch template ${template.id}${template.name && template.name !== template.id ? ` (${template.name})` : ''}`;
}

function templateSource(template: LaunchTemplate): string {
  return `${templateLabel(template)} version ${template.latestVersion?.versionNumber ?? template.latestVersionNumber ?? '?'}`;
}

interface RegionIndex {
  templates: ReadonlyMap<string, LaunchTemplate>;
  /** Per-instance DescribeInstanceAttribute failures, indexed once. */
  userDataErrors: ReadonlyMap<string, CollectionError[]>;
}

/**
 * A kind marked `failed` may still hold most records (one instance's user data call failed);
 * records present are judged, absent ones are unknown. `skipped` or unrequested: nothing is known.
 */
const wasRead = (region: RegionView, kind: 'instanceUserData' | 'launchTemplates'): boolean => {
  const state = region.state(kind);
  return state === 'collected' || state === 'failed';
};

function evaluateInstance(region: RegionView, instance: Instance, index: RegionIndex): RuleResult {
  const { templates } = index;
  const ref = regionalRef(region, 'AWS::EC2::Instance', instance);
  const label = instanceLabel(instance);
  const found: Found[] = [];
  const gaps: string[] = [];
  const gapEvidence: Evidence[] = [];
  const notes: Evidence[] = [];

  if (!wasRead(region, 'instanceUserData')) {
    gaps.push('its user data was not read');
    gapEvidence.push(...missingDataEvidence(region, ['instanceUserData']));
  } else if (instance.userData === undefined) {
    gaps.push('its user data could not be read');
    const errors = index.userDataErrors.get(instance.id) ?? [];
    gapEvidence.push(
      ...(errors.length > 0
        ? errors.map(collectionErrorEvidence)
        : [{ kind: 'not-collected', summary: `user data of ${instance.id} is absent from the snapshot` }]),
    );
  } else {
    for (const match of instance.userData.secrets)
      found.push({ source: `user data of ${instance.id}`, match });
  }

  if (instance.launchTemplateId !== undefined) {
    const template = templates.get(instance.launchTemplateId);
    if (!wasRead(region, 'launchTemplates') || (!template && !region.isCollected('launchTemplates'))) {
      gaps.push(`its launch template ${instance.launchTemplateId} was not read`);
      gapEvidence.push(...missingDataEvidence(region, ['launchTemplates']));
    } else if (!template) {
      notes.push({
        kind: 'launch-template',
        summary: `launch template ${instance.launchTemplateId} no longer exists`,
        resourceId: instance.launchTemplateId,
      });
    } else if (template.latestVersion?.userData === undefined) {
      gaps.push(`the latest version of ${templateLabel(template)} could not be read`);
      gapEvidence.push({
        kind: 'not-collected',
        summary: `latest version data of ${template.id} is absent from the snapshot`,
        resourceId: template.id,
      });
    } else {
      for (const match of template.latestVersion.userData.secrets)
        found.push({ source: `${templateSource(template)} user data`, match });
    }
  }

  const unique = dedupe(found);
  if (unique.length > 0) {
    // The label already names the instance: the message says "its user data", not its id again.
    const ownUserData = `user data of ${instance.id}`;
    const sources = [...new Set(unique.map((f) => (f.source === ownUserData ? 'its user data' : f.source)))];
    return fail(
      ref,
      `${label}: ${listSources(sources)} ${sources.length > 1 ? 'hold' : 'holds'} ${describeFound(unique)}.`,
      [...secretEvidence(unique), ...notes, ...gapEvidence],
      severityFor(unique, 'high'),
    );
  }
  if (gaps.length > 0) {
    return unknown(ref, `${label} could not be checked for AWS keys: ${gaps.join('; ')}.`, [
      ...gapEvidence,
      ...notes,
    ]);
  }
  const checked =
    instance.launchTemplateId !== undefined && templates.has(instance.launchTemplateId)
      ? "its user data and its launch template's latest version hold"
      : 'its user data holds';
  return pass(ref, `${label}: ${checked} no AWS access key.`, [
    {
      kind: 'user-data',
      summary: instance.userData?.present
        ? `user data of ${instance.id}: ${instance.userData.bytes} bytes (${instance.userData.encoding}), no key found`
        : `${instance.id} has no user data`,
      resourceId: instance.id,
    },
    ...notes,
  ]);
}

function listSources(sources: string[]): string {
  return sources.length <= 1
    ? (sources[0] ?? '')
    : `${sources.slice(0, -1).join(', ')} and ${sources[sources.length - 1] ?? ''}`;
}

function evaluateTemplate(
  region: RegionView,
  template: LaunchTemplate,
  users: readonly Instance[],
): RuleResult {
  const ref = regionalRef(region, 'AWS::EC2::LaunchTemplate', template);
  const label = templateLabel(template);
  const scan = template.latestVersion?.userData;
  if (scan === undefined) {
    return unknown(
      ref,
      `The latest version of ${label} could not be read, so its user data was not checked for AWS keys.`,
      [
        {
          kind: 'not-collected',
          summary: `latest version data of ${template.id} is absent from the snapshot`,
          resourceId: template.id,
        },
      ],
    );
  }
  const source = `${templateSource(template)} user data`;
  if (scan.secrets.length === 0) {
    return pass(ref, `The latest version of ${label} holds no AWS access key in its user data.`);
  }
  const found = dedupe(scan.secrets.map((match) => ({ source, match })));
  const usage: Evidence =
    users.length > 0
      ? {
          kind: 'launch-template-usage',
          summary: `${template.id} launched ${users.length} current instance(s): ${users
            .slice(0, 5)
            .map((i) => i.id)
            .join(', ')}`,
          resourceId: template.id,
          details: { instances: users.slice(0, 20).map((i) => i.id) },
        }
      : {
          kind: 'launch-template-usage',
          summary: `no current instance was launched from ${template.id}`,
          resourceId: template.id,
        };
  // Used by instances: the keys are on running machines. Unused: one level lower, yet still
  // readable by anyone with ec2:DescribeLaunchTemplateVersions, and the next launch spreads them.
  const used = severityFor(found, 'high');
  const severity: Severity = users.length > 0 ? used : used === 'critical' ? 'high' : 'medium';
  return fail(
    ref,
    `The latest version of ${label} holds ${describeFound(found)} in its user data` +
      (users.length > 0
        ? ` and ${users.length} instance(s) were launched from it.`
        : ' and no current instance uses it.'),
    [...secretEvidence(found), usage],
    severity,
  );
}

export default defineRegionalRule({
  meta: {
    id: 'ec2-instance-no-static-credentials',
    title: 'EC2 user data and launch templates hold no AWS access keys',
    severity: 'high',
    service: 'ec2',
    resourceType: 'AWS::EC2::Instance',
    description:
      "Fails when an instance's user data, or the latest version of its launch template, holds an AWS access key id or a secret access key; launch templates are judged on their own too. Evidence is redacted.",
    risk: 'User data is readable by anyone with ec2:DescribeInstanceAttribute (granted by SecurityAudit and ReadOnlyAccess) and by every process on the instance through IMDS. Keys placed there are long-lived user credentials, usually over-privileged, that roles make unnecessary.',
    remediation:
      'Deactivate and delete the exposed access key, then give the instance an IAM role through an instance profile. Replace the user data (stop the instance, modify the userData attribute) and publish a new launch template version without the keys.',
    references: {
      links: [
        'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/instancedata-add-user-data.html',
        'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_switch-role-ec2.html',
      ],
    },
    scope: 'regional',
    resourceKind: 'instances',
    requires: ['instances', 'instanceUserData', 'launchTemplates'],
    precision: 'high',
  },
  *evaluate({ region }: RegionalRuleContext): Iterable<RuleResult> {
    // One index pass over templates and instances: linear in the region's size.
    const templates = new Map(region.data.launchTemplates.map((t) => [t.id, t] as const));
    const userDataErrors = new Map<string, CollectionError[]>();
    for (const error of region.errorsFor(['instanceUserData'])) {
      if (error.resourceId === undefined) continue;
      const list = userDataErrors.get(error.resourceId);
      if (list) list.push(error);
      else userDataErrors.set(error.resourceId, [error]);
    }
    const index: RegionIndex = { templates, userDataErrors };
    const usersByTemplate = new Map<string, Instance[]>();
    for (const instance of region.data.instances) {
      if (!isEvaluatedInstance(instance)) continue;
      yield evaluateInstance(region, instance, index);
      if (instance.launchTemplateId !== undefined) {
        const users = usersByTemplate.get(instance.launchTemplateId);
        if (users) users.push(instance);
        else usersByTemplate.set(instance.launchTemplateId, [instance]);
      }
    }
    if (!wasRead(region, 'launchTemplates')) return;
    for (const template of region.data.launchTemplates) {
      yield evaluateTemplate(region, template, usersByTemplate.get(template.id) ?? []);
    }
  },
});
