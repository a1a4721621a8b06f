#!/usr/bin/env node
// Entry point of the `aws-audit` binary.
// Signal handling is installed before the command tree is loaded, so a Ctrl-C at any point exits
// 130 / 143 cleanly (src/cli/signals.ts). The tree declares every command's flags and help and
// nothing else: each command loads what it does when it runs (src/cli/actions/), so `--help` and
// `--version` answer without the rule pack, the AWS SDK or a report writer (start-up, issue 18).
import { installInterruptHandling } from './signals.js';

const interrupts = installInterruptHandling({
  stderr: (text) => process.stderr.write(text),
  exit: (code) => process.exit(code),
});
const { processIo } = await import('./io.js');
const { run } = await import('./program.js');

const code = await run(process.argv.slice(2), { ...processIo(), abortSignal: interrupts.signal });
process.exitCode = interrupts.settle(code);
