// ASFF output (src/report/asff.ts): every finding validated against the schema of what we emit,
// the field mapping the issue lists, waivers, baseline archiving, length and size limits.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reviewScan } from '../../src/engine/waivers-and-baseline.js';
import {
  ASFF_LIMITS,
  ASFF_MAX_FINDING_BYTES,
  asffFindingBytes,
  buildAsffFindings,
  type AsffFinding,
} from '../../src/report/asff.js';
import { asffFindingsSchema } from '../../src/report/asff-schema.js';
import { buildJsonReport } from '../../src/report/json-report.js';
import { writeReports } from '../../src/report/write-reports.js';
import { TOOL_VERSION } from '../../src/tool-info.js';
import {
  demoScan,
  fakeMeta,
  plannedGlobalRule,
  plannedRegionalRule,
  syntheticScan,
} from './sarif-fixtures.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(asffFindingsSchema);

function expectValid(findings: unknown): void {
  const ok = validate(findings);
  expect(ok ? [] : validate.errors).toEqual([]);
}

describe('buildAsffFindings', () => {
  it('maps the demo scan to valid ASFF, one finding per result', async () => {
    const result = await demoScan();
    const findings = buildAsffFindings(buildJsonReport(result));
    expect(findings).toHaveLength(result.findings.length);
    expectValid(findings);
    const failing = result.findings.find((f) => f.status === 'fail')!;
    const asff = findings.find((f) => f.Id === failing.fingerprint)!;
    expect(asff).toMatchObject({
      SchemaVersion: '2018-10-08',
      GeneratorId: failing.ruleId,
      AwsAccountId: failing.resource.accountId,
      ProductArn: `arn:aws:securityhub:${failing.resource.region}:${failing.resource.accountId}:product/${failing.resource.accountId}/default`,
      Severity: { Label: failing.severity.toUpperCase(), Original: failing.severity },
      Compliance: { Status: 'FAILED' },
      RecordState: 'ACTIVE',
      Description: failing.message,
      Resources: [{ Id: failing.resource.arn, Partition: 'aws', Region: failing.resource.region }],
    });
    expect(asff.FindingProviderFields).toEqual({ Severity: asff.Severity, Types: asff.Types });
    expect(asff.Workflow).toBeUndefined();
    // The rule page, pinned to this version's tag: the recommendation's link and the source.
    const page = `https://github.com/aws-audit/aws-audit/blob/v${TOOL_VERSION}/rules/${failing.ruleId}.md`;
    expect(asff.Remediation.Recommendation.Url).toBe(page);
    expect(asff.SourceUrl).toBe(page);
  });

  const accounts = [{ accountId: '111111111111', regions: ['eu-west-1', 'us-east-1'] }];
  const regional = plannedRegionalRule(fakeMeta('ec2-thing-is-fine'), (_a, region) =>
    region === 'eu-west-1'
      ? [
          { status: 'fail', id: 'sg-1', severity: 'critical' },
          { status: 'pass', id: 'sg-2' },
          { status: 'unknown', id: 'sg-3' },
          {
            status: 'fail',
            id: 'i-1',
            type: 'AWS::EC2::Instance',
            arn: 'arn:aws:ec2:eu-west-1:111111111111:instance/i-1',
          },
          {
            status: 'fail',
            id: 'tgw-1',
            type: 'AWS::EC2::TransitGateway',
            arn: 'arn:aws:ec2:eu-west-1:111111111111:transit-gateway/tgw-1',
          },
        ]
      : [],
  );
  const global = plannedGlobalRule(
    fakeMeta('iam-user-thing', {
      service: 'iam',
      resourceType: 'AWS::IAM::User',
      resourceKind: 'iamUsers',
      requires: ['iamUsers'],
      references: {},
    }),
    () => [{ status: 'fail', id: 'alice', arn: 'arn:aws:iam::111111111111:user/alice' }],
  );

  function byResource(findings: AsffFinding[], id: string): AsffFinding {
    return findings.find((f) => f.Resources[0]!.Id.endsWith(id))!;
  }

  it('maps status to compliance, severity label and resource type', () => {
    const findings = buildAsffFindings(buildJsonReport(syntheticScan(accounts, [regional, global])));
    expectValid(findings);
    expect(byResource(findings, 'sg-1')).toMatchObject({
      Severity: { Label: 'CRITICAL', Original: 'critical' },
      Compliance: { Status: 'FAILED', RelatedRequirements: ['AWS Security Hub EC2.1', 'CIS v5.0.0 1.1'] },
      Resources: [{ Type: 'AwsEc2SecurityGroup' }],
    });
    expect(byResource(findings, 'sg-1').Types).toContain(
      'Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark',
    );
    expect(byResource(findings, 'sg-2')).toMatchObject({
      Severity: { Label: 'INFORMATIONAL' },
      Compliance: { Status: 'PASSED' },
    });
    expect(byResource(findings, 'sg-3').Compliance.Status).toBe('NOT_AVAILABLE');
    expect(byResource(findings, 'i-1').Resources[0]!.Type).toBe('AwsEc2Instance');
    expect(byResource(findings, 'tgw-1').Resources[0]!.Type).toBe('Other');
    // A global (IAM) finding goes to the account's first scanned region, and names it.
    const user = byResource(findings, 'user/alice');
    expect(user.Resources[0]).toMatchObject({ Type: 'AwsIamUser', Region: 'eu-west-1' });
    expect(user.ProductArn).toBe('arn:aws:securityhub:eu-west-1:111111111111:product/111111111111/default');
    expect(user.Compliance.RelatedRequirements).toBeUndefined();
  });

  it('sends every finding to one Security Hub region when asked', () => {
    const findings = buildAsffFindings(buildJsonReport(syntheticScan(accounts, [regional, global])), {
      region: 'us-west-2',
    });
    expect(new Set(findings.map((f) => f.ProductArn.split(':')[3]))).toEqual(new Set(['us-west-2']));
    // The resource keeps its own region.
    expect(byResource(findings, 'sg-1').Resources[0]!.Region).toBe('eu-west-1');
  });

  it('creates waived findings SUPPRESSED, and archives findings fixed since the baseline', () => {
    const before = syntheticScan(accounts, [
      plannedRegionalRule(fakeMeta('ec2-thing-is-fine'), (_a, region) =>
        region === 'eu-west-1' ? [{ status: 'fail', id: 'sg-gone' }] : [],
      ),
    ]);
    const now = reviewScan(syntheticScan(accounts, [regional]), {
      now: new Date('2026-11-21T00:00:00Z'),
      baseline: { file: 'prev.json', findings: before.findings },
      waivers: {
        file: 'w.yaml',
        entries: [
          {
            index: 0,
            ruleId: 'ec2-thing-is-fine',
            resource: '*:security-group/sg-1',
            reason: 'Accepted',
            owner: 'sec@example.com',
          },
        ],
      },
    });
    const findings = buildAsffFindings(buildJsonReport(now));
    expectValid(findings);
    expect(byResource(findings, 'sg-1')).toMatchObject({
      Workflow: { Status: 'SUPPRESSED' },
      ProductFields: { 'aws-audit/WaiverReason': 'Accepted', 'aws-audit/WaiverOwner': 'sec@example.com' },
    });
    const archived = findings.filter((f) => f.RecordState === 'ARCHIVED');
    expect(archived).toHaveLength(1);
    expect(archived[0]).toMatchObject({
      Id: before.findings[0]!.fingerprint,
      Compliance: { Status: 'PASSED' },
      ProductFields: { 'aws-audit/Baseline': 'fixed' },
    });
  });

  it('keeps text within ASFF lengths and a finding within 240 KB', () => {
    const report = buildJsonReport(syntheticScan(accounts, [regional]));
    const huge = report.findings[0]!;
    huge.message = 'm'.repeat(5000);
    huge.evidence = Array.from({ length: 200 }, (_, i) => ({ kind: 'x', summary: `${i}`.repeat(100_000) }));
    report.rules[0]!.title = 't'.repeat(1000);
    report.rules[0]!.remediation = 'r'.repeat(1000);
    const [asff] = buildAsffFindings({ ...report, findings: [huge] });
    expectValid([asff]);
    expect(asff!.Description).toHaveLength(ASFF_LIMITS.description);
    expect(asff!.Description.endsWith('…')).toBe(true);
    expect(asff!.Title).toHaveLength(ASFF_LIMITS.title);
    expect(Object.keys(asff!.ProductFields).length).toBeLessThanOrEqual(ASFF_LIMITS.productFields);
    expect(asffFindingBytes(asff!)).toBeLessThanOrEqual(ASFF_MAX_FINDING_BYTES);
    expect(asff!.ProductFields['aws-audit/Evidence/1']).toHaveLength(ASFF_LIMITS.productFieldValue);
  });

  it('the schema rejects what Security Hub would reject', () => {
    const [good] = buildAsffFindings(buildJsonReport(syntheticScan(accounts, [regional])));
    const bad = (change: (f: Record<string, unknown>) => void): boolean => {
      const copy = structuredClone(good) as unknown as Record<string, unknown>;
      change(copy);
      return validate([copy]);
    };
    expect(bad(() => undefined)).toBe(true);
    expect(bad((f) => (f.Title = 'x'.repeat(257)))).toBe(false);
    expect(bad((f) => delete f.Types)).toBe(false);
    expect(bad((f) => (f.SchemaVersion = '2020-01-01'))).toBe(false);
    expect(bad((f) => (f.ProductArn = 'arn:aws:securityhub:eu-west-1:1:product/1/default'))).toBe(false);
    expect(bad((f) => ((f.Compliance as { Status: string }).Status = 'WARNINGS'))).toBe(false);
  });
});

describe('--format asff file', () => {
  it('writes aws-audit-report.asff.json, 0600, equal to the built findings', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'asff-'));
    const result = await demoScan();
    const [path] = await writeReports(result, ['asff'], dir);
    expect(path).toBe(join(dir, 'aws-audit-report.asff.json'));
    expect((await stat(path!)).mode & 0o777).toBe(0o600);
    const parsed = JSON.parse(await readFile(path!, 'utf8')) as unknown;
    expectValid(parsed);
    expect(parsed).toEqual(buildAsffFindings(buildJsonReport(result)));
  });
});
