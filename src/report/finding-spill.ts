// The report files' findings written as a streamed scan evaluates them (engine/stream-scan.ts):
// each finding's JSON text and CSV row go to a spill file of its rule in the output folder, and
// the reports are joined from the spill files at the end, so no list of every finding is held
// (issue 18 item 4, BENCHMARKS.md "Streaming findings"). The bytes are the in-memory renderers'
// (json-report.ts through util/json-pieces.ts, csv.ts); test/report/finding-spill.test.ts compares.
//
// The report order is rule → account → region while evaluation runs account → region → rule, so
// there is one spill file per rule and format, joined in rule order. Spill files are temp files
// like an atomic write's (util/atomic-file.ts): the signal handler removes them, and `discard`
// removes them on every other way out; none is ever renamed into place.
import { randomBytes } from 'node:crypto';
import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScanResult } from '../engine/scan.js';
import type { FindingSink } from '../engine/stream-scan.js';
import type { PassRenderer } from '../engine/parallel/rendered-pass.js';
import type { Finding, Rule } from '../engine/types.js';
import { PRIVATE_FILE_MODE, trackTemporaryFile } from '../util/atomic-file.js';
import { Utf8Batches } from '../util/utf8-batches.js';
import { jsonItemText, jsonPieces } from '../util/json-pieces.js';
import { CSV_HEADER_ROW, csvFindingRow } from './csv.js';
import { buildJsonReportHead, reportFinding, reportRule, type ReportRule } from './json-report.js';

/** The report formats whose files list every finding and can be joined from spill files. */
export const SPILLED_FORMATS = ['json', 'csv'] as const;
export type SpilledFormat = (typeof SPILLED_FORMATS)[number];

/**
 * Bytes gathered per spill file before one write (util/utf8-batches.ts): few system calls, little
 * memory (a buffer only for a rule with findings). 64 KiB writes cost no more than 1 MiB ones
 * (BENCHMARKS.md "Report writing CPU").
 */
const SPILL_BUFFER_BYTES = 1 << 16;

