// The snapshot's JSON Schema, generated from its TypeScript types (src/snapshot/types/) by
// ts-json-schema-generator, so the types and the schema cannot drift: `npm run schemas` writes it to
// schemas/snapshot.schema.json and compiles it into src/generated/schema-validators.ts, and
// test/meta/generated-files.test.ts fails when either is stale. Constraints beyond TypeScript
// (non-empty ids, integers, patterns, formats) are JSDoc tags on the types (types/common.ts).
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import {
  DEFAULT_CONFIG,
  SchemaGenerator,
  createFormatter,
  createParser,
  type CompletedConfig,
} from 'ts-json-schema-generator';
import { SNAPSHOT_SCHEMA_VERSION } from '../src/snapshot/types.js';

type Schema = Record<string, unknown>;

const root = new URL('../', import.meta.url);

let generatedOnce: Schema | undefined;

/**
 * The draft 2020-12 schema of `Snapshot`: every object closed, named types under `$defs`. Generated
 * once per process (a TypeScript program of the snapshot types takes seconds).
 */
export function snapshotSchema(): Schema {
  generatedOnce ??= generateSnapshotSchema();
  return generatedOnce;
}

function generateSnapshotSchema(): Schema {
  const config: CompletedConfig = {
    ...DEFAULT_CONFIG,
    type: 'Snapshot',
    expose: 'export',
    topRef: false,
    jsDoc: 'extended',
    additionalProperties: false,
    sortProps: false,
    skipTypeCheck: true,
  };
  // A program of the snapshot types alone, without the project's ambient types (node, jest): the
  // types import nothing else, and generating stays quick enough for the staleness test.
  const program = ts.createProgram([fileURLToPath(new URL('src/snapshot/types.ts', root))], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    exactOptionalPropertyTypes: true,
    types: [],
    noEmit: true,
  });
  const generator = new SchemaGenerator(
    program,
    createParser(program, config),
    createFormatter(config),
    config,
  );
  const generated = generator.createSchema('Snapshot') as Schema;
  const { $schema: _draft07, definitions = {}, ...snapshot } = generated;
  const defs = flattenEnumUnions(definitions as Record<string, Schema>);
  const body = rewriteRefs(snapshot, defs) as Schema;
  const $defs = Object.fromEntries(
    Object.entries(defs)
      .filter(([, schema]) => !isScalar(schema))
      .map(([name, schema]) => [name, rewriteRefs(schema, defs)]),
  );
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://aws-audit.dev/schemas/snapshot-v${SNAPSHOT_SCHEMA_VERSION}.json`,
    title: 'aws-audit snapshot',
    ...body,
    $defs,
  };
}

/**
 * A union of string unions (`ResourceKind = RegionalKind | GlobalKind`) becomes one `enum`, so a bad
 * value is reported with the allowed values rather than as "must match a schema in anyOf".
 */
function flattenEnumUnions(defs: Record<string, Schema>): Record<string, Schema> {
  const enumOf = (ref: unknown): unknown[] | undefined => {
    const target = typeof ref === 'string' ? defs[ref.replace(/^#\/definitions\//, '')] : undefined;
    return target?.type === 'string' && Array.isArray(target.enum) ? target.enum : undefined;
  };
  return Object.fromEntries(
    Object.entries(defs).map(([name, schema]) => {
      const members = Array.isArray(schema.anyOf) ? (schema.anyOf as Schema[]) : [];
      const enums = members.map((member) => enumOf(member.$ref));
      if (members.length === 0 || enums.some((values) => values === undefined)) return [name, schema];
      const { anyOf: _members, ...annotations } = schema;
      return [name, { type: 'string', enum: enums.flatMap((values) => values ?? []), ...annotations }];
    }),
  );
}

/** A named string or number (NonEmptyString, Integer, …): inlined where used, so fields read plainly. */
function isScalar(schema: Schema): boolean {
  return schema.type === 'string' && schema.enum === undefined
    ? true
    : schema.type === 'integer' || schema.type === 'number';
}

/** draft-07 `#/definitions/X` becomes 2020-12 `#/$defs/X`; scalar definitions are inlined. */
function rewriteRefs(node: unknown, defs: Record<string, Schema>): unknown {
  if (Array.isArray(node)) return node.map((item) => rewriteRefs(item, defs));
  if (typeof node !== 'object' || node === null) return node;
  const { $ref, ...rest } = node as Schema;
  const mapped = Object.fromEntries(
    Object.entries(rest).map(([key, value]) => [key, rewriteRefs(value, defs)]),
  );
  if (typeof $ref !== 'string') return mapped;
  const name = decodeURIComponent($ref.replace(/^#\/definitions\//, ''));
  const target = defs[name];
  if (target === undefined) throw new Error(`snapshot schema: ${$ref} names no definition`);
  if (isScalar(target)) {
    // The field's own description wins over the alias's.
    const { description: _aliasDescription, ...constraint } = target;
    return { ...constraint, ...mapped };
  }
  return { $ref: `#/$defs/${name}`, ...mapped };
}
