// The demo account (examples/demo-account.json, built from scripts/demo-account.ts) passes and
// fails every rule of the pack at least once, with no exceptions: a new rule the demo does not yet
// exercise both ways fails here, naming the file to extend.
import { ruleRegistry } from '../../rules/index.js';
import type { Finding } from '../../src/engine/types.js';
import { DEMO_SOURCE, demoFindings, demoGaps } from '../support/demo-coverage.js';

describe('the demo account', () => {
  it('passes and fails every rule of the pack at least once', async () => {
    const findings = await demoFindings(ruleRegistry);
    expect(ruleRegistry.length).toBeGreaterThan(0);
    expect(demoGaps(ruleRegistry, findings)).toEqual([]);
  });

  it('names a rule it never fails, or never evaluates, and the file to extend', () => {
    const [first, second] = ruleRegistry;
    const findings: Pick<Finding, 'ruleId' | 'status'>[] = [
      { ruleId: first!.meta.id, status: 'pass' },
      { ruleId: first!.meta.id, status: 'unknown' },
    ];
    const gaps = demoGaps([first!, second!], findings);
    expect(gaps.map(({ ruleId, missing }) => ({ ruleId, missing }))).toEqual([
      { ruleId: first!.meta.id, missing: ['fail'] },
      { ruleId: second!.meta.id, missing: ['pass', 'fail'] },
    ]);
    expect(gaps[0]!.advice).toContain(DEMO_SOURCE);
    expect(gaps[0]!.advice).toContain('npm run demo:build');
  });
});
