// The spill files encode each finding's text straight into a 64 KiB buffer per file (flushed when
// a piece might not fit; a piece that might not fit even an empty buffer is written on its own).
// Whatever the piece sizes and characters, the joined reports must be the in-memory renderers'
// bytes. test/engine/stream-scan.test.ts compares whole scans; this drives the buffer's edges.
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ruleRegistry } from '../../rules/index.js';
import { evaluateSnapshot, type ScanResult } from '../../src/engine/scan.js';
import { fullScope } from '../../src/engine/scan-scope.js';
import type { Finding } from '../../src/engine/types.js';
import { FindingSpill } from '../../src/report/finding-spill.js';
import { csvReportPieces } from '../../src/report/csv.js';
import { buildJsonReport, jsonReportPieces } from '../../src/report/json-report.js';
import { asffFilePieces, buildAsffFindings } from '../../src/report/asff.js';
import { modelFromJsonReport } from '../../src/report/html/model.js';
import { renderHtmlReport } from '../../src/report/html/render.js';
import { parseSnapshot } from '../../src/snapshot/io.js';

const DEMO = 'examples/demo-account.json';
const STARTED_AT = new Date('2026-11-21T21:00:00.000Z');

async function demoResult(): Promise<ScanResult> {
  const snapshot = parseSnapshot(JSON.parse(await readFile(DEMO, 'utf8')) as unknown, DEMO);
  return evaluateSnapshot(
    snapshot,
    ruleRegistry,
    { kind: 'snapshot', file: DEMO },
    STARTED_AT,
    fullScope(ruleRegistry),
  );
}

async function bytesOf(content: AsyncIterable<string | Uint8Array> | undefined): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of content ?? [])
    parts.push(typeof part === 'string' ? Buffer.from(part) : Buffer.from(part));
  return Buffer.concat(parts);
}

/**
 * The demo's findings in rule order (as a spill joins them), each repeated `copies` times, every
 * `every`th copy with `extraChars(copy)` more characters of message, multi-byte ones among them.
 */
function findingsInRuleOrder(
  result: ScanResult,
  copies: number,
  every: number,
  extraChars: (copy: number) => number,
  take = Infinity,
): Finding[] {
  const ruleIndex = new Map(ruleRegistry.map((rule, index) => [rule.meta.id, index]));
  const sorted = [...result.findings]
    .sort((a, b) => (ruleIndex.get(a.ruleId) ?? 0) - (ruleIndex.get(b.ruleId) ?? 0))
    .slice(0, take);
  const text = (chars: number): string => 'é → — … 𝄞 '.repeat(Math.ceil(chars / 10)).slice(0, chars);
  return sorted.flatMap((finding) =>
    Array.from({ length: copies }, (_, copy) =>
      copy % every === every - 1
        ? { ...finding, message: `${finding.message} ${text(extraChars(copy))}` }
        : finding,
    ),
  );
}

async function spilledAndInMemory(findings: Finding[], result: ScanResult): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'aws-audit-spill-'));
  const spill = FindingSpill.open(dir, ruleRegistry, ['json', 'csv', 'asff', 'html'], {
    startedAt: result.startedAt,
    snapshot: result.snapshot,
  });
  const ruleIndex = new Map(ruleRegistry.map((rule, index) => [rule.meta.id, index]));
  try {
    for (const finding of findings) spill.add(ruleIndex.get(finding.ruleId) ?? 0, finding);
    spill.close();
    const whole: ScanResult = { ...result, findings };
    const csv = await bytesOf(spill.reportContent(whole, 'csv'));
    expect(csv.equals(Buffer.from([...csvReportPieces(whole)].join('')))).toBe(true);
    const json = await bytesOf(spill.reportContent(whole, 'json'));
    const report = buildJsonReport(whole);
    expect(json.equals(Buffer.from([...jsonReportPieces(report)].join('')))).toBe(true);
    const asff = await bytesOf(spill.reportContent(whole, 'asff'));
    expect(asff.equals(Buffer.from([...asffFilePieces(buildAsffFindings(report))].join('')))).toBe(true);
    const html = await bytesOf(spill.reportContent(whole, 'html'));
    expect(html.equals(Buffer.from(renderHtmlReport(modelFromJsonReport(report))))).toBe(true);
  } finally {
    await spill.discard();
  }
  expect(await readdir(dir)).toEqual([]);
}

