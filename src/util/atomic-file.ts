// Reports and snapshots are written atomically: a temp file in the same directory, fsync, then
// rename. A crash or a signal never leaves a half file that a later upload takes for the truth.
import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { access, copyFile, mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError, errorMessage } from './errors.js';
import { Utf8Batches } from './utf8-batches.js';

/** Owner-only by default: snapshots and reports inventory an account (README "Security"). */
export const PRIVATE_FILE_MODE = 0o600;

const pendingTempFiles = new Set<string>();

/** Set once a signal arrived (src/cli/signals.ts): no write may complete after it. */
let writesStoppedBy: Error | undefined;

/**
 * After SIGINT / SIGTERM: every atomic write still running fails with `reason` at its next step
 * (removing its temp file, never renaming it into place) and every later write fails at once.
 */
export function stopAtomicWrites(reason: Error): void {
  writesStoppedBy ??= reason;
}

function throwIfWritesStopped(): void {
  if (writesStoppedBy) throw writesStoppedBy;
}

/** Temp files still being written; the signal handler removes them before exiting. */
export function pendingTemporaryFiles(): readonly string[] {
  return [...pendingTempFiles];
}

/**
 * Registers a temp file written by other means (a report's spill files, report/finding-spill.ts)
 * so the signal handler removes it too; the returned function unregisters it once it is gone.
 */
export function trackTemporaryFile(path: string): () => void {
  pendingTempFiles.add(path);
  return () => void pendingTempFiles.delete(path);
}

function fsCode(error: unknown): unknown {
  return (error as { code?: unknown } | undefined)?.code;
}

/**
 * `mkdir -p` done by hand: walk up to the nearest existing ancestor, check it is a directory we may
 * write, then create the missing levels one at a time. Node 20's `mkdir({ recursive: true })` loops
 * forever on file systems that answer ENOENT for a folder whose parent exists (`/proc/nope`).
 */
export async function ensureDirectory(dir: string): Promise<void> {
  const fail = (reason: string): UserError =>
    new UserError(`cannot create output directory ${dir}: ${reason}`);
  const target = resolve(dir);
  const missing: string[] = [];
  let ancestor = target;
  for (;;) {
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(ancestor)).isDirectory();
    } catch (error) {
      const parent = dirname(ancestor);
      if (fsCode(error) !== 'ENOENT' || parent === ancestor) throw fail(describeFsError(error));
      missing.unshift(ancestor);
      ancestor = parent;
      continue;
    }
    if (isDirectory) break;
    throw fail(
      ancestor === target
        ? 'a file with that name exists and is not a directory'
        : 'a path component is not a directory',
    );
  }
  if (missing.length === 0) return;
  try {
    await access(ancestor, fsConstants.W_OK | fsConstants.X_OK);
  } catch (error) {
    throw fail(describeFsError(error));
  }
  for (const level of missing) {
    try {
      await mkdir(level, { mode: 0o700 });
    } catch (error) {
      const code = fsCode(error);
      // Created meanwhile by someone else (a parallel run): fine if it is a directory.
      if (code === 'EEXIST' && (await stat(level).catch(() => undefined))?.isDirectory()) continue;
      if (code === 'ENOENT')
        throw fail(`${dirname(level)} does not accept new folders (no such file or directory)`);
      throw fail(describeFsError(error));
    }
  }
}

/**
 * What an atomic write can put in a file: one string or buffer, pieces of text (util/json-pieces),
 * or pieces that arrive asynchronously (a report joined from spill files, report/finding-spill.ts).
 */
export type FileContent = string | Uint8Array | Iterable<string> | AsyncIterable<string | Uint8Array>;

/** Bytes gathered before one write (the spill files measured 64–256 KiB as cheapest, finding-spill.ts). */
const BATCH_BYTES = 1 << 18;

