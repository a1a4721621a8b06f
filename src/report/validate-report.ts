// Validates a JSON report against the published report schema: used by tests on real output and
// by `--baseline`, which reads a previous report.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { formatSchemaError } from '../snapshot/io.js';
import type { Finding } from '../engine/types.js';
import type { JsonReport } from './json-report.js';
import { findingSchema, reportSchema } from './report-schema.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = new Ajv2020({ allErrors: false, strict: true, allowUnionTypes: true });
addFormats(ajv);
const validate = ajv.compile<JsonReport>(reportSchema);
const validateFinding = ajv.compile(findingSchema);

/** Returns undefined when valid, else the first problem as `path: message`. */
export function reportProblem(document: unknown): string | undefined {
  return validate(document) ? undefined : formatSchemaError(validate.errors?.[0]);
}

export function isValidReport(document: unknown): document is JsonReport {
  return validate(document);
}

/**
 * The first problem of one finding, as `/findings/<index>/…: message` (the same words as
 * `reportProblem`): a baseline checks each finding as it reads it, then drops those it does not need.
 */
export function findingProblem(finding: unknown, index: number): string | undefined {
  if (validateFinding(finding)) return undefined;
  const error = validateFinding.errors?.[0];
  return formatSchemaError(error && { ...error, instancePath: `/findings/${index}${error.instancePath}` });
}

/** A report's shape problem found while reading it finding by finding (baseline, merge). */
export class ReportShapeError extends Error {}

/** The finding at `index`, or a ReportShapeError naming its first problem. */
export function checkedFinding(finding: unknown, index: number): Finding {
  const problem = findingProblem(finding, index);
  if (problem !== undefined) throw new ReportShapeError(problem);
  return finding as Finding;
}
