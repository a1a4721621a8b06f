// `npm run test:node22`: the built CLI's smoke checks under another Node binary (the one given as
// the first argument), to show the project runs on the Node that AWS SDK v3 will require (22+)
// while this machine's own Node stays 20. The checks drive `dist/` as a user would: the demo scan
// with its exit code and a known finding, `rules`, `policy`, the demo's SARIF through the GitHub
// conformance check (sarif-github.md §4), and one live scan against the local fake endpoint.
//
//   tsx scripts/smoke-node.ts /path/to/node
//
// Prints one line per check and `N passed, N failed`. Exit 0: all passed; 1: a check failed;
// 2: usage (no binary, or it does not run).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BUILT_CLI, runBuiltCli, type CliRun } from '../test/support/cli.js';
import { fakeAccountFromSnapshot, startFakeAws } from '../test/fake-aws/index.js';
import { readSnapshotFile } from '../src/snapshot/io.js';
import { githubConformanceProblems } from '../src/report/github-conformance.js';
import { issueReport, validateWithMultitool } from './validate-sarif.js';

const DEMO = 'examples/demo-account.json';
/** A critical finding of the demo account: `--fail-on critical` must turn it into exit 1. */
const DEMO_FINDING = {
  ruleId: 'ec2-security-group-no-public-ssh',
  resourceId: 'sg-0a11bast',
  severity: 'critical',
};
const TIMEOUT_MS = 120_000;

interface Finding {
  ruleId: string;
  status: string;
  severity: string;
  resource: { id: string };
}

/** A check returns what it saw on success and throws with what went wrong otherwise. */
type Check = [name: string, run: () => Promise<string>];

function expectExit(run: CliRun, code: number, what: string): void {
  if (run.code !== code) {
    const said = (run.stderr.trim() || run.stdout.trim()).split('\n').slice(-2).join(' | ');
    throw new Error(`${what} exited ${run.code}, expected ${code}: ${said}`);
  }
}

async function expectDemoFinding(reportFile: string): Promise<string> {
  const report = JSON.parse(await readFile(reportFile, 'utf8')) as { findings: Finding[] };
  const found = report.findings.find(
    (f) => f.ruleId === DEMO_FINDING.ruleId && f.resource.id === DEMO_FINDING.resourceId,
  );
  if (found?.status !== 'fail' || found.severity !== DEMO_FINDING.severity) {
    throw new Error(
      `expected a failing ${DEMO_FINDING.severity} ${DEMO_FINDING.ruleId} on ${DEMO_FINDING.resourceId}, got ${found ? `${found.status} ${found.severity}` : 'none'}`,
    );
  }
  return `${report.findings.length} findings, ${DEMO_FINDING.ruleId} fails on ${DEMO_FINDING.resourceId}`;
}

function checks(node: string, work: string): Check[] {
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> =>
    runBuiltCli(args, env, { node, timeoutMs: TIMEOUT_MS });
  const demoDir = join(work, 'demo');
  return [
    [
      'demo scan',
      async () => {
        const run = await cli([
          'scan',
          '--snapshot',
          DEMO,
          '--format',
          'json,sarif',
          '--fail-on',
          'critical',
          '--out-dir',
          demoDir,
        ]);
        expectExit(run, 1, 'scan --fail-on critical');
        return `exit 1 at --fail-on critical; ${await expectDemoFinding(join(demoDir, 'aws-audit-report.json'))}`;
      },
    ],
    [
      'rules',
      async () => {
        const run = await cli(['rules']);
        expectExit(run, 0, 'rules');
        if (!run.stdout.includes(DEMO_FINDING.ruleId))
          throw new Error(`rules does not list ${DEMO_FINDING.ruleId}`);
        return `lists ${run.stdout.split('\n').filter((line) => /^[a-z0-9]+(-[a-z0-9]+)+\s/.test(line)).length} rules`;
      },
    ],
    [
      'policy',
      async () => {
        const run = await cli(['policy']);
        expectExit(run, 0, 'policy');
        const policy = JSON.parse(run.stdout) as { Statement: { Action: string[] }[] };
        const actions = policy.Statement.flatMap((statement) => statement.Action);
        if (!actions.includes('ec2:DescribeSecurityGroups'))
          throw new Error('policy lacks ec2:DescribeSecurityGroups');
        return `${actions.length} actions`;
      },
    ],
    [
      'SARIF (GitHub rules)',
      async () => {
        // The CLI already ran the conformance check (under `node`) before writing the file; both
        // checks again here, on the bytes it wrote, so a file written despite a problem fails.
        const sarif = join(demoDir, 'aws-audit-report.sarif');
        const problems = githubConformanceProblems(await readFile(sarif, 'utf8'));
        if (problems.length > 0) throw new Error(`GitHub conformance: ${problems.join('; ')}`);
        const issues = await validateWithMultitool(sarif);
        const errors = issues.filter((issue) => issue.level === 'error');
        if (errors.length > 0) throw new Error(issueReport(sarif, issues).errors.join('; '));
        return `the demo's SARIF passes the GitHub conformance check and the multitool (${issues.length} warnings)`;
      },
    ],
    [
      'live scan (fake endpoint)',
      async () => {
        const snapshot = await readSnapshotFile(DEMO);
        const fake = await startFakeAws({
          accounts: snapshot.accounts.map((a) => fakeAccountFromSnapshot(a)),
        });
        try {
          const regions = [...new Set(snapshot.accounts.flatMap((a) => a.regions.map((r) => r.region)))];
          const liveDir = join(work, 'live');
          const run = await cli(
            ['scan', '--region', regions.join(','), '--format', 'json', '--out-dir', liveDir],
            {
              AWS_ENDPOINT_URL: fake.url,
              AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKE',
              AWS_SECRET_ACCESS_KEY: 'fake',
              AWS_REGION: regions[0],
              AWS_CONFIG_FILE: '/nonexistent/aws-audit-smoke/config',
              AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-audit-smoke/credentials',
              AWS_EC2_METADATA_DISABLED: 'true',
            },
          );
          expectExit(run, 0, 'live scan');
          return `${regions.join(',')}: ${await expectDemoFinding(join(liveDir, 'aws-audit-report.json'))}`;
        } finally {
          await fake.close();
        }
      },
    ],
  ];
}

async function main(argv: string[]): Promise<number> {
  const node = argv[0];
  if (node === undefined) {
    process.stderr.write('usage: tsx scripts/smoke-node.ts NODE-BINARY\n');
    return 2;
  }
  const nodeVersion = await new Promise<string>((done) => {
    execFile(resolve(node), ['--version'], (error, stdout) => done(error ? '' : stdout.trim()));
  });
  if (nodeVersion === '') {
    process.stderr.write(`smoke-node: ${node} does not run (\`${node} --version\` failed)\n`);
    return 2;
  }
  process.stdout.write(`smoke-node: ${BUILT_CLI} on node ${nodeVersion} (${resolve(node)})\n`);
  const work = await mkdtemp(join(tmpdir(), 'aws-audit-smoke-'));
  let passed = 0;
  let failed = 0;
  try {
    for (const [name, run] of checks(resolve(node), work)) {
      try {
        process.stdout.write(`ok   ${name}: ${await run()}\n`);
        passed += 1;
      } catch (error) {
        process.stdout.write(`FAIL ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
        failed += 1;
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed === 0 ? 0 : 1;
}

process.exitCode = await main(process.argv.slice(2));
