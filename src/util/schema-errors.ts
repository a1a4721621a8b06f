// One line per JSON Schema violation, in the words every file reader uses (snapshot, report,
// baseline, merge): `path: message (detail)`.
import type { ErrorObject } from 'ajv';

export function formatSchemaError(error: ErrorObject | undefined): string {
  if (!error) return 'does not match the schema';
  const where = error.instancePath === '' ? '(document root)' : error.instancePath;
  const extra =
    error.keyword === 'additionalProperties'
      ? ` (${String((error.params as { additionalProperty?: unknown }).additionalProperty)})`
      : error.keyword === 'enum'
        ? ` (${((error.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(', ')})`
        : '';
  return `${where}: ${error.message ?? 'is invalid'}${extra}`;
}
