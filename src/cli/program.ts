// The command tree. `run` never throws and never prints a stack for a user mistake: it returns
// the exit code (README "Exit codes").
import { Command, CommanderError } from 'commander';
import { TOOL_VERSION } from '../tool-info.js';
import { ExitCode, UserError, errorMessage } from '../util/errors.js';
import { collectCommand } from './commands/collect.js';
import { mergeCommand } from './commands/merge.js';
import { policyCommand } from './commands/policy.js';
import { publishCommand } from './commands/publish.js';
import { rulesCommand } from './commands/rules.js';
import { scanCommand } from './commands/scan.js';
import type { CliIo } from './io.js';
import { interruptExitCode } from './signals.js';

export function createProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('aws-audit')
    .description('Audit a live AWS account (or a saved snapshot) and write JSON and SARIF reports.')
    .version(TOOL_VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(`aws-audit: ${text.replace(/^error: /, '')}`),
    });
  const subcommands = [
    scanCommand(io, setExitCode),
    rulesCommand(io),
    mergeCommand(io, setExitCode),
    collectCommand(io, setExitCode),
    policyCommand(io),
    publishCommand(io, setExitCode),
  ];
  for (const command of subcommands) {
    command.exitOverride().configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(`aws-audit ${command.name()}: ${text.replace(/^error: /, '')}`),
    });
    command.showHelpAfterError(`(run 'aws-audit ${command.name()} --help' for usage)`);
    program.addCommand(command);
  }
  return program;
}

export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  const program = createProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    // After SIGINT / SIGTERM whatever failed failed because of it; the handler already said so.
    const interrupted = interruptExitCode(io.abortSignal);
    if (interrupted !== undefined) return interrupted;
    if (error instanceof CommanderError) {
      // Help and version are successes; every other parse error is a usage error.
      if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code))
        return ExitCode.Ok;
      if (error.code === 'commander.executeSubCommandAsync') return ExitCode.Ok;
      return ExitCode.Usage;
    }
    if (error instanceof UserError) {
      io.stderr(`aws-audit: ${error.message}\n`);
      return error.exitCode;
    }
    // A bug, not a user mistake: say so plainly, with the stack only when debugging.
    io.stderr(`aws-audit: internal error: ${errorMessage(error)}\n`);
    if (io.env.AWS_AUDIT_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return 70;
  }
}
