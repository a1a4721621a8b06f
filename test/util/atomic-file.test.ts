import { chmod, mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyFileAtomic, writeFileAtomic } from '../../src/util/atomic-file.js';
import { UserError } from '../../src/util/errors.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aws-audit-atomic-'));
});

function* pieces(count: number, size: number, failAt?: number): Generator<string> {
  for (let i = 0; i < count; i++) {
    if (i === failAt) throw new Error('renderer broke');
    yield `${String(i).padStart(8, '0')}${'x'.repeat(size - 9)}\n`;
  }
}

describe('writeFileAtomic with pieces of text', () => {
  it('writes every piece in order, across several batches, owner-only', async () => {
    const path = join(dir, 'report.json');
    // 3 MiB in 4 KiB pieces: several batched writes.
    await writeFileAtomic(path, pieces(768, 4096));
    const text = await readFile(path, 'utf8');
    expect(text).toBe([...pieces(768, 4096)].join(''));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('writes multi-byte text and pieces longer than a batch byte for byte', async () => {
    const path = join(dir, 'report.json');
    // 256 KiB batches: pieces of 1 to 120,000 characters (up to 360,000 bytes), 3-byte and 4-byte
    // characters among them, on both sides of the worst-case fit.
    const texts = Array.from({ length: 60 }, (_, i) => `${i}:${'→é𝄞x'.repeat((i * 2_003) % 30_000)}\n`);
    await writeFileAtomic(path, texts);
    expect((await readFile(path)).equals(Buffer.from(texts.join('')))).toBe(true);
  });

  it('writes asynchronous pieces of text and bytes in order', async () => {
    const path = join(dir, 'report.csv');
    const parts: (string | Uint8Array)[] = [];
    for (let i = 0; i < 200; i++)
      parts.push(
        i % 3 === 0
          ? Buffer.from(`bytes ${i} ${'ü'.repeat(i * 97)}\n`)
          : `text ${i} ${'—'.repeat(i * 131)}\n`,
      );
    async function* arriving(): AsyncGenerator<string | Uint8Array> {
      for (const part of parts) yield await Promise.resolve(part);
    }
    await writeFileAtomic(path, arriving());
    const expected = Buffer.concat(
      parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : part)),
    );
    expect((await readFile(path)).equals(expected)).toBe(true);
  });

  it('leaves the earlier file and no temp file when the pieces fail part-way', async () => {
    const path = join(dir, 'report.json');
    await writeFile(path, 'earlier report\n');
    const write = writeFileAtomic(path, pieces(768, 4096, 500));
    await expect(write).rejects.toThrow(UserError);
    await expect(write).rejects.toThrow(/cannot write .*report\.json: renderer broke/);
    expect(await readdir(dir)).toEqual(['report.json']);
    expect(await readFile(path, 'utf8')).toBe('earlier report\n');
  });
});

describe('copyFileAtomic', () => {
  it('copies the bytes to a new owner-only file', async () => {
    const source = join(dir, 'stamped.json');
    await writeFileAtomic(source, pieces(300, 4096));
    const path = join(dir, 'stable.json');
    await writeFile(path, 'previous');
    await copyFileAtomic(source, path);
    expect(await readFile(path)).toEqual(await readFile(source));
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await readdir(dir)).sort()).toEqual(['stable.json', 'stamped.json']);
  });

  it("gives the copy the mode asked for, not the source's", async () => {
    const source = join(dir, 'stamped.json');
    await writeFileAtomic(source, pieces(30, 4096));
    await chmod(source, 0o644);
    const path = join(dir, 'stable.json');
    await copyFileAtomic(source, path);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await copyFileAtomic(source, path, 0o640);
    expect((await stat(path)).mode & 0o777).toBe(0o640);
    expect(await readFile(path)).toEqual(await readFile(source));
  });

  it('names the source when it cannot be read, and keeps the destination', async () => {
    const path = join(dir, 'stable.json');
    await writeFile(path, 'previous');
    await expect(copyFileAtomic(join(dir, 'gone.json'), path)).rejects.toThrow(/cannot write .*stable\.json/);
    expect(await readFile(path, 'utf8')).toBe('previous');
    expect(await readdir(dir)).toEqual(['stable.json']);
  });
});
