// `JSON.stringify(value, null, 2)` as a sequence of pieces. V8 cannot hold a string longer than
// 2^29 − 24 characters (≈ 512 MiB): a report of ~330,000 findings, or a snapshot of ~500,000
// resources, would fail with "Invalid string length" if rendered as one string. Written piece by
// piece, the file has no size ceiling and the bytes are the same as the single-string rendering.

const INDENT = '  ';

/** What JSON.stringify drops from an object (and writes as `null` in an array). */
function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

function withToJson(value: unknown, key: string): unknown {
  const toJSON = (value as { toJSON?: unknown } | null | undefined)?.toJSON;
  return typeof toJSON === 'function' ? (toJSON as (key: string) => unknown).call(value, key) : value;
}

/** One value rendered whole, its inner lines indented to sit at `depth`. */
function whole(value: unknown, depth: number): string {
  const text = JSON.stringify(value, null, INDENT);
  // Newlines in JSON text are structural only (string contents escape them), so this is exact.
  return depth === 0 ? text : text.replace(/\n/g, `\n${INDENT.repeat(depth)}`);
}

/**
 * The pieces of `JSON.stringify(value, null, 2)`: objects and arrays down to `splitDepth` levels
 * (the root is level 0) are taken apart; anything deeper is one `JSON.stringify` each, so choose the
 * depth of the long lists' items (a report's findings: 2).
 */
export function jsonPieces(value: unknown, splitDepth: number): Generator<string> {
  return piecesOf(withToJson(value, ''), splitDepth, 0);
}

/**
 * One item of a list split by `jsonPieces`, as the list's pieces write it at `depth` (the list's own
 * depth + 1): a report's finding is `jsonItemText(finding, 2)`. For writers that render a long
 * list's items one at a time and join them later (report/finding-spill.ts).
 */
export function jsonItemText(value: unknown, depth: number): string {
  return whole(withToJson(value, ''), depth);
}

/** A JSON file's text in pieces: `jsonPieces` and the final newline every file we write ends with. */
export function* jsonFilePieces(value: unknown, splitDepth: number): Generator<string> {
  yield* jsonPieces(value, splitDepth);
  yield '\n';
}

function* piecesOf(value: unknown, splitDepth: number, depth: number): Generator<string> {
  if (depth >= splitDepth || value === null || typeof value !== 'object') {
    yield whole(value, depth);
    return;
  }
  const inner = `\n${INDENT.repeat(depth + 1)}`;
  const closing = `\n${INDENT.repeat(depth)}`;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let i = 0; i < value.length; i++) {
      yield i === 0 ? inner : `,${inner}`;
      const item = withToJson(value[i], String(i));
      if (isOmitted(item)) yield 'null';
      else yield* piecesOf(item, splitDepth, depth + 1);
    }
    yield `${closing}]`;
    return;
  }
  let first = true;
  for (const [name, raw] of Object.entries(value)) {
    const item = withToJson(raw, name);
    if (isOmitted(item)) continue;
    yield `${first ? '{' : ','}${inner}${JSON.stringify(name)}: `;
    first = false;
    yield* piecesOf(item, splitDepth, depth + 1);
  }
  yield first ? '{}' : `${closing}}`;
}
