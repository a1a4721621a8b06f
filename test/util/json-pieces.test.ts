import fc from 'fast-check';
import { jsonPieces } from '../../src/util/json-pieces.js';

const joined = (value: unknown, depth: number): string => [...jsonPieces(value, depth)].join('');

describe('jsonPieces', () => {
  it('joins to exactly JSON.stringify(value, null, 2) at every split depth', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 6 }), (value, depth) => {
        expect(joined(value, depth)).toBe(JSON.stringify(value, null, 2));
      }),
      { numRuns: 300 },
    );
  });

  it('drops and nulls what JSON.stringify drops and nulls, and honours toJSON with its key', () => {
    const value = {
      kept: 1,
      missing: undefined,
      method: () => 1,
      symbol: Symbol('s'),
      list: [undefined, () => 1, Symbol('s'), 'x'],
      when: new Date(Date.UTC(2026, 10, 21)),
      keyed: { toJSON: (key: string) => `called for ${key}` },
      replaced: { toJSON: () => ({ inner: [1, { deep: 'line\nbreak' }] }) },
      empty: { list: [], object: {}, onlyUndefined: { a: undefined } },
    };
    for (const depth of [0, 1, 2, 3, 9]) expect(joined(value, depth)).toBe(JSON.stringify(value, null, 2));
    expect(joined(value, 9)).toContain('"keyed": "called for keyed"');
  });

  it('makes one piece per item of a list at the split depth', () => {
    const report = { summary: { total: 3 }, findings: [{ id: 1 }, { id: 2 }, { id: 3 }] };
    const pieces = [...jsonPieces(report, 2)];
    expect(pieces.filter((p) => p.includes('"id"'))).toEqual([
      '{\n      "id": 1\n    }',
      '{\n      "id": 2\n    }',
      '{\n      "id": 3\n    }',
    ]);
  });
});
