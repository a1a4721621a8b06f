// JSON Schema (draft 2020-12) of the ASFF findings we emit (`--format asff`, what `publish` sends):
// the ASFF fields we set, with Security Hub's required attributes, enums and length limits
// (aws-facts §10.4, asff.ts ASFF_LIMITS). Tests validate real output with it; `npm run schemas`
// publishes it as schemas/asff-findings.schema.json.
import { ASFF_LIMITS, ASFF_SCHEMA_VERSION } from './asff.js';
import { arr, obj, type Schema } from '../util/json-schema.js';

const text = (maxLength: number): Schema => ({ type: 'string', minLength: 1, maxLength });
const timestamp: Schema = { type: 'string', format: 'date-time' };
const label: Schema = { enum: ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] };
const severity = obj({ Label: label, Original: { enum: ['low', 'medium', 'high', 'critical'] } });
/** Namespace/Category/Classifier, at most three parts (ASFF "Types" taxonomy). */
const types: Schema = {
  type: 'array',
  minItems: 1,
  maxItems: 50,
  items: { type: 'string', pattern: '^[^/]+(/[^/]+){0,2}$', maxLength: 128 },
};

const resource = obj(
  {
    Type: {
      enum: [
        'AwsEc2Instance',
        'AwsEc2SecurityGroup',
        'AwsEc2Subnet',
        'AwsRdsDbInstance',
        'AwsLambdaFunction',
        'AwsEcsService',
        'AwsIamUser',
        'Other',
      ],
    },
    Id: text(ASFF_LIMITS.resourceId),
    Partition: { enum: ['aws', 'aws-cn', 'aws-us-gov'] },
    Region: text(32),
  },
  { Tags: { type: 'object', maxProperties: 50, additionalProperties: text(256) } },
);

export const asffFindingSchema: Schema = obj(
  {
    SchemaVersion: { const: ASFF_SCHEMA_VERSION },
    Id: text(ASFF_LIMITS.id),
    ProductArn: {
      type: 'string',
      pattern: '^arn:aws(-cn|-us-gov)?:securityhub:[a-z0-9-]+:[0-9]{12}:product/[0-9]{12}/default$',
    },
    ProductName: text(128),
    CompanyName: text(128),
    GeneratorId: text(ASFF_LIMITS.generatorId),
    AwsAccountId: { type: 'string', pattern: '^[0-9]{12}$' },
    Types: types,
    FirstObservedAt: timestamp,
    LastObservedAt: timestamp,
    CreatedAt: timestamp,
    UpdatedAt: timestamp,
    Severity: severity,
    Title: text(ASFF_LIMITS.title),
    Description: text(ASFF_LIMITS.description),
    Remediation: obj({
      // Url (and SourceUrl) are optional in ASFF: left out while the project declares no repository.
      Recommendation: obj(
        { Text: text(ASFF_LIMITS.recommendationText) },
        { Url: { type: 'string', format: 'uri' } },
      ),
    }),
    ProductFields: {
      type: 'object',
      maxProperties: ASFF_LIMITS.productFields,
      propertyNames: { maxLength: ASFF_LIMITS.productFieldKey },
      additionalProperties: { type: 'string', maxLength: ASFF_LIMITS.productFieldValue },
    },
    Resources: { ...arr(resource), minItems: 1, maxItems: 32 },
    Compliance: obj(
      { Status: { enum: ['PASSED', 'FAILED', 'NOT_AVAILABLE'] } },
      {
        RelatedRequirements: {
          ...arr(text(128)),
          maxItems: ASFF_LIMITS.relatedRequirements,
        },
      },
    ),
    FindingProviderFields: obj({ Severity: severity, Types: types }),
    RecordState: { enum: ['ACTIVE', 'ARCHIVED'] },
  },
  { Workflow: obj({ Status: { const: 'SUPPRESSED' } }), SourceUrl: { type: 'string', format: 'uri' } },
);

export const asffFindingsSchema: Schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://github.com/aws-audit/aws-audit/schemas/asff-findings.schema.json',
  title: 'aws-audit ASFF findings (BatchImportFindings input)',
  ...arr(asffFindingSchema),
};
