// util/utf8-batches.ts: pieces encoded into one reused buffer, handed out in batches.
import { Utf8Batches } from '../../src/util/utf8-batches.js';

/** Every batch copied as it is handed out (a view is overwritten by the next piece). */
function drain(batches: Utf8Batches, pieces: readonly (string | Uint8Array)[]): Buffer[] {
  const out: Buffer[] = [];
  for (const piece of pieces) for (const bytes of batches.add(piece)) out.push(Buffer.from(bytes));
  for (const bytes of batches.rest()) out.push(Buffer.from(bytes));
  return out;
}

describe('Utf8Batches', () => {
  it('hands out the UTF-8 of the pieces in order, in batches no larger than the buffer', () => {
    const pieces = ['ab', 'é€', '𝄞x', 'yz', 'ü'];
    const out = drain(new Utf8Batches(8), pieces);
    expect(Buffer.concat(out).toString('utf8')).toBe(pieces.join(''));
    expect(out.every((bytes) => bytes.length <= 8)).toBe(true);
    expect(out.length).toBeGreaterThan(1);
  });

  it('writes a piece that might not fit an empty buffer on its own, after what was buffered', () => {
    const out = drain(new Utf8Batches(6), ['ab', 'long piece', 'c']);
    expect(out.map((bytes) => bytes.toString('utf8'))).toEqual(['ab', 'long piece', 'c']);
  });

  it('passes bytes through as they are, after what was buffered', () => {
    const raw = Uint8Array.from([1, 2, 3]);
    const out = drain(new Utf8Batches(64), ['a', raw, 'b']);
    expect(out.map((bytes) => [...bytes])).toEqual([[97], [1, 2, 3], [98]]);
  });

  it('hands out nothing when nothing was added, and forgets what is left once released', () => {
    const batches = new Utf8Batches(16);
    expect([...batches.rest()]).toEqual([]);
    for (const bytes of batches.add('abc')) expect(bytes).toBeUndefined();
    batches.release();
    expect([...batches.rest()]).toEqual([]);
  });
});
