// Found by the fuzz tests: an unknown key holding a line break used to split the one-line error in
// two (a log or CI annotation then showed half of it). UserError now escapes control characters.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ruleRegistry } from '../../rules/index.js';
import { buildDemoSnapshot } from '../../scripts/demo-account.js';
import { readBaselineFile } from '../../src/report/read-baseline.js';
import { evaluateSnapshot } from '../../src/engine/scan.js';
import { parseWaivers } from '../../src/engine/waivers.js';
import { buildJsonReport } from '../../src/report/json-report.js';
import { parseSnapshot } from '../../src/snapshot/io.js';
import { tempDir } from '../support/cli.js';

function messageOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

describe('an unknown key with a line break is still reported on one line', () => {
  it('snapshot', () => {
    const snapshot = buildDemoSnapshot() as unknown as { accounts: { regions: Record<string, unknown>[] }[] };
    snapshot.accounts[0]!.regions[0]!['evil\nkey'] = 1;
    expect(messageOf(() => parseSnapshot(snapshot, 's.json'))).not.toContain('\n');
  });

  it('waivers', () => {
    const text = JSON.stringify([{ 'evil\nkey': 1 }]);
    expect(messageOf(() => parseWaivers(text, 'w.yaml', new Set()))).not.toContain('\n');
  });

  it('baseline', async () => {
    const scan = evaluateSnapshot(buildDemoSnapshot(), ruleRegistry, { kind: 'snapshot', file: 'd.json' });
    const report = { ...buildJsonReport(scan), 'evil\nkey': 1 };
    const path = join(await tempDir(), 'baseline.json');
    await writeFile(path, JSON.stringify(report));
    await expect(readBaselineFile(path)).rejects.toThrow(/^[^\n]*$/);
  });
});
