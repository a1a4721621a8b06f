// User-facing failures carry their exit code so the CLI prints one clear line, never a stack.

/** Exit codes are a public contract (README "Exit codes"). */
export const ExitCode = {
  /** Scan complete, no failing finding at or above the gate. */
  Ok: 0,
  /** Failing findings at or above `--fail-on` (or new ones, with `--fail-on-new`). */
  Findings: 1,
  /** Usage, input, credential or output error: nothing was scanned or nothing was written. */
  Usage: 2,
  /** The scan could not cover what it was asked to: collection errors or rule errors. */
  Incomplete: 3,
  /** Interrupted by SIGINT (128 + 2), as shells report it. */
  Interrupted: 130,
  /** Terminated by SIGTERM (128 + 15). */
  Terminated: 143,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Control characters (line breaks, escapes) written as JSON escapes, so text that came from the
 * user's file (an unknown key holding a line break) cannot split a message or drive a terminal.
 */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, (ch) => JSON.stringify(ch).slice(1, -1));
}

/** A mistake in what the user gave us (file, flag, field). Always one line; exit 2. */
export class UserError extends Error {
  readonly exitCode: ExitCodeValue;
  constructor(message: string, exitCode: ExitCodeValue = ExitCode.Usage) {
    super(oneLine(message));
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
