// The HTML page's summary counts (html/summary-counts.ts), gathered one finding at a time by both
// the in-memory page and a streamed scan's spill: what each count includes.
import { HtmlSummaryCounts } from '../../src/report/html/summary-counts.js';
import type { Finding, Severity, Status } from '../../src/engine/types.js';

function finding(
  ruleId: string,
  status: Status,
  severity: Severity,
  accountId: string,
  region: string,
  waived = false,
): Finding {
  return {
    ruleId,
    status,
    severity,
    resource: {
      arn: `arn:aws:ec2:${region}:${accountId}:x/${ruleId}`,
      id: 'x',
      type: 'T',
      accountId,
      region,
    },
    message: 'm',
    evidence: [],
    fingerprint: 'f',
    ...(waived ? { waiver: { reason: 'accepted', waiverIndex: 0 } } : {}),
  };
}

describe('HtmlSummaryCounts', () => {
  const findings = [
    finding('rule-b', 'fail', 'high', '222222222222', 'us-east-1'),
    finding('rule-a', 'fail', 'high', '111111111111', 'eu-west-1', true),
    finding('rule-a', 'pass', 'high', '111111111111', 'eu-west-1', true),
    finding('rule-a', 'unknown', 'low', '111111111111', 'global'),
    finding('rule-b', 'fail', 'critical', '111111111111', 'us-east-1'),
  ];
  const counts = HtmlSummaryCounts.of(findings);

  it('counts every finding by status, and the waived ones whatever their status', () => {
    expect(counts.findings).toBe(5);
    expect(counts.total).toEqual({ pass: 1, fail: 3, unknown: 1 });
    expect(counts.waived).toBe(2);
  });

  it('counts failing findings by severity without the waived ones', () => {
    expect(Object.fromEntries(counts.failingBySeverity)).toEqual({ low: 0, medium: 0, high: 1, critical: 1 });
  });

  it('counts by rule, account and region, each sorted by key', () => {
    expect([...counts.byRule()]).toEqual([
      ['rule-a', { pass: 1, fail: 1, unknown: 1 }],
      ['rule-b', { pass: 0, fail: 2, unknown: 0 }],
    ]);
    expect([...counts.byAccount().keys()]).toEqual(['111111111111', '222222222222']);
    expect(counts.byAccount().get('111111111111')).toEqual({ pass: 1, fail: 2, unknown: 1 });
    expect([...counts.byRegion().keys()]).toEqual(['eu-west-1', 'global', 'us-east-1']);
  });

  it('is the same fed one at a time as from the list', () => {
    const fed = new HtmlSummaryCounts();
    for (const one of findings) fed.add(one);
    expect(fed).toEqual(counts);
  });
});
