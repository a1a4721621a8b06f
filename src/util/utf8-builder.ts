// Many pieces of text encoded as UTF-8 into one growing buffer of its own (never Node's shared
// pool), so the bytes can be handed to another thread by transfer instead of copied: a streamed
// scan's worker threads send their rendered passes this way (engine/parallel/unit-server.ts).

import { MAX_UTF8_BYTES_PER_UNIT } from './utf8-batches.js';

const FIRST_CAPACITY = 1 << 16;

export class Utf8Builder {
  private bytes: Buffer | undefined;
  private used = 0;

  /** Appends `text`; returns the byte length so far, which is where the next piece starts. */
  append(text: string): number {
    const worstCase = this.used + text.length * MAX_UTF8_BYTES_PER_UNIT;
    if (this.bytes === undefined || worstCase > this.bytes.length) this.grow(worstCase);
    this.used += this.bytes!.write(text, this.used);
    return this.used;
  }

  /** The bytes appended, on an ArrayBuffer of their own (transferable); the builder starts empty again. */
  take(): Uint8Array {
    const taken =
      this.bytes === undefined ? new Uint8Array(0) : new Uint8Array(this.bytes.buffer, 0, this.used);
    this.bytes = undefined;
    this.used = 0;
    return taken;
  }

  private grow(needed: number): void {
    const capacity = Math.max(needed, FIRST_CAPACITY, 2 * (this.bytes?.length ?? 0));
    const next = Buffer.from(new ArrayBuffer(capacity));
    this.bytes?.copy(next, 0, 0, this.used);
    this.bytes = next;
  }
}
