// The terminal side of collection: progress and `--debug` lines on stderr, fed by the collection
// layer's small CollectLog interface (src/collect/types.ts), and the live progress display.
import type { CallRecord, CollectLog } from '../collect/types.js';
import type { CliIo } from './io.js';
import { ProgressDisplay, type ProgressOptions } from './progress.js';

function formatCall(call: CallRecord): string {
  const items = call.items === undefined ? '' : ` items=${call.items}`;
  const code = call.code ? ` code=${call.code}` : '';
  return `aws-audit debug: ${call.service}:${call.operation} ${call.region} ${call.ms}ms${items} ${call.status}${code}\n`;
}

/**
 * Progress on stderr. With a `display` (progress.ts): units, requests and throttles feed it and notes
 * print above it. Without one (`--debug`, Organizations fan-out): one line per finished kind on a
 * terminal, and `--debug` adds a line per call.
 */
export function terminalLog(
  io: CliIo,
  options: { quiet?: boolean; debug?: boolean },
  display?: ProgressDisplay,
): CollectLog {
  const progress = io.stderrIsTty && !options.quiet;
  // After Ctrl-C the "interrupted" line is the last word: cancelled calls finishing as failed
  // kinds print nothing more (issue 19 bug 7).
  const stopped = (): boolean => io.abortSignal?.aborted === true;
  if (display)
    return {
      progress: () => display.advance(),
      call: () => undefined,
      note: (message) => {
        if (progress && !stopped()) display.line(`aws-audit: ${message}`);
      },
      planned: (units) => display.addTotal(units),
      attempt: ({ throttled }) => display.request(throttled),
    };
  return {
    progress: (event) => {
      if (!progress || stopped()) return;
      const state = event.state === 'collected' ? String(event.count) : event.state;
      io.stderr(`aws-audit: ${event.region} ${event.service} ${event.kind}: ${state}\n`);
    },
    call: (call) => {
      if (options.debug && !stopped()) io.stderr(formatCall(call));
    },
    note: (message) => {
      if ((progress || options.debug) && !stopped()) io.stderr(`aws-audit: ${message}\n`);
    },
  };
}

/** Progress and `--debug` lines of several accounts interleave: each names its account. */
export function withAccountPrefix(io: CliIo, accountId: string): CliIo {
  return {
    ...io,
    stderr: (text) => io.stderr(text.replace(/^aws-audit( debug)?: /, (head) => `${head}${accountId} `)),
  };
}

/**
 * The live display for a run (progress.ts), or none: `--quiet` shows no progress and `--debug` keeps
 * its line-per-call log, which a redrawn line would fight with.
 */
export function progressDisplayFor(
  io: CliIo,
  options: { quiet?: boolean; debug?: boolean },
  what: Pick<ProgressOptions, 'label' | 'unit' | 'requests' | 'showAfterMs'>,
): ProgressDisplay | undefined {
  if (options.quiet || options.debug) return undefined;
  return new ProgressDisplay({
    ...what,
    write: io.stderr,
    isTty: io.stderrIsTty,
    ...(io.stderrColumns !== undefined ? { columns: io.stderrColumns } : {}),
    ...(io.abortSignal ? { signal: io.abortSignal } : {}),
  });
}
