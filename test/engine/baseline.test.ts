import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { baselineMarker, compareWithBaseline } from '../../src/engine/baseline.js';
import { readBaselineFile } from '../../src/report/read-baseline.js';
import { exitCodeFor } from '../../src/engine/gate.js';
import { evaluateSnapshot } from '../../src/engine/scan.js';
import type { Status } from '../../src/engine/types.js';
import { reviewScan } from '../../src/engine/waivers-and-baseline.js';
import { buildJsonReport, jsonReportPieces, type JsonReport } from '../../src/report/json-report.js';
import { reportProblem } from '../../src/report/validate-report.js';
import { tempDir } from '../support/cli.js';
import {
  fakeMeta,
  plannedRegionalRule,
  syntheticScan,
  syntheticSnapshot,
  type Planned,
} from '../report/sarif-fixtures.js';

/** A report's file text, as `aws-audit scan` writes it (piece by piece). */
const reportText = (report: JsonReport): string => [...jsonReportPieces(report)].join('');

const ACCOUNT = [{ accountId: '123456789012', regions: ['us-east-1', 'eu-west-1'] }];

/** One SSH-like rule; `states` gives each group's status in us-east-1 (eu-west-1 stays empty). */
function scanWith(states: Record<string, Status>, severity: Planned['severity'] = 'high') {
  const rule = plannedRegionalRule(fakeMeta('ec2-thing-is-fine'), (_account, region) =>
    region === 'us-east-1' ? Object.entries(states).map(([id, status]) => ({ id, status, severity })) : [],
  );
  return { rule, result: syntheticScan(ACCOUNT, [rule]) };
}

describe('compareWithBaseline', () => {
  const previous = buildJsonReport(
    scanWith({ 'sg-old': 'fail', 'sg-fixed': 'fail', 'sg-gone': 'fail', 'sg-ok': 'pass', 'sg-dim': 'fail' })
      .result,
  );

  it('marks failing findings new or unchanged by fingerprint, and lists fixed ones from the old report', () => {
    const { result } = scanWith({
      'sg-old': 'fail',
      'sg-fixed': 'pass',
      'sg-ok': 'fail',
      'sg-new': 'fail',
      'sg-dim': 'unknown',
    });
    const { findings, report } = compareWithBaseline(result, previous.findings, 'prev.json');
    const marks = Object.fromEntries(findings.map((f) => [f.resource.id, f.baseline ?? '-']));
    expect(marks).toEqual({
      'sg-old': 'unchanged',
      'sg-fixed': '-',
      'sg-ok': 'new',
      'sg-new': 'new',
      'sg-dim': '-',
    });
    expect(report).toMatchObject({ file: 'prev.json', new: 2, unchanged: 1 });
    // Passing now, or gone from a region the rule covered cleanly: fixed. Unknown now: unverified.
    expect(report.fixed.map((e) => e.resource.id).sort()).toEqual(['sg-fixed', 'sg-gone']);
    expect(report.unverified.map((e) => e.resource.id)).toEqual(['sg-dim']);
    const gone = report.fixed.find((e) => e.resource.id === 'sg-gone')!;
    expect(gone).toEqual({
      fingerprint: previous.findings.find((f) => f.resource.id === 'sg-gone')!.fingerprint,
      ruleId: 'ec2-thing-is-fine',
      severity: 'high',
      resource: expect.objectContaining({
        arn: 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-gone',
      }) as unknown,
      message: 'Resource sg-gone is fail.',
    });
  });

  it('does not call a vanished finding fixed when its region could not be read', () => {
    const rule = plannedRegionalRule(fakeMeta('ec2-thing-is-fine'), () => []);
    const snapshot = syntheticSnapshot(ACCOUNT);
    snapshot.accounts[0]!.regions[0]!.collection.securityGroups = 'failed';
    const result = evaluateSnapshot(snapshot, [rule], { kind: 'live' });
    const { report } = compareWithBaseline(result, previous.findings, 'prev.json');
    expect(report.fixed).toEqual([]);
    expect(report.unverified.map((e) => e.resource.id).sort()).toEqual([
      'sg-dim',
      'sg-fixed',
      'sg-gone',
      'sg-old',
    ]);
  });

  it('does not call findings of a rule that did not run fixed', () => {
    const other = plannedRegionalRule(fakeMeta('ec2-other-is-fine'), () => []);
    const { report } = compareWithBaseline(syntheticScan(ACCOUNT, [other]), previous.findings, 'prev.json');
    expect(report.fixed).toEqual([]);
    expect(report.unverified).toHaveLength(4);
  });
});

describe('baselineMarker.markPass (a pass a worker thread rendered)', () => {
  it('counts a previous failure as fixed from its fingerprint alone, even where the scope had a gap', () => {
    const previous = buildJsonReport(scanWith({ 'sg-fixed': 'fail', 'sg-dim': 'fail' }).result);
    const fingerprint = (id: string) => previous.findings.find((f) => f.resource.id === id)!.fingerprint;
    // us-east-1 has a collection gap: without a status seen this scan, neither could be called fixed.
    const rule = plannedRegionalRule(fakeMeta('ec2-thing-is-fine'), () => []);
    const snapshot = syntheticSnapshot(ACCOUNT);
    snapshot.accounts[0]!.regions[0]!.collection.securityGroups = 'failed';
    const result = evaluateSnapshot(snapshot, [rule], { kind: 'live' });
    const marker = baselineMarker(previous.findings, 'prev.json');
    marker.markPass(fingerprint('sg-fixed'));
    marker.markPass('f'.repeat(64)); // not failing before: nothing to record
    const report = marker.report(result);
    expect(report.fixed.map((e) => e.resource.id)).toEqual(['sg-fixed']);
    expect(report.unverified.map((e) => e.resource.id)).toEqual(['sg-dim']);
    expect(report).toMatchObject({ new: 0, unchanged: 0 });
  });
});

