// Reports and snapshots are written atomically: a temp file in the same directory, fsync, then
// rename. A crash or a signal never leaves a half file that a later upload takes for the truth.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError, errorMessage } from './errors.js';

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

export async function ensureDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    // mkdir -p reports a plain file in the way as EEXIST, which would read as "already exists".
    const reason =
      (error as { code?: unknown } | undefined)?.code === 'EEXIST'
        ? 'a file with that name exists and is not a directory'
        : describeFsError(error);
    throw new UserError(`cannot create output directory ${dir}: ${reason}`);
  }
}

export async function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  mode: number = PRIVATE_FILE_MODE,
): Promise<void> {
  throwIfWritesStopped();
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  pendingTempFiles.add(temp);
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      throwIfWritesStopped();
      await handle.writeFile(content);
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
    default:
      return errorMessage(error);
  }
}
