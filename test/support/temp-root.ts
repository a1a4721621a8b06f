// One temporary folder per Jest run. This module is Jest's global setup (jest.config.ts): it creates
// the root in the machine's temp folder and points TMPDIR at it before Jest starts its workers, so every
// `os.tmpdir()` of a test, of a library it drives (playwright's browser profiles) and of a child
// process given `tempEnv()` lands inside it; the global teardown removes it. A run that dies before
// its teardown (killed, out of memory) leaves its root behind: the next run's setup removes the
// roots whose Jest process is gone. Jest loads the setup and teardown outside its module mapping,
// where `./x.js` does not find `x.ts`: so they import nothing of ours (the teardown repeats
// the names of the two variables). Tests therefore never need to clean up what they put under
// `tmpdir()`, though tests that write a lot still may (Stryker reruns a file once per mutant).
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TEMP_ROOT_PREFIX = 'aws-audit-jest-';
/** Names the run's root for the teardown (test/support/global-teardown.ts); set next to TMPDIR. */
export const TEMP_ROOT_ENV = 'AWS_AUDIT_TEST_TEMP_ROOT';

/** TMPDIR before the setup, for the teardown to restore (unset when it was unset). */
export const TMPDIR_BEFORE_ENV = 'AWS_AUDIT_TEST_TMPDIR_BEFORE';

/**
 * Jest's global setup: runs in Jest's main process before the workers start; they inherit its
 * environment. The teardown restores TMPDIR, since a process may run Jest again (Stryker runs it
 * once per mutant): the next setup must not look for the temp folder inside a removed root.
 */
export default async function globalSetup(): Promise<void> {
  const root = await createTempRoot(tmpdir());
  if (process.env.TMPDIR !== undefined) process.env[TMPDIR_BEFORE_ENV] = process.env.TMPDIR;
  process.env[TEMP_ROOT_ENV] = root;
  process.env.TMPDIR = root;
}

/** Creates this run's root in `base`, after removing the roots of runs that died. */
export async function createTempRoot(base: string): Promise<string> {
  await removeStaleTempRoots(base);
  return mkdtemp(join(base, `${TEMP_ROOT_PREFIX}${process.pid}-`));
}

/**
 * Removes the roots in `base` whose Jest process no longer runs; returns their names. A root whose
 * process lives (a run in another worktree) is left alone.
 */
export async function removeStaleTempRoots(
  base: string,
  isAlive: (pid: number) => boolean = processIsAlive,
): Promise<string[]> {
  const pattern = new RegExp(`^${TEMP_ROOT_PREFIX}(\\d+)-[^/]+$`);
  const removed: string[] = [];
  for (const name of await readdir(base)) {
    const pid = pattern.exec(name)?.[1];
    if (pid === undefined || isAlive(Number(pid))) continue;
    await rm(join(base, name), { recursive: true, force: true, maxRetries: 3 });
    removed.push(name);
  }
  return removed;
}

/** Whether a process runs: signal 0 tests without sending; EPERM means it runs as another user. */
function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** What a child process's environment needs so that its temp files land under the run's root. */
export function tempEnv(): NodeJS.ProcessEnv {
  return process.env.TMPDIR === undefined ? {} : { TMPDIR: process.env.TMPDIR };
}
