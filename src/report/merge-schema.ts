// JSON Schema (draft 2020-12) of the merged summary that `aws-audit merge` writes. `npm run
// schemas` publishes it as schemas/merged-report.schema.json; a test keeps the two equal.
import { MERGED_REPORT_VERSION } from './merge.js';
import { arr, nonEmpty, obj, type Schema } from '../util/json-schema.js';

const int: Schema = { type: 'integer', minimum: 0 };
const dateTime: Schema = { type: 'string', format: 'date-time' };
const accountId: Schema = { type: 'string', pattern: '^[0-9]{12}$' };
const accountIds: Schema = { type: 'array', items: accountId };
const severity: Schema = { enum: ['low', 'medium', 'high', 'critical'] };

const statusCounts = obj({ pass: int, fail: int, unknown: int });
const severityCounts = obj({ low: int, medium: int, high: int, critical: int });

export const mergedReportSchema: Schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://aws-audit.dev/schemas/merged-report-v1.json',
  title: 'aws-audit merged summary',
  ...obj({
    mergedReportVersion: { const: MERGED_REPORT_VERSION },
    tool: obj({ name: nonEmpty, version: nonEmpty, informationUri: nonEmpty }),
    mergedAt: dateTime,
    inputs: {
      type: 'array',
      minItems: 1,
      items: obj({
        file: nonEmpty,
        toolVersion: nonEmpty,
        startedAt: dateTime,
        finishedAt: dateTime,
        complete: { type: 'boolean' },
        accounts: accountIds,
      }),
    },
    scan: obj({
      startedAt: dateTime,
      finishedAt: dateTime,
      rules: arr(nonEmpty),
      complete: { type: 'boolean' },
    }),
    coverage: obj(
      {
        complete: { type: 'boolean' },
        incompleteAccounts: accountIds,
        missingAccounts: accountIds,
        gaps: int,
        collectionErrors: int,
        ruleErrors: int,
      },
      {
        // Written by the Organizations fan-out (`scan --org-role-name`), absent from `merge`.
        accountErrors: arr(
          obj({
            accountId,
            roleArn: nonEmpty,
            stage: { enum: ['assume-role', 'identity', 'collect'] },
            category: nonEmpty,
            code: nonEmpty,
            message: { type: 'string' },
          }),
        ),
        skippedAccounts: arr(obj({ accountId, state: nonEmpty }, { name: { type: 'string' } })),
      },
    ),
    accounts: arr(
      obj({
        accountId,
        partition: nonEmpty,
        regions: arr(nonEmpty),
        file: nonEmpty,
        complete: { type: 'boolean' },
        byStatus: statusCounts,
        failingBySeverity: severityCounts,
        waived: int,
      }),
    ),
    summary: obj({
      accounts: int,
      total: int,
      byStatus: statusCounts,
      failingBySeverity: severityCounts,
      waived: int,
      byRule: { type: 'object', additionalProperties: statusCounts },
      byAccount: {
        type: 'object',
        propertyNames: { pattern: '^[0-9]{12}$' },
        additionalProperties: obj({ byStatus: statusCounts, failingBySeverity: severityCounts }),
      },
    }),
    failures: arr(
      obj(
        {
          accountId,
          region: nonEmpty,
          ruleId: nonEmpty,
          severity,
          resourceArn: nonEmpty,
          resourceId: nonEmpty,
          message: nonEmpty,
          fingerprint: { type: 'string', pattern: '^[0-9a-f]{64}$' },
        },
        { baseline: { enum: ['new', 'unchanged'] } },
      ),
    ),
  }),
};
