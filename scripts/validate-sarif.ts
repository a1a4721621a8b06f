// Runs Microsoft's SARIF multitool `validate` with its GitHub rule set over SARIF files and fails
// on any error it reports. The multitool exits 0 even when it finds errors (by design, sarif-sdk
// #1799), so the verdict comes from parsing its output log (sarif-github.md §4).
//
//   tsx scripts/validate-sarif.ts reports/aws-audit-report.sarif [more.sarif …]
//
// Exit 0: no error-level result; 1: errors (printed one per line); 2: usage or tool failure.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';

/** The self-contained x86-64 Linux build that `@microsoft/sarif-multitool` pulls in. */
export function multitoolBinary(root: string = process.cwd()): string {
  return (
    process.env.SARIF_MULTITOOL ?? join(root, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool')
  );
}

export const MULTITOOL_CONFIG = 'scripts/sarif-multitool.config.xml';

export interface MultitoolIssue {
  level: 'error' | 'warning' | 'note' | 'none';
  ruleId: string;
  message: string;
}

function run(binary: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((done) => {
    execFile(
      binary,
      args,
      {
        // Without libicu the .NET runtime aborts unless told to use invariant globalization.
        env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        done({
          code,
          output: `${stdout}${stderr}${error && typeof error.code !== 'number' ? error.message : ''}`,
        });
      },
    );
  });
}

/** `{0}: …` message strings of the multitool's own rules, filled with a result's arguments. */
function messageOf(result: Sarif.Result, rules: readonly Sarif.ReportingDescriptor[]): string {
  if (result.message.text !== undefined) return result.message.text;
  const rule = rules.find((r) => r.id === result.ruleId);
  const template =
    result.message.id !== undefined ? rule?.messageStrings?.[result.message.id]?.text : undefined;
  const args = result.message.arguments ?? [];
  if (template === undefined) return [result.message.id ?? '', ...args].join(' ');
  return template.replace(/\{(\d+)\}/g, (_match, index: string) => args[Number(index)] ?? '');
}

/** Every issue the multitool logged: results, plus its own configuration and execution notices. */
export function issuesFromOutputLog(log: Sarif.Log): MultitoolIssue[] {
  const issues: MultitoolIssue[] = [];
  for (const run of log.runs) {
    const rules = run.tool.driver.rules ?? [];
    for (const result of run.results ?? []) {
      // A result without a level is a warning (SARIF §3.27.10 default).
      issues.push({
        level: result.level ?? 'warning',
        ruleId: result.ruleId ?? '?',
        message: messageOf(result, rules),
      });
    }
    for (const invocation of run.invocations ?? []) {
      const notices = [
        ...(invocation.toolConfigurationNotifications ?? []),
        ...(invocation.toolExecutionNotifications ?? []),
      ];
      for (const notice of notices) {
        issues.push({
          level: notice.level ?? 'warning',
          ruleId: notice.descriptor?.id ?? 'notification',
          message: notice.message.text ?? '',
        });
      }
      if (!invocation.executionSuccessful)
        issues.push({
          level: 'error',
          ruleId: 'execution',
          message: 'the multitool reports an unsuccessful run',
        });
    }
  }
  return issues;
}

/** Validates one SARIF file; throws when the multitool itself cannot run or writes no log. */
export async function validateWithMultitool(
  sarifFile: string,
  root: string = process.cwd(),
): Promise<MultitoolIssue[]> {
  const work = await mkdtemp(join(tmpdir(), 'aws-audit-multitool-'));
  try {
    const outLog = join(work, 'validation.sarif');
    const { code, output } = await run(multitoolBinary(root), [
      'validate',
      resolve(sarifFile),
      '--output',
      outLog,
      '--log',
      'ForceOverwrite',
      '--rule-kind',
      'Sarif;Ghas',
      '--config',
      join(root, MULTITOOL_CONFIG),
      // Larger files are otherwise skipped with only a warning (WRN997).
      '--max-file-size-in-kb',
      '102400',
    ]);
    let text: string;
    try {
      text = await readFile(outLog, 'utf8');
    } catch {
      throw new Error(
        `sarif-multitool exited ${code} without an output log: ${output.trim().split('\n').slice(-3).join(' ')}`,
      );
    }
    return issuesFromOutputLog(JSON.parse(text) as Sarif.Log);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * What the script prints for one file: each error (stderr) and each warning (stdout) on its own
 * line, then a count. Warnings do not fail the check, but hiding them hid what to improve.
 */
export function issueReport(
  file: string,
  issues: readonly MultitoolIssue[],
): { errors: string[]; out: string[] } {
  const line = (issue: MultitoolIssue): string => `${file}: ${issue.level} ${issue.ruleId}: ${issue.message}`;
  const errors = issues.filter((issue) => issue.level === 'error');
  const warnings = issues.filter((issue) => issue.level === 'warning');
  return {
    errors: errors.map(line),
    out: [...warnings.map(line), `${file}: ${errors.length} error(s), ${warnings.length} warning(s)`],
  };
}

async function main(files: string[]): Promise<number> {
  if (files.length === 0) {
    console.error('usage: tsx scripts/validate-sarif.ts FILE.sarif [FILE.sarif …]');
    return 2;
  }
  let errors = 0;
  for (const file of files) {
    let issues: MultitoolIssue[];
    try {
      issues = await validateWithMultitool(file);
    } catch (error) {
      console.error(`validate-sarif: ${file}: ${error instanceof Error ? error.message : String(error)}`);
      return 2;
    }
    const report = issueReport(file, issues);
    for (const line of report.errors) console.error(line);
    for (const line of report.out) console.log(line);
    errors += report.errors.length;
  }
  return errors > 0 ? 1 : 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
