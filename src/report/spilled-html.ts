// The `--format html` page of a streamed scan (report/finding-spill.ts): the summary's counts
// gathered as the findings go by (html/summary-counts.ts), each finding's text for the page's data
// block spilled per rule, and the data block gzip-compressed and base64-encoded as it is read back
// (util/gzip-base64.ts): the bytes of `htmlReportPieces(modelFromJsonReport(report))`.
import type { ScanResult } from '../engine/scan.js';
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

export class SpilledHtml {
  private readonly counts = new HtmlSummaryCounts();

  /** A report finding's item in the data block's list, with a leading comma; counted for the summary. */
  itemText(finding: ReportFinding): string {
    const shown = pageFinding(finding);
    this.counts.add(shown);
    return `,${embeddedFindingText(shown)}`;
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
