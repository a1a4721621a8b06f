// The console summary and the exit-reason line, as a user sees them at 80 and 160 columns.
// Snapshot-style: the whole text is compared with test/report/__snapshots__/console.test.ts.snap,
// and the layout rules (width, hanging indent, grouping, counts that add up) are asserted too, so
// an accepted snapshot cannot hide a broken layout.
import { ruleRegistry } from '../../rules/index.js';
import { exitDecision, exitLine, organisationExitDecision, accountGate } from '../../src/engine/gate.js';
import { evaluateSnapshot, type ScanResult } from '../../src/engine/scan.js';
import { reviewScan } from '../../src/engine/waivers-and-baseline.js';
import { readWaiversFile } from '../../src/engine/waivers.js';
import { renderConsoleSummary } from '../../src/report/console.js';
import { firstSentence, wrapHanging } from '../../src/report/console-text.js';
import { readSnapshotFile } from '../../src/snapshot/io.js';
import type { Snapshot } from '../../src/snapshot/types.js';

const DEMO = 'examples/demo-account.json';
const STARTED = new Date('2026-11-21T12:00:00Z');
const WIDTHS = [80, 160] as const;

async function demo(): Promise<Snapshot> {
  return readSnapshotFile(DEMO);
}

async function waivedDemo(): Promise<ScanResult> {
  const entries = await readWaiversFile('examples/waivers.yaml', new Set(ruleRegistry.map((r) => r.meta.id)));
  return reviewScan(evaluateSnapshot(await demo(), ruleRegistry, { kind: 'snapshot', file: DEMO }, STARTED), {
    now: STARTED,
    waivers: { file: 'examples/waivers.yaml', entries },
  });
}

/** The demo with SSM's instance information failed in us-east-1 (an AccessDenied). */
async function incompleteDemo(): Promise<ScanResult> {
  const snapshot = await demo();
  const account = snapshot.accounts[0]!;
  const region = account.regions.find((r) => r.region === 'us-east-1')!;
  region.collection.ssmInstances = 'failed';
  region.collection.ssmDefaultHostManagement = 'failed';
  account.errors.push({
    service: 'ssm',
    operation: 'DescribeInstanceInformation',
    region: 'us-east-1',
    category: 'access-denied',
    code: 'AccessDeniedException',
    message: 'not authorized',
    kinds: ['ssmInstances', 'ssmDefaultHostManagement'],
  });
  return evaluateSnapshot(snapshot, ruleRegistry, { kind: 'snapshot', file: DEMO }, STARTED);
}

function render(result: ScanResult, width: number, gate: Parameters<typeof exitDecision>[1]): string {
  return renderConsoleSummary(result, {
    color: false,
    width,
    reportPaths: ['reports/aws-audit-report.json'],
    exit: exitDecision(result, gate),
  });
}

/** A line may only be wider than the terminal when it is a single unbreakable word after its indent. */
function overlong(text: string, width: number): string[] {
  return text.split('\n').filter((line) => line.length > width && /\s\S+\s/.test(line.trim()));
}

describe('console summary', () => {
  for (const width of WIDTHS) {
    it(`demo with examples/waivers.yaml at ${width} columns, --fail-on high`, async () => {
      const result = await waivedDemo();
      const text = render(result, width, { failOn: 'high' });
      expect(text).toMatchSnapshot();
      // Table-free lines fit the width; the rule table is as wide as the longest rule id.
      expect(overlong(text, width).filter((line) => !/^\S+ +\d+ +\d+ +\d+ +\d+$/.test(line))).toEqual([]);
      // Each rule lists at most 3 findings, then says how many more.
      expect(text).toMatch(/^ {2}… and \d+ more in the JSON report$/m);
      // Counts add up: pass + fail + waived + unknown = results.
      const { pass, fail, unknown } = result.summary.byStatus;
      const waived = result.summary.waived;
      expect(waived).toBe(2);
      expect(text).toContain(
        `${result.summary.total} results: ${pass} pass, ${fail - waived} fail, ${waived} waived, ${unknown} unknown`,
      );
      // Every failing rule has its Fix and its page.
      const failingRules = new Set(
        result.findings.filter((f) => f.status === 'fail' && !f.waiver).map((f) => f.ruleId),
      );
      expect(text.match(/^ {2}Fix: {2}/gm)).toHaveLength(failingRules.size);
      for (const id of failingRules) expect(text).toContain(`  Docs: rules/${id}.md`);
      // The unknown says why.
      expect(text.replace(/\n +/g, ' ')).toMatch(
        /UNKNOWN +123456789012\/eu-west-1: Instance i-0e55etl0001 \(etl\): whether Session Manager can reach its agent cannot be decided from the snapshot: internet egress/,
      );
      // Waivers follow the header; the exit reason is the last line.
      expect(text.split('\n\n')[1]).toMatch(/^Waivers examples\/waivers\.yaml: 2 applied/);
      expect(text.trimEnd().split('\n').at(-1)).toBe(
        'exit 1: 13 failing findings at or above high (--fail-on high)',
      );
    });

    it(`incomplete demo at ${width} columns, no gate`, async () => {
      const text = render(await incompleteDemo(), width, {});
      expect(text).toMatchSnapshot();
      expect(text).toContain('Coverage: INCOMPLETE');
      expect(text.trimEnd().split('\n').at(-1)).toBe(
        'exit 3: incomplete — 2 kinds not collected (see Coverage)',
      );
    });
  }

  it('wraps continuation lines under the message, never under the tag', async () => {
    const text = render(await waivedDemo(), 80, {});
    const lines = text.split('\n');
    const start = lines.findIndex((line) =>
      line.startsWith('  CRITICAL  123456789012/us-east-1: Security group sg-0a11bast'),
    );
    expect(start).toBeGreaterThan(0);
    expect(lines[start + 1]).toMatch(/^ {12}\S/);
  });

  it('paints severities only when colour is on', async () => {
    const result = await waivedDemo();
    const ansi = new RegExp(String.fromCharCode(27) + '\\[');
    expect(renderConsoleSummary(result, { color: false })).not.toMatch(ansi);
    expect(renderConsoleSummary(result, { color: true })).toMatch(ansi);
  });
});

