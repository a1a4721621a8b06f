// `npm run audit:prod`: fails on any high or critical advisory in production dependencies.
//
// Exit codes:
//   0   no high/critical advisory in the production dependency tree
//   1   at least one high/critical advisory (listed on stderr)
//   75  the advisory endpoint could not be asked (offline, proxy, registry error): NOT a pass.
//       75 is EX_TEMPFAIL (sysexits.h): try again later. CI turns it into a warning annotation
//       (.github/workflows/ci.yml), because a red build for a network it cannot control would
//       teach people to ignore red builds.
//
// It is deliberately not part of `npm test`: the answer depends on the registry and on the day
// (a new advisory turns yesterday's green commit red), while `npm test` must be reproducible and
// runs where the endpoint may be unreachable.
import { spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const AuditExit = { Clean: 0, Advisories: 1, Unreachable: 75 } as const;

const BLOCKING = ['high', 'critical'] as const;

export interface AuditFinding {
  name: string;
  severity: string;
  advisories: string[];
}

export type AuditOutcome =
  | { kind: 'clean'; counts: Record<string, number> }
  | { kind: 'advisories'; findings: AuditFinding[] }
  | { kind: 'unreachable'; reason: string };

interface NpmAuditReport {
  auditReportVersion?: unknown;
  vulnerabilities?: Record<string, { name?: unknown; severity?: unknown; via?: unknown[] } | undefined>;
  metadata?: { vulnerabilities?: Record<string, unknown> };
  message?: unknown;
  error?: unknown;
}

function advisoryTitles(via: unknown[] | undefined): string[] {
  const titles: string[] = [];
  for (const item of via ?? []) {
    if (typeof item === 'object' && item !== null) {
      const { title, url } = item as { title?: unknown; url?: unknown };
      titles.push([title, url].filter((part) => typeof part === 'string').join(' '));
    } else if (typeof item === 'string') {
      titles.push(`via ${item}`);
    }
  }
  return titles;
}

/** Reads `npm audit --json` output; anything that is not an audit report means "not asked". */
export function classifyAuditOutput(stdout: string, stderr: string): AuditOutcome {
  let report: NpmAuditReport;
  try {
    report = JSON.parse(stdout) as NpmAuditReport;
  } catch {
    const lastError = stderr
      .split('\n')
      .filter((line) => line.startsWith('npm error'))
      .join(' ');
    return { kind: 'unreachable', reason: lastError || 'npm audit printed no JSON report' };
  }
  const counts = report.metadata?.vulnerabilities;
  if (report.auditReportVersion === undefined || counts === undefined || typeof counts !== 'object') {
    const message =
      typeof report.message === 'string' ? report.message : JSON.stringify(report.error ?? report);
    return { kind: 'unreachable', reason: message };
  }
  const findings: AuditFinding[] = [];
  for (const [name, entry] of Object.entries(report.vulnerabilities ?? {})) {
    const severity = typeof entry?.severity === 'string' ? entry.severity : 'unknown';
    if ((BLOCKING as readonly string[]).includes(severity))
      findings.push({ name, severity, advisories: advisoryTitles(entry?.via) });
  }
  if (findings.length > 0) return { kind: 'advisories', findings };
  const numeric: Record<string, number> = {};
  for (const [level, value] of Object.entries(counts)) if (typeof value === 'number') numeric[level] = value;
  return { kind: 'clean', counts: numeric };
}

function runNpmAudit(cwd: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const child = spawn(npm, ['audit', '--omit=dev', '--audit-level=high', '--json'], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => resolve({ stdout: '', stderr: `npm error ${error.message}` }));
    // npm's own exit code mixes "advisories found" with "could not ask"; the JSON tells them apart.
    child.on('close', () => resolve({ stdout, stderr }));
  });
}

export function describeOutcome(outcome: AuditOutcome): { code: number; lines: string[] } {
  switch (outcome.kind) {
    case 'clean':
      return {
        code: AuditExit.Clean,
        lines: [
          `audit-prod-deps: no high or critical advisory in production dependencies (${Object.entries(
            outcome.counts,
          )
            .map(([level, count]) => `${level} ${count}`)
            .join(', ')})`,
        ],
      };
    case 'advisories':
      return {
        code: AuditExit.Advisories,
        lines: [
          `audit-prod-deps: ${outcome.findings.length} production dependenc${outcome.findings.length === 1 ? 'y has' : 'ies have'} high or critical advisories:`,
          ...outcome.findings.map(
            (finding) =>
              `  ${finding.severity.toUpperCase()} ${finding.name}: ${finding.advisories.join('; ')}`,
          ),
          'Upgrade them (npm audit --omit=dev for details) before merging.',
        ],
      };
    case 'unreachable':
      return {
        code: AuditExit.Unreachable,
        lines: [
          '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
          '!! audit-prod-deps: THE NPM ADVISORY ENDPOINT COULD NOT BE REACHED.   !!',
          '!! Production dependencies were NOT audited. This is not a pass.      !!',
          '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
          `reason: ${outcome.reason}`,
          `exit ${AuditExit.Unreachable} (EX_TEMPFAIL): run it again where registry.npmjs.org is reachable.`,
        ],
      };
  }
}

async function main(): Promise<void> {
  const { stdout, stderr } = await runNpmAudit(process.cwd());
  const { code, lines } = describeOutcome(classifyAuditOutput(stdout, stderr));
  const write = code === AuditExit.Clean ? console.log : console.error;
  for (const line of lines) write(line);
  process.exitCode = code;
}

const invokedDirectly =
  process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) await main();
