// Property-based: whatever the snapshot file holds, loading it either succeeds or fails with one
// UserError naming the file and where in the document the problem is — never a crash. A document
// that loads is evaluated by every rule without throwing.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { ruleRegistry } from '../../rules/index.js';
import { buildDemoSnapshot } from '../../scripts/demo-account.js';
import { evaluateSnapshot } from '../../src/engine/scan.js';
import { parseSnapshot, readSnapshotFile } from '../../src/snapshot/io.js';
import { UserError } from '../../src/util/errors.js';
import { tempDir } from '../support/cli.js';
import { applyMutation, hostileValue, mutationOf, pointerExists } from './support/json-mutations.js';

const SOURCE = 'fuzz.json';
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const demo = buildDemoSnapshot();

/** Calls `load`; returns the loaded value, or checks the error's shape and returns undefined. */
function loadOrExplain<T>(load: () => T, document: unknown, file: string): T | undefined {
  let loaded: T;
  try {
    loaded = load();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    const message = (error as UserError).message;
    expect(message).not.toContain('\n');
    expect(message.startsWith(`snapshot ${file}`)).toBe(true);
    const rest = message.slice(`snapshot ${file}: `.length);
    if (rest.startsWith('/')) {
      // The path names a real place in the document the user gave (for a missing property, its
      // parent). Keys may hold ': ' themselves, so any split that names an existing place counts.
      const splits = [...rest.matchAll(/: /g)].map((match) => rest.slice(0, match.index));
      expect([rest, splits.some((pointer) => pointerExists(document, pointer))]).toEqual([rest, true]);
    } else if (!rest.startsWith('(document root): ')) {
      // The two root-level checks come before the schema: the document's type and its version.
      expect(rest).toMatch(/^(the document must be a JSON object|schemaVersion .* is not supported; .*)$/);
    }
    return undefined;
  }
  return loaded;
}

function evaluatesWithoutThrowing(document: unknown): void {
  const snapshot = loadOrExplain(() => parseSnapshot(document, SOURCE), document, SOURCE);
  if (snapshot === undefined) return;
  // A throwing rule is caught and reported as a rule error (an incomplete scan), never a crash.
  const result = evaluateSnapshot(snapshot, ruleRegistry, { kind: 'snapshot', file: SOURCE });
  expect(result.summary.total).toBe(result.findings.length);
}

describe('snapshot loader under random and mutated documents', () => {
  it('loads the unmutated demo snapshot', () => {
    expect(parseSnapshot(structuredClone(demo), SOURCE)).toEqual(demo);
  });

  it('random JSON values: a clear error, never a crash', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (document) => {
        loadOrExplain(() => parseSnapshot(document, SOURCE), document, SOURCE);
      }),
      { numRuns: RUNS },
    );
  });

  it('random objects with a valid schemaVersion reach the schema and name a path', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 3 })), (fields) => {
        const document = { ...fields, schemaVersion: demo.schemaVersion };
        loadOrExplain(() => parseSnapshot(document, SOURCE), document, SOURCE);
      }),
      { numRuns: RUNS },
    );
  });

  it('one mutation of the demo snapshot (deleted, retyped, added fields; huge numbers; unicode): loads or names the path', () => {
    fc.assert(
      fc.property(mutationOf(demo), (mutation) => {
        evaluatesWithoutThrowing(applyMutation(demo, mutation));
      }),
      { numRuns: RUNS },
    );
  });

  it('several mutations at once', () => {
    fc.assert(
      fc.property(fc.array(mutationOf(demo), { minLength: 2, maxLength: 6 }), (mutations) => {
        let document: unknown = demo;
        for (const mutation of mutations) {
          document = applyMutation(document, mutation);
          if (typeof document !== 'object' || document === null) break;
        }
        evaluatesWithoutThrowing(document);
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });

  it('wrong schema versions name the version', () => {
    fc.assert(
      fc.property(
        hostileValue.filter((value) => value !== demo.schemaVersion),
        (version) => {
          const document = { ...structuredClone(demo), schemaVersion: version };
          expect(() => parseSnapshot(document, SOURCE)).toThrow(
            /^snapshot fuzz\.json: schemaVersion .* is not supported; this aws-audit reads schemaVersion 1$/,
          );
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('snapshot files on disk', () => {
  let dir: string;
  let demoText: Buffer;
  beforeAll(async () => {
    dir = await tempDir('aws-audit-fuzz-');
    demoText = Buffer.from(`${JSON.stringify(demo, null, 2)}\n`);
  });

  it('truncated at any byte offset: the file is named, never a crash', async () => {
    const path = join(dir, 'truncated.json');
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: demoText.length }), async (offset) => {
        await writeFile(path, demoText.subarray(0, offset));
        let loaded: unknown;
        try {
          loaded = await readSnapshotFile(path);
        } catch (error) {
          expect(error).toBeInstanceOf(UserError);
          expect((error as Error).message).toMatch(
            new RegExp(
              `^snapshot ${path} is not valid JSON \\(.*\\); is the file truncated\\?$|^snapshot ${path}: `,
            ),
          );
          return;
        }
        // Only the trailing newline can go without losing anything.
        expect(offset).toBeGreaterThanOrEqual(demoText.length - 1);
        expect(loaded).toEqual(demo);
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });

  it('random bytes: the file is named, never a crash', async () => {
    const path = join(dir, 'random.bin');
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 512 }), async (bytes) => {
        await writeFile(path, bytes);
        await expect(readSnapshotFile(path)).rejects.toThrow(UserError);
        await expect(readSnapshotFile(path)).rejects.toThrow(`snapshot ${path}`);
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });
});