describe('exit reason', () => {
  it('says which gate failed, how many findings, and that no gate is set', async () => {
    const result = await waivedDemo();
    expect(exitLine(exitDecision(result, { failOn: 'high' }))).toBe(
      'exit 1: 13 failing findings at or above high (--fail-on high)',
    );
    expect(exitLine(exitDecision(result, {}))).toBe('exit 0: no --fail-on gate set (6 critical findings)');
    expect(exitLine(exitDecision(result, { failOn: 'critical', failOnNew: 'low' }))).toBe(
      'exit 1: 6 failing findings at or above critical (--fail-on critical); 49 new failing findings at or above low (--fail-on-new low)',
    );
  });

  it('says incomplete first, and what --allow-incomplete let through', async () => {
    const result = await incompleteDemo();
    expect(exitLine(exitDecision(result, { failOn: 'critical' }))).toBe(
      'exit 3: incomplete — 2 kinds not collected (see Coverage)',
    );
    expect(exitLine(exitDecision(result, { failOn: 'critical', allowIncomplete: true }))).toBe(
      'exit 1: 6 failing findings at or above critical (--fail-on critical); incomplete (2 kinds not collected), allowed by --allow-incomplete',
    );
  });

  it('sums an organisation fan-out over its accounts', async () => {
    const complete = await waivedDemo();
    const incomplete = await incompleteDemo();
    const gate = { failOn: 'high' as const };
    const failingBySeverity = { low: 4, medium: 17, high: 6, critical: 6 };
    const accounts = [accountGate(complete, gate), accountGate(complete, gate)];
    expect(
      exitLine(organisationExitDecision({ accounts, failed: 0, notStarted: 0, gate, failingBySeverity })),
    ).toBe('exit 1: 26 failing findings at or above high (--fail-on high) across 2 accounts');
    expect(
      exitLine(
        organisationExitDecision({
          accounts: [accountGate(incomplete, gate), ...accounts],
          failed: 1,
          notStarted: 0,
          gate,
          failingBySeverity,
        }),
      ),
    ).toBe('exit 3: incomplete — 1 account failed, 1 account incomplete (see above)');
    expect(
      exitLine(organisationExitDecision({ accounts, failed: 0, notStarted: 0, gate: {}, failingBySeverity })),
    ).toBe('exit 0: no --fail-on gate set (6 critical findings across 2 accounts)');
  });
});

describe('console text helpers', () => {
  it('wraps with a hanging indent and keeps long words whole', () => {
    expect(wrapHanging('> ', 2, 'aaaaaaaaaa bbbbbbbbbb cccccccccc dddd', 26)).toEqual([
      '> aaaaaaaaaa bbbbbbbbbb',
      '  cccccccccc dddd',
    ]);
    expect(wrapHanging('> ', 2, 'arn:aws:ec2:us-east-1:1:security-group/sg-1 x', 30)).toEqual([
      '> arn:aws:ec2:us-east-1:1:security-group/sg-1',
      '  x',
    ]);
  });

  it('takes the first sentence of a remediation, not cutting at e.g. or version numbers', () => {
    expect(firstSentence('Upgrade to 3.3.40.0 first. Then restart.')).toBe('Upgrade to 3.3.40.0 first.');
    expect(firstSentence('Allow only what is needed (e.g. sg-1). Then review.')).toBe(
      'Allow only what is needed (e.g. sg-1).',
    );
  });
});
