// SIGINT / SIGTERM during a run: stop promptly, leave no half-written file, exit 130 / 143
// (README "Failure behaviour"). The run is told through an AbortSignal (collectors pass it to the
// SDK so in-flight AWS calls are abandoned, CONTRIBUTING "Interrupts"); atomic writes are stopped
// so nothing new lands on disk after the signal; temp files of writes in progress are removed.
import { setMaxListeners } from 'node:events';
import { rmSync } from 'node:fs';
import { pendingTemporaryFiles, stopAtomicWrites } from '../util/atomic-file.js';
import { ExitCode } from '../util/errors.js';

export const HANDLED_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
export type HandledSignal = (typeof HANDLED_SIGNALS)[number];

export const SIGNAL_EXIT_CODES: Record<HandledSignal, number> = {
  SIGINT: ExitCode.Interrupted,
  SIGTERM: ExitCode.Terminated,
};

/**
 * After a signal, how long the run may take to unwind by itself (aborted SDK calls rejecting, writes
 * in progress noticing the stop and removing their temp file) before the process exits anyway.
 * Short: a user who pressed Ctrl-C wants the prompt back.
 */
export const DEFAULT_GRACE_MS = 250;

/** The reason the run's AbortSignal carries, and the error writes stopped by the signal throw. */
export class InterruptedError extends Error {
  readonly signal: HandledSignal;
  readonly exitCode: number;
  constructor(signal: HandledSignal) {
    super(`interrupted by ${signal}`);
    this.name = 'InterruptedError';
    this.signal = signal;
    this.exitCode = SIGNAL_EXIT_CODES[signal];
  }
}

/** The exit code for a run whose AbortSignal fired, or undefined when it did not. */
export function interruptExitCode(signal: AbortSignal | undefined): number | undefined {
  if (!signal?.aborted) return undefined;
  const reason: unknown = signal.reason;
  return reason instanceof InterruptedError ? reason.exitCode : ExitCode.Interrupted;
}

/** The parts of `process` the handler touches, injectable so it is tested in-process. */
export interface SignalHost {
  on(event: HandledSignal, listener: () => void): unknown;
  off(event: HandledSignal, listener: () => void): unknown;
}

export interface InterruptOptions {
  host?: SignalHost;
  stderr: (text: string) => void;
  exit: (code: number) => void;
  graceMs?: number;
}

export interface InterruptHandling {
  /** Aborted with an `InterruptedError` on the first SIGINT / SIGTERM. */
  readonly signal: AbortSignal;
  /** The exit code to use once the run returned `code`: the signal's code wins after a signal. */
  settle(code: number): number;
  /** Stops listening (the process's default signal behaviour returns) and cancels a pending exit. */
  dispose(): void;
}

/** Removes temp files of unfinished atomic writes; never throws (it runs on the way out). */
export function removePendingTemporaryFiles(): void {
  for (const temp of pendingTemporaryFiles()) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nothing better to do while exiting; the file's name marks it as a temp file.
    }
  }
}

export function installInterruptHandling(options: InterruptOptions): InterruptHandling {
  const host = options.host ?? process;
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const controller = new AbortController();
  // Every AWS call in flight listens on the signal (up to --concurrency of them) and so does the
  // progress display: many listeners are expected, not a leak, and Node's warning at 11 would land
  // in the user's stderr.
  setMaxListeners(0, controller.signal);
  let exited = false;
  let graceTimer: NodeJS.Timeout | undefined;

  const exitNow = (code: number): void => {
    if (exited) return;
    exited = true;
    removePendingTemporaryFiles();
    options.exit(code);
  };

  const onSignal = (signal: HandledSignal): void => {
    if (controller.signal.aborted) {
      // A second Ctrl-C: the user does not want to wait for the unwinding.
      exitNow(SIGNAL_EXIT_CODES[signal]);
      return;
    }
    const reason = new InterruptedError(signal);
    stopAtomicWrites(reason);
    // Aborted before the message: a live progress line (progress.ts) erases itself on abort, so the
    // message lands on a clean line and nothing of the progress follows it.
    controller.abort(reason);
    options.stderr(
      `aws-audit: interrupted by ${signal}; stopping (exit ${reason.exitCode}). ` +
        'Files already written are complete; nothing is half-written.\n',
    );
    removePendingTemporaryFiles();
    // A referenced timer: the process stays up for the grace period even when nothing else would
    // keep it alive (a write parked forever must not end the process with the wrong code).
    graceTimer = setTimeout(() => exitNow(reason.exitCode), graceMs);
  };

  const listeners = new Map<HandledSignal, () => void>(
    HANDLED_SIGNALS.map((signal) => [signal, () => onSignal(signal)]),
  );
  for (const [signal, listener] of listeners) host.on(signal, listener);

  return {
    signal: controller.signal,
    settle(code) {
      const interrupted = interruptExitCode(controller.signal);
      if (interrupted === undefined) return code;
      removePendingTemporaryFiles();
      return interrupted;
    },
    dispose() {
      clearTimeout(graceTimer);
      for (const [signal, listener] of listeners) host.off(signal, listener);
    },
  };
}
