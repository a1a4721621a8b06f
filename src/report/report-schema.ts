// JSON Schema (draft 2020-12) of the JSON report: the contract consumers validate against.
// `npm run schemas` writes schemas/report.schema.json from it; a test keeps the two equal.
import { REPORT_VERSION } from './json-report.js';
import { arr, nonEmpty, obj, str, strArr, type Schema } from '../util/json-schema.js';

const int: Schema = { type: 'integer', minimum: 0 };
const severity: Schema = { enum: ['low', 'medium', 'high', 'critical'] };
const status: Schema = { enum: ['pass', 'fail', 'unknown'] };

const statusCounts = obj({ pass: int, fail: int, unknown: int });
const jsonValue: Schema = {};

export const resourceRefSchema: Schema = obj(
  {
    arn: nonEmpty,
    id: nonEmpty,
    type: nonEmpty,
    accountId: { type: 'string', pattern: '^[0-9]{12}$' },
    region: nonEmpty,
  },
  { name: str },
);

export const findingSchema: Schema = obj(
  {
    ruleId: nonEmpty,
    status,
    severity,
    resource: resourceRefSchema,
    message: nonEmpty,
    evidence: arr(
      obj(
        { kind: nonEmpty, summary: nonEmpty },
        { resourceId: str, details: { type: 'object', additionalProperties: jsonValue } },
      ),
    ),
    fingerprint: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  },
  {
    waiver: obj({ reason: nonEmpty, waiverIndex: int }, { owner: str, expires: str }),
    baseline: { enum: ['new', 'unchanged'] },
    // Copied from the rule (reports before them lack both).
    remediation: nonEmpty,
    helpUri: nonEmpty,
  },
);

export const reportSchema: Schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://aws-audit.dev/schemas/report-v1.json',
  title: 'aws-audit JSON report',
  ...obj({
    reportVersion: { const: REPORT_VERSION },
    tool: obj({ name: nonEmpty, version: nonEmpty, informationUri: nonEmpty }),
    scan: obj(
      {
        startedAt: { type: 'string', format: 'date-time' },
        finishedAt: { type: 'string', format: 'date-time' },
        source: { enum: ['snapshot', 'live'] },
        collectedAt: { type: 'string', format: 'date-time' },
        partition: nonEmpty,
        accounts: arr(obj({ accountId: nonEmpty, partition: nonEmpty, regions: strArr })),
        rules: strArr,
        complete: { type: 'boolean' },
      },
      {
        snapshotFile: str,
        rulesFromSnapshot: { const: true },
        // Optional so that reports written before it still read as baselines and merge inputs.
        scope: obj(
          {
            full: { type: 'boolean' },
            regions: { oneOf: [{ const: 'all' }, { ...strArr, minItems: 1 }] },
            rules: { oneOf: [{ const: 'all' }, { ...strArr, minItems: 1 }] },
            rulesInPack: int,
          },
          { minSeverity: severity },
        ),
      },
    ),
    coverage: obj({
      complete: { type: 'boolean' },
      gaps: arr(
        obj({
          accountId: nonEmpty,
          region: nonEmpty,
          kind: nonEmpty,
          state: { enum: ['failed', 'skipped', 'not-collected'] },
          rules: strArr,
        }),
      ),
      collectionErrors: arr(
        obj(
          {
            accountId: nonEmpty,
            service: nonEmpty,
            operation: nonEmpty,
            region: nonEmpty,
            category: nonEmpty,
            code: str,
            message: str,
            kinds: strArr,
          },
          { resourceId: str },
        ),
      ),
      ruleErrors: arr(obj({ ruleId: nonEmpty, accountId: nonEmpty, region: nonEmpty, message: str })),
      regionsNotEnabled: arr(obj({ accountId: nonEmpty, region: nonEmpty })),
    }),
    rules: arr(
      obj(
        {
          id: nonEmpty,
          title: nonEmpty,
          severity,
          service: nonEmpty,
          resourceType: nonEmpty,
          description: nonEmpty,
          risk: nonEmpty,
          remediation: nonEmpty,
          references: obj({}, { securityHub: strArr, cis: strArr, awsConfig: strArr, links: strArr }),
          precision: nonEmpty,
        },
        { helpUri: nonEmpty },
      ),
    ),
    summary: obj({
      total: int,
      byStatus: statusCounts,
      failingBySeverity: obj({ low: int, medium: int, high: int, critical: int }),
      byRule: { type: 'object', additionalProperties: statusCounts },
      waived: int,
    }),
    findings: arr(findingSchema),
  }),
};

// Sections present only with `--waivers` / `--baseline` (README "Waivers", "Baseline"): optional,
// so reports written before them, or without the flags, stay valid.
const waiverMatch: Schema = {
  oneOf: [nonEmpty, obj({}, { accountId: nonEmpty, region: nonEmpty, id: nonEmpty })],
};
const waiverEntry: Schema = obj(
  { waiverIndex: int, ruleId: nonEmpty, resource: waiverMatch, reason: nonEmpty, matched: int },
  { owner: str, expires: str },
);
const baselineEntry: Schema = obj({
  fingerprint: { type: 'string', pattern: '^[0-9a-f]{64}$' },
  ruleId: nonEmpty,
  severity,
  resource: resourceRefSchema,
  message: str,
});
Object.assign(reportSchema.properties as Record<string, Schema>, {
  waivers: obj({
    file: nonEmpty,
    applied: arr(waiverEntry),
    expired: arr(waiverEntry),
    stale: arr(waiverEntry),
  }),
  baseline: obj({
    file: nonEmpty,
    new: int,
    unchanged: int,
    fixed: arr(baselineEntry),
    unverified: arr(baselineEntry),
  }),
});
