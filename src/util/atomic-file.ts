// Reports and snapshots are written atomically: a temp file in the same directory, fsync, then
// rename. A crash or a signal never leaves a half file that a later upload takes for the truth.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError, errorMessage } from './errors.js';

/** Owner-only by default: snapshots and reports inventory an account (README "Security"). */
export const PRIVATE_FILE_MODE = 0o600;

const pendingTempFiles = new Set<string>();

/** Temp files still being written; the signal handler removes them before exiting. */
export function pendingTemporaryFiles(): readonly string[] {
  return [...pendingTempFiles];
}

export async function ensureDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new UserError(`cannot create output directory ${dir}: ${describeFsError(error)}`);
  }
}

export async function writeFileAtomic(
  path: string,
  content: string | Uint8Array,
  mode: number = PRIVATE_FILE_MODE,
): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  pendingTempFiles.add(temp);
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
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
