// JSON files larger than one string, and larger than is worth holding whole. V8 cannot build a
// string past 2^29 − 24 characters (≈ 511 MiB), so `JSON.parse(await readFile(path, 'utf8'))`
// fails on the reports and snapshots that json-pieces.ts can write; and a file read whole sits in
// memory beside everything parsed from it. A small file is parsed exactly as before; a larger one
// is walked here, from the file descriptor through a window of a few megabytes, down to
// `splitDepth` (the containers above the long lists), and every value at that depth is handed to
// JSON.parse on its own, so each string stays small, the file is never held whole, and the result
// is the same.
import { constants } from 'node:buffer';
import { readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { describeFsError } from './atomic-file.js';
import { UserError, errorMessage } from './errors.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const TOO_LARGE = 'A single value is larger than one string can hold';

function isWhitespace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * Keeps only some items of one top-level list (a baseline needs a report's failing findings, not
 * all of them): the others are dropped as soon as they are parsed, so they never pile up.
 */
export interface ListFilter {
  /** The top-level member holding the list, e.g. `findings`. */
  list: string;
  /** `index`: the item's place in the whole list. May throw to reject the document. */
  keep(item: unknown, index: number): boolean;
}

/**
 * Parses a JSON document held in a buffer of any size Node can read. Buffers up to `wholeLimit`
 * bytes (the largest string) go to JSON.parse whole; tests lower the limit to walk small ones.
 */
export function parseJsonBuffer(
  buffer: Buffer,
  splitDepth: number,
  filter?: ListFilter,
  wholeLimit: number = constants.MAX_STRING_LENGTH,
): unknown {
  if (buffer.length > wholeLimit) return new LargeJsonReader(buffer, splitDepth, filter).document();
  const document = JSON.parse(buffer.toString('utf8')) as unknown;
  if (filter && document !== null && typeof document === 'object' && !Array.isArray(document)) {
    const record = document as Record<string, unknown>;
    const list = record[filter.list];
    if (Array.isArray(list)) record[filter.list] = list.filter((item, index) => filter.keep(item, index));
  }
  return document;
}

/**
 * Reads more of the document into `target` from `at` to its end; returns how many bytes it read,
 * 0 at the end of the document.
 */
type ReadMore = (target: Buffer, at: number) => number;

/**
 * The walker. It sees the document through a window that only moves forward: `window` holds the
 * bytes from document offset `windowOffset`, `length` of them valid, and `index` is the position
 * in it. When the walk reaches the end of the window, `more` slides it forward, keeping only the
 * bytes of the value being skipped (from `pinned`, so that value is still one slice for
 * JSON.parse), and grows it only when that value is larger than half the window. So a file is
 * walked in a few megabytes, never held whole beside what is parsed from it.
 */
class LargeJsonReader {
  private windowOffset = 0;
  private length: number;
  private index = 0;
  /** Document offset of the value or key being skipped for one JSON.parse; −1 when none. */
  private pinned = -1;
  private ended: boolean;

  constructor(
    private window: Buffer,
    private readonly splitDepth: number,
    private readonly filter: ListFilter | undefined,
    private readonly readMore?: ReadMore,
    private readonly maxValueBytes: number = constants.MAX_STRING_LENGTH,
  ) {
    this.length = readMore ? 0 : window.length;
    this.ended = readMore === undefined;
  }

  document(): unknown {
    const value = this.value(0);
    this.skipWhitespace();
    if (this.peek() !== undefined) this.fail('Unexpected data after the JSON value');
    return value;
  }

  /** `key`: the member name this value sits under, when its parent is an object. */
  private value(depth: number, key?: string): unknown {
    this.skipWhitespace();
    const byte = this.peek();
    if (depth < this.splitDepth && byte === OPEN_BRACE) return this.object(depth);
    if (depth < this.splitDepth && byte === OPEN_BRACKET) {
      const { filter } = this;
      const filtered = filter !== undefined && depth === 1 && key === filter.list;
      return this.array(depth, filtered ? (item, index) => filter.keep(item, index) : undefined);
    }
    this.pin();
    this.skipValue();
    return this.parsePinned();
  }

  private object(depth: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.index++; // {
    if (this.nextIs(CLOSE_BRACE)) return result;
    for (;;) {
      this.skipWhitespace();
      if (this.peek() !== QUOTE) this.fail('Expected a property name');
      this.pin();
      this.skipString();
      const key = this.parsePinned() as string;
      this.expect(COLON);
      // As JSON.parse does: "__proto__" becomes an own property, never the prototype.
      Object.defineProperty(result, key, {
        value: this.value(depth + 1, key),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      if (this.nextIs(CLOSE_BRACE)) return result;
      this.expect(COMMA);
    }
  }

  private array(depth: number, keep?: (item: unknown, index: number) => boolean): unknown[] {
    const result: unknown[] = [];
    this.index++; // [
    if (this.nextIs(CLOSE_BRACKET)) return result;
    for (let index = 0; ; index++) {
      const item = this.value(depth + 1);
      if (!keep || keep(item, index)) result.push(item);
      if (this.nextIs(CLOSE_BRACKET)) return result;
      this.expect(COMMA);
    }
  }

  /** Moves past one value of any kind without building it (strings and nesting respected). */
  private skipValue(): void {
    const first = this.peek();
    if (first === undefined) this.fail('Unexpected end of JSON input');
    if (first === QUOTE) return this.skipString();
    if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
      // A number or a literal: up to the next delimiter; JSON.parse judges the text.
      for (;;) {
        const byte = this.peek();
        if (byte === undefined || byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET) return;
        if (isWhitespace(byte)) return;
        this.index++;
      }
    }
    let nesting = 0;
    for (;;) {
      // The window's fields in locals: this loop sees every byte of the snapshot.
      const { window, length } = this;
      let i = this.index;
      while (i < length) {
        const byte = window[i];
        if (byte === QUOTE) break;
        i++;
        if (byte === OPEN_BRACE || byte === OPEN_BRACKET) nesting++;
        else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
          nesting--;
          if (nesting === 0) {
            this.index = i;
            return;
          }
        }
      }
      this.index = i;
      if (i < length) this.skipString();
      else if (!this.more()) this.fail('Unexpected end of JSON input');
    }
  }

  /** Moves past the string whose opening quote is at `index`. */
  private skipString(): void {
    this.index++; // opening quote
    for (;;) {
      const { window, length } = this;
      let i = this.index;
      while (i < length) {
        const byte = window[i];
        if (byte === QUOTE) {
          this.index = i + 1;
          return;
        }
        // An escape takes the next byte with it, even when that byte is past the window.
        i += byte === BACKSLASH ? 2 : 1;
      }
      this.index = i;
      if (!this.more()) this.fail('Unterminated string in JSON');
    }
  }

  /** The byte at `index`, reading more of the document when the window ends; undefined at the end. */
  private peek(): number | undefined {
    if (this.index < this.length || this.more()) return this.window[this.index];
    return undefined;
  }

  /**
   * Makes the window reach past `index` (false at the end of the document): slides it so it
   * starts at the pinned value, or at `index` when none is pinned, doubles it when what it keeps
   * fills more than half of it, and reads into the rest.
   */
  private more(): boolean {
    if (this.ended) return false;
    const { window, pinned } = this;
    const keepFrom = Math.min(pinned < 0 ? this.index : pinned - this.windowOffset, this.length);
    const kept = this.length - keepFrom;
    if (pinned >= 0 && kept > this.maxValueBytes) this.fail(TOO_LARGE, pinned);
    const target = kept > window.length / 2 ? Buffer.allocUnsafe(window.length * 2) : window;
    window.copy(target, 0, keepFrom, this.length);
    this.window = target;
    this.windowOffset += keepFrom;
    this.index -= keepFrom;
    this.length = kept;
    while (this.length <= this.index) {
      const read = this.readMore?.(target, this.length) ?? 0;
      if (read === 0) {
        this.ended = true;
        return false;
      }
      this.length += read;
    }
    return true;
  }

  private pin(): void {
    this.pinned = this.windowOffset + this.index;
  }

  /** Parses the bytes from the pinned offset to `index`, one value, and unpins. */
  private parsePinned(): unknown {
    const start = this.pinned;
    this.pinned = -1;
    const from = start - this.windowOffset;
    if (this.index - from > this.maxValueBytes) this.fail(TOO_LARGE, start);
    try {
      return JSON.parse(this.window.toString('utf8', from, this.index));
    } catch (error) {
      throw new SyntaxError(`${errorMessage(error)} (in the value at byte ${start})`, { cause: error });
    }
  }

  private skipWhitespace(): void {
    while (isWhitespace(this.peek())) this.index++;
  }

  /** Consumes `byte` (after whitespace) when it comes next. */
  private nextIs(byte: number): boolean {
    this.skipWhitespace();
    if (this.peek() !== byte) return false;
    this.index++;
    return true;
  }

  private expect(byte: number): void {
    if (!this.nextIs(byte)) this.fail(`Expected '${String.fromCharCode(byte)}'`);
  }

  /** `at`: a document offset; past the last byte read (every caller peeked there first) is the end. */
  private fail(message: string, at = this.windowOffset + this.index): never {
    throw new SyntaxError(
      this.ended && at >= this.windowOffset + this.length
        ? `Unexpected end of JSON input`
        : `${message} at byte ${at}`,
    );
  }
}

/** Why a JSON file could not be loaded: the file system (`read`) or its text (`parse`). */
export class JsonFileError extends Error {
  constructor(
    readonly stage: 'read' | 'parse',
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** How a reader words each way a JSON file can be refused; both are user errors (exit 2). */
export interface JsonFileWords {
  read(reason: string): string;
  parse(reason: string): string;
}

/** `error` as the caller's UserError when it is a JsonFileError; any other error as it is. */
export function inUserWords(error: unknown, words: JsonFileWords): unknown {
  if (!(error instanceof JsonFileError)) return error;
  return new UserError(error.stage === 'read' ? words.read(error.reason) : words.parse(error.reason));
}

/** How `readJsonFile` reads; the defaults suit every caller, tests shrink them. */
export interface JsonFileReading {
  /** Files up to this many bytes are read whole and go to `parseJsonBuffer`. */
  wholeFileLimit?: number;
  /** The walker's starting window over a larger file (at least 16 bytes). */
  windowBytes?: number;
}

/**
 * Past this size a file is walked through a window rather than read whole: a whole read holds the
 * file's bytes and their text (one or two bytes a character) beside the parsed document, a walk
 * only the window. Reading the `huge` snapshot (0.93 GiB) peaked 0.82 GiB walked against 1.71 GiB
 * whole; a 100 MB snapshot 154 MiB against 424 MiB, and the walk was not slower
 * (BENCHMARKS.md "Streaming findings"). Small files keep the one JSON.parse.
 */
const WHOLE_FILE_LIMIT = 16 * 1024 * 1024;
const WINDOW_BYTES = 4 * 1024 * 1024;

/**
 * Reads and parses a JSON file of any size. A small file is read whole and parsed as one (fastest);
 * a larger one is walked from the file descriptor through a window of a few megabytes, so neither
 * its bytes nor its text are ever held whole (`LargeJsonReader`). Throws JsonFileError when the
 * file cannot be read or is not JSON; a filter's own error passes through.
 */
export async function readJsonFile(
  path: string,
  splitDepth: number,
  filter?: ListFilter,
  reading: JsonFileReading = {},
): Promise<unknown> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new JsonFileError('read', describeFsError(error));
  }
  try {
    let whole: Buffer | undefined;
    try {
      const { size } = await handle.stat();
      // A file whose size the system does not know (a pipe) says 0: read whole, as before.
      if (size <= (reading.wholeFileLimit ?? WHOLE_FILE_LIMIT)) whole = await handle.readFile();
    } catch (error) {
      throw new JsonFileError('read', describeFsError(error));
    }
    if (whole) return parseJsonBuffer(whole, splitDepth, filter);
    const { fd } = handle;
    const readMore: ReadMore = (target, at) => {
      try {
        return readSync(fd, target, at, target.length - at, null);
      } catch (error) {
        throw new JsonFileError('read', describeFsError(error));
      }
    };
    const window = Buffer.allocUnsafe(Math.max(16, reading.windowBytes ?? WINDOW_BYTES));
    return new LargeJsonReader(window, splitDepth, filter, readMore).document();
  } catch (error) {
    // By name, not instanceof: JSON.parse's error may come from another realm (a VM context).
    if ((error as Error | undefined)?.name !== 'SyntaxError') throw error; // read, or a filter's verdict
    throw new JsonFileError('parse', errorMessage(error));
  } finally {
    // Only read from: closing cannot lose data, and its failure must not hide the answer.
    await handle.close().catch(() => undefined);
  }
}
