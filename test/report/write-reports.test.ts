import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildJsonReport } from '../../src/report/json-report.js';
import { buildSarifLog, renderSarif } from '../../src/report/sarif.js';
import { fileRenderers, writeReports } from '../../src/report/write-reports.js';
import { demoScan } from './sarif-fixtures.js';

describe('writeReports', () => {
  it('writes the JSON report piece by piece with the bytes of one JSON.stringify, stable name = timestamped copy', async () => {
    const result = await demoScan();
    const dir = await mkdtemp(join(tmpdir(), 'aws-audit-write-'));
    const written = await writeReports(result, ['json', 'sarif'], dir);
    expect(written).toEqual([join(dir, 'aws-audit-report.json'), join(dir, 'aws-audit-report.sarif')]);
    expect((await readdir(dir)).sort()).toEqual([
      'aws-audit-report-20261121T210000Z.json',
      'aws-audit-report-20261121T210000Z.sarif',
      'aws-audit-report.json',
      'aws-audit-report.sarif',
    ]);
    const json = await readFile(join(dir, 'aws-audit-report.json'), 'utf8');
    expect(json).toBe(`${JSON.stringify(buildJsonReport(result), null, 2)}\n`);
    expect(await readFile(join(dir, 'aws-audit-report-20261121T210000Z.json'), 'utf8')).toBe(json);
    const sarif = await readFile(join(dir, 'aws-audit-report.sarif'), 'utf8');
    expect(sarif).toBe(renderSarif(buildSarifLog(result)));
    expect(await readFile(join(dir, 'aws-audit-report-20261121T210000Z.sarif'), 'utf8')).toBe(sarif);
  });

  it('renders the JSON report as pieces, none holding more than one finding (no single-string ceiling)', async () => {
    const result = await demoScan();
    const { content } = fileRenderers.json!(result);
    expect(typeof content).not.toBe('string');
    const pieces = [...(content as Iterable<string>)];
    const withFingerprint = pieces.filter((piece) => piece.includes('"fingerprint"'));
    expect(withFingerprint).toHaveLength(result.findings.length);
    for (const piece of withFingerprint) expect(piece.match(/"fingerprint"/g)).toHaveLength(1);
  });
});
