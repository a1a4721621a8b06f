#!/usr/bin/env node
// Entry point of the `aws-audit` binary.
// Signal handling is installed before the command tree is loaded (the AWS SDK takes a moment to
// import), so a Ctrl-C at any point exits 130 / 143 cleanly (src/cli/signals.ts).
import { installInterruptHandling } from './signals.js';

const interrupts = installInterruptHandling({
  stderr: (text) => process.stderr.write(text),
  exit: (code) => process.exit(code),
});
// Once for the whole run, wherever clients are made later (single account or fan-out).
const { silenceSdkNodeVersionWarning } = await import('../collect/clients.js');
silenceSdkNodeVersionWarning();
const { processIo } = await import('./io.js');
const { run } = await import('./program.js');

const code = await run(process.argv.slice(2), { ...processIo(), abortSignal: interrupts.signal });
process.exitCode = interrupts.settle(code);
