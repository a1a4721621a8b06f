#!/usr/bin/env node
// Entry point of the `aws-audit` binary.
// Signal handling is installed before the command tree is loaded, so a Ctrl-C at any point exits
// 130 / 143 cleanly (src/cli/signals.ts). The tree declares every command's flags and help and
// nothing else: each command loads what it does when it runs (src/cli/actions/), so `--help` and
// `--version` answer without the rule pack, the AWS SDK or a report writer (start-up, issue 18).
import { setFlagsFromString } from 'node:v8';
import { installInterruptHandling } from './signals.js';

// Between major collections V8 lets the old generation grow to a multiple of what is alive (up to
// 4× with the heap limit Node picks on a large machine); evaluating a 1M-resource snapshot then
// peaked at 2.59 GiB with 0.8 GiB alive. 60 % headroom kept the same scan at 1.57 GiB
// (BENCHMARKS.md "Streaming findings", issue 18's ≤ 2 GB). Unlike --max-old-space-size it scales
// with the input rather than capping it. Set before anything is loaded; V8 reads it at each
// collection, so setting it at run time works (Node 20 to 24).
setFlagsFromString('--heap-growing-percent=60');

const interrupts = installInterruptHandling({
  stderr: (text) => process.stderr.write(text),
  exit: (code) => process.exit(code),
});
const { processIo } = await import('./io.js');
const { run } = await import('./program.js');

const code = await run(process.argv.slice(2), { ...processIo(), abortSignal: interrupts.signal });
process.exitCode = interrupts.settle(code);