describe('FindingSpill buffers', () => {
  it('joins the in-memory bytes across many buffer flushes', async () => {
    const result = await demoResult();
    // ~40 copies of every finding: each rule's spill files pass 64 KiB several times.
    await spilledAndInMemory(
      findingsInRuleOrder(result, 40, 7, () => 300),
      result,
    );
  });

  it('writes a piece longer than a whole buffer on its own, in order', async () => {
    const result = await demoResult();
    // 30,000 characters: up to 90,000 bytes, more than the 64 KiB buffer holds.
    await spilledAndInMemory(
      findingsInRuleOrder(result, 3, 2, () => 30_000),
      result,
    );
  });

  it('joins pieces on both sides of the worst-case fit of an empty buffer', async () => {
    const result = await demoResult();
    // 21,845 characters × 3 = 65,535 bytes: a piece up to that is buffered, a longer one written
    // alone. Messages from 17,000 to 24,750 characters more put the pieces on both sides.
    await spilledAndInMemory(
      findingsInRuleOrder(result, 32, 1, (copy) => 17_000 + copy * 250, 8),
      result,
    );
  });
});

describe('FindingSpill ASFF', () => {
  it("lists the baseline's fixed findings after the spilled ones, or alone when none was spilled", async () => {
    const result = await demoResult();
    const failing = result.findings.filter((finding) => finding.status === 'fail').slice(0, 3);
    const fixed = failing.map(({ fingerprint, ruleId, severity, resource, message }) => ({
      fingerprint: `${fingerprint.slice(0, -4)}0000`,
      ruleId,
      severity,
      resource,
      message,
    }));
    const baseline = { file: 'previous.json', new: 0, unchanged: 0, fixed, unverified: [] };
    for (const findings of [result.findings.slice(0, 5), []]) {
      const dir = await mkdtemp(join(tmpdir(), 'aws-audit-spill-'));
      const spill = FindingSpill.open(dir, ruleRegistry, ['asff'], result);
      const ruleIndex = new Map(ruleRegistry.map((rule, index) => [rule.meta.id, index]));
      try {
        for (const finding of findings) spill.add(ruleIndex.get(finding.ruleId) ?? 0, finding);
        spill.close();
        const whole: ScanResult = { ...result, findings, baseline };
        const expected = [...asffFilePieces(buildAsffFindings(buildJsonReport(whole)))].join('');
        const asff = (await bytesOf(spill.reportContent(whole, 'asff'))).toString();
        expect(asff).toBe(expected);
        const parsed = JSON.parse(asff) as { RecordState: string }[];
        expect(parsed.map((entry) => entry.RecordState)).toEqual([
          ...findings.map(() => 'ACTIVE'),
          ...fixed.map(() => 'ARCHIVED'),
        ]);
      } finally {
        await spill.discard();
      }
      expect(await readdir(dir)).toEqual([]);
    }
  });

  it('writes the scan end as every spilled finding’s UpdatedAt, known only at the join', async () => {
    const result = await demoResult();
    const dir = await mkdtemp(join(tmpdir(), 'aws-audit-spill-'));
    const spill = FindingSpill.open(dir, ruleRegistry, ['asff'], result);
    const ruleIndex = new Map(ruleRegistry.map((rule, index) => [rule.meta.id, index]));
    try {
      for (const finding of result.findings) spill.add(ruleIndex.get(finding.ruleId) ?? 0, finding);
      spill.close();
      const finishedAt = new Date('2026-11-21T21:07:31.250Z');
      const asff = (await bytesOf(spill.reportContent({ ...result, finishedAt }, 'asff'))).toString();
      expect(asff).not.toContain('\u0000');
      const parsed = JSON.parse(asff) as { UpdatedAt: string; CreatedAt: string }[];
      expect(parsed).toHaveLength(result.findings.length);
      for (const entry of parsed) {
        expect(entry.UpdatedAt).toBe(finishedAt.toISOString());
        expect(entry.CreatedAt).toBe(STARTED_AT.toISOString());
      }
    } finally {
      await spill.discard();
    }
  });

  it('marks only the UpdatedAt field, whatever the messages hold (a NUL, the field itself)', async () => {
    const result = await demoResult();
    const tricky = [
      '\u0000 at the start',
      `"UpdatedAt": "${STARTED_AT.toISOString()}",`,
      `\n    "UpdatedAt": "${STARTED_AT.toISOString()}",\n`,
      'ends with a backslash \\',
    ];
    const findings = result.findings
      .slice(0, tricky.length)
      .map((finding, index) => ({ ...finding, message: tricky[index]! }));
    await spilledAndInMemory(findings, { ...result, finishedAt: new Date('2026-11-21T21:09:00.000Z') });
  });
});
