// Text written in many small pieces (a report's findings) is encoded straight into one reused
// buffer and written a batch at a time: one system call per piece would be slow, and joining the
// pieces into long strings first costs their flattening as well as their encoding, 3–5× the CPU
// (BENCHMARKS.md "Report writing CPU"). The atomic writer (atomic-file.ts) and the spill files of a
// streamed scan (report/finding-spill.ts) both batch this way.

/** UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units). */
export const MAX_UTF8_BYTES_PER_UNIT = 3;

export class Utf8Batches {
  /** Made with the first piece, so a writer that never gets one holds no buffer. */
  private buffer: Buffer | undefined;
  /** Bytes of `buffer` not yet handed out. */
  private used = 0;

  constructor(private readonly size: number) {}

  /**
   * What must be written before `piece` is buffered, in order: the buffered bytes when `piece`
   * might not fit after them, then `piece` itself, encoded on its own, when it is bytes or might not
   * fit even an empty buffer. A view of the buffer is overwritten by the next piece: write it first.
   */
  *add(piece: string | Uint8Array): Generator<Uint8Array> {
    const worstCase = typeof piece === 'string' ? piece.length * MAX_UTF8_BYTES_PER_UNIT : Infinity;
    if (this.size - this.used < worstCase) {
      yield* this.rest();
      if (worstCase > this.size) {
        yield typeof piece === 'string' ? Buffer.from(piece) : piece;
        return;
      }
    }
    this.buffer ??= Buffer.allocUnsafe(this.size);
    this.used += this.buffer.write(piece as string, this.used);
  }

  /** The bytes still buffered, if any. */
  *rest(): Generator<Uint8Array> {
    if (this.used === 0 || this.buffer === undefined) return;
    const view = this.buffer.subarray(0, this.used);
    this.used = 0;
    yield view;
  }

  /** Drops the buffer (and anything still in it): the file is closed. */
  release(): void {
    this.buffer = undefined;
    this.used = 0;
  }
}
