import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { writeSnapshotFile } from '../../src/snapshot/io.js';
import { JsonFileError, parseJsonBuffer, readJsonFile, type ListFilter } from '../../src/util/large-json.js';
import { buildDemoSnapshot } from '../../scripts/demo-account.js';

// A whole-parse limit of 0 bytes forces the walking reader on every input.
const walk = (text: string, depth: number): unknown =>
  parseJsonBuffer(Buffer.from(text, 'utf8'), depth, undefined, 0);

describe('parseJsonBuffer', () => {
  it('gives what JSON.parse gives, for any document, spacing and split depth', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.constantFrom(undefined, 2, '\t'),
        fc.integer({ min: 0, max: 5 }),
        (value, space, depth) => {
          const text = JSON.stringify(value, null, space);
          expect(walk(text, depth)).toEqual(JSON.parse(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps strings with quotes, escapes, brackets and non-ASCII text intact', () => {
    const value = { 'a"b': ['\\"]}', '{[', 'naïve — ✓', '\u0000'], '': { '\\': 1.5e-7 } };
    for (const depth of [0, 1, 2, 3]) expect(walk(JSON.stringify(value), depth)).toEqual(value);
  });

  it('makes "__proto__" an own property, as JSON.parse does', () => {
    const parsed = walk('{"__proto__": {"polluted": true}, "x": [1]}', 3) as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['__proto__', 'x']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['{"a": 1', /end of JSON input/],
    ['{"a": 1,}', /Expected a property name at byte 8/],
    ['[1, 2', /end of JSON input/],
    ['[1 2]', /Expected ',' at byte 3/],
    ['{"a": "unterminated}', /end of JSON input/],
    ['{"a": tru}', /in the value at byte 6/],
    ['[1] x', /Unexpected data after the JSON value at byte 4/],
    ['', /end of JSON input/],
  ])('rejects %j with a SyntaxError naming where', (text, pattern) => {
    expect(() => walk(text, 3)).toThrow(SyntaxError);
    expect(() => walk(text, 3)).toThrow(pattern);
  });

  it('parses small buffers whole, as before', () => {
    expect(parseJsonBuffer(Buffer.from('{"a": [1, 2]}'), 0)).toEqual({ a: [1, 2] });
    expect(() => parseJsonBuffer(Buffer.from('{"a": '), 0)).toThrow(SyntaxError);
  });

  it('keeps only the chosen items of a top-level list, walking or whole', () => {
    const report = {
      summary: { findings: [{ status: 'fail' }] },
      findings: [
        { status: 'pass' },
        { status: 'fail', id: 1 },
        { status: 'unknown' },
        { status: 'fail', id: 2 },
      ],
    };
    const filter = {
      list: 'findings',
      keep: (item: unknown) => (item as { status: string }).status === 'fail',
    };
    const expected = {
      ...report,
      findings: [
        { status: 'fail', id: 1 },
        { status: 'fail', id: 2 },
      ],
    };
    const text = JSON.stringify(report, null, 2);
    for (const limit of [0, Number.MAX_SAFE_INTEGER])
      expect(parseJsonBuffer(Buffer.from(text), 2, filter, limit)).toEqual(expected);
  });
});

describe('readJsonFile through a window', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aws-audit-large-json-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  let files = 0;
  async function fileOf(text: string | Buffer): Promise<string> {
    const path = join(dir, `doc-${files++}.json`);
    await writeFile(path, text);
    return path;
  }
  /** Every file walked (no whole read), through a window of `windowBytes`. */
  const walkFile = (path: string, depth: number, windowBytes = 16, filter?: ListFilter): Promise<unknown> =>
    readJsonFile(path, depth, filter, { wholeFileLimit: 0, windowBytes });

  async function parseError(text: string | Buffer, depth = 3, windowBytes = 16): Promise<JsonFileError> {
    const error: unknown = await walkFile(await fileOf(text), depth, windowBytes).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(JsonFileError);
    expect((error as JsonFileError).stage).toBe('parse');
    return error as JsonFileError;
  }

  it('gives what JSON.parse gives for any document many windows long, at any split depth', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.jsonValue(),
        fc.constantFrom(undefined, 2),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 16, max: 64 }),
        async (value, space, depth, windowBytes) => {
          const text = JSON.stringify(value, null, space);
          expect(await walkFile(await fileOf(text), depth, windowBytes)).toEqual(JSON.parse(text));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reads a whole snapshot through a window a thousandth its size, as JSON.parse does', async () => {
    const path = join(dir, 'demo.json');
    await writeSnapshotFile(path, buildDemoSnapshot());
    const text = await readFile(path, 'utf8');
    expect(text.length).toBeGreaterThan(64 * 1000);
    // 6: one resource at a time, as snapshot loading walks it.
    expect(await walkFile(path, 6, 64)).toEqual(JSON.parse(text));
  });

  it('parses a value that straddles the window, at every offset, and one many windows long', async () => {
    const value = { key: ['a long value "quoted", with \\ escapes \\" and }] brackets', { n: -1.5e3 }] };
    for (let pad = 0; pad < 40; pad++) {
      const text = `${' '.repeat(pad)}{"list": [${JSON.stringify(value)}, true, null]}`;
      expect(await walkFile(await fileOf(text), 2)).toEqual(JSON.parse(text));
    }
    const long = { text: 'x'.repeat(100_000), nested: [[['deep']]] };
    expect(await walkFile(await fileOf(JSON.stringify([long, long])), 1)).toEqual([long, long]);
  });

  it('keeps multibyte characters split across the window boundary intact', async () => {
    // 2-, 3- and 4-byte UTF-8 sequences, in keys and values, at every offset within a window.
    const text = (pad: number): string => `{"${'p'.repeat(pad)}": ["é✓😀", {"ключ✓": "值😀é"}], "😀": "✓"}`;
    for (let pad = 0; pad < 24; pad++)
      for (const depth of [0, 1, 2, 3])
        expect(await walkFile(await fileOf(text(pad)), depth)).toEqual(JSON.parse(text(pad)));
  });

  it('keeps an escape whose backslash is the last byte of the window', async () => {
    for (let pad = 0; pad < 20; pad++) {
      const text = `["${'a'.repeat(pad)}\\"\\\\", "\\u00e9\\n"]`;
      for (const depth of [0, 1]) expect(await walkFile(await fileOf(text), depth)).toEqual(JSON.parse(text));
    }
  });

  it('keeps only the chosen items of a top-level list, and lets a filter reject the document', async () => {
    const items = Array.from({ length: 50 }, (_, id) => ({ status: id % 3 === 0 ? 'fail' : 'pass', id }));
    const path = await fileOf(JSON.stringify({ summary: {}, findings: items }, null, 2));
    const fails = (item: unknown): boolean => (item as { status: string }).status === 'fail';
    expect(await walkFile(path, 2, 16, { list: 'findings', keep: fails })).toEqual({
      summary: {},
      findings: items.filter(fails),
    });
    class Verdict extends Error {}
    const reject = {
      list: 'findings',
      keep: (_: unknown, index: number): boolean => {
        if (index === 40) throw new Verdict('finding 40');
        return true;
      },
    };
    await expect(walkFile(path, 2, 16, reject)).rejects.toThrow(Verdict);
  });

  it('names the byte of bad JSON far past the first window', async () => {
    const head = `{"list": [${'1, '.repeat(100)}`;
    expect((await parseError(`${head}1 2]}`)).reason).toBe(`Expected ',' at byte ${head.length + 2}`);
    expect((await parseError(`${head}{"a": tru}]}`, 2)).reason).toMatch(
      new RegExp(`\\(in the value at byte ${head.length}\\)$`),
    );
    expect((await parseError(`${head}{"a": 1,}]}`, 3)).reason).toBe(
      `Expected a property name at byte ${head.length + 8}`,
    );
    expect((await parseError(`${head}1]} x`)).reason).toBe(
      `Unexpected data after the JSON value at byte ${head.length + 4}`,
    );
  });

  it('says where the input ends when the file is truncated, wherever it is cut', async () => {
    const text = JSON.stringify({ list: [{ a: 'text with \\ and ✓' }, [1, 2, { b: null }]] });
    for (let cut = 0; cut < text.length; cut++) {
      const bytes = Buffer.from(text).subarray(0, Buffer.byteLength(text.slice(0, cut)));
      for (const depth of [0, 2, 4])
        expect((await parseError(bytes, depth)).reason).toMatch(/Unexpected end of JSON input/);
    }
  });

  it('reads a small file whole, with the same result and a read error for a folder', async () => {
    const path = await fileOf('{"a": [1, 2]}');
    expect(await readJsonFile(path, 3)).toEqual({ a: [1, 2] });
    const error: unknown = await readJsonFile(dir, 3).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(JsonFileError);
    expect(error).toMatchObject({ stage: 'read', reason: expect.stringMatching(/directory/) as unknown });
  });
});
