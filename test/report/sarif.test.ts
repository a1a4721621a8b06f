import type * as Sarif from 'sarif';
import { findingFingerprint } from '../../src/engine/fingerprint.js';
import { evaluateSnapshot } from '../../src/engine/scan.js';
import { reviewScan } from '../../src/engine/waivers-and-baseline.js';
import { githubConformanceProblems } from '../../src/report/github-conformance.js';
import { buildSarifLog, renderSarif, sarifCategory } from '../../src/report/sarif.js';
import { parseArn, resourcePseudoPath } from '../../src/report/sarif-location.js';
import { UserError } from '../../src/util/errors.js';
import { TOOL_VERSION } from '../../src/tool-info.js';
import {
  demoScan,
  fakeMeta,
  plannedGlobalRule,
  plannedRegionalRule,
  syntheticScan,
  syntheticSnapshot,
  type Planned,
} from './sarif-fixtures.js';

/** Everything but the invocation timestamps, which are the only thing allowed to differ. */
function withoutTimestamps(text: string): string {
  return text.replace(/"(startTimeUtc|endTimeUtc)": "[^"]*"/g, '"$1": "<time>"');
}

function onlyRun(log: Sarif.Log): Sarif.Run {
  expect(log.runs).toHaveLength(1);
  return log.runs[0]!;
}

describe('resourcePseudoPath', () => {
  const ref = { accountId: '123456789012', region: 'us-east-1' };
  it.each([
    [
      'a security group',
      'arn:aws:ec2:us-east-1:123456789012:security-group/sg-1',
      'aws/123456789012/us-east-1/ec2/security-group/sg-1',
    ],
    [
      'an IAM role with a path (one encoded segment)',
      'arn:aws:iam::123456789012:role/ops/admin',
      'aws/123456789012/us-east-1/iam/role/ops%2Fadmin',
    ],
    [
      'a colon-typed resource',
      'arn:aws:rds:eu-west-1:123456789012:db:orders',
      'aws/123456789012/eu-west-1/rds/db/orders',
    ],
    [
      'an S3 bucket (no account or region in the ARN)',
      'arn:aws:s3:::my-bucket',
      'aws/123456789012/us-east-1/s3/bucket/my-bucket',
    ],
    [
      'spaces, percent and colons escaped',
      'arn:aws:ssm:us-east-1:123456789012:document/My Doc%1:v',
      'aws/123456789012/us-east-1/ssm/document/My%20Doc%251%3Av',
    ],
    [
      'another partition',
      'arn:aws-cn:ec2:cn-north-1:123456789012:vpc/vpc-1',
      'aws/123456789012/cn-north-1/ec2/vpc/vpc-1',
    ],
  ])('%s', (_name, arn, expected) => {
    expect(resourcePseudoPath({ ...ref, arn })).toBe(expected);
  });

  it('puts an IAM role (no region in its ARN) under its global scope', () => {
    expect(
      resourcePseudoPath({
        accountId: '123456789012',
        region: 'global',
        arn: 'arn:aws:iam::123456789012:role/r',
      }),
    ).toBe('aws/123456789012/global/iam/role/r');
  });

  it.each([
    'not-an-arn',
    'arn:aws:ec2:us-east-1:123456789012:security-group/',
    'arn:aws:ec2:us-east-1:123456789012:instance/..',
    'arn:aws:ec2:us-east-1:123456789012:./x',
    'arn::ec2:::',
  ])('never emits the ARN, "..", "." or an empty segment for %p', (arn) => {
    const path = resourcePseudoPath({ ...ref, arn });
    expect(path).toMatch(/^aws\/123456789012\/us-east-1\/unparsed-arn\/resource\/[0-9a-f]{16}$/);
    expect(resourcePseudoPath({ ...ref, arn })).toBe(path);
  });

  it('parses the ARN parts', () => {
    expect(parseArn('arn:aws:iam::123456789012:role/a/b')).toEqual({
      service: 'iam',
      region: '',
      accountId: '123456789012',
      type: 'role',
      id: 'a/b',
    });
  });
});

