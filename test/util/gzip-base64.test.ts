// The streamed gzip + base64 of the HTML page's data block (util/gzip-base64.ts) must be the bytes
// of gzipSync(...).toString('base64') on the whole input: the page a streamed scan writes is
// compared byte for byte with the in-memory one. That deflate's output does not depend on how the
// input is split into writes is zlib's behaviour, checked here rather than assumed.
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { Base64Chunks, gzipBase64 } from '../../src/util/gzip-base64.js';

/** `bytes` in pieces of the given sizes, cycled (the last piece may be shorter). */
function split(bytes: Buffer, sizes: readonly number[]): Buffer[] {
  const pieces: Buffer[] = [];
  for (let offset = 0, i = 0; offset < bytes.length; i++) {
    const size = sizes[i % sizes.length]!;
    pieces.push(bytes.subarray(offset, offset + size));
    offset += size;
  }
  return pieces;
}

async function* fromPieces(pieces: readonly (string | Uint8Array)[]): AsyncGenerator<string | Uint8Array> {
  for (const piece of pieces) yield await Promise.resolve(piece);
}

async function streamed(pieces: readonly (string | Uint8Array)[], level = 6): Promise<string> {
  let text = '';
  for await (const part of gzipBase64(fromPieces(pieces), level)) text += part;
  return text;
}

/** JSON-like text that compresses as a report's findings do: repeats with small changes, some non-ASCII. */
function reportLikeText(items: number): Buffer {
  const parts = Array.from(
    { length: items },
    (_, i) =>
      `{"ruleId":"rule-${i % 37}","status":"${['pass', 'fail', 'unknown'][i % 3]}","message":"résumé ${i} — ${randomBytes(4).toString('hex')}"}`,
  );
  return Buffer.from(`{"rules":{},"findings":[${parts.join(',')}]}`);
}

describe('gzipBase64', () => {
  const inputs: [string, Buffer][] = [
    ['empty', Buffer.alloc(0)],
    ['one byte', Buffer.from('x')],
    ['report-like text, ~1 MB', reportLikeText(12_000)],
    ['random bytes, 300 KB', randomBytes(300_000)],
  ];
  const splits: [string, number[]][] = [
    ['one piece', [Number.MAX_SAFE_INTEGER]],
    ['1-byte pieces', [1]],
    ['uneven pieces', [7, 1, 65_536, 3, 100_001, 2]],
    ['16 KiB pieces', [16_384]],
  ];
  for (const [label, bytes] of inputs)
    it.each(splits)(`${label}: the gzipSync bytes in base64, written in %s`, async (_split, sizes) => {
      // 1-byte pieces of a large input take long; a prefix exercises the same path.
      const input = sizes[0] === 1 ? bytes.subarray(0, 20_000) : bytes;
      const expected = gzipSync(input, { level: 6 }).toString('base64');
      expect(await streamed(split(input, sizes))).toBe(expected);
    });

  it('takes text pieces as their UTF-8 bytes', async () => {
    const text = 'é → — … 𝄞 '.repeat(5000);
    const pieces = text.match(/[\s\S]{1,333}/gu)!;
    expect(await streamed(pieces)).toBe(gzipSync(Buffer.from(text), { level: 6 }).toString('base64'));
  });

  it('uses the level it is given', async () => {
    const input = reportLikeText(2000);
    expect(await streamed([input], 1)).toBe(gzipSync(input, { level: 1 }).toString('base64'));
    expect(await streamed([input], 1)).not.toBe(gzipSync(input, { level: 9 }).toString('base64'));
  });

  it("fails with the source's error", async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield await Promise.resolve(randomBytes(100_000));
      throw new Error('spill file gone');
    }
    const read = async (): Promise<void> => {
      for await (const _ of gzipBase64(failing(), 6)) void _;
    };
    await expect(read()).rejects.toThrow('spill file gone');
  });

  it('stops feeding when its reader stops early', async () => {
    let fed = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      for (;;) {
        fed += 1;
        yield await Promise.resolve(randomBytes(65_536));
      }
    }
    for await (const _ of gzipBase64(endless(), 6)) break;
    const afterStop = fed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fed).toBe(afterStop);
  });
});

describe('Base64Chunks', () => {
  it('is the whole stream’s base64 for every split of every length 0–12', () => {
    for (let length = 0; length <= 12; length++) {
      const bytes = randomBytes(length);
      for (const sizes of [[1], [2], [4], [5, 1], [length + 1]]) {
        const encoder = new Base64Chunks();
        const text =
          split(bytes, sizes)
            .map((piece) => encoder.push(piece))
            .join('') + encoder.end();
        expect(text).toBe(bytes.toString('base64'));
      }
    }
  });

  it('keeps its carried bytes when the caller reuses its buffer', () => {
    const encoder = new Base64Chunks();
    const buffer = Buffer.from([1, 2, 3, 4]);
    let text = encoder.push(buffer);
    buffer.fill(9);
    text += encoder.push(Buffer.from([5, 6])) + encoder.end();
    expect(text).toBe(Buffer.from([1, 2, 3, 4, 5, 6]).toString('base64'));
  });
});
