// Progress of long work on stderr (issue 19 "Progress on long work"): collection (region × kind units,
// requests, throttles) and the evaluation of big snapshots (rule × scope units).
// - On a terminal: one status line redrawn in place (`\r` + erase-line), at most every REDRAW_MS,
//   erased at the end; other stderr lines go through `line()`, which prints them above it.
// - Elsewhere (CI logs): a plain line every PLAIN_EVERY_MS and one at the end; never escape codes.
// - After the run's AbortSignal fired nothing more is drawn: "interrupted" is the last word.
// Hand-written rather than a library (listr2, cli-progress, ora): those own the whole stderr stream
// and draw on their own timers, while here the display must share stderr with notes and stay silent
// after an interrupt; the renderer is ~150 lines and tested with a fake stream and a fake clock.

/** Time and a repeating timer, injectable so tests drive both. */
export interface ProgressClock {
  now(): number;
  /** Calls `tick` every `ms` until the returned function is called; must not keep the process up. */
  every(ms: number, tick: () => void): () => void;
}

export const systemClock: ProgressClock = {
  now: () => Date.now(),
  every: (ms, tick) => {
    const timer = setInterval(tick, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

/** At most ten redraws a second on a terminal. */
export const REDRAW_MS = 100;
/** A plain progress line this often when stderr is not a terminal. */
export const PLAIN_EVERY_MS = 10_000;

export interface ProgressOptions {
  write: (text: string) => void;
  isTty: boolean;
  /** What is being done, e.g. `collecting`. */
  label: string;
  /** What one unit is, e.g. `region×kind`. */
  unit: string;
  /** Show request and throttle counts (collection). */
  requests?: boolean;
  /** Nothing is shown before this much time passed (evaluation: only when it takes a moment). */
  showAfterMs?: number;
  /**
   * The run's interrupt signal (src/cli/signals.ts): when it fires the live line is erased at once
   * (the "interrupted" line is printed right after, on a clean line) and nothing more is written.
   */
  signal?: AbortSignal;
  clock?: ProgressClock;
  /** Terminal width: the live line is cut to fit so it never wraps (a wrapped line cannot be erased). */
  columns?: number;
}

/** Milliseconds left at the average pace so far; undefined before the first unit is done. */
export function estimateRemainingMs(done: number, total: number, elapsedMs: number): number | undefined {
  if (done <= 0 || total <= 0) return undefined;
  if (done >= total) return 0;
  return Math.round((elapsedMs / done) * (total - done));
}

/** `850ms`, `12s`, `3m05s`, `1h02m`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

const ERASE_LINE = '\r\x1b[2K';

export class ProgressDisplay {
  private readonly options: ProgressOptions;
  private readonly clock: ProgressClock;
  private readonly started: number;
  private total = 0;
  private done = 0;
  private requests = 0;
  private throttles = 0;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private lastPlain: number;
  /** A live line is on screen (the cursor sits at its end). */
  private showing = false;
  private finished = false;
  private readonly cancelTimer: () => void;
  private readonly stopListening: () => void;

  constructor(options: ProgressOptions) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.started = this.clock.now();
    this.lastPlain = this.started;
    // The timer keeps elapsed time and the estimate moving while a slow call holds up every event.
    this.cancelTimer = this.clock.every(options.isTty ? REDRAW_MS * 5 : PLAIN_EVERY_MS, () => this.refresh());
    const onAbort = (): void => this.interrupted();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    this.stopListening = () => options.signal?.removeEventListener('abort', onAbort);
  }

  /** More units of work became known (a region's kinds, an account's rules). */
  addTotal(units: number): void {
    this.total += units;
    this.refresh();
  }

  /** Units finished. */
  advance(units = 1): void {
    this.done += units;
    this.refresh();
  }

  /** One HTTP attempt was answered (retries count again); `throttled` when AWS refused it for rate. */
  request(throttled: boolean): void {
    this.requests += 1;
    if (throttled) this.throttles += 1;
    this.refresh();
  }

  /** Prints a full stderr line, above the live line on a terminal (never mixed into it). */
  line(text: string): void {
    if (this.stopped()) return;
    this.erase();
    this.options.write(text.endsWith('\n') ? text : `${text}\n`);
    if (!this.finished && this.options.isTty) this.draw();
  }

  /** The work ended: the live line is erased; in plain mode one last line reports the totals. */
  finish(): void {
    this.end(true);
  }

  /** The work failed (its error is printed next): the live line is erased, no totals line. */
  abandon(): void {
    this.end(false);
  }

  private end(summary: boolean): void {
    if (this.finished) return;
    this.finished = true;
    this.cancelTimer();
    this.stopListening();
    if (this.stopped()) return;
    this.erase();
    if (summary && !this.options.isTty && this.visible() && this.total > 0)
      this.options.write(`aws-audit: ${this.status()}\n`);
  }

  /** The status text, e.g. `collecting 12/45 region×kind, 130 requests, 2 throttled, 4s, ~11s left`. */
  status(): string {
    const elapsed = this.clock.now() - this.started;
    const parts = [`${this.options.label} ${this.done}/${this.total} ${this.options.unit}`];
    if (this.options.requests) parts.push(`${this.requests} requests`, `${this.throttles} throttled`);
    parts.push(formatDuration(elapsed));
    if (this.done < this.total) {
      const left = estimateRemainingMs(this.done, this.total, elapsed);
      parts.push(left === undefined ? 'estimating' : `~${formatDuration(left)} left`);
    } else if (this.finished) {
      parts[0] = `${this.options.label} done: ${this.done}/${this.total} ${this.options.unit}`;
    }
    return parts.join(', ');
  }

  private stopped(): boolean {
    return this.options.signal?.aborted === true;
  }

  private interrupted(): void {
    this.erase();
    this.finished = true;
    this.cancelTimer();
    this.stopListening();
  }

  private visible(): boolean {
    return this.clock.now() - this.started >= (this.options.showAfterMs ?? 0);
  }

  private refresh(): void {
    if (this.finished) return;
    if (this.stopped()) {
      this.interrupted();
      return;
    }
    if (!this.visible()) return;
    const now = this.clock.now();
    if (this.options.isTty) {
      if (now - this.lastDraw >= REDRAW_MS) this.draw();
    } else if (now - this.lastPlain >= PLAIN_EVERY_MS) {
      this.lastPlain = now;
      this.options.write(`aws-audit: ${this.status()}\n`);
    }
  }

  private draw(): void {
    this.lastDraw = this.clock.now();
    let text = `aws-audit: ${this.status()}`;
    const width = this.options.columns;
    if (width !== undefined && width > 1 && text.length >= width) text = text.slice(0, width - 1);
    this.options.write(`${ERASE_LINE}${text}`);
    this.showing = true;
  }

  private erase(): void {
    if (!this.showing) return;
    this.options.write(ERASE_LINE);
    this.showing = false;
  }
}
