// Reading and writing snapshot files. A bad file gets one clear error naming the file and the
// offending path (exit 2); nothing downstream ever sees an unvalidated snapshot.
import { constants } from 'node:buffer';
import { jsonPieces } from '../util/json-pieces.js';
import { readFile } from 'node:fs/promises';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { writeFileAtomic, describeFsError } from '../util/atomic-file.js';
import { UserError } from '../util/errors.js';
import { snapshotSchema } from './schema.js';
import { SNAPSHOT_SCHEMA_VERSION, type Snapshot } from './types.js';

// ajv-formats is CommonJS; under NodeNext its default export arrives as the module object.
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

const ajv = new Ajv2020({ allErrors: false, strict: true, allowUnionTypes: true });
addFormats(ajv);
const validateSnapshot = ajv.compile<Snapshot>(snapshotSchema);

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

/** Validates a parsed document; `source` names the file in the error. */
export function parseSnapshot(document: unknown, source: string): Snapshot {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new UserError(`snapshot ${source}: the document must be a JSON object`);
  }
  const version = (document as { schemaVersion?: unknown }).schemaVersion;
  if (version !== SNAPSHOT_SCHEMA_VERSION) {
    throw new UserError(
      `snapshot ${source}: schemaVersion ${JSON.stringify(version ?? null)} is not supported; ` +
        `this aws-audit reads schemaVersion ${SNAPSHOT_SCHEMA_VERSION}`,
    );
  }
  if (!validateSnapshot(document)) {
    throw new UserError(`snapshot ${source}: ${formatSchemaError(validateSnapshot.errors?.[0])}`);
  }
  return document;
}

/** readFile's refusal to build a string past V8's limit (Node 20 throws a bare RangeError). */
function isTooLongForOneString(error: unknown): boolean {
  const { code, name, message } = (error ?? {}) as { code?: unknown; name?: unknown; message?: unknown };
  if (code === 'ERR_STRING_TOO_LONG') return true;
  // By name, not instanceof: the error may come from another realm (a VM context, a worker).
  return name === 'RangeError' && typeof message === 'string' && /string length|string longer/i.test(message);
}

export async function readSnapshotFile(path: string): Promise<Snapshot> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isTooLongForOneString(error))
      throw new UserError(
        `cannot read snapshot ${path}: it is larger than the ${Math.floor(constants.MAX_STRING_LENGTH / 2 ** 20)} MiB ` +
          'of text Node.js can hold as one string; collect one snapshot per account ' +
          '(collect --org-role-name ROLE --out-dir DIR) and scan each',
      );
    throw new UserError(`cannot read snapshot ${path}: ${describeFsError(error)}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UserError(`snapshot ${path} is not valid JSON (${reason}); is the file truncated?`);
  }
  return parseSnapshot(document, path);
}

export async function writeSnapshotFile(path: string, snapshot: Snapshot): Promise<void> {
  // Each resource one piece (util/json-pieces.ts): a snapshot of any size can be written.
  await writeFileAtomic(path, snapshotPieces(snapshot));
}

/** accounts[] → account → regions[] → region → a kind's list → one resource: level 6. */
const RESOURCE_DEPTH = 6;

function* snapshotPieces(snapshot: Snapshot): Generator<string> {
  yield* jsonPieces(snapshot, RESOURCE_DEPTH);
  yield '\n';
}
