// The report files' findings written as a streamed scan evaluates them (engine/stream-scan.ts):
// each finding's JSON text, CSV row, ASFF text (spilled-asff.ts) and HTML data-block text
// (spilled-html.ts) go to a spill file of its rule in the output folder (spill-file.ts), and the
// reports are joined from the spill files at the end, so no list of every finding is held (issue
// 18 item 4, BENCHMARKS.md "Streaming findings"). The bytes are the in-memory renderers'
// (json-report.ts through util/json-pieces.ts, csv.ts, asff.ts, html/render.ts);
// test/report/finding-spill.test.ts and test/engine/stream-scan.test.ts compare.
//
// The report order is rule → account → region while evaluation runs account → region → rule, so
// there is one spill file per rule and format, joined in rule order. `discard` removes them on
// every way out; none is ever renamed into place.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { ScanResult } from '../engine/scan.js';
import type { FindingSink } from '../engine/stream-scan.js';
import type { Finding, Rule } from '../engine/types.js';
import { jsonItemText, jsonPieces } from '../util/json-pieces.js';
import { CSV_HEADER_ROW, csvFindingRow } from './csv.js';
import { buildJsonReportHead, reportFinding, reportRule, type ReportRule } from './json-report.js';
import { noneWritten, SpillFile, spilledItems } from './spill-file.js';
import { SpilledAsff, type SpillScan } from './spilled-asff.js';
import { SpilledHtml } from './spilled-html.js';

export type { SpillScan } from './spilled-asff.js';

/** The report formats whose files list every finding and can be joined from spill files. */
export const SPILLED_FORMATS = ['json', 'csv', 'asff', 'html'] as const;
export type SpilledFormat = (typeof SPILLED_FORMATS)[number];

/**
 * A `FindingSink` that renders each finding into the requested formats' spill files. Open it,
 * run the streamed scan into it, `close` it, write the reports with `reportContent`, and
 * `discard` it whatever happened.
 */
export class FindingSpill implements FindingSink {
  private readonly files = new Map<SpilledFormat, SpillFile[]>();
  /** The report's `rules` section, for each finding's remediation and page as json-report.ts adds them. */
  private readonly reportRules: ReportRule[];
  private readonly asff: SpilledAsff | undefined;
  private readonly html: SpilledHtml | undefined;

  private constructor(
    private readonly rules: readonly Rule[],
    readonly formats: readonly SpilledFormat[],
    scan: SpillScan,
  ) {
    this.reportRules = rules.map((rule) => reportRule(rule.meta));
    this.asff = formats.includes('asff') ? new SpilledAsff(this.reportRules, scan) : undefined;
    this.html = formats.includes('html') ? new SpilledHtml() : undefined;
  }

  /**
   * Creates the spill files in `outDir` (which must exist) for those of `formats` that list every
   * finding. `scan` is the scan about to run (ASFF findings read its start and snapshot).
   */
  static open(
    outDir: string,
    rules: readonly Rule[],
    formats: readonly string[],
    scan: SpillScan,
  ): FindingSpill {
    const spilled = SPILLED_FORMATS.filter((format) => formats.includes(format));
    const spill = new FindingSpill(rules, spilled, scan);
    const stem = `.aws-audit-spill-${randomBytes(6).toString('hex')}`;
    try {
      for (const format of spilled) {
        const files: SpillFile[] = [];
        spill.files.set(format, files);
        rules.forEach((_, index) =>
          files.push(new SpillFile(join(outDir, `${stem}-${index}.${format}.tmp`))),
        );
      }
    } catch (error) {
      void spill.discard();
      throw error;
    }
    return spill;
  }

  add(ruleIndex: number, finding: Finding): void {
    const json = this.files.get('json');
    const csv = this.files.get('csv');
    // The report's finding (with its rule's remediation and page): what the JSON file and the page list.
    const shown = json || this.html ? reportFinding(finding, this.reportRules[ruleIndex]) : undefined;
    if (json) json[ruleIndex]!.append(`,\n    ${jsonItemText(shown, 2)}`);
    if (csv) csv[ruleIndex]!.append(csvFindingRow(finding, this.rules[ruleIndex]!.meta));
    if (this.asff) this.files.get('asff')![ruleIndex]!.append(this.asff.itemText(finding));
    if (this.html) this.files.get('html')![ruleIndex]!.append(this.html.itemText(shown!));
  }

  private allFiles(): SpillFile[] {
    return [...this.files.values()].flat();
  }

  /** Writes what is still buffered and closes the files; the reports can be joined after this. */
  close(): void {
    for (const file of this.allFiles()) file.close();
  }

  /** Removes every spill file (after the reports were written, or on the way out of a failure). */
  async discard(): Promise<void> {
    await Promise.all(this.allFiles().map((file) => file.remove()));
  }

  /** A spilled format's file content, the in-memory renderer's bytes; undefined for other formats. */
  reportContent(result: ScanResult, format: string): AsyncIterable<string | Uint8Array> | undefined {
    const files = this.files.get(format as SpilledFormat);
    if (files === undefined) return undefined;
    if (format === 'json') return this.jsonReport(result, files);
    if (format === 'csv') return this.csvReport(files);
    if (format === 'asff') return this.asff!.report(result, files);
    return this.html!.report(result, files);
  }

  private async *csvReport(files: readonly SpillFile[]): AsyncGenerator<string | Uint8Array> {
    yield CSV_HEADER_ROW;
    for (const file of files) yield* file.consume();
  }

  /**
   * `jsonReportPieces(buildJsonReport(result))` with the findings from the spill files: the head's
   * pieces up to its closing brace, then the findings list as util/json-pieces.ts writes it at
   * depth 1 (each item written with a leading `,\n    `, the very first comma dropped).
   */
  private async *jsonReport(
    result: ScanResult,
    files: readonly SpillFile[],
  ): AsyncGenerator<string | Uint8Array> {
    let previous: string | undefined;
    for (const piece of jsonPieces(buildJsonReportHead(result), 2)) {
      if (previous !== undefined) yield previous;
      previous = piece;
    }
    if (previous !== '\n}')
      throw new Error('internal error: the JSON report head did not end with its brace');
    yield ',\n  "findings": ';
    if (await noneWritten(files)) yield '[]';
    else {
      yield '[';
      yield* spilledItems(files);
      yield '\n  ]';
    }
    yield '\n}\n';
  }
}