describe('--fail-on-new gating', () => {
  const previous = buildJsonReport(scanWith({ 'sg-old': 'fail' }, 'critical').result);

  it('fails on new findings at or above the threshold, not on known debt', () => {
    const unchangedOnly = reviewScan(scanWith({ 'sg-old': 'fail' }, 'critical').result, {
      now: new Date(),
      baseline: { file: 'prev.json', findings: previous.findings },
    });
    expect(exitCodeFor(unchangedOnly, { failOnNew: 'high' })).toBe(0);
    expect(exitCodeFor(unchangedOnly, { failOn: 'high' })).toBe(1);

    const regressed = reviewScan(scanWith({ 'sg-old': 'fail', 'sg-new': 'fail' }, 'medium').result, {
      now: new Date(),
      baseline: { file: 'prev.json', findings: previous.findings },
    });
    expect(exitCodeFor(regressed, { failOnNew: 'high' })).toBe(0);
    expect(exitCodeFor(regressed, { failOnNew: 'medium' })).toBe(1);
  });

  it('ignores new findings that are waived', () => {
    const reviewed = reviewScan(scanWith({ 'sg-new': 'fail' }).result, {
      now: new Date('2026-11-21T00:00:00Z'),
      baseline: { file: 'prev.json', findings: previous.findings },
      waivers: {
        file: 'w.yaml',
        entries: [{ index: 0, ruleId: 'ec2-thing-is-fine', resource: '*', reason: 'ok' }],
      },
    });
    expect(reviewed.findings.find((f) => f.resource.id === 'sg-new')).toMatchObject({
      baseline: 'new',
      waiver: { waiverIndex: 0 },
    });
    expect(reviewed.summary.waived).toBe(1);
    expect(reviewed.summary.failingBySeverity.high).toBe(0);
    expect(exitCodeFor(reviewed, { failOnNew: 'low' })).toBe(0);
  });

  it('writes a report with waivers and baseline sections that validates against the schema', () => {
    const reviewed = reviewScan(scanWith({ 'sg-new': 'fail', 'sg-x': 'fail' }).result, {
      now: new Date('2026-11-21T00:00:00Z'),
      baseline: { file: 'prev.json', findings: previous.findings },
      waivers: {
        file: 'w.yaml',
        entries: [
          {
            index: 0,
            ruleId: 'ec2-thing-is-fine',
            resource: { id: 'sg-x' },
            reason: 'ok',
            owner: 'me',
            expires: '2027-01-01',
          },
          { index: 1, ruleId: 'ec2-thing-is-fine', resource: 'arn:*:sg-none', reason: 'stale' },
          { index: 2, ruleId: 'ec2-thing-is-fine', resource: '*', reason: 'old', expires: '2020-01-01' },
        ],
      },
    });
    const report = JSON.parse(reportText(buildJsonReport(reviewed))) as JsonReport;
    expect(reportProblem(report)).toBeUndefined();
    expect(Object.keys(report).slice(-3)).toEqual(['waivers', 'baseline', 'findings']);
    expect(report.waivers).toMatchObject({
      file: 'w.yaml',
      applied: [{ waiverIndex: 0, matched: 1 }],
      stale: [{ waiverIndex: 1, matched: 0 }],
      expired: [{ waiverIndex: 2, matched: 2 }],
    });
    expect(report.baseline).toMatchObject({
      file: 'prev.json',
      new: 2,
      unchanged: 0,
      fixed: [{ ruleId: 'ec2-thing-is-fine' }],
    });
    // The schema has teeth for the new sections too.
    expect(reportProblem({ ...report, baseline: { ...report.baseline, new: -1 } })).toMatch(
      /^\/baseline\/new/,
    );
    expect(
      reportProblem({ ...report, waivers: { ...report.waivers, applied: [{ waiverIndex: 0 }] } }),
    ).toMatch(/^\/waivers\/applied\/0/);
  });
});

describe('readBaselineFile', () => {
  it('reads a valid previous report', async () => {
    const path = join(await tempDir(), 'prev.json');
    await writeFile(path, reportText(buildJsonReport(scanWith({ 'sg-1': 'fail' }).result)));
    expect((await readBaselineFile(path)).findings).toHaveLength(1);
  });

  it.each([
    ['missing', undefined, /^cannot read baseline .*missing\.json: no such file or directory$/],
    [
      'not JSON',
      '{"reportVersion": 1,',
      /^baseline .*bad\.json is not valid JSON \(.*\); pass a previous aws-audit-report\.json$/,
    ],
    [
      'not a report',
      '{"reportVersion": 1}',
      /^baseline .*bad\.json is not an aws-audit JSON report: \(document root\): must have required property/,
    ],
    [
      'a bad finding',
      'BAD_FINDING',
      /^baseline .*bad\.json is not an aws-audit JSON report: \/findings\/0\/fingerprint: must match pattern/,
    ],
  ])('rejects a file that is %s, naming file and path', async (_name, content, expected) => {
    const dir = await tempDir();
    const path = join(dir, content === undefined ? 'missing.json' : 'bad.json');
    if (content === 'BAD_FINDING') {
      const report = buildJsonReport(scanWith({ 'sg-1': 'fail' }).result);
      report.findings[0]!.fingerprint = 'nope';
      await writeFile(path, JSON.stringify(report));
    } else if (content !== undefined) await writeFile(path, content);
    await expect(readBaselineFile(path)).rejects.toThrow(expected);
  });
});
