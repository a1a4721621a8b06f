// Writes the requested report files atomically, each under a stable name plus a timestamped copy,
// so a nightly job can always read `aws-audit-report.json` and history is kept beside it.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { copyFileAtomic, ensureDirectory, writeFileAtomic, type FileContent } from '../util/atomic-file.js';
import type { ScanResult } from '../engine/scan.js';
import { buildJsonReport, jsonReportPieces } from './json-report.js';
import { buildSarifLog, renderSarif } from './sarif.js';
import { asffFilePieces, buildAsffFindings } from './asff.js';
import { modelFromJsonReport } from './html/model.js';
import { htmlReportPieces } from './html/render.js';

export type FileFormat = 'json' | 'sarif' | 'asff' | 'html';

export interface RenderedReport {
  format: string;
  extension: string;
  /** The file's text: one string, or pieces written in turn (a large JSON report). */
  content: FileContent;
}

/** A renderer for one file format; SARIF and later formats register here. */
export type ReportRenderer = (result: ScanResult) => RenderedReport;

export const fileRenderers: Record<string, ReportRenderer> = {
  json: (result) => ({
    format: 'json',
    extension: 'json',
    content: jsonReportPieces(buildJsonReport(result)),
  }),
  // One file for the scan, one run per account (sarif-github.md); multi-account writers can call
  // buildSarifLog(result, accountId) for one file per account.
  sarif: (result) => ({
    format: 'sarif',
    extension: 'sarif',
    content: renderSarif(buildSarifLog(result)),
  }),
  // Security Hub findings (asff.ts), ready for BatchImportFindings or `aws-audit publish`.
  asff: (result) => ({
    format: 'asff',
    extension: 'asff.json',
    content: asffFilePieces(buildAsffFindings(buildJsonReport(result))),
  }),
  // One self-contained page (html/render.ts): no network, CSP with hashes, findings paged.
  html: (result) => ({
    format: 'html',
    extension: 'html',
    content: htmlReportPieces(modelFromJsonReport(buildJsonReport(result))),
  }),
};

export const REPORT_BASENAME = 'aws-audit-report';

/** `20261121T204700Z`: sortable, no characters that trouble file systems. */
export function timestampForFileName(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Writes every timestamped copy first, then the stable names, each atomically. If any write fails,
 * this run's timestamped copies are removed again, so a run that exits 2 leaves no report of its
 * own behind and the previous stable reports stay as they were.
 */
export async function writeReports(
  result: ScanResult,
  formats: readonly string[],
  outDir: string,
  baseName: string = REPORT_BASENAME,
): Promise<string[]> {
  const rendered = formats
    .filter((format) => fileRenderers[format] !== undefined)
    // SARIF holds one run per account: with no account (an empty shard) there is nothing to upload,
    // and an empty log would be rejected, so no SARIF file is written at all.
    .filter((format) => format !== 'sarif' || result.snapshot.accounts.length > 0)
    .map((format) => (fileRenderers[format] as ReportRenderer)(result));
  if (rendered.length === 0) return [];
  await ensureDirectory(outDir);
  const stamp = timestampForFileName(result.startedAt);
  const files = rendered.map((report) => ({
    content: report.content,
    stable: join(outDir, `${baseName}.${report.extension}`),
    stamped: join(outDir, `${baseName}-${stamp}.${report.extension}`),
  }));
  const stampedWritten: string[] = [];
  try {
    for (const file of files) {
      await writeFileAtomic(file.stamped, file.content);
      stampedWritten.push(file.stamped);
    }
    // The stable name is a copy of the timestamped file: pieces can be written only once.
    for (const file of files) await copyFileAtomic(file.stamped, file.stable);
  } catch (error) {
    await Promise.all(stampedWritten.map((path) => rm(path, { force: true }).catch(() => undefined)));
    throw error;
  }
  return files.map((file) => file.stable);
}
