// Writes the published JSON Schemas (schemas/*.json) from their TypeScript sources (the snapshot's
// generated from its types, ./snapshot-schema.ts; the others kept as modules in src/report/), and the
// validators compiled from them (src/generated/schema-validators.ts), with `npm run schemas`.
import { writeFile } from 'node:fs/promises';
import { snapshotSchema } from './snapshot-schema.js';
import { reportSchema } from '../src/report/report-schema.js';
import { mergedReportSchema } from '../src/report/merge-schema.js';
import { VALIDATORS_PATH, renderValidators } from './write-validators.js';
import { asffFindingsSchema } from '../src/report/asff-schema.js';
import { reachSchema } from '../src/report/reach-schema.js';

export const PUBLISHED_SCHEMAS: Record<string, unknown> = {
  'schemas/snapshot.schema.json': snapshotSchema(),
  'schemas/report.schema.json': reportSchema,
  'schemas/merged-report.schema.json': mergedReportSchema,
  'schemas/asff-findings.schema.json': asffFindingsSchema,
  'schemas/reach.schema.json': reachSchema,
};

export function renderSchema(schema: unknown): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1]?.endsWith('write-schemas.ts') || process.argv[1]?.endsWith('write-schemas.js')) {
  for (const [path, schema] of Object.entries(PUBLISHED_SCHEMAS)) {
    await writeFile(path, renderSchema(schema));
    console.log(`wrote ${path}`);
  }
  // The same schemas compiled to standalone validators (scripts/write-validators.ts).
  await writeFile(VALIDATORS_PATH, renderValidators());
  console.log(`wrote ${VALIDATORS_PATH}`);
}
