// Peak-memory readings for one benchmark child process. Linux lets a process reset its own
// high-water mark (`echo 5 > /proc/self/clear_refs`), so a phase's peak can be read without the
// set-up before it (generating the snapshot) counting; elsewhere we fall back to the whole-process
// maxRSS, which is an upper bound.
import { readFileSync, writeFileSync } from 'node:fs';

const MIB = 1024 * 1024;

function statusKb(field: 'VmHWM' | 'VmRSS'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
    return match?.[1] === undefined ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}

/** Resident set size now, in MiB. */
export function rssMiB(): number {
  return process.memoryUsage.rss() / MIB;
}

/** Whole-process peak RSS in MiB (getrusage maxrss is in KiB on Linux). */
export function processPeakMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Collects garbage when the process runs with --expose-gc (the bench children do). */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

/**
 * Starts a measured phase: collects garbage and resets the kernel's high-water mark to the current
 * RSS. Returns whether the reset worked (so `phasePeakMiB` is the phase's own peak).
 */
export function startPhase(): boolean {
  collectGarbage();
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** Peak RSS since `startPhase` (or since the process started, when the reset was unavailable). */
export function phasePeakMiB(): number {
  const hwm = statusKb('VmHWM');
  return hwm === undefined ? processPeakMiB() : hwm / 1024;
}
