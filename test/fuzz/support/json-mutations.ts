// Mutations of a JSON document for property-based tests: every path of the document, and
// arbitraries that delete, retype or replace what is there (huge numbers, odd unicode).
import fc from 'fast-check';

export type JsonPath = (string | number)[];

/** Every path in the document, the root included, containers and leaves alike. */
export function allPaths(value: unknown, prefix: JsonPath = []): JsonPath[] {
  const paths: JsonPath[] = [prefix];
  if (Array.isArray(value)) value.forEach((item, index) => paths.push(...allPaths(item, [...prefix, index])));
  else if (typeof value === 'object' && value !== null)
    for (const [key, item] of Object.entries(value)) paths.push(...allPaths(item, [...prefix, key]));
  return paths;
}

/** RFC 6901, as ajv prints `instancePath`. */
export function toPointer(path: JsonPath): string {
  return path.map((part) => `/${String(part).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** Whether a JSON pointer names a location that exists in the document. */
export function pointerExists(document: unknown, pointer: string): boolean {
  if (pointer === '') return true;
  let current: unknown = document;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return false;
    current = (current as Record<string, unknown>)[key];
  }
  return true;
}

/** Values that stress a loader where anything may stand. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(
    1e308,
    -1e308,
    2 ** 53 + 1,
    2 ** 64,
    -0,
    0.5,
    -1,
    '',
    '\u0000',
    '\u202e\u200b',
    '\ud800',
    '😀'.repeat(1000),
    'a'.repeat(100_000),
    [],
    {},
    null,
    true,
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

export type Mutation =
  | { kind: 'delete'; path: JsonPath }
  | { kind: 'replace'; path: JsonPath; value: unknown }
  | { kind: 'add-property'; path: JsonPath; key: string; value: unknown };

type Container = Record<string | number, unknown>;

/** The container at `path`, or undefined when an earlier mutation removed it. */
function containerAt(root: unknown, path: JsonPath): Container | undefined {
  let current: unknown = root;
  for (const part of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Container)[part];
  }
  return typeof current === 'object' && current !== null ? (current as Container) : undefined;
}

/** Applies a mutation to a deep copy; the root itself can be replaced. A vanished path is a no-op. */
export function applyMutation(document: unknown, mutation: Mutation): unknown {
  const copy = structuredClone(document);
  if (mutation.path.length === 0) {
    if (mutation.kind === 'replace') return mutation.value;
    if (mutation.kind === 'delete') return undefined;
  }
  if (mutation.kind === 'add-property') {
    const target = containerAt(copy, mutation.path);
    if (target && !Array.isArray(target)) target[mutation.key] = mutation.value;
    return copy;
  }
  const parent = containerAt(copy, mutation.path.slice(0, -1));
  const key = mutation.path[mutation.path.length - 1]!;
  if (parent === undefined) return copy;
  if (mutation.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else {
    parent[key] = mutation.value;
  }
  return copy;
}

/**
 * A mutation of `document` at one of its paths. Added keys are printable ASCII: a key with a line
 * break is a known, separately tested problem (test/fuzz/one-line-errors.test.ts).
 */
export function mutationOf(document: unknown): fc.Arbitrary<Mutation> {
  const paths = allPaths(document);
  const path = fc.nat({ max: paths.length - 1 }).map((index) => paths[index]!);
  return fc.oneof(
    path.map((p): Mutation => ({ kind: 'delete', path: p })),
    fc.record({ path, value: hostileValue }).map((m): Mutation => ({ kind: 'replace', ...m })),
    fc
      .record({
        path,
        key: fc.string({ maxLength: 12 }),
        value: fc.jsonValue({ maxDepth: 2 }),
      })
      .map((m): Mutation => ({ kind: 'add-property', ...m })),
  );
}
