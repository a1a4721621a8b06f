// Validates a JSON report against the published report schema: used by tests on real output, and
// by `--baseline` and `merge`, which read reports back.
import { validateFinding, validateReport as validate } from '../generated/schema-validators.js';
import { formatSchemaError } from '../util/schema-errors.js';
import type { Finding } from '../engine/types.js';
import { UserError } from '../util/errors.js';
import { inUserWords, readJsonFile, type JsonFileWords } from '../util/large-json.js';
import { REPORT_FINDING_DEPTH, type JsonReport } from './json-report.js';

// The validators are compiled from ./report-schema.ts at build time (`npm run schemas`).

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

/** A report's shape problem found while reading it finding by finding. */
class ReportShapeError extends Error {}

/** The finding at `index`, or a ReportShapeError naming its first problem. */
function checkedFinding(finding: unknown, index: number): Finding {
  const problem = findingProblem(finding, index);
  if (problem !== undefined) throw new ReportShapeError(problem);
  return finding as Finding;
}

/** How a reader of reports words each way a file can be refused (all exit 2). */
export interface ReportReadErrors extends JsonFileWords {
  shape(problem: string): string;
}

/** The words every command that reads a JSON report back uses for a refused file (exit 2). */
export function reportFileErrors(file: string): ReportReadErrors {
  return {
    read: (reason) => `report ${file}: cannot read: ${reason}`,
    parse: (reason) => `report ${file}: not valid JSON: ${reason}`,
    shape: (problem) => `report ${file}: ${problem}`,
  };
}

/**
 * Reads and validates a JSON report of any size (util/large-json.ts), checking each finding as it
 * is read and keeping only those `keep` accepts, so a million-finding report never sits whole in
 * memory (`--baseline` keeps the failures, `merge` counts them all and keeps none).
 */
function isSarifLog(document: unknown): boolean {
  if (typeof document !== 'object' || document === null) return false;
  const { $schema, version, runs } = document as { $schema?: unknown; version?: unknown; runs?: unknown };
  return (
    (typeof $schema === 'string' && /sarif/i.test($schema)) || (version === '2.1.0' && Array.isArray(runs))
  );
}

export async function readCheckedReport(
  file: string,
  keep: (finding: Finding) => boolean,
  errors: ReportReadErrors,
): Promise<JsonReport> {
  let document: unknown;
  try {
    document = await readJsonFile(file, REPORT_FINDING_DEPTH, {
      list: 'findings',
      keep: (finding, index) => keep(checkedFinding(finding, index)),
    });
  } catch (error) {
    if (error instanceof ReportShapeError) throw new UserError(errors.shape(error.message));
    throw inUserWords(error, errors);
  }
  // The SARIF file sits beside the JSON report and is an easy mistake: say which file is wanted.
  if (isSarifLog(document))
    throw new UserError(
      errors.shape('is a SARIF log; this command expects aws-audit JSON reports (aws-audit-report.json)'),
    );
  const problem = reportProblem(document);
  if (problem !== undefined) throw new UserError(errors.shape(problem));
  return document as JsonReport;
}
