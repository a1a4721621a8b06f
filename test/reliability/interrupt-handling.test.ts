// The interrupt handler in-process, with a fake process: what it prints, aborts, removes and exits.
import { EventEmitter } from 'node:events';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  InterruptedError,
  installInterruptHandling,
  interruptExitCode,
  type HandledSignal,
  type SignalHost,
} from '../../src/cli/signals.js';
import { writeFileAtomic } from '../../src/util/atomic-file.js';
import { tempDir } from '../support/cli.js';

function fakeProcess(): { host: SignalHost & EventEmitter; exits: number[]; stderr: string[] } {
  return { host: new EventEmitter() as SignalHost & EventEmitter, exits: [], stderr: [] };
}

function install(fake: ReturnType<typeof fakeProcess>, graceMs = 20) {
  return installInterruptHandling({
    host: fake.host,
    stderr: (text) => fake.stderr.push(text),
    exit: (code) => fake.exits.push(code),
    graceMs,
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('installInterruptHandling', () => {
  it('leaves the run alone until a signal arrives', () => {
    const fake = fakeProcess();
    const handling = install(fake);
    expect(handling.signal.aborted).toBe(false);
    expect(handling.settle(3)).toBe(3);
    expect(interruptExitCode(handling.signal)).toBeUndefined();
    handling.dispose();
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as [HandledSignal, number][])(
    '%s: one stderr line, the run is aborted with the exit code, then the process exits %i',
    async (signal, code) => {
      const fake = fakeProcess();
      const handling = install(fake);
      fake.host.emit(signal);
      expect(fake.stderr).toEqual([
        `aws-audit: interrupted by ${signal}; stopping (exit ${code}). ` +
          'Files already written are complete; nothing is half-written.\n',
      ]);
      expect(handling.signal.aborted).toBe(true);
      expect(handling.signal.reason).toBeInstanceOf(InterruptedError);
      expect(interruptExitCode(handling.signal)).toBe(code);
      // A run that returns by itself after the signal still ends with the signal's code.
      expect(handling.settle(0)).toBe(code);
      expect(fake.exits).toEqual([]);
      await sleep(60);
      expect(fake.exits).toEqual([code]);
      handling.dispose();
    },
  );

  it('a second signal exits at once, without waiting for the grace period', () => {
    const fake = fakeProcess();
    const handling = install(fake, 60_000);
    fake.host.emit('SIGINT');
    expect(fake.exits).toEqual([]);
    fake.host.emit('SIGINT');
    expect(fake.exits).toEqual([130]);
    expect(fake.stderr).toHaveLength(1);
    handling.dispose();
    expect(fake.exits).toEqual([130]);
  });

  it('after the signal no atomic write completes and no temp file is left', async () => {
    const dir = await tempDir();
    const earlier = join(dir, 'report.json');
    await writeFile(earlier, 'earlier report\n');
    const fake = fakeProcess();
    const handling = install(fake);
    // A write in progress when the signal arrives: it must not be renamed over the earlier report.
    const inProgress = writeFileAtomic(earlier, 'x'.repeat(4 * 1024 * 1024));
    fake.host.emit('SIGTERM');
    await expect(inProgress).rejects.toBeInstanceOf(InterruptedError);
    await expect(writeFileAtomic(join(dir, 'later.json'), '{}')).rejects.toBeInstanceOf(InterruptedError);
    expect(await readdir(dir)).toEqual(['report.json']);
    expect(await readFile(earlier, 'utf8')).toBe('earlier report\n');
    await sleep(60);
    handling.dispose();
  });

  it('dispose stops listening', () => {
    const fake = fakeProcess();
    install(fake).dispose();
    expect(fake.host.listenerCount('SIGINT')).toBe(0);
    expect(fake.host.listenerCount('SIGTERM')).toBe(0);
  });
});
