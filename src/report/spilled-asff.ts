// The `--format asff` file of a streamed scan (report/finding-spill.ts): each finding's ASFF text
// spilled per rule as the scan evaluates it, joined at the end with the baseline's fixed findings
// (known only then) after them: the bytes of `asffFilePieces(buildAsffFindings(report))`.
//
// A finding's ASFF reads the report's `scan` section: start, snapshot time, partition, accounts,
// all known before the scan, and `finishedAt` (UpdatedAt), known only after it. UpdatedAt is
// spilled as one NUL character and replaced at the join: JSON text never holds a raw NUL (JSON
// escapes it, UTF-8 encodes no other character with a 0 byte), so every 0 byte in a spill file is
// one of these. The finding is built with a stand-in of the same length (the start time), so its
// 240 KB size check (asff.ts `withinSizeLimit`) sees the bytes the file will hold.
import { isDeepStrictEqual } from 'node:util';
import type { ScanResult } from '../engine/scan.js';
import type { Finding } from '../engine/types.js';
import { jsonItemText } from '../util/json-pieces.js';
import { asffBuilder, type AsffBuilder, type AsffScan } from './asff.js';
import { buildJsonReportHead, reportAccounts, type ReportRule } from './json-report.js';
import { noneWritten, spilledItems, type SpillFile } from './spill-file.js';

type Partition = ScanResult['snapshot']['partition'];

/**
 * What of a scan its spill needs before the first finding: its start and its snapshot's head (a
 * whole snapshot fits; `spillScanData` keeps only these fields, for worker threads).
 */
export interface SpillScan {
  startedAt: Date;
  snapshot: {
    collectedAt: string;
    partition: Partition;
    accounts: readonly { accountId: string; partition: Partition; regions: readonly { region: string }[] }[];
  };
}

/** `scan` with only the fields a spill reads: small enough to send to every worker thread. */
export function spillScanData(scan: SpillScan): SpillScan {
  const { collectedAt, partition, accounts } = scan.snapshot;
  return {
    startedAt: scan.startedAt,
    snapshot: {
      collectedAt,
      partition,
      accounts: accounts.map((account) => ({
        accountId: account.accountId,
        partition: account.partition,
        regions: account.regions.map((region) => ({ region: region.region })),
      })),
    },
  };
}

/** A spilled finding's UpdatedAt value (one character; the report's `finishedAt` at the join). */
const FINISHED_AT_MARK = '\u0000';
const FINISHED_AT_BYTE = 0;

/** The report's `scan` fields a finding's ASFF reads, but `finishedAt`, which is `finishedAtStandIn`. */
function asffScanOf(scan: SpillScan, finishedAtStandIn: string): AsffScan {
  return {
    startedAt: scan.startedAt.toISOString(),
    finishedAt: finishedAtStandIn,
    collectedAt: scan.snapshot.collectedAt,
    partition: scan.snapshot.partition,
    accounts: reportAccounts(scan.snapshot.accounts),
  };
}

/** `chunk` with every 0 byte replaced by `replacement`. */
function* replaceMarks(chunk: Uint8Array, replacement: Uint8Array): Generator<Uint8Array> {
  let start = 0;
  for (
    let mark = chunk.indexOf(FINISHED_AT_BYTE);
    mark !== -1;
    mark = chunk.indexOf(FINISHED_AT_BYTE, start)
  ) {
    if (mark > start) yield chunk.subarray(start, mark);
    yield replacement;
    start = mark + 1;
  }
  if (start < chunk.length) yield chunk.subarray(start);
}

export class SpilledAsff {
  private readonly scan: AsffScan;
  private readonly builder: AsffBuilder;
  /** UpdatedAt as the spilled text holds it, at a finding's depth in the file's list (1). */
  private readonly standInField: string;

  constructor(rules: readonly ReportRule[], scan: SpillScan) {
    const standIn = scan.startedAt.toISOString();
    this.scan = asffScanOf(scan, standIn);
    this.builder = asffBuilder({ scan: this.scan, rules });
    this.standInField = `\n    "UpdatedAt": ${JSON.stringify(standIn)},`;
  }

  /** A finding's item in the file's list, with a leading comma and UpdatedAt marked. */
  itemText(finding: Finding): string {
    const text = jsonItemText(this.builder.active(finding), 1);
    const at = text.indexOf(this.standInField);
    if (at === -1) throw new Error('internal error: an ASFF finding without its UpdatedAt field');
    return (
      `,\n  ${text.slice(0, at)}\n    "UpdatedAt": "${FINISHED_AT_MARK}",` +
      text.slice(at + this.standInField.length)
    );
  }

  /** The file: the spilled findings in rule order, then the baseline's fixed ones. */
  async *report(result: ScanResult, files: readonly SpillFile[]): AsyncGenerator<string | Uint8Array> {
    const head = buildJsonReportHead(result);
    // What the spilled findings were built with must be what the in-memory file reads.
    if (
      !isDeepStrictEqual(asffScanOf(result, head.scan.finishedAt), {
        ...this.scan,
        finishedAt: head.scan.finishedAt,
      })
    )
      throw new Error("internal error: the ASFF findings were spilled with another scan's start or snapshot");
    // The fixed findings are built with the report's own scan section, as in memory.
    const builder = asffBuilder(head);
    const fixed = (head.baseline?.fixed ?? []).map((entry) => jsonItemText(builder.fixed(entry), 1));
    const noneSpilled = await noneWritten(files);
    if (noneSpilled && fixed.length === 0) {
      yield '[]\n';
      return;
    }
    yield '[';
    const finishedAt = Buffer.from(head.scan.finishedAt);
    if (!noneSpilled) for await (const chunk of spilledItems(files)) yield* replaceMarks(chunk, finishedAt);
    // Each item after a leading `,\n  `, the very first without its comma (util/json-pieces.ts).
    for (const [index, text] of fixed.entries())
      yield noneSpilled && index === 0 ? `\n  ${text}` : `,\n  ${text}`;
    yield '\n]\n';
  }
}