describe('buildSarifLog on the demo account', () => {
  it('writes one run per account with every rule, and results for failing findings only', async () => {
    const result = await demoScan();
    const run = onlyRun(buildSarifLog(result));
    expect(run.automationDetails).toEqual({ id: 'aws-audit/123456789012/' });
    expect(run.tool.driver.rules?.map((r) => r.id)).toEqual(result.rules.map((r) => r.meta.id));
    const failing = result.findings.filter((f) => f.status === 'fail');
    expect(run.results).toHaveLength(failing.length);

    const bastion = failing.find((f) => f.resource.id === 'sg-0a11bast')!;
    const sarif = run.results!.find((r) => r.partialFingerprints?.['awsAudit/v1'] === bastion.fingerprint)!;
    expect(sarif).toMatchObject({
      ruleId: 'ec2-security-group-no-public-ssh',
      level: 'error',
      partialFingerprints: { primaryLocationLineHash: `${bastion.fingerprint.slice(0, 16)}:1` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'aws/123456789012/us-east-1/ec2/security-group/sg-0a11bast' },
            region: { startLine: 1 },
          },
          logicalLocations: [{ fullyQualifiedName: bastion.resource.arn, kind: 'resource' }],
        },
      ],
    });
    expect(sarif.locations).toHaveLength(1);
    // The rule's message names the resource: no `<type> <id>` prefix repeats it.
    expect(sarif.message.text).toMatch(
      /^123456789012\/us-east-1: Security group sg-0a11bast \(prod-bastion\) allows SSH .*\. Resource ARN: arn:aws:ec2:us-east-1:123456789012:security-group\/sg-0a11bast\.$/,
    );
    expect((sarif.message.text ?? '').match(/sg-0a11bast/g)).toHaveLength(2); // the sentence and the ARN
    // The evidence travels: a short list in the markdown, the related resources as locations.
    expect(sarif.message.markdown).toContain(
      '**Severity: critical.** Evidence:\n- sg-0a11bast ingress tcp 22 from 0.0.0.0/0',
    );
    expect(sarif.message.markdown).toContain(
      '- route table rtb-0a11pub (explicit association) routes 0.0.0.0/0 to igw-0a11prod',
    );
    expect(sarif.relatedLocations?.map((l) => [l.id, l.physicalLocation?.artifactLocation?.uri])).toEqual([
      [1, 'aws/123456789012/us-east-1/ec2/network-interface/eni-0a11bastion01'],
      [2, 'aws/123456789012/us-east-1/ec2/route-table/rtb-0a11pub'],
    ]);
    expect(sarif.relatedLocations?.[1]?.message?.text).toBe(
      'route table rtb-0a11pub (explicit association) routes 0.0.0.0/0 to igw-0a11prod',
    );
    // The fingerprint is the documented hash, so GitHub alerts follow the resource.
    expect(bastion.fingerprint).toBe(
      findingFingerprint(
        'aws',
        '123456789012',
        'us-east-1',
        bastion.resource.arn,
        'ec2-security-group-no-public-ssh',
      ),
    );
  });

  it('describes each rule as GitHub needs it', async () => {
    const run = onlyRun(buildSarifLog(await demoScan()));
    const ssh = run.tool.driver.rules!.find((r) => r.id === 'ec2-security-group-no-public-ssh')!;
    expect(ssh).toMatchObject({
      name: 'Ec2SecurityGroupNoPublicSsh',
      shortDescription: { text: 'Security groups do not allow SSH from the whole internet' },
      defaultConfiguration: { level: 'error' },
      // The demo's bastion is a critical finding of this high rule: the rule ranks as its worst.
      properties: { precision: 'very-high', 'security-severity': '9.5' },
    });
    // The rule page in the repository package.json declares, at this version's release tag.
    const page = `https://github.com/aws-audit/aws-audit/blob/v${TOOL_VERSION}/rules/ec2-security-group-no-public-ssh.md`;
    expect(ssh.helpUri).toBe(page);
    expect(ssh.help?.markdown).toContain(`[Rule documentation](${page})`);
    expect(ssh.help?.text).toContain('Session Manager');
    expect(ssh.help?.markdown).toContain('**Remediation.**');
    const tags = ssh.properties?.tags as string[];
    expect(tags[0]).toBe('security');
    expect(tags).toEqual(expect.arrayContaining(['ec2', 'EC2.13', 'CIS v5.0.0 5.3']));
    expect(tags.length).toBeLessThanOrEqual(10);
  });

  it("ranks a rule by its worst finding and keeps each alert's identity when a finding's severity changes", () => {
    const rule = (bastion: 'critical' | 'low') =>
      plannedRegionalRule(fakeMeta('ec2-thing-is-fine'), () => [
        { status: 'fail', id: 'sg-bastion', severity: bastion },
        { status: 'fail', id: 'sg-unused', severity: 'low' },
      ]);
    const account = [{ accountId: '111111111111', regions: ['us-east-1'] }];
    const before = onlyRun(buildSarifLog(syntheticScan(account, [rule('critical')])));
    const after = onlyRun(buildSarifLog(syntheticScan(account, [rule('low')])));
    expect(before.tool.driver.rules![0]!.properties!['security-severity']).toBe('9.5');
    expect(after.tool.driver.rules![0]!.properties!['security-severity']).toBe('2.0');
    const identity = (run: Sarif.Run) =>
      run.results!.map((r) => [
        r.ruleId,
        r.locations![0]!.physicalLocation!.artifactLocation!.uri,
        r.partialFingerprints!.primaryLocationLineHash,
        run.automationDetails!.id,
      ]);
    expect(identity(after)).toEqual(identity(before));
    expect(after.results!.map((r) => r.level)).toEqual(['note', 'note']);
  });

  it('is identical for two scans of the same snapshot, apart from timestamps', async () => {
    const first = renderSarif(buildSarifLog(await demoScan(new Date('2026-11-21T01:00:00Z'))));
    const second = renderSarif(buildSarifLog(await demoScan(new Date('2026-11-22T01:00:00Z'))));
    expect(first).not.toBe(second);
    expect(withoutTimestamps(first)).toBe(withoutTimestamps(second));
  });

  it('marks waived findings with an external suppression carrying reason, owner and expiry', async () => {
    const result = await demoScan();
    const waived = reviewScan(result, {
      now: new Date('2026-11-21T00:00:00Z'),
      waivers: {
        file: 'w.yaml',
        entries: [
          {
            index: 0,
            ruleId: 'ec2-security-group-no-public-ssh',
            resource: 'arn:aws:ec2:*:*:security-group/sg-0a11legc',
            reason: 'Decommissioned next sprint.',
            owner: 'team@example.com',
            expires: '2027-01-01',
          },
        ],
      },
    });
    const results = onlyRun(buildSarifLog(waived)).results!;
    const suppressed = results.filter((r) => r.suppressions !== undefined);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0]!.locations?.[0]?.physicalLocation?.artifactLocation?.uri).toMatch(/sg-0a11legc$/);
    expect(suppressed[0]!.suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'Decommissioned next sprint.',
        properties: { waiverIndex: 0, owner: 'team@example.com', expires: '2027-01-01' },
      },
    ]);
  });
});

