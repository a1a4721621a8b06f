import {
  RegionBuilder,
  buildAccount,
  buildSnapshot,
  singleRegionSnapshot,
} from '../test/support/builders/index.js';
import type { Instance, SecretMatch, UserDataScan } from '../src/snapshot/types.js';
import { evaluateCase, ruleTester } from '../test/support/rule-tester.js';
import rule from './ec2-instance-no-static-credentials.js';

const hash = (c: string) => c.repeat(64);
const KEY_ID: SecretMatch = {
  type: 'aws-access-key-id',
  redacted: 'AKIA…Q7XZ',
  length: 20,
  sha256: hash('a'),
  line: 3,
};
const SECRET: SecretMatch = {
  type: 'aws-secret-access-key',
  redacted: '[redacted, 40 chars]',
  length: 40,
  sha256: hash('b'),
  line: 4,
};
const scan = (secrets: SecretMatch[]): UserDataScan => ({
  present: true,
  bytes: 300,
  encoding: 'plain',
  sha256: hash('c'),
  secrets,
});
// What the collector produces for user data holding only AKIAIOSFODNN7EXAMPLE: nothing (it
// ignores documentation keys, as gitleaks does), so the rule sees a clean scan.
const EXAMPLE_KEY_ONLY = scan([]);

function withInstance(fields: Partial<Instance>, more: (r: RegionBuilder) => void = () => undefined) {
  return singleRegionSnapshot((r) => {
    r.vpc('vpc-1');
    r.subnet('subnet-1', 'vpc-1');
    r.instance('i-1', 'subnet-1', { name: 'worker', ...fields });
    more(r);
  });
}

// The collector marks instanceUserData `failed` when one instance's call fails: i-ok was read,
// i-denied was not (its DescribeInstanceAttribute call was denied).
function partlyRead(okSecrets: SecretMatch[]) {
  const r = new RegionBuilder('us-east-1');
  r.vpc('vpc-1');
  r.subnet('subnet-1', 'vpc-1');
  r.instance('i-ok', 'subnet-1', { userData: scan(okSecrets) });
  const denied = r.instance('i-denied', 'subnet-1');
  delete denied.userData;
  r.setCollection('instanceUserData', 'failed');
  return buildSnapshot([
    buildAccount({
      regions: [r],
      errors: [
        {
          service: 'ec2',
          operation: 'DescribeInstanceAttribute',
          region: 'us-east-1',
          category: 'access-denied',
          code: 'UnauthorizedOperation',
          message: 'not authorized',
          kinds: ['instanceUserData'],
          resourceId: 'i-denied',
        },
      ],
    }),
  ]);
}

const template = (id: string, userData: UserDataScan | undefined) => (r: RegionBuilder) =>
  r.launchTemplate(id, {
    name: 'asg',
    defaultVersionNumber: 4,
    latestVersionNumber: 4,
    latestVersion: userData ? { versionNumber: 4, userData } : { versionNumber: 4 },
  });

// A template whose default version (2) is older than its latest (4), as Auto Scaling groups launch
// `$Default` or a pinned version: each read version is judged, named by its number.
const versioned =
  (id: string, versions: Record<number, UserDataScan | undefined>, defaultVersion = 2) =>
  (r: RegionBuilder) =>
    r.launchTemplate(id, {
      name: 'asg',
      defaultVersionNumber: defaultVersion,
      latestVersionNumber: 4,
      latestVersion: versions[4] ? { versionNumber: 4, userData: versions[4] } : { versionNumber: 4 },
      versions: Object.entries(versions)
        .filter(([n]) => Number(n) !== 4)
        .map(([n, userData]) =>
          userData ? { versionNumber: Number(n), userData } : { versionNumber: Number(n) },
        ),
    });

// DescribeLaunchTemplates failed: no template is listed, the kind is `failed` with its error.
function templatesListFailed(instance: Partial<Instance> = {}) {
  const r = new RegionBuilder('us-east-1');
  r.vpc('vpc-1');
  r.subnet('subnet-1', 'vpc-1');
  r.instance('i-1', 'subnet-1', { userData: scan([]), ...instance });
  r.setCollection('launchTemplates', 'failed');
  return buildSnapshot([
    buildAccount({
      regions: [r],
      errors: [
        {
          service: 'ec2',
          operation: 'DescribeLaunchTemplates',
          region: 'us-east-1',
          category: 'access-denied',
          code: 'UnauthorizedOperation',
          message: 'not authorized',
          kinds: ['launchTemplates'],
        },
      ],
    }),
  ]);
}

