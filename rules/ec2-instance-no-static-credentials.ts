// AWS keys in user data (aws-facts §4.2). The collector scans user data and keeps only redacted
// matches, lengths and hashes; this rule judges those scans and never sees a secret.
import {
  collectionErrorEvidence,
  defineRegionalRule,
  fail,
  missingDataEvidence,
  pass,
  regionalRef,
  regionScopeRef,
  unknown,
} from '../src/engine/define-rule.js';
import type { Evidence, RegionalRuleContext, RuleResult, Severity } from '../src/engine/types.js';
import type {
  CollectionError,
  Instance,
  LaunchTemplate,
  LaunchTemplateVersion,
  SecretMatch,
} from '../src/snapshot/types.js';
import type { RegionView } from '../src/snapshot/view.js';
import { instanceLabel, isEvaluatedInstance } from './support/instances.js';

interface Found {
  source: string;
  match: SecretMatch;
  /** Set when the key was found in a launch template version. */
  template?: { id: string; version: number };
}

function secretEvidence(found: Found[]): Evidence[] {
  return found.map(({ source, match, template }) => ({
    kind: 'user-data-secret',
    summary: `${match.redacted} (${match.type}, ${match.length} chars) at line ${match.line} of ${source}`,
    details: {
      type: match.type,
      redacted: match.redacted,
      length: match.length,
      line: match.line,
      source,
      ...(template ? { templateId: template.id, templateVersion: template.version } : {}),
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

function templateSource(template: LaunchTemplate, versionNumber: number): string {
  return `${templateLabel(template)} version ${versionNumber}`;
}

/** Every version of the template the snapshot holds: the latest and the others read (each once). */
function readVersions(template: LaunchTemplate): Map<number, LaunchTemplateVersion> {
  const read = new Map<number, LaunchTemplateVersion>();
  for (const version of template.versions ?? []) read.set(version.versionNumber, version);
  if (template.latestVersion) read.set(template.latestVersion.versionNumber, template.latestVersion);
  return read;
}

/** "2 (default)", "4 (latest)", "4 (default, latest)" or "3". */
function versionTag(template: LaunchTemplate, n: number): string {
  const roles = [
    ...(n === template.defaultVersionNumber ? ['default'] : []),
    ...(n === latestNumber(template) ? ['latest'] : []),
  ];
  return roles.length > 0 ? `${n} (${roles.join(', ')})` : `${n}`;
}

function latestNumber(template: LaunchTemplate): number | undefined {
  return template.latestVersionNumber ?? template.latestVersion?.versionNumber;
}

/** "version 2 (default)" or "versions 2 (default), 3 and 4 (latest)". */
function versionsPhrase(template: LaunchTemplate, numbers: readonly number[]): string {
  const tags = numbers.map((n) => versionTag(template, n));
  return `${tags.length > 1 ? 'versions' : 'version'} ${listSources(tags)}`;
}

/**
 * The versions the template must be judged on: latest, default and every version a current
 * instance was launched from (its `aws:ec2launchtemplate:version` tag). Auto Scaling groups launch
 * `$Default` or a pinned version, not only `$Latest`.
 */
function neededVersions(template: LaunchTemplate, used: ReadonlySet<number>): number[] {
  const needed = new Set(used);
  const latest = latestNumber(template);
  if (latest !== undefined) needed.add(latest);
  if (template.defaultVersionNumber !== undefined) needed.add(template.defaultVersionNumber);
  return [...needed].sort((a, b) => a - b);
}

/** The version number in an instance's `aws:ec2launchtemplate:version` tag, if it is one. */
function instanceVersion(instance: Instance): number | undefined {
  const tag = instance.launchTemplateVersion;
  return tag !== undefined && /^[1-9][0-9]*$/.test(tag) ? Number(tag) : undefined;
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
    } else {
      // Without the version tag (snapshots from before it was read) the latest version stands in.
      const pinned = instanceVersion(instance);
      const number = pinned ?? latestNumber(template);
      const version = number === undefined ? undefined : readVersions(template).get(number);
      const named =
        pinned === undefined
          ? `the latest version of ${templateLabel(template)}`
          : `version ${pinned} of ${templateLabel(template)}`;
      if (number === undefined || version?.userData === undefined) {
        gaps.push(`${named} could not be read`);
        gapEvidence.push({
          kind: 'not-collected',
          summary: `${pinned === undefined ? 'latest version' : `version ${pinned}`} data of ${template.id} is absent from the snapshot`,
          resourceId: template.id,
        });
      } else {
        for (const match of version.userData.secrets)
          found.push({
            source: `${templateSource(template, number)} user data`,
            match,
            template: { id: template.id, version: number },
          });
      }
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
  const pinned = instanceVersion(instance);
  const checked =
    instance.launchTemplateId === undefined || !templates.has(instance.launchTemplateId)
      ? 'its user data holds'
      : pinned === undefined
        ? "its user data and its launch template's latest version hold"
        : `its user data and version ${pinned} of its launch template hold`;
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

function usageEvidence(template: LaunchTemplate, users: readonly Instance[]): Evidence {
  return users.length > 0
    ? {
        kind: 'launch-template-usage',
        summary: `${template.id} launched ${users.length} current instance(s): ${users
          .slice(0, 5)
          .map((i) => `${i.id}${i.launchTemplateVersion ? ` (version ${i.launchTemplateVersion})` : ''}`)
          .join(', ')}`,
        resourceId: template.id,
        details: { instances: users.slice(0, 20).map((i) => i.id) },
      }
    : {
        kind: 'launch-template-usage',
        summary: `no current instance was launched from ${template.id}`,
        resourceId: template.id,
      };
}

function evaluateTemplate(
  region: RegionView,
  template: LaunchTemplate,
  users: readonly Instance[],
): RuleResult {
  const ref = regionalRef(region, 'AWS::EC2::LaunchTemplate', template);
  const label = templateLabel(template);
  const used = new Set<number>();
  for (const user of users) {
    const n = instanceVersion(user);
    if (n !== undefined) used.add(n);
  }
  const read = readVersions(template);
  const needed = neededVersions(template, used);
  const unread = needed.filter((n) => read.get(n)?.userData === undefined);
  const found: Found[] = [];
  const leaking: number[] = [];
  for (const n of needed) {
    const scan = read.get(n)?.userData;
    if (scan === undefined || scan.secrets.length === 0) continue;
    leaking.push(n);
    const source = `${templateSource(template, n)} user data`;
    for (const match of scan.secrets)
      found.push({ source, match, template: { id: template.id, version: n } });
  }
  const gapEvidence: Evidence[] = unread.map((n) => ({
    kind: 'not-collected',
    summary: `version ${versionTag(template, n)} data of ${template.id} is absent from the snapshot`,
    resourceId: template.id,
  }));
  if (leaking.length === 0) {
    if (unread.length > 0 || needed.length === 0)
      return unknown(
        ref,
        `${capitalise(label)} could not be checked for AWS keys: ${
          needed.length === 0
            ? 'its versions are unknown'
            : `${versionsPhrase(template, unread)} could not be read`
        }.`,
        gapEvidence.length > 0
          ? gapEvidence
          : [
              {
                kind: 'not-collected',
                summary: `no version of ${template.id} is in the snapshot`,
                resourceId: template.id,
              },
            ],
      );
    return pass(
      ref,
      needed.length > 1
        ? `All of ${versionsPhrase(template, needed)} of ${label} hold no AWS access key in their user data.`
        : `${capitalise(versionsPhrase(template, needed))} of ${label} holds no AWS access key in its user data.`,
    );
  }
  const unique = dedupe(found);
  // A leaking version a current instance was launched from (or, for instances without the version
  // tag, the latest) puts the keys on running machines. Otherwise one level lower, yet still
  // readable by anyone with ec2:DescribeLaunchTemplateVersions, and the next launch spreads them.
  const latest = latestNumber(template);
  const untagged = users.some((u) => instanceVersion(u) === undefined);
  const inUse = leaking.some((n) => used.has(n) || (untagged && n === latest));
  const full = severityFor(unique, 'high');
  const severity: Severity = inUse ? full : full === 'critical' ? 'high' : 'medium';
  return fail(
    ref,
    `${capitalise(versionsPhrase(template, leaking))} of ${label} ${leaking.length > 1 ? 'hold' : 'holds'} ${describeFound(unique)} in ${leaking.length > 1 ? 'their' : 'its'} user data` +
      (users.length > 0
        ? ` and ${users.length} instance(s) were launched from the template.`
        : ' and no current instance uses the template.'),
    [...secretEvidence(unique), usageEvidence(template, users), ...gapEvidence],
    severity,
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * DescribeLaunchTemplates did not complete (or was not run): templates no instance names are
 * unseen, so the region as a whole is unknown for them rather than silently clean.
 */
function templatesListIncomplete(region: RegionView): boolean {
  if (region.isCollected('launchTemplates')) return false;
  if (region.data.launchTemplates.length === 0) return true;
  return region.errorsFor(['launchTemplates']).some((e) => e.operation === 'DescribeLaunchTemplates');
}

export default defineRegionalRule({
  meta: {
    id: 'ec2-instance-no-static-credentials',
    title: 'EC2 user data and launch templates hold no AWS access keys',
    severity: 'high',
    service: 'ec2',
    resourceType: 'AWS::EC2::Instance',
    description:
      "Fails when an instance's user data, or the launch template version it was launched from, holds an AWS access key id or a secret access key; each launch template is judged on its latest, default and in-use versions. Evidence is redacted.",
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
    if (templatesListIncomplete(region)) {
      yield unknown(
        regionScopeRef(region),
        `Region ${region.region}: launch templates could not be listed (ec2:DescribeLaunchTemplates), so launch templates were not checked for AWS keys.`,
        missingDataEvidence(region, ['launchTemplates']),
      );
      if (!wasRead(region, 'launchTemplates')) return;
    }
    for (const template of region.data.launchTemplates) {
      yield evaluateTemplate(region, template, usersByTemplate.get(template.id) ?? []);
    }
  },
});
