// Jest global teardown: removes the run's temp root (test/support/temp-root.ts) and everything the
// tests and their children left in it, and gives TMPDIR back its value from before the setup.
// AWS_AUDIT_KEEP_TEST_TEMP=1 keeps the root for a look afterwards.
import { rm } from 'node:fs/promises';

// temp-root.ts TEMP_ROOT_ENV and TMPDIR_BEFORE_ENV (this file may import nothing of ours, see there).
const TEMP_ROOT_ENV = 'AWS_AUDIT_TEST_TEMP_ROOT';
const TMPDIR_BEFORE_ENV = 'AWS_AUDIT_TEST_TMPDIR_BEFORE';

export default async function globalTeardown(): Promise<void> {
  const root = process.env[TEMP_ROOT_ENV];
  if (root === undefined) return;
  const before = process.env[TMPDIR_BEFORE_ENV];
  if (before === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = before;
  delete process.env[TEMP_ROOT_ENV];
  delete process.env[TMPDIR_BEFORE_ENV];
  if (process.env.AWS_AUDIT_KEEP_TEST_TEMP === '1') {
    process.stderr.write(`test temp root kept: ${root}\n`);
    return;
  }
  await rm(root, { recursive: true, force: true, maxRetries: 3 });
}