describe('buildSarifLog on synthetic scans', () => {
  const accounts = [
    { accountId: '111111111111', regions: ['us-east-1'] },
    { accountId: '222222222222', regions: ['us-east-1', 'eu-west-1'] },
  ];

  it('lists rules with no results, levels and security-severity per severity', () => {
    const severities: Planned[] = [
      { status: 'fail', id: 'sg-c', severity: 'critical' },
      { status: 'fail', id: 'sg-h', severity: 'high' },
      { status: 'fail', id: 'sg-m', severity: 'medium' },
      { status: 'fail', id: 'sg-l', severity: 'low' },
      { status: 'pass', id: 'sg-p' },
      { status: 'unknown', id: 'sg-u' },
    ];
    const noisy = plannedRegionalRule(fakeMeta('ec2-thing-is-fine'), () => severities);
    const quiet = plannedRegionalRule(fakeMeta('ec2-other-is-fine', { severity: 'medium' }), () => [
      { status: 'pass', id: 'sg-1' },
    ]);
    const run = onlyRun(buildSarifLog(syntheticScan([accounts[0]!], [noisy, quiet])));
    expect(run.tool.driver.rules?.map((r): unknown[] => [r.id, r.properties?.['security-severity']])).toEqual(
      [
        // Worst failing finding of the rule (critical), else the rule's own severity.
        ['ec2-thing-is-fine', '9.5'],
        ['ec2-other-is-fine', '5.5'],
      ],
    );
    const byId: Record<string, Sarif.Result> = Object.fromEntries(
      run.results!.map((r): [string, Sarif.Result] => [
        r.locations?.[0]?.logicalLocations?.[0]?.name ?? '',
        r,
      ]),
    );
    expect(Object.keys(byId).sort()).toEqual(['sg-c', 'sg-h', 'sg-l', 'sg-m']);
    expect(byId['sg-c']).toMatchObject({ level: 'error', properties: { 'security-severity': '9.5' } });
    expect(byId['sg-h']).toMatchObject({ level: 'error', properties: { 'security-severity': '8.0' } });
    expect(byId['sg-m']).toMatchObject({ level: 'warning', properties: { 'security-severity': '5.5' } });
    expect(byId['sg-l']).toMatchObject({ level: 'note', properties: { 'security-severity': '2.0' } });
  });

  it('writes one run per account, and only that account when asked', () => {
    const rule = plannedRegionalRule(fakeMeta('ec2-thing-is-fine'), (account, region) => [
      { status: 'fail', id: `sg-${account.slice(0, 3)}-${region}` },
    ]);
    const result = syntheticScan(accounts, [rule]);
    const log = buildSarifLog(result);
    expect(log.runs.map((r) => [r.automationDetails?.id, r.results?.length])).toEqual([
      ['aws-audit/111111111111/', 1],
      ['aws-audit/222222222222/', 2],
    ]);
    const one = buildSarifLog(result, '222222222222');
    expect(one.runs.map((r) => r.automationDetails?.id)).toEqual(['aws-audit/222222222222/']);
    expect(() => buildSarifLog(result, '999999999999')).toThrow(UserError);
  });

  it('splits an account over 5,000 results into one run per service, each its own category', () => {
    const many = (prefix: string, count: number): Planned[] =>
      Array.from({ length: count }, (_, i) => ({ status: 'fail' as const, id: `${prefix}-${i}` }));
    const ec2 = plannedRegionalRule(fakeMeta('ec2-thing-is-fine'), () => many('sg', 3000));
    const iam = plannedGlobalRule(
      fakeMeta('iam-role-is-fine', {
        service: 'iam',
        resourceType: 'AWS::IAM::Role',
        resourceKind: 'iamRoles',
        requires: ['iamRoles'],
      }),
      () => many('role', 2001),
    );
    const vpc = plannedRegionalRule(fakeMeta('vpc-quiet-is-fine', { service: 'vpc' }), () => []);
    const log = buildSarifLog(syntheticScan([accounts[0]!], [ec2, iam, vpc]));
    expect(
      log.runs.map((r) => [
        r.automationDetails?.id,
        r.tool.driver.rules?.map((x) => x.id),
        r.results?.length,
      ]),
    ).toEqual([
      [sarifCategory('111111111111', 'ec2'), ['ec2-thing-is-fine'], 3000],
      [sarifCategory('111111111111', 'iam'), ['iam-role-is-fine'], 2001],
      [sarifCategory('111111111111', 'vpc'), ['vpc-quiet-is-fine'], 0],
    ]);
    expect(log.runs[1]!.results![0]!.ruleIndex).toBe(0);
    expect(githubConformanceProblems(renderSarif(log))).toEqual([]);
  });

  it('stays one run at exactly 5,000 results', () => {
    const rule = plannedRegionalRule(fakeMeta('ec2-thing-is-fine'), () =>
      Array.from({ length: 5000 }, (_, i) => ({ status: 'fail' as const, id: `sg-${i}` })),
    );
    expect(buildSarifLog(syntheticScan([accounts[0]!], [rule])).runs).toHaveLength(1);
  });

  it('refuses a service over the hard 25,000-results limit instead of truncating', () => {
    const rule = plannedRegionalRule(fakeMeta('ec2-thing-is-fine'), () =>
      Array.from({ length: 25_001 }, (_, i) => ({ status: 'fail' as const, id: `sg-${i}` })),
    );
    expect(() => buildSarifLog(syntheticScan([accounts[0]!], [rule]))).toThrow(
      /account 111111111111 has 25001 failing ec2 findings, over GitHub's limit of 25000 results per run/,
    );
  });

  it('refuses more than 20 runs in one file and points to one file per account', () => {
    const rule = plannedRegionalRule(fakeMeta('ec2-thing-is-fine'), () => [{ status: 'fail', id: 'sg-1' }]);
    const many = Array.from({ length: 21 }, (_, i) => ({
      accountId: String(100000000000 + i),
      regions: ['us-east-1'],
    }));
    const result = syntheticScan(many, [rule]);
    expect(() => buildSarifLog(result)).toThrow(
      /21 runs in one file, over GitHub's limit of 20; write one file per account/,
    );
    expect(buildSarifLog(result, '100000000020').runs).toHaveLength(1);
  });

  it('reports coverage gaps and rule errors of the account as run notifications', () => {
    const rule = plannedRegionalRule(fakeMeta('ec2-thing-is-fine'), () => [{ status: 'fail', id: 'sg-1' }]);
    const broken = plannedRegionalRule(fakeMeta('ec2-broken-is-fine'), () => {
      throw new Error('boom');
    });
    const snapshot = syntheticSnapshot([{ accountId: '111111111111', regions: ['us-east-1', 'eu-west-1'] }]);
    snapshot.accounts[0]!.regions[1]!.collection.securityGroups = 'failed';
    const result = evaluateSnapshot(snapshot, [rule, broken], { kind: 'live' });
    const run = onlyRun(buildSarifLog(result));
    expect(run.properties).toMatchObject({ accountId: '111111111111', complete: false });
    const notes = run.invocations![0]!.toolExecutionNotifications!.map((n) => [n.level, n.message.text]);
    expect(notes).toEqual([
      [
        'warning',
        'Not covered: securityGroups in eu-west-1 failed; affects ec2-thing-is-fine, ec2-broken-is-fine.',
      ],
      ['error', 'Rule ec2-broken-is-fine failed in us-east-1: boom.'],
    ]);
    expect(githubConformanceProblems(renderSarif(buildSarifLog(result)))).toEqual([]);
  });

  it('renders text GitHub accepts', () => {
    const rule = plannedRegionalRule(fakeMeta('ec2-thing-is-fine'), () => [{ status: 'fail', id: 'sg-1' }]);
    const text = renderSarif(buildSarifLog(syntheticScan(accounts, [rule])));
    expect(githubConformanceProblems(text)).toEqual([]);
    expect(JSON.parse(text)).toMatchObject({
      version: '2.1.0',
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    });
  });
});
