// The Microsoft SARIF multitool, with its GitHub rule set (scripts/validate-sarif.ts), over the demo
// scan's real SARIF file. The multitool exits 0 even on errors, so the script parses its log: the
// trap file proves that parsing finds errors when there are some.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as Sarif from 'sarif';
import { issueReport, multitoolBinary, validateWithMultitool } from '../../scripts/validate-sarif.js';
import { PSEUDO_PATH_ROOT } from '../../src/report/sarif-location.js';
import { runCli, tempDir } from '../support/cli.js';
import { evaluateSnapshot } from '../../src/engine/scan.js';
import { reviewScan } from '../../src/engine/waivers-and-baseline.js';
import { buildJsonReport } from '../../src/report/json-report.js';
import { buildSarifLog, renderSarif } from '../../src/report/sarif.js';
import { DEMO, fakeMeta, plannedRegionalRule, syntheticSnapshot } from './sarif-fixtures.js';

// The multitool ships as a self-contained x86-64 Linux binary only (sarif-github.md §4).
const canRun = process.platform === 'linux' && process.arch === 'x64' && existsSync(multitoolBinary());
const describeMultitool = canRun ? describe : describe.skip;

async function demoSarifFile(): Promise<string> {
  const out = await tempDir();
  const scan = await runCli(['scan', '--snapshot', DEMO, '--format', 'sarif', '--out-dir', out]);
  expect(scan.code).toBe(0);
  return join(out, 'aws-audit-report.sarif');
}

describeMultitool('sarif-multitool validate (Sarif;Ghas, GH1002/3/5/6/7 enabled)', () => {
  it('reports no error on the demo SARIF', async () => {
    const issues = await validateWithMultitool(await demoSarifFile());
    expect(issues.filter((issue) => issue.level === 'error')).toEqual([]);
  }, 60_000);

  it('reports no error on SARIF with suppressions, baseline states, coverage gaps and rule errors', async () => {
    const rule = plannedRegionalRule(fakeMeta('ec2-thing-is-fine'), (_account, region) => [
      { status: 'fail', id: `sg-${region}` },
      { status: 'fail', id: 'sg-waived' },
    ]);
    const broken = plannedRegionalRule(fakeMeta('ec2-broken-is-fine'), () => {
      throw new Error('boom');
    });
    const snapshot = syntheticSnapshot([{ accountId: '111111111111', regions: ['us-east-1', 'eu-west-1'] }]);
    snapshot.accounts[0]!.regions[1]!.collection.securityGroups = 'failed';
    const previous = buildJsonReport(evaluateSnapshot(snapshot, [rule], { kind: 'live' }));
    previous.findings = previous.findings.filter((f) => f.resource.id !== 'sg-us-east-1');
    const reviewed = reviewScan(evaluateSnapshot(snapshot, [rule, broken], { kind: 'live' }), {
      now: new Date('2026-11-21T00:00:00Z'),
      waivers: {
        file: 'w.yaml',
        entries: [
          { index: 0, ruleId: 'ec2-thing-is-fine', resource: '*sg-waived', reason: 'ok', owner: 'me' },
        ],
      },
      baseline: { file: 'prev.json', findings: previous.findings },
    });
    const text = renderSarif(buildSarifLog(reviewed));
    expect(text).toContain('"suppressions"');
    expect(text).toContain('"baselineState": "new"');
    expect(text).toContain('"toolExecutionNotifications"');
    const file = join(await tempDir(), 'rich.sarif');
    await writeFile(file, text);
    const issues = await validateWithMultitool(file);
    expect(issues.filter((issue) => issue.level === 'error')).toEqual([]);
  }, 60_000);

  it('reports GH1005 and GH1003 errors for an ARN URI without a region', async () => {
    const file = await demoSarifFile();
    const log = JSON.parse(await readFile(file, 'utf8')) as Sarif.Log;
    const physical = log.runs[0]!.results![0]!.locations![0]!.physicalLocation!;
    physical.artifactLocation!.uri = 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-0a11bast';
    delete physical.region;
    const trap = join(await tempDir(), 'trap.sarif');
    await writeFile(trap, JSON.stringify(log));
    const errors = (await validateWithMultitool(trap)).filter((issue) => issue.level === 'error');
    expect(errors.map((issue) => issue.ruleId).sort()).toEqual(['GH1003', 'GH1005']);
    expect(errors.find((e) => e.ruleId === 'GH1005')?.message).toContain(
      "'arn:aws:ec2:us-east-1:123456789012:security-group/sg-0a11bast' is not a file path",
    );
  }, 60_000);
});

describe('pseudo-path root', () => {
  it(`has no top-level ${PSEUDO_PATH_ROOT}/ in the repository (upload-sarif would fingerprint real files)`, () => {
    expect(existsSync(join(process.cwd(), PSEUDO_PATH_ROOT))).toBe(false);
    expect(existsSync(join(process.cwd(), 'package.json'))).toBe(true);
  });
});

describe('npm run sarif:validate output', () => {
  it('prints each warning as well as each error, then the counts', () => {
    const report = issueReport('a.sarif', [
      { level: 'error', ruleId: 'GH1005', message: 'bad uri' },
      { level: 'warning', ruleId: 'SARIF2012', message: 'add a helpUri' },
      { level: 'note', ruleId: 'SARIF2005', message: 'fine' },
    ]);
    expect(report).toEqual({
      errors: ['a.sarif: error GH1005: bad uri'],
      out: ['a.sarif: warning SARIF2012: add a helpUri', 'a.sarif: 1 error(s), 1 warning(s)'],
    });
  });
});
