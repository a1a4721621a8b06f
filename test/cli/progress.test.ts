// The progress renderer (src/cli/progress.ts) with a fake stream and a fake clock: redraw throttling,
// the final erase, plain lines for CI logs, the estimate, silence after an interrupt; and the
// interrupt handler erasing a live line before its own message.
import { describe, expect, it } from '@jest/globals';
import { EventEmitter } from 'node:events';
import {
  PLAIN_EVERY_MS,
  ProgressDisplay,
  REDRAW_MS,
  estimateRemainingMs,
  formatDuration,
  type ProgressClock,
  type ProgressOptions,
} from '../../src/cli/progress.js';
import { installInterruptHandling, type SignalHost } from '../../src/cli/signals.js';

const ERASE = '\r\x1b[2K';

class FakeClock implements ProgressClock {
  time = 1_000_000;
  timers: { ms: number; tick: () => void; next: number; live: boolean }[] = [];
  now(): number {
    return this.time;
  }
  every(ms: number, tick: () => void): () => void {
    const timer = { ms, tick, next: this.time + ms, live: true };
    this.timers.push(timer);
    return () => {
      timer.live = false;
    };
  }
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.live && t.next <= end).sort((a, b) => a.next - b.next)[0];
      if (!due) break;
      this.time = due.next;
      due.next += due.ms;
      due.tick();
    }
    this.time = end;
  }
  liveTimers(): number {
    return this.timers.filter((t) => t.live).length;
  }
}

function display(isTty: boolean, extra: Partial<ProgressOptions> = {}) {
  const clock = new FakeClock();
  const writes: string[] = [];
  const progress = new ProgressDisplay({
    write: (text) => writes.push(text),
    isTty,
    label: 'collecting',
    unit: 'region×kind',
    requests: true,
    clock,
    ...extra,
  });
  return { clock, writes, progress };
}

describe('estimate and durations', () => {
  it('projects the average pace so far onto the units left', () => {
    expect(estimateRemainingMs(0, 10, 5000)).toBeUndefined();
    expect(estimateRemainingMs(5, 10, 5000)).toBe(5000);
    expect(estimateRemainingMs(1, 4, 2000)).toBe(6000);
    expect(estimateRemainingMs(3, 9, 1000)).toBe(2000);
    expect(estimateRemainingMs(10, 10, 7000)).toBe(0);
    expect(estimateRemainingMs(1, 0, 7000)).toBeUndefined();
  });

  it('formats durations compactly', () => {
    expect(formatDuration(850)).toBe('850ms');
    expect(formatDuration(12_400)).toBe('12s');
    expect(formatDuration(185_000)).toBe('3m05s');
    expect(formatDuration(3_720_000)).toBe('1h02m');
  });

  it('the status line carries done of total, requests, throttles, elapsed and time left', () => {
    const { clock, progress } = display(true);
    progress.addTotal(20);
    for (let i = 0; i < 5; i++) progress.advance();
    for (let i = 0; i < 30; i++) progress.request(i % 10 === 0);
    clock.time += 10_000;
    expect(progress.status()).toBe('collecting 5/20 region×kind, 30 requests, 3 throttled, 10s, ~30s left');
  });
});

describe('live line on a terminal', () => {
  it('redraws in place at most every REDRAW_MS, however many events arrive', () => {
    const { clock, writes, progress } = display(true);
    progress.addTotal(1000);
    for (let i = 0; i < 500; i++) {
      progress.request(false);
      progress.advance();
      clock.time += 1; // 500 events in 500 ms
    }
    // First draw at once, then one per 100 ms: 5 or 6 draws for half a second, not 1000.
    expect(writes.length).toBeGreaterThanOrEqual(5);
    expect(writes.length).toBeLessThanOrEqual(6);
    for (const write of writes) {
      expect(write.startsWith(ERASE)).toBe(true);
      expect(write).not.toContain('\n');
    }
    expect(writes.at(-1)!.slice(ERASE.length)).toMatch(
      /^aws-audit: collecting \d+\/1000 region×kind, \d+ requests/,
    );
    expect(REDRAW_MS).toBe(100);
  });

  it('keeps the clock moving while nothing happens, and erases the line at the end', () => {
    const { clock, writes, progress } = display(true);
    progress.addTotal(2);
    progress.advance();
    const before = writes.length;
    clock.advance(2000); // a slow call: the timer redraws elapsed time
    expect(writes.length).toBeGreaterThan(before);
    expect(writes.at(-1)).toContain(', 2s, ~2s left');
    progress.finish();
    expect(writes.at(-1)).toBe(ERASE);
    expect(clock.liveTimers()).toBe(0);
    const count = writes.length;
    progress.advance();
    progress.finish();
    clock.advance(5000);
    expect(writes).toHaveLength(count);
  });

  it('prints other lines above the live line, never inside it', () => {
    const { writes, progress } = display(true);
    progress.addTotal(4);
    writes.length = 0;
    progress.line('aws-audit: eu-west-3: unreachable (ECONNREFUSED)');
    expect(writes).toEqual([
      ERASE,
      'aws-audit: eu-west-3: unreachable (ECONNREFUSED)\n',
      `${ERASE}aws-audit: collecting 0/4 region×kind, 0 requests, 0 throttled, 0ms, estimating`,
    ]);
  });

  it('cuts the line to the terminal width so it never wraps', () => {
    const { writes, progress } = display(true, { columns: 30 });
    progress.addTotal(4);
    expect(writes.at(-1)).toBe(`${ERASE}${'aws-audit: collecting 0/4 region×kind'.slice(0, 29)}`);
  });

  it('evaluation: shows nothing when it ends before showAfterMs', () => {
    const { clock, writes, progress } = display(true, { showAfterMs: 1000, requests: false });
    progress.addTotal(100);
    for (let i = 0; i < 100; i++) progress.advance();
    clock.time += 400;
    progress.finish();
    expect(writes).toEqual([]);
  });

  it('evaluation: appears once it takes longer than showAfterMs', () => {
    const { clock, writes, progress } = display(true, {
      showAfterMs: 1000,
      requests: false,
      label: 'evaluating',
      unit: 'rule×scope',
    });
    progress.addTotal(100);
    clock.time += 1500;
    for (let i = 0; i < 25; i++) progress.advance();
    expect(writes).toEqual([`${ERASE}aws-audit: evaluating 1/100 rule×scope, 2s, ~2m29s left`]);
    progress.finish();
    expect(writes.at(-1)).toBe(ERASE);
  });
});

