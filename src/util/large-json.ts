// JSON files larger than one string. V8 cannot build a string past 2^29 − 24 characters (≈ 511
// MiB), so `JSON.parse(await readFile(path, 'utf8'))` fails on the reports and snapshots that
// json-pieces.ts can write. A smaller file is parsed exactly as before; a larger one is walked
// here down to `splitDepth` (the containers above the long lists) and every value at that depth
// is handed to JSON.parse on its own, so each string stays small and the result is the same.
import { constants } from 'node:buffer';
import { readFile } from 'node:fs/promises';
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

class LargeJsonReader {
  private position = 0;

  constructor(
    private readonly buffer: Buffer,
    private readonly splitDepth: number,
    private readonly filter: ListFilter | undefined,
  ) {}

  document(): unknown {
    const value = this.value(0);
    this.skipWhitespace();
    if (this.position !== this.buffer.length) this.fail('Unexpected data after the JSON value');
    return value;
  }

  /** `key`: the member name this value sits under, when its parent is an object. */
  private value(depth: number, key?: string): unknown {
    this.skipWhitespace();
    const byte = this.buffer[this.position];
    if (depth < this.splitDepth && byte === OPEN_BRACE) return this.object(depth);
    if (depth < this.splitDepth && byte === OPEN_BRACKET) {
      const { filter } = this;
      const filtered = filter !== undefined && depth === 1 && key === filter.list;
      return this.array(depth, filtered ? (item, index) => filter.keep(item, index) : undefined);
    }
    const start = this.position;
    this.skipValue();
    return this.parseSlice(start, this.position);
  }

  private object(depth: number): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.position++; // {
    if (this.nextIs(CLOSE_BRACE)) return result;
    for (;;) {
      this.skipWhitespace();
      if (this.buffer[this.position] !== QUOTE) this.fail('Expected a property name');
      const start = this.position;
      this.skipString();
      const key = this.parseSlice(start, this.position) as string;
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
    this.position++; // [
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
    const { buffer } = this;
    const first = buffer[this.position];
    if (first === undefined) this.fail('Unexpected end of JSON input');
    if (first === QUOTE) return this.skipString();
    if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
      // A number or a literal: up to the next delimiter; JSON.parse judges the text.
      while (this.position < buffer.length) {
        const byte = buffer[this.position];
        if (byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || isWhitespace(byte)) break;
        this.position++;
      }
      return;
    }
    let nesting = 0;
    while (this.position < buffer.length) {
      const byte = buffer[this.position];
      if (byte === QUOTE) {
        this.skipString();
        continue;
      }
      if (byte === OPEN_BRACE || byte === OPEN_BRACKET) nesting++;
      else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) nesting--;
      this.position++;
      if (nesting === 0) return;
    }
    this.fail('Unexpected end of JSON input');
  }

  private skipString(): void {
    const { buffer } = this;
    this.position++; // opening quote
    while (this.position < buffer.length) {
      const byte = buffer[this.position];
      if (byte === BACKSLASH) this.position += 2;
      else if (byte === QUOTE) {
        this.position++;
        return;
      } else this.position++;
    }
    this.fail('Unterminated string in JSON');
  }

  private parseSlice(start: number, end: number): unknown {
    if (end - start > constants.MAX_STRING_LENGTH)
      this.fail('A single value is larger than one string can hold', start);
    try {
      return JSON.parse(this.buffer.toString('utf8', start, end));
    } catch (error) {
      throw new SyntaxError(`${errorMessage(error)} (in the value at byte ${start})`, { cause: error });
    }
  }

  private skipWhitespace(): void {
    while (isWhitespace(this.buffer[this.position])) this.position++;
  }

  /** Consumes `byte` (after whitespace) when it comes next. */
  private nextIs(byte: number): boolean {
    this.skipWhitespace();
    if (this.buffer[this.position] !== byte) return false;
    this.position++;
    return true;
  }

  private expect(byte: number): void {
    if (!this.nextIs(byte)) this.fail(`Expected '${String.fromCharCode(byte)}'`);
  }

  private fail(message: string, at = this.position): never {
    throw new SyntaxError(
      at >= this.buffer.length ? `Unexpected end of JSON input` : `${message} at byte ${at}`,
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

/** Reads and parses a JSON file of any size up to Node's 2 GiB read limit (`parseJsonBuffer`). */
export async function readJsonFile(path: string, splitDepth: number, filter?: ListFilter): Promise<unknown> {
  let buffer: Buffer;
  try {
    buffer = await readFile(path);
  } catch (error) {
    throw new JsonFileError('read', describeFsError(error));
  }
  try {
    return parseJsonBuffer(buffer, splitDepth, filter);
  } catch (error) {
    // By name, not instanceof: JSON.parse's error may come from another realm (a VM context).
    if ((error as Error | undefined)?.name !== 'SyntaxError') throw error; // a filter's own verdict
    throw new JsonFileError('parse', errorMessage(error));
  }
}