ruleTester.run(rule, {
  pass: [
    {
      name: 'an instance pinned to a clean version is judged on that version, not $Latest',
      snapshot: withInstance(
        { userData: scan([]), launchTemplateId: 'lt-1', launchTemplateVersion: '3' },
        versioned('lt-1', { 2: scan([]), 3: scan([]), 4: scan([KEY_ID]) }),
      ),
      resourceId: 'i-1',
      message: 'its user data and version 3 of its launch template hold no AWS access key',
    },
    {
      name: 'a template whose default, latest and used versions are all clean',
      snapshot: withInstance(
        { userData: scan([]), launchTemplateId: 'lt-1', launchTemplateVersion: '3' },
        versioned('lt-1', { 2: scan([]), 3: scan([]), 4: scan([]) }),
      ),
      resourceId: 'lt-1',
      message: 'versions 2 (default), 3 and 4 (latest) of launch template lt-1 (asg) hold no AWS access key',
    },
    { name: 'a clean instance in a partly read region', snapshot: partlyRead([]), resourceId: 'i-ok' },
    {
      name: 'no user data',
      snapshot: withInstance({}),
      resourceId: 'i-1',
      message: 'holds no AWS access key',
    },
    {
      name: 'a documentation EXAMPLE key is not a secret',
      snapshot: withInstance({ userData: EXAMPLE_KEY_ONLY }),
      resourceId: 'i-1',
    },
    {
      name: 'clean instance and clean launch template',
      snapshot: withInstance({ userData: scan([]), launchTemplateId: 'lt-1' }, template('lt-1', scan([]))),
      resourceId: 'i-1',
      message: "its user data and its launch template's latest version hold no AWS access key",
    },
    {
      name: 'a clean launch template on its own',
      snapshot: withInstance({}, template('lt-1', scan([]))),
      resourceId: 'lt-1',
    },
    {
      name: 'a launch template that no longer exists is noted, not unknown',
      snapshot: withInstance({ launchTemplateId: 'lt-gone' }),
      resourceId: 'i-1',
      evidenceKinds: ['launch-template'],
    },
  ],
  fail: [
    {
      name: 'keys only in the default version fail the template, naming the version',
      snapshot: withInstance({}, versioned('lt-1', { 2: scan([KEY_ID, SECRET]), 4: scan([]) })),
      resourceId: 'lt-1',
      severity: 'high',
      message: 'Version 2 (default) of launch template lt-1 (asg) holds',
      check: (finding) =>
        expect(finding.evidence.find((e) => e.kind === 'user-data-secret')?.details).toMatchObject({
          source: 'launch template lt-1 (asg) version 2 user data',
          templateId: 'lt-1',
          templateVersion: 2,
        }),
    },
    {
      name: 'an instance launched from a leaking pinned version fails on that version',
      snapshot: withInstance(
        { userData: scan([]), launchTemplateId: 'lt-1', launchTemplateVersion: '3' },
        versioned('lt-1', { 2: scan([]), 3: scan([KEY_ID, SECRET]), 4: scan([]) }),
      ),
      resourceId: 'i-1',
      severity: 'critical',
      message: 'launch template lt-1 (asg) version 3 user data holds',
    },
    {
      name: 'a used leaking version makes the template fail at full severity',
      snapshot: withInstance(
        { userData: scan([]), launchTemplateId: 'lt-1', launchTemplateVersion: '3' },
        versioned('lt-1', { 2: scan([]), 3: scan([KEY_ID, SECRET]), 4: scan([]) }),
      ),
      resourceId: 'lt-1',
      severity: 'critical',
      message: 'Version 3 of launch template lt-1 (asg) holds',
    },
    {
      name: 'user data read for this instance although the kind failed elsewhere',
      snapshot: partlyRead([KEY_ID]),
      resourceId: 'i-ok',
    },
    {
      name: 'key id and secret in instance user data is critical, redacted',
      snapshot: withInstance({ userData: scan([KEY_ID, SECRET]) }),
      resourceId: 'i-1',
      severity: 'critical',
      message:
        'Instance i-1 (worker): its user data holds an AWS access key id (AKIA…Q7XZ) and a secret access key.',
      evidenceKinds: ['user-data-secret'],
      check: (finding) => {
        expect(finding.evidence[0]?.details).toMatchObject({
          redacted: 'AKIA…Q7XZ',
          line: 3,
          sha256Prefix: 'aaaaaaaaaaaa',
        });
        expect(JSON.stringify(finding)).not.toContain(hash('a'));
      },
    },
    {
      name: 'a key id alone is high',
      snapshot: withInstance({ userData: scan([KEY_ID]) }),
      resourceId: 'i-1',
      severity: 'high',
    },
    {
      name: "keys only in the launch template's latest version",
      snapshot: withInstance(
        { userData: scan([]), launchTemplateId: 'lt-1' },
        template('lt-1', scan([KEY_ID, SECRET])),
      ),
      resourceId: 'i-1',
      severity: 'critical',
      message: 'launch template lt-1 (asg) version 4 user data holds',
    },
    {
      name: 'a stopped instance still holds its user data',
      snapshot: withInstance({ state: 'stopped', userData: scan([SECRET]) }),
      resourceId: 'i-1',
      message: 'Stopped instance i-1',
    },
    {
      name: 'the same key through instance and template is reported once',
      snapshot: withInstance(
        { userData: scan([KEY_ID]), launchTemplateId: 'lt-1' },
        template('lt-1', scan([KEY_ID])),
      ),
      resourceId: 'i-1',
      check: (finding) =>
        expect(finding.evidence.filter((e) => e.kind === 'user-data-secret')).toHaveLength(1),
    },
    {
      name: 'a leaking template used by an instance is high or critical',
      snapshot: withInstance(
        { userData: scan([]), launchTemplateId: 'lt-1' },
        template('lt-1', scan([KEY_ID])),
      ),
      resourceId: 'lt-1',
      severity: 'high',
      message: '1 instance(s) were launched from the template',
      evidenceKinds: ['user-data-secret', 'launch-template-usage'],
    },
    {
      name: 'a leaking template nobody uses is one level lower',
      snapshot: withInstance({}, template('lt-1', scan([KEY_ID, SECRET]))),
      resourceId: 'lt-1',
      severity: 'high',
      message: 'no current instance uses the template',
    },
    {
      name: 'keys found in the instance even when its template could not be read',
      snapshot: withInstance(
        { userData: scan([KEY_ID]), launchTemplateId: 'lt-1' },
        template('lt-1', undefined),
      ),
      resourceId: 'i-1',
    },
  ],
  unknown: [
    {
      name: 'the version an instance was launched from was not read',
      snapshot: withInstance(
        { userData: scan([]), launchTemplateId: 'lt-1', launchTemplateVersion: '3' },
        versioned('lt-1', { 2: scan([]), 4: scan([]) }),
      ),
      resourceId: 'i-1',
      message: 'version 3 of launch template lt-1 (asg) could not be read',
    },
    {
      name: 'a template whose default version was not read, latest clean',
      snapshot: withInstance({}, versioned('lt-1', { 2: undefined, 4: scan([]) })),
      resourceId: 'lt-1',
      message:
        'Launch template lt-1 (asg) could not be checked for AWS keys: version 2 (default) could not be read',
    },
    {
      name: 'DescribeLaunchTemplates failed: launch templates are unknown for the region, with the error',
      snapshot: templatesListFailed(),
      resourceId: 'us-east-1',
      message: 'launch templates could not be listed',
      evidenceKinds: ['collection-error'],
      check: (finding) => expect(finding.resource.type).toBe('AWS::EC2::Region'),
    },
    {
      name: 'an instance whose own user data call failed, named by its collection error',
      snapshot: partlyRead([]),
      resourceId: 'i-denied',
      message: 'its user data could not be read',
      evidenceKinds: ['collection-error'],
      check: (finding) => expect(finding.evidence).toHaveLength(1),
    },
    {
      name: 'user data collection skipped',
      snapshot: withInstance({}, (r) => {
        r.setCollection('instanceUserData', 'skipped');
      }),
      resourceId: 'i-1',
      message: 'its user data was not read',
      evidenceKinds: ['not-collected'],
    },
    {
      name: "one instance's user data is absent",
      snapshot: singleRegionSnapshot((r) => {
        r.vpc('vpc-1');
        r.subnet('subnet-1', 'vpc-1');
        const instance = r.instance('i-1', 'subnet-1');
        delete instance.userData;
      }),
      resourceId: 'i-1',
      message: 'its user data could not be read',
    },
    {
      name: "the launch template's latest version could not be read",
      snapshot: withInstance({ userData: scan([]), launchTemplateId: 'lt-1' }, template('lt-1', undefined)),
      resourceId: 'i-1',
      message: 'the latest version of launch template lt-1 (asg) could not be read',
    },
    {
      name: 'the template itself is unknown when its latest version is absent',
      snapshot: withInstance({}, template('lt-1', undefined)),
      resourceId: 'lt-1',
    },
    {
      name: 'launch templates not collected',
      snapshot: withInstance({ userData: scan([]), launchTemplateId: 'lt-1' }, (r) => {
        r.setCollection('launchTemplates', 'failed');
      }),
      resourceId: 'i-1',
      message: 'its launch template lt-1 was not read',
    },
  ],
});

describe('ec2-instance-no-static-credentials scope', () => {
  it('does not evaluate terminated instances', () => {
    const findings = evaluateCase(rule, withInstance({ state: 'terminated', userData: scan([KEY_ID]) }));
    expect(findings).toEqual([]);
  });
});
