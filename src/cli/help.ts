// The part of every subcommand's --help that commander does not write: two examples that work as
// typed (from a checkout, against the demo account where possible) and the exit codes the command
// can return (README "Exit codes"). Allowed values sit on the flags themselves (options.ts).
import type { Command } from 'commander';
import { ExitCode } from '../util/errors.js';

interface CommandHelp {
  examples: readonly [string, string][];
  exitCodes: readonly [number, string][];
}

const USAGE: [number, string] = [
  ExitCode.Usage,
  'usage or input error (bad flag, file, config); nothing done',
];
const INTERRUPTED: [number, string] = [ExitCode.Interrupted, 'interrupted (Ctrl-C); 143 on SIGTERM'];

export const COMMAND_HELP: Readonly<Record<string, CommandHelp>> = {
  scan: {
    examples: [
      [
        'aws-audit scan --snapshot examples/demo-account.json --fail-on high',
        'evaluate the demo account offline; exit 1 on a high or critical finding',
      ],
      [
        'aws-audit scan --profile audit --region us-east-1 --format json,sarif',
        'read one region of the live account and write JSON and SARIF',
      ],
    ],
    exitCodes: [
      [ExitCode.Ok, 'complete, and no failing finding reached --fail-on / --fail-on-new'],
      [ExitCode.Findings, 'a failing finding at or above --fail-on (new ones only: --fail-on-new)'],
      USAGE,
      [ExitCode.Incomplete, 'incomplete: data a rule needs was not collected, or a rule failed'],
      INTERRUPTED,
    ],
  },
  collect: {
    examples: [
      [
        'aws-audit collect --profile audit --out snapshots/prod.json',
        'save the live account to a snapshot file',
      ],
      [
        'aws-audit collect --rules iam-user-no-stale-access-keys --out iam.json',
        'collect only what one rule needs',
      ],
    ],
    exitCodes: [
      [ExitCode.Ok, 'snapshot written with everything collected'],
      USAGE,
      [ExitCode.Incomplete, 'snapshot written, but some data could not be collected (see its errors)'],
      INTERRUPTED,
    ],
  },
  rules: {
    examples: [
      ['aws-audit rules', 'the rule pack: id, default severity, title and severity grading'],
      ['aws-audit rules --json', 'the full rule metadata as JSON'],
    ],
    exitCodes: [[ExitCode.Ok, 'listed'], USAGE],
  },
  merge: {
    examples: [
      [
        'aws-audit merge --out merged.json reports/*/aws-audit-report.json',
        'combine per-account reports of an organisation run',
      ],
      [
        'aws-audit merge --out all.json --fail-on critical a.json b.json',
        'merge two reports and exit 1 on a critical finding in either',
      ],
    ],
    exitCodes: [
      [ExitCode.Ok, 'merged, complete, nothing at --fail-on'],
      [ExitCode.Findings, 'a failing finding at or above --fail-on'],
      USAGE,
      [ExitCode.Incomplete, 'an expected account has no report, or a report is incomplete'],
    ],
  },
  compliance: {
    examples: [
      [
        'aws-audit compliance reports/aws-audit-report.json',
        'per-control summary against AWS Foundational Security Best Practices',
      ],
      [
        'aws-audit compliance --framework cis-5.0 reports/aws-audit-report.json',
        'the same against CIS AWS Foundations Benchmark v5.0.0 (--json for scripts)',
      ],
    ],
    exitCodes: [[ExitCode.Ok, 'the report was read and summarised'], USAGE],
  },
  policy: {
    examples: [
      ['aws-audit policy > aws-audit-policy.json', 'the least-privilege IAM policy for every rule'],
      ['aws-audit policy --rules iam-user-no-stale-access-keys', 'the policy for one rule'],
    ],
    exitCodes: [[ExitCode.Ok, 'printed'], USAGE],
  },
  'security-hub': {
    examples: [
      [
        'aws-audit publish security-hub --report reports/aws-audit-report.json',
        'import one account’s findings with the default credentials',
      ],
      [
        'aws-audit publish security-hub --report a.json,b.json --org-role-name Pub',
        'import several accounts’ reports, assuming Pub in each account',
      ],
    ],
    exitCodes: [
      [ExitCode.Ok, 'every finding imported, and every waiver (and ended waiver) applied'],
      USAGE,
      [ExitCode.Incomplete, 'Security Hub refused some findings or updates (each on stderr)'],
      INTERRUPTED,
    ],
  },
  reach: {
    examples: [
      [
        'aws-audit reach --snapshot examples/demo-account.json --to orders',
        'every workload and internet range that reaches DB orders, with the path',
      ],
      [
        'aws-audit reach --snapshot examples/demo-account.json --from i-0a11app00001',
        'which AWS services an instance reaches on 443, and which way',
      ],
    ],
    exitCodes: [
      [ExitCode.Ok, 'the query ran (whatever it found reachable or not)'],
      [ExitCode.Usage, 'usage or input error: bad flags, unknown resource (near matches shown)'],
      INTERRUPTED,
    ],
  },
  init: {
    examples: [
      ['aws-audit init', 'write aws-audit.config.yaml and aws-audit.waivers.yaml here'],
      ['aws-audit init --force', 'overwrite them with fresh starter files'],
    ],
    exitCodes: [[ExitCode.Ok, 'files written'], USAGE],
  },
};

export function helpEpilogue(help: CommandHelp): string {
  const width = Math.max(...help.exitCodes.map(([code]) => String(code).length));
  return [
    '',
    'Examples:',
    ...help.examples.flatMap(([command, what]) => [`  $ ${command}`, `      ${what}`]),
    '',
    'Exit codes:',
    ...help.exitCodes.map(([code, meaning]) => `  ${String(code).padEnd(width)}  ${meaning}`),
    '',
  ].join('\n');
}

/** Adds the examples and exit codes to `command`'s --help, when the command has them. */
export function addCommandHelp(command: Command): Command {
  const help = COMMAND_HELP[command.name()];
  if (help) command.addHelpText('after', helpEpilogue(help));
  return command;
}