/**
 * Pieces of text encoded into one reused buffer (util/utf8-batches.ts) and written about a quarter
 * mebibyte at a time: one string of everything could exceed V8's string limit. Each yielded view is
 * overwritten once the consumer asks for the next, so it must be written (awaited) first. A signal
 * stops the write between batches.
 */
function* encodedBatches(pieces: Iterable<string>): Generator<Uint8Array> {
  const batches = new Utf8Batches(BATCH_BYTES);
  for (const piece of pieces) yield* unlessStopped(batches.add(piece));
  yield* unlessStopped(batches.rest());
}

/** `encodedBatches` for pieces that arrive asynchronously; buffers pass through as they are. */
async function* encodedBatchesAsync(pieces: AsyncIterable<string | Uint8Array>): AsyncGenerator<Uint8Array> {
  const batches = new Utf8Batches(BATCH_BYTES);
  for await (const piece of pieces) yield* unlessStopped(batches.add(piece));
  yield* unlessStopped(batches.rest());
}

/** Each batch, unless a signal stopped the writes before it is handed on. */
function* unlessStopped(batches: Iterable<Uint8Array>): Generator<Uint8Array> {
  for (const batch of batches) {
    throwIfWritesStopped();
    yield batch;
  }
}

function isAsyncIterable(content: FileContent): content is AsyncIterable<string | Uint8Array> {
  return typeof (content as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function';
}

/**
 * Writes `path` all or nothing: a temp file beside it, fsync, rename. `content` may be pieces of
 * text, so a file larger than the largest string can still be written.
 */
export async function writeFileAtomic(
  path: string,
  content: FileContent,
  mode: number = PRIVATE_FILE_MODE,
): Promise<void> {
  await atomically(path, mode, async (handle) => {
    if (typeof content === 'string' || content instanceof Uint8Array) return handle.writeFile(content);
    if (isAsyncIterable(content)) {
      for await (const batch of encodedBatchesAsync(content)) await handle.writeFile(batch);
      return;
    }
    // Each writeFile continues where the last one ended and retries short writes itself.
    for (const batch of encodedBatches(content)) await handle.writeFile(batch);
  });
}

/**
 * Copies `source` to `path` atomically (a report's stable name from its timestamped copy). The
 * kernel copies (`fs.copyFile`: a reflink where the file system has them, else copy_file_range or
 * sendfile), so the bytes never pass through JavaScript: a quarter of a second of CPU for the
 * 10k account's three reports when read and written in chunks (BENCHMARKS.md "Report writing CPU").
 * `copyFile` gives the temp file the source's mode, so the mode it was created with is put back.
 */
export async function copyFileAtomic(
  source: string,
  path: string,
  mode: number = PRIVATE_FILE_MODE,
): Promise<void> {
  await atomically(path, mode, async (handle, temp) => {
    const created = (await handle.stat()).mode & 0o7777;
    await copyFile(source, temp, fsConstants.COPYFILE_FICLONE);
    throwIfWritesStopped();
    await handle.chmod(created);
  });
}

async function atomically(
  path: string,
  mode: number,
  /** Fills the temp file, open as `handle` (and named `temp`, for writers that take a path). */
  fill: (handle: FileHandle, temp: string) => Promise<void>,
): Promise<void> {
  throwIfWritesStopped();
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  pendingTempFiles.add(temp);
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      throwIfWritesStopped();
      await fill(handle, temp);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The last moment to give up: after the rename the new file is complete and in place.
    throwIfWritesStopped();
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    if (writesStoppedBy && error === writesStoppedBy) throw error;
    throw new UserError(`cannot write ${path}: ${describeFsError(error)}`);
  } finally {
    pendingTempFiles.delete(temp);
  }
}

export function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
      return 'no space left on device';
    case 'EROFS':
      return 'read-only file system';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a path component is not a directory';
    case 'ERR_FS_FILE_TOO_LARGE':
      return 'larger than the 2 GiB Node.js can read into memory at once';
    default:
      return errorMessage(error);
  }
}
