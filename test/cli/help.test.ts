// Every subcommand's --help: allowed values on the flags, two examples, the exit codes; snapshot-
// style at 80 and 160 columns. Bare `aws-audit` is a usage error (exit 2), help on stderr.
import { COMMAND_HELP } from '../../src/cli/help.js';
import { runCli, tempDir } from '../support/cli.js';

const COMMANDS = [
  'scan',
  'collect',
  'rules',
  'merge',
  'compliance',
  'policy',
  'init',
  'publish security-hub',
  'reach',
];
const SEVERITY_VALUES = '<low|medium|high|critical>';

describe('--help', () => {
  for (const width of [80, 160]) {
    for (const command of COMMANDS) {
      it(`${command} --help at ${width} columns`, async () => {
        const run = await runCli([...command.split(' '), '--help'], { COLUMNS: String(width) });
        expect(run.code).toBe(0);
        expect(run.stderr).toBe('');
        expect(run.stdout).toMatchSnapshot();
        const examples = run.stdout.split('Examples:\n')[1]?.split('\n\n')[0] ?? '';
        expect(examples.match(/^ {2}\$ aws-audit /gm)).toHaveLength(2);
        expect(run.stdout).toMatch(/\nExit codes:\n {2}0 +\S/);
        expect(run.stdout).toMatch(/^ {2}2 +usage or input error/m);
        // Wrapped to the width (the examples are written to fit 80 columns).
        for (const line of run.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(width);
      });
    }
  }

  it('shows the allowed severities on every severity flag', async () => {
    const scan = await runCli(['scan', '--help'], { COLUMNS: '160' });
    for (const flag of ['--fail-on', '--fail-on-new', '--min-severity'])
      expect(scan.stdout).toContain(`${flag} ${SEVERITY_VALUES}`);
    expect((await runCli(['merge', '--help'])).stdout).toContain(`--fail-on ${SEVERITY_VALUES}`);
    expect(scan.stdout).toMatch(
      /--format <formats> +comma-separated report formats: json, sarif, csv, console, asff, html/,
    );
  });

  it('runs the offline examples as written', async () => {
    const dir = await tempDir();
    const [scanExample] = COMMAND_HELP.scan!.examples[0]!;
    const args = scanExample.split(' ').slice(1);
    const scan = await runCli([...args, '--out-dir', dir]);
    expect(scan.code).toBe(1);
    expect(scan.stdout.trimEnd().split('\n').at(-1)).toBe(
      'exit 1: 13 failing findings at or above high (--fail-on high)',
    );
    for (const [example] of COMMAND_HELP.rules!.examples)
      expect((await runCli(example.split(' ').slice(1))).code).toBe(0);
  });
});

describe('bare aws-audit and help', () => {
  it('bare aws-audit prints the help on stderr and exits 2', async () => {
    const run = await runCli([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^Usage: aws-audit \[options\] \[command\]/);
    expect(run.stderr).toContain('Exit codes:');
  });

  it('`aws-audit help`, `--help` and `help scan` succeed on stdout', async () => {
    for (const args of [['help'], ['--help'], ['help', 'scan']]) {
      const run = await runCli(args);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(/^Usage: aws-audit/);
    }
  });

  it('an unknown command is a usage error', async () => {
    const run = await runCli(['scna']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown command 'scna'/);
  });
});

describe('aws-audit rules', () => {
  it('prints a header row and the grading of exposure-graded rules', async () => {
    const run = await runCli(['rules']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^RULE +SEVERITY +TITLE$/);
    const ssh = lines.findIndex((line) => line.startsWith('ec2-security-group-no-public-ssh '));
    expect(lines.slice(ssh + 1, ssh + 4).map((line) => line.trim())).toEqual([
      'critical when attached to an interface with a public address in a public subnet',
      'high     when attached only to interfaces not reachable from the internet',
      'low      when attached to no network interface',
    ]);
    expect(run.stdout).toMatch(/^ +critical when publicly accessible and its security groups allow/m);
  });
});