describe('plain lines when stderr is not a terminal', () => {
  it('one line every PLAIN_EVERY_MS and one at the end, no escape codes', () => {
    const { clock, writes, progress } = display(false);
    progress.addTotal(30);
    for (let second = 0; second < 25; second++) {
      progress.advance();
      progress.request(second === 3);
      clock.advance(1000);
    }
    progress.advance(5);
    progress.finish();
    expect(PLAIN_EVERY_MS).toBe(10_000);
    expect(writes).toEqual([
      'aws-audit: collecting 10/30 region×kind, 10 requests, 1 throttled, 10s, ~20s left\n',
      'aws-audit: collecting 20/30 region×kind, 20 requests, 1 throttled, 20s, ~10s left\n',
      'aws-audit: collecting done: 30/30 region×kind, 25 requests, 1 throttled, 25s\n',
    ]);
    for (const write of writes) expect(write).not.toContain('\x1b');
  });

  it('notes are plain lines', () => {
    const { writes, progress } = display(false);
    progress.line('aws-audit: 3 regions enabled, 0 not opted in');
    expect(writes).toEqual(['aws-audit: 3 regions enabled, 0 not opted in\n']);
  });
});

describe('after an interrupt', () => {
  it('erases the live line when the signal fires and writes nothing more', () => {
    const controller = new AbortController();
    const { clock, writes, progress } = display(true, { signal: controller.signal });
    progress.addTotal(10);
    clock.time += REDRAW_MS;
    progress.advance();
    expect(writes.at(-1)).toContain('collecting 1/10');
    controller.abort(new Error('interrupted'));
    expect(writes.at(-1)).toBe(ERASE);
    const count = writes.length;
    clock.advance(60_000);
    progress.advance();
    progress.request(true);
    progress.line('aws-audit: us-east-1: unreachable');
    progress.finish();
    expect(writes).toHaveLength(count);
  });

  it('plain mode prints no final line after an interrupt', () => {
    const controller = new AbortController();
    const { clock, writes, progress } = display(false, { signal: controller.signal });
    progress.addTotal(10);
    clock.advance(10_000);
    expect(writes).toHaveLength(1);
    controller.abort();
    clock.advance(30_000);
    progress.advance();
    progress.finish();
    expect(writes).toHaveLength(1);
  });

  it('the "interrupted" message lands on a clean line after the live line was erased', () => {
    const stderr: string[] = [];
    const host = new EventEmitter() as SignalHost & EventEmitter;
    const handling = installInterruptHandling({
      host,
      stderr: (text) => stderr.push(text),
      exit: () => undefined,
      graceMs: 1,
    });
    const clock = new FakeClock();
    const progress = new ProgressDisplay({
      write: (text) => stderr.push(text),
      isTty: true,
      label: 'collecting',
      unit: 'region×kind',
      clock,
      signal: handling.signal,
    });
    progress.addTotal(3);
    host.emit('SIGINT');
    handling.dispose();
    expect(stderr.slice(-2)).toEqual([
      ERASE,
      'aws-audit: interrupted by SIGINT; stopping (exit 130). Files already written are complete; nothing is half-written.\n',
    ]);
    progress.advance();
    progress.finish();
    expect(stderr.at(-1)).toContain('interrupted by SIGINT');
  });
});
