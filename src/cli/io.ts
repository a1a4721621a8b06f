// The CLI's view of the terminal, injectable so commands run in-process in tests.

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdoutIsTty: boolean;
  stderrIsTty: boolean;
  /** Columns of the terminal stdout writes to (undefined when it is not a terminal). */
  stdoutColumns?: number;
  /** Columns of the terminal stderr writes to: the live progress line is cut to fit (progress.ts). */
  stderrColumns?: number;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /**
   * Aborted on SIGINT / SIGTERM (src/cli/signals.ts). Long-running work (live collection) passes it
   * on (`{ abortSignal }` to SDK `send`) so in-flight AWS calls are abandoned. Absent in-process.
   */
  abortSignal?: AbortSignal;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdoutIsTty: process.stdout.isTTY === true,
    stderrIsTty: process.stderr.isTTY === true,
    ...(process.stdout.isTTY && process.stdout.columns > 0 ? { stdoutColumns: process.stdout.columns } : {}),
    ...(process.stderr.isTTY && process.stderr.columns > 0 ? { stderrColumns: process.stderr.columns } : {}),
    env: process.env,
    cwd: process.cwd(),
  };
}

/** Colour only on a terminal, and never when NO_COLOR is set to anything (no-color.org). */
export function useColor(io: CliIo, isTty: boolean): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return isTty;
}

/**
 * Where the console summary wraps: the terminal's width, else `COLUMNS` (set by some CI runners
 * and by users who want a width in logs), else 100.
 */
export function terminalWidth(io: CliIo): number {
  if (io.stdoutColumns !== undefined) return io.stdoutColumns;
  const fromEnv = Number(io.env.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv >= 40 ? fromEnv : 100;
}
