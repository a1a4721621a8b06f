// gzip then base64, streamed: the bytes of `gzipSync(whole, { level }).toString('base64')` for a
// source read chunk by chunk, never all of it in memory. The HTML page's data block of a streamed
// scan is written this way from the spill files (report/spilled-html.ts). zlib's deflate output
// depends only on the bytes and the level, not on how the input is split into writes (it waits for
// more input rather than emit early unless flushed); test/util/gzip-base64.test.ts checks that
// against gzipSync for many splits.
import { once } from 'node:events';
import { createGzip } from 'node:zlib';

/**
 * Base64 of a byte stream given in chunks: each chunk's whole 3-byte groups are encoded at once,
 * the 0–2 bytes left over carried to the next chunk, so the text is the whole stream's base64.
 */
export class Base64Chunks {
  private carry: Buffer = Buffer.alloc(0);

  push(chunk: Uint8Array): string {
    const bytes = this.carry.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.carry, chunk]);
    const whole = bytes.length - (bytes.length % 3);
    // A copy: `bytes` may be the caller's buffer, which it can reuse after this returns.
    this.carry = Buffer.from(bytes.subarray(whole));
    return bytes.toString('base64', 0, whole);
  }

  /** The last 1–2 bytes with their padding; '' when the stream was a whole number of groups. */
  end(): string {
    const rest = this.carry.toString('base64');
    this.carry = Buffer.alloc(0);
    return rest;
  }
}

/** `source` gzip-compressed at `level`, as base64 text in pieces. */
export async function* gzipBase64(
  source: AsyncIterable<string | Uint8Array>,
  level: number,
): AsyncGenerator<string> {
  const gzip = createGzip({ level });
  // Stops the feeding when the reader stops early (a failed write): no wait for a drain that never comes.
  const stop = new AbortController();
  // Fed beside the reading below, with backpressure; a failing source fails the gzip stream, and
  // so the loop reading it.
  const feeding = (async () => {
    try {
      for await (const chunk of source)
        if (!gzip.write(chunk)) await once(gzip, 'drain', { signal: stop.signal });
      gzip.end();
    } catch (error) {
      gzip.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  const base64 = new Base64Chunks();
  try {
    for await (const compressed of gzip as AsyncIterable<Buffer>) {
      const text = base64.push(compressed);
      if (text.length > 0) yield text;
    }
    const rest = base64.end();
    if (rest.length > 0) yield rest;
  } finally {
    stop.abort();
    gzip.destroy();
    await feeding;
  }
}
