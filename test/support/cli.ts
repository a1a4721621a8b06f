// Runs the CLI in-process with captured output, and the built binary as a child process.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/program.js';
import type { CliIo } from '../../src/cli/io.js';
import { tempEnv } from './temp-root.js';

export interface CliRun {
  code: number;
  stdout: string;
  /** Without the evaluation's plain progress lines (`withoutEvaluationProgress`). */
  stderr: string;
}

/**
 * Standard error without the evaluation's plain-text progress lines (`aws-audit: evaluating 3/40
 * rule×scope, …`, `aws-audit: evaluating done: …`): a scan prints them once evaluating has taken
 * over a second (src/cli/actions/scan.ts), which on a loaded test machine even the demo reaches.
 * They are then correct output, but they made every test that pins the whole of stderr fail at
 * random, so both runners below drop them; test/cli/progress.test.ts tests the lines themselves.
 * Other lines that start the same way (`evaluating only those: …`) stay.
 */
export function withoutEvaluationProgress(stderr: string): string {
  return stderr.replace(/^aws-audit: evaluating (?:\d+\/\d+ |done: ).*\n/gm, '');
}

export async function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  tty = false,
  cwd = process.cwd(),
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    stdoutIsTty: tty,
    stderrIsTty: tty,
    env: { ...env },
    cwd,
  };
  const code = await run(args, io);
  return { code, stdout, stderr: withoutEvaluationProgress(stderr) };
}

export const BUILT_CLI = join(process.cwd(), 'dist/src/cli/main.js');

export function runBuiltCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  options: { timeoutMs?: number; node?: string } = {},
): Promise<CliRun> {
  return runBuiltScript(BUILT_CLI, args, env, options);
}

/**
 * Runs a script of `dist/` (the CLI, a bench script) in a child Node with only PATH, the run's
 * TMPDIR (`tempEnv`) and `env`: this Node unless `options.node` names another binary (`npm run test:node22`).
 */
export function runBuiltScript(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  options: { timeoutMs?: number; node?: string } = {},
): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      options.node ?? process.execPath,
      [script, ...args],
      {
        env: { PATH: process.env.PATH, ...tempEnv(), ...env },
        maxBuffer: 64 * 1024 * 1024,
        // A hang becomes a killed child (code -1 below) and a failing assertion, not a stuck suite.
        ...(options.timeoutMs !== undefined && {
          timeout: options.timeoutMs,
          killSignal: 'SIGKILL' as const,
        }),
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : error.killed ? -1 : 1) : 0;
        resolve({ code, stdout, stderr: withoutEvaluationProgress(stderr) });
      },
    );
  });
}

/** A new folder under the run's temp root (test/support/temp-root.ts), removed when the run ends. */
export async function tempDir(prefix = 'aws-audit-test-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function listFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}
