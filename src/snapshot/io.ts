// Reading and writing snapshot files. A bad file gets one clear error naming the file and the
// offending path (exit 2); nothing downstream ever sees an unvalidated snapshot.
import { jsonFilePieces } from '../util/json-pieces.js';
import { inUserWords, readJsonFile, type JsonFileReading } from '../util/large-json.js';
import { validateSnapshot } from '../generated/schema-validators.js';
import { writeFileAtomic } from '../util/atomic-file.js';
import { UserError } from '../util/errors.js';
import { formatSchemaError } from '../util/schema-errors.js';
import { REGIONAL_LIST_KINDS, SNAPSHOT_SCHEMA_VERSION, type Snapshot } from './types.js';

// validateSnapshot is compiled at build time (`npm run schemas`) from the schema generated from
// ./types/ (scripts/snapshot-schema.ts), not at import.

/**
 * accounts[] → account → regions[] → region → a kind's list → one resource: level 6. Snapshots are
 * written one resource at a time, and read so past 16 MiB (util/json-pieces.ts, util/large-json.ts).
 */
const RESOURCE_DEPTH = 6;
/**
 * Resource lists added to schemaVersion 1 after its first release (Lambda, ECS, Instance Connect
 * Endpoints, and any list added since): a snapshot written before them lacks the list and its
 * collection state. A list that is missing while its kind has no collection state was not
 * collected, so an empty list keeps the contract (every list present) and the absent state still
 * makes rules needing it say `unknown`. A list missing while its state is set stays an error.
 * Derived from the kind table, so a new list kind needs no entry here.
 */
function upgradeRegions(document: { accounts?: unknown }): void {
  if (!Array.isArray(document.accounts)) return;
  for (const account of document.accounts as { regions?: unknown }[]) {
    if (typeof account !== 'object' || account === null || !Array.isArray(account.regions)) continue;
    for (const region of account.regions as Record<string, unknown>[]) {
      if (typeof region !== 'object' || region === null) continue;
      const states =
        typeof region.collection === 'object' && region.collection !== null ? region.collection : {};
      for (const kind of REGIONAL_LIST_KINDS) {
        if (!(kind in states)) region[kind] ??= [];
      }
    }
  }
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
  upgradeRegions(document);
  if (!validateSnapshot(document)) {
    throw new UserError(`snapshot ${source}: ${formatSchemaError(validateSnapshot.errors?.[0])}`);
  }
  return document as Snapshot;
}

/**
 * Reads, checks and upgrades a snapshot file. One past 16 MiB is walked through a window of a few
 * megabytes (util/large-json.ts), never held whole beside the parsed resources; `reading` is for
 * tests, which shrink both sizes to walk small files.
 */
export async function readSnapshotFile(path: string, reading?: JsonFileReading): Promise<Snapshot> {
  let document: unknown;
  try {
    document = await readJsonFile(path, RESOURCE_DEPTH, undefined, reading);
  } catch (error) {
    throw inUserWords(error, {
      read: (reason) => `cannot read snapshot ${path}: ${reason}`,
      parse: (reason) => `snapshot ${path} is not valid JSON (${reason}); is the file truncated?`,
    });
  }
  return parseSnapshot(document, path);
}

export async function writeSnapshotFile(path: string, snapshot: Snapshot): Promise<void> {
  // Each resource one piece (util/json-pieces.ts): a snapshot of any size can be written.
  await writeFileAtomic(path, jsonFilePieces(snapshot, RESOURCE_DEPTH));
}
