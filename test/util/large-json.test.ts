import fc from 'fast-check';
import { parseJsonBuffer } from '../../src/util/large-json.js';

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
