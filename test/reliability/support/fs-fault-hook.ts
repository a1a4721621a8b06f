// A fault-injection preload for the built binary (`node --import hook.mjs`): it wraps
// `node:fs/promises` before the CLI loads, so a test can park the process at an exact point of a
// file operation, or make one fail with a chosen errno — the full disk, the read-only location a
// root test user cannot get from chmod. Nothing here ships; production code has no test hooks.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Printed on stderr when an operation is parked; tests wait for it before signalling. */
export const HOLD_MARKER = 'fault-hook: holding';

export type HeldOperation = 'readFile' | 'open' | 'rename';
export type FailedOperation = 'open' | 'write' | 'rename' | 'mkdir';

export interface FsFault {
  /**
   * Park the first call whose path contains `match` until `releaseFile` exists (forever when not
   * given). Node's own module loader reads through `fs.promises` too, hence the match.
   */
  hold?: { op: HeldOperation; match: string; releaseFile?: string };
  /** Fail every matching call with this errno code (`write` writes half the bytes first). */
  fail?: { op: FailedOperation; code: string };
}

// Plain JavaScript: it runs in the child before anything else. Temp files of atomic writes end
// in `.tmp`; only those are faulted, so reading the snapshot or the rule docs is unaffected.
const HOOK_SOURCE = String.raw`
import fs from 'node:fs';
import { existsSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const spec = JSON.parse(process.env.AWS_AUDIT_TEST_FS_FAULT ?? '{}');
const real = { ...fs.promises };
const isTemp = (path) => String(path).endsWith('.tmp');
const fault = (op, path) =>
  Object.assign(new Error(spec.fail.code + ': injected fault, ' + op + " '" + path + "'"), {
    code: spec.fail.code,
    syscall: op,
    path: String(path),
  });
let held = false;
async function maybeHold(op, path) {
  if (!spec.hold || spec.hold.op !== op || held || !String(path).includes(spec.hold.match)) return;
  held = true;
  process.stderr.write('${HOLD_MARKER} ' + op + ' ' + path + '\n');
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      if (spec.hold.releaseFile && existsSync(spec.hold.releaseFile)) {
        clearInterval(timer);
        resolve();
      }
    }, 10);
  });
}
const failing = (op) => spec.fail && spec.fail.op === op;

fs.promises.readFile = async (path, ...rest) => {
  await maybeHold('readFile', path);
  return real.readFile(path, ...rest);
};
fs.promises.rename = async (from, to) => {
  if (isTemp(from)) await maybeHold('rename', from);
  if (isTemp(from) && failing('rename')) throw fault('rename', to);
  return real.rename(from, to);
};
fs.promises.mkdir = async (path, ...rest) => {
  if (failing('mkdir')) throw fault('mkdir', path);
  return real.mkdir(path, ...rest);
};
fs.promises.open = async (path, ...rest) => {
  await maybeHold('open', path);
  if (isTemp(path) && failing('open')) throw fault('open', path);
  const handle = await real.open(path, ...rest);
  if (isTemp(path) && failing('write')) {
    const writeFile = handle.writeFile.bind(handle);
    handle.writeFile = async (data) => {
      const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data);
      await writeFile(bytes.subarray(0, Math.floor(bytes.length / 2)));
      throw fault('write', path);
    };
  }
  return handle;
};
syncBuiltinESMExports();
`;

/** Writes the hook into `dir` and returns the environment that activates `fault` in a child. */
export async function fsFaultEnv(dir: string, fault: FsFault): Promise<NodeJS.ProcessEnv> {
  const hook = join(dir, 'fs-fault-hook.mjs');
  await writeFile(hook, HOOK_SOURCE);
  return { NODE_OPTIONS: `--import=${hook}`, AWS_AUDIT_TEST_FS_FAULT: JSON.stringify(fault) };
}
