// The `--format html` page of a streamed scan (report/finding-spill.ts): the summary's counts
// gathered as the findings go by (html/summary-counts.ts), each finding's text for the page's data
// block spilled per rule, and the data block gzip-compressed and base64-encoded as it is read back
// (util/gzip-base64.ts): the bytes of `htmlReportPieces(modelFromJsonReport(report))`.
import type { ScanResult } from '../engine/scan.js';
import type { Finding } from '../engine/types.js';
import type { RenderedPass } from '../engine/parallel/rendered-pass.js';
import { gzipBase64 } from '../util/gzip-base64.js';
import { pageFinding, pageHeadFromJsonReport, type HtmlPageHead } from './html/model.js';
import {
  DATA_BLOCK_CLOSE,
  DATA_BLOCK_OPEN,
  EMBEDDED_DATA_SUFFIX,
  EMBEDDED_GZIP_LEVEL,
  embeddedDataPrefix,
  embeddedFindingText,
  HTML_PAGE_TAIL,
  htmlPageHeadText,
} from './html/render.js';
import { HtmlSummaryCounts } from './html/summary-counts.js';
import { buildJsonReportHead, type ReportFinding } from './json-report.js';
import { spilledItems, type SpillFile } from './spill-file.js';

/** A report finding's item in the data block's list, with a leading comma (the spill's renderer). */
export function htmlItemText(finding: ReportFinding): string {
  return `,${embeddedFindingText(pageFinding(finding))}`;
}

export class SpilledHtml {
  private readonly counts = new HtmlSummaryCounts();

  /** A finding the spill took: the summary counts it (the page's fields it reads are the finding's own). */
  count(finding: Finding): void {
    this.counts.add(finding);
  }

  /** A pass a worker thread rendered (engine/parallel/rendered-pass.ts), counted as `count` would. */
  countPass(pass: RenderedPass): void {
    this.counts.addPass(pass.ruleId, pass.accountId, pass.region);
  }

  /** The page: head and summaries, the data block from the spill files, the script. */
  async *report(result: ScanResult, files: readonly SpillFile[]): AsyncGenerator<string | Uint8Array> {
    const head = pageHeadFromJsonReport(buildJsonReportHead(result));
    yield htmlPageHeadText(head, this.counts);
    yield DATA_BLOCK_OPEN;
    yield* gzipBase64(this.data(head, files), EMBEDDED_GZIP_LEVEL);
    yield DATA_BLOCK_CLOSE;
    yield HTML_PAGE_TAIL;
  }

  /** `{"rules":…,"findings":[…]}` as `embeddedData` writes it before compressing. */
  private async *data(head: HtmlPageHead, files: readonly SpillFile[]): AsyncGenerator<string | Uint8Array> {
    yield embeddedDataPrefix(head.rules);
    yield* spilledItems(files);
    yield EMBEDDED_DATA_SUFFIX;
  }
}
