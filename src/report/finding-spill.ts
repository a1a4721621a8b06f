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
import type { PassRenderer, RenderedPass } from '../engine/parallel/rendered-pass.js';
import type { Finding, Rule } from '../engine/types.js';
import { jsonItemText, jsonPieces } from '../util/json-pieces.js';
import { CSV_HEADER_ROW, csvFindingRow } from './csv.js';
import { buildJsonReportHead, reportFinding, reportRule, type ReportRule } from './json-report.js';
import { noneWritten, SpillFile, spilledItems } from './spill-file.js';
import { SpilledAsff, spillScanData, type SpillScan } from './spilled-asff.js';
import { htmlItemText, SpilledHtml } from './spilled-html.js';

export type { SpillScan } from './spilled-asff.js';

/** The report formats whose files list every finding and can be joined from spill files. */
export const SPILLED_FORMATS = ['json', 'csv', 'asff', 'html'] as const;
export type SpilledFormat = (typeof SPILLED_FORMATS)[number];

/** What a streamed scan's worker threads need to render passes as `FindingSpill.add` does (plain data). */
export interface SpillRendering {
  formats: SpilledFormat[];
  scan: SpillScan;
}

function isSpillRendering(value: unknown): value is SpillRendering {
  const rendering = value as Partial<SpillRendering> | undefined;
  return (
    Array.isArray(rendering?.formats) &&
    rendering.formats.every((format) => (SPILLED_FORMATS as readonly unknown[]).includes(format)) &&
    rendering.scan?.startedAt instanceof Date
  );
}

/**
 * A finding's text in each of `formats` (spill order): what `FindingSpill.add` writes, and what a
 * streamed scan's worker threads render passes with (cli/scan-pipeline/stream-worker.ts), so a
 * rendered pass is the same bytes wherever it was rendered.
 */
export function spillRenderer(rules: readonly Rule[], rendering: unknown): PassRenderer {
  if (!isSpillRendering(rendering))
    throw new Error('internal error: a spill renderer needs the spilled formats and the scan');
  const { formats, scan } = rendering;
  const reportRules = reportRulesOf(rules);
  return rendererOf(rules, formats, reportRules, asffSpillOf(formats, reportRules, scan));
}

/** The report's `rules` section, for each finding's remediation and page as json-report.ts adds them. */
function reportRulesOf(rules: readonly Rule[]): ReportRule[] {
  return rules.map((rule) => reportRule(rule.meta));
}

function asffSpillOf(
  formats: readonly SpilledFormat[],
  reportRules: readonly ReportRule[],
  scan: SpillScan,
): SpilledAsff | undefined {
  return formats.includes('asff') ? new SpilledAsff(reportRules, scan) : undefined;
}

/** `spillRenderer` with its parts made: the main thread's spill shares its ASFF builder with the report. */
function rendererOf(
  rules: readonly Rule[],
  formats: readonly SpilledFormat[],
  reportRules: readonly ReportRule[],
  asff: SpilledAsff | undefined,
): PassRenderer {
  const shows = formats.includes('json') || formats.includes('html');
  return (ruleIndex, finding) => {
    // The report's finding (with its rule's remediation and page): what the JSON file and the page list.
    const shown = shows ? reportFinding(finding, reportRules[ruleIndex]) : undefined;
    return formats.map((format) => {
      if (format === 'json') return `,\n    ${jsonItemText(shown, 2)}`;
      if (format === 'csv') return csvFindingRow(finding, rules[ruleIndex]!.meta);
      if (format === 'asff') return asff!.itemText(finding);
      return htmlItemText(shown!);
    });
  };
}

/**
 * A `FindingSink` that renders each finding into the requested formats' spill files. Open it,
 * run the streamed scan into it, `close` it, write the reports with `reportContent`, and
 * `discard` it whatever happened.
 */
export class FindingSpill implements FindingSink {
  private readonly files = new Map<SpilledFormat, SpillFile[]>();
  private readonly asff: SpilledAsff | undefined;
  private readonly html: SpilledHtml | undefined;
  /** Each finding's text per spilled format, in `formats` order. */
  private readonly render: PassRenderer;
  /** The same renderer's inputs, for worker threads (`rendering`). */
  readonly rendering: SpillRendering;

  private constructor(
    rules: readonly Rule[],
    readonly formats: readonly SpilledFormat[],
    scan: SpillScan,
  ) {
    this.rendering = { formats: [...formats], scan: spillScanData(scan) };
    const reportRules = reportRulesOf(rules);
    this.asff = asffSpillOf(formats, reportRules, scan);
    this.render = rendererOf(rules, formats, reportRules, this.asff);
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
    this.append(ruleIndex, this.render(ruleIndex, finding));
    this.html?.count(finding);
  }

  /** Passes a worker thread rendered with `spillRenderer(rules, this.rendering)`: the bytes of the texts `add` makes. */
  addRendered(ruleIndex: number, text: readonly Uint8Array[]): void {
    this.append(ruleIndex, text);
  }

  /** A pass among those `addRendered` wrote: the page's summary counts it as `add` does. */
  passed(pass: RenderedPass): void {
    this.html?.countPass(pass);
  }

  private append(ruleIndex: number, texts: readonly (string | Uint8Array)[]): void {
    this.formats.forEach((format, index) => this.files.get(format)![ruleIndex]!.append(texts[index]!));
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