/** Writes all of `bytes`: `writeSync` may write fewer than asked. */
function writeAllSync(fd: number, bytes: Uint8Array): void {
  for (let offset = 0; offset < bytes.length;) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/** One rule's spill file of one format. */
class SpillFile {
  private fd: number | undefined;
  private readonly batches = new Utf8Batches(SPILL_BUFFER_BYTES);
  /** Characters appended so far: 0 for a rule with no finding. */
  written = 0;
  private readonly untrack: () => void;

  constructor(readonly path: string) {
    this.untrack = trackTemporaryFile(path);
    try {
      this.fd = openSync(path, 'wx', PRIVATE_FILE_MODE);
    } catch (error) {
      this.untrack();
      throw error;
    }
  }

  /** Text, or text already encoded (passes a worker thread rendered). */
  append(text: string | Uint8Array): void {
    this.written += text.length;
    this.write(this.batches.add(text));
  }

  flush(): void {
    this.write(this.batches.rest());
  }

  private write(batches: Iterable<Uint8Array>): void {
    for (const bytes of batches) if (this.fd !== undefined) writeAllSync(this.fd, bytes);
  }

  close(): void {
    if (this.fd === undefined) return;
    this.flush();
    closeSync(this.fd);
    this.fd = undefined;
    this.batches.release();
  }

  async remove(): Promise<void> {
    if (this.fd !== undefined) {
      try {
        closeSync(this.fd);
      } catch {
        // Already unusable; removing the file is what matters.
      }
      this.fd = undefined;
    }
    this.batches.release();
    await rm(this.path, { force: true }).catch(() => undefined);
    this.untrack();
  }

  /**
   * The file's bytes, after `close`, read once: the file is removed as soon as it has been read,
   * so a report's rename finds only its own temp file beside it and the disk holds each finding
   * twice for one rule's time at most.
   */
  async *consume(): AsyncGenerator<Buffer> {
    yield* createReadStream(this.path) as AsyncIterable<Buffer>;
    await this.remove();
  }
}

/**
 * A finding's text in each of `formats` (spill order): what `FindingSpill.add` writes, and what a
 * streamed scan's worker threads render passes with (cli/scan-pipeline/stream-worker.ts), so a
 * rendered pass is the same bytes wherever it was rendered.
 */
export function spillRenderer(rules: readonly Rule[], formats: readonly SpilledFormat[]): PassRenderer {
  // The report's `rules` section, for each finding's remediation and page as json-report.ts adds them.
  const reportRules: ReportRule[] = rules.map((rule) => reportRule(rule.meta));
  const renderers = formats.map((format) =>
    format === 'json'
      ? (ruleIndex: number, finding: Finding) =>
          `,\n    ${jsonItemText(reportFinding(finding, reportRules[ruleIndex]), 2)}`
      : (ruleIndex: number, finding: Finding) => csvFindingRow(finding, rules[ruleIndex]!.meta),
  );
  return (ruleIndex, finding) => renderers.map((render) => render(ruleIndex, finding));
}

/** Whether `value` names spilled formats (a worker thread's setup crosses as plain data). */
export function isSpilledFormatList(value: unknown): value is SpilledFormat[] {
  return (
    Array.isArray(value) && value.every((format) => (SPILLED_FORMATS as readonly unknown[]).includes(format))
  );
}

/**
 * A `FindingSink` that renders each finding into the requested formats' spill files. Open it,
 * run the streamed scan into it, `close` it, write the reports with `reportContent`, and
 * `discard` it whatever happened.
 */
export class FindingSpill implements FindingSink {
  private readonly json: SpillFile[] = [];
  private readonly csv: SpillFile[] = [];

  /** Each finding's text per spilled format, in `formats` order. */
  private readonly render: PassRenderer;

  private constructor(
    rules: readonly Rule[],
    readonly formats: readonly SpilledFormat[],
  ) {
    this.render = spillRenderer(rules, formats);
  }

  /** Creates the spill files in `outDir` (which must exist) for those of `formats` that list every finding. */
  static open(outDir: string, rules: readonly Rule[], formats: readonly string[]): FindingSpill {
    const spilled = SPILLED_FORMATS.filter((format) => formats.includes(format));
    const spill = new FindingSpill(rules, spilled);
    const stem = `.aws-audit-spill-${randomBytes(6).toString('hex')}`;
    try {
      for (const format of spilled)
        rules.forEach((_, index) =>
          spill[format].push(new SpillFile(join(outDir, `${stem}-${index}.${format}.tmp`))),
        );
    } catch (error) {
      void spill.discard();
      throw error;
    }
    return spill;
  }

  add(ruleIndex: number, finding: Finding): void {
    this.append(ruleIndex, this.render(ruleIndex, finding));
  }

  /** Passes a worker thread rendered with `spillRenderer(rules, this.formats)`: the bytes of the texts `add` makes. */
  addRendered(ruleIndex: number, text: readonly Uint8Array[]): void {
    this.append(ruleIndex, text);
  }

  private append(ruleIndex: number, texts: readonly (string | Uint8Array)[]): void {
    this.formats.forEach((format, index) => this[format][ruleIndex]!.append(texts[index]!));
  }

  /** Writes what is still buffered and closes the files; the reports can be joined after this. */
  close(): void {
    for (const file of [...this.json, ...this.csv]) file.close();
  }

  /** Removes every spill file (after the reports were written, or on the way out of a failure). */
  async discard(): Promise<void> {
    await Promise.all([...this.json, ...this.csv].map((file) => file.remove()));
  }

  /** A spilled format's file content, the in-memory renderer's bytes; undefined for other formats. */
  reportContent(result: ScanResult, format: string): AsyncIterable<string | Uint8Array> | undefined {
    if (format === 'json' && this.formats.includes('json')) return this.jsonReport(result);
    if (format === 'csv' && this.formats.includes('csv')) return this.csvReport();
    return undefined;
  }

  private async *csvReport(): AsyncGenerator<string | Uint8Array> {
    yield CSV_HEADER_ROW;
    for (const file of this.csv) yield* file.consume();
  }

  /**
   * `jsonReportPieces(buildJsonReport(result))` with the findings from the spill files: the head's
   * pieces up to its closing brace, then the findings list as util/json-pieces.ts writes it at
   * depth 1 (each item written with a leading `,\n    `, the very first comma dropped).
   */
  private async *jsonReport(result: ScanResult): AsyncGenerator<string | Uint8Array> {
    let previous: string | undefined;
    for (const piece of jsonPieces(buildJsonReportHead(result), 2)) {
      if (previous !== undefined) yield previous;
      previous = piece;
    }
    if (previous !== '\n}')
      throw new Error('internal error: the JSON report head did not end with its brace');
    yield ',\n  "findings": ';
    yield* this.jsonFindings();
    yield '\n}\n';
  }

  private async *jsonFindings(): AsyncGenerator<string | Uint8Array> {
    if (this.json.every((file) => file.written === 0)) {
      await Promise.all(this.json.map((file) => file.remove()));
      yield '[]';
      return;
    }
    yield '[';
    let first = true;
    for (const file of this.json) {
      for await (const chunk of file.consume()) {
        // The first finding has no comma before it; a comma is one byte in UTF-8.
        yield first ? chunk.subarray(1) : chunk;
        first = false;
      }
    }
    yield '\n  ]';
  }
}
