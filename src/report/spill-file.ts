// One spill file of a streamed scan (report/finding-spill.ts): one rule's findings in one report
// format, appended as the scan evaluates them and read back once when the report is joined. A temp
// file like an atomic write's (util/atomic-file.ts): the signal handler removes it, and `remove`
// does on every other way out; none is ever renamed into place.
import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { PRIVATE_FILE_MODE, trackTemporaryFile } from '../util/atomic-file.js';
import { Utf8Batches } from '../util/utf8-batches.js';

/**
 * Bytes gathered per spill file before one write (util/utf8-batches.ts): few system calls, little
 * memory (a buffer only for a rule with findings). 64 KiB writes cost no more than 1 MiB ones
 * (BENCHMARKS.md "Report writing CPU").
 */
const SPILL_BUFFER_BYTES = 1 << 16;

/** Writes all of `bytes`: `writeSync` may write fewer than asked. */
function writeAllSync(fd: number, bytes: Uint8Array): void {
  for (let offset = 0; offset < bytes.length;) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/** One rule's spill file of one format. */
export class SpillFile {
  private fd: number | undefined;
  private readonly batches = new Utf8Batches(SPILL_BUFFER_BYTES);
  /** Characters appended so far: 0 for a rule with no finding. */
  written = 0;
  private readonly untrack: () => void;

  constructor(readonly path: string) {
    this.untrack = trackTemporaryFile(path);
    try {
      this.fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
    } catch (error) {
      this.untrack();
      throw error;
    }
  }

  /** Text, or text already encoded as UTF-8 (passes a worker thread rendered). */
  append(text: string | Uint8Array): void {
    this.written += text.length;
    this.write(this.batches.add(text));
  }

  flush(): void {
    this.write(this.batches.rest());
  }

  private write(batches: Iterable<Uint8Array>): void {
    for (const bytes of batches) if (this.fd !== undefined) writeAllSync(this.fd, bytes);
  }

  close(): void {
    if (this.fd === undefined) return;
    this.flush();
    closeSync(this.fd);
    this.fd = undefined;
    this.batches.release();
  }

  async remove(): Promise<void> {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // Already unusable; removing the file is what matters.
      }
      this.fd = undefined;
    }
    this.batches.release();
    await rm(this.path, { force: true }).catch(() => undefined);
    this.untrack();
  }

  /**
   * The file's bytes, after `close`, read once: the file is removed as soon as it has been read,
   * so a report's rename finds only its own temp file beside it and the disk holds each finding
   * twice for one rule's time at most.
   */
  async *consume(): AsyncGenerator<Buffer> {
    yield* createReadStream(this.path) as AsyncIterable<Buffer>;
    await this.remove();
  }
}

/** Whether no finding went into any of `files` (which are then removed). */
export async function noneWritten(files: readonly SpillFile[]): Promise<boolean> {
  if (files.some((file) => file.written > 0)) return false;
  await Promise.all(files.map((file) => file.remove()));
  return true;
}

/**
 * The items of `files`, joined in order: each item was spilled with a leading comma (a comma is one
 * byte in UTF-8), and the very first one's is dropped, as a list's first item has none.
 */
export async function* spilledItems(files: readonly SpillFile[]): AsyncGenerator<Uint8Array> {
  let first = true;
  for (const file of files) {
    for await (const chunk of file.consume()) {
      yield first ? chunk.subarray(1) : chunk;
      first = false;
    }
  }
}
