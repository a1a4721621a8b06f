// The command tree. `run` never throws and never prints a stack for a user mistake: it returns
// the exit code (README "Exit codes"). The commands (./commands/) declare flags and help only;
// each action imports its implementation (./actions/) when it runs (start-up, issue 18).
import { Command, CommanderError } from 'commander';
import { TOOL_VERSION } from '../tool-info.js';
import { ExitCode, UserError, errorMessage } from '../util/errors.js';
import { collectCommand } from './commands/collect.js';
import { complianceCommand } from './commands/compliance.js';
import { initCommand } from './commands/init.js';
import { mergeCommand } from './commands/merge.js';
import { policyCommand } from './commands/policy.js';
import { publishCommand } from './commands/publish.js';
import { reachCommand } from './commands/reach.js';
import { rulesCommand } from './commands/rules.js';
import { scanCommand } from './commands/scan.js';
import { terminalWidth, type CliIo } from './io.js';
import { addCommandHelp, helpEpilogue } from './help.js';
import { interruptExitCode } from './signals.js';

const ROOT_HELP = {
  examples: [
    ['aws-audit scan --snapshot examples/demo-account.json', 'scan the demo account offline'],
    ['aws-audit scan --profile audit --fail-on high', 'scan the live account; exit 1 on high or critical'],
  ] as [string, string][],
  exitCodes: [
    [ExitCode.Ok, 'done; nothing reached the --fail-on gate'],
    [ExitCode.Findings, 'findings at or above --fail-on'],
    [ExitCode.Usage, 'usage or input error (also: no command given)'],
    [ExitCode.Incomplete, 'incomplete scan or collection'],
  ] as [number, string][],
};

/** Help wraps at the terminal's width (or COLUMNS), like the console summary. */
function helpWidth(io: CliIo): { getOutHelpWidth: () => number; getErrHelpWidth: () => number } {
  return { getOutHelpWidth: () => terminalWidth(io), getErrHelpWidth: () => terminalWidth(io) };
}

export function createProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command('aws-audit')
    .description('Audit a live AWS account (or a saved snapshot) and write JSON and SARIF reports.')
    .version(TOOL_VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      ...helpWidth(io),
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(`aws-audit: ${text.replace(/^error: /, '')}`),
    })
    .addHelpText('after', helpEpilogue(ROOT_HELP))
    // Before any command runs (never for --help or --version), once for the whole run: the SDK's
    // Node-version warning stays silent wherever clients are made later, the fan-out's and the
    // credential providers' own included (issue 19 bug 3).
    .hook('preAction', async () => {
      const { silenceSdkNodeVersionWarning } = await import('../collect/sdk.js');
      silenceSdkNodeVersionWarning();
    });
  const subcommands = [
    scanCommand(io, setExitCode),
    rulesCommand(io),
    mergeCommand(io, setExitCode),
    complianceCommand(io, setExitCode),
    collectCommand(io, setExitCode),
    policyCommand(io),
    initCommand(io),
    publishCommand(io, setExitCode),
    reachCommand(io),
  ];
  for (const command of subcommands) {
    configureSubcommand(io, command, command.name());
    program.addCommand(addCommandHelp(command));
  }
  return program;
}

/**
 * Output, width and exit handling of a subcommand and of its own subcommands (`publish
 * security-hub`): a usage error is one line naming the command, exit 2, never commander's
 * process.exit(1).
 */
function configureSubcommand(io: CliIo, command: Command, path: string): void {
  command.exitOverride().configureOutput({
    ...helpWidth(io),
    writeOut: (text) => io.stdout(text),
    writeErr: (text) => io.stderr(text),
    outputError: (text, write) => write(`aws-audit ${path}: ${text.replace(/^error: /, '')}`),
  });
  command.showHelpAfterError(`(run 'aws-audit ${path} --help' for usage)`);
  // Long flag names leave ~35 columns for descriptions at 80: wrap them there rather than not at all.
  command.configureHelp({ minWidthToWrap: 30 });
  for (const child of command.commands) configureSubcommand(io, child, `${path} ${child.name()}`);
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
      // `--help`, `help` and `--version` succeed. Bare `aws-audit` (no command) prints the help on
      // stderr and is a usage error: a script that forgot its command must not pass.
      if (['commander.helpDisplayed', 'commander.version'].includes(error.code)) return ExitCode.Ok;
      if (error.code === 'commander.help') return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
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
