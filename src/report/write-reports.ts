// Writes the requested report files atomically, each under a stable name plus a timestamped copy,
// so a nightly job can always read `aws-audit-report.json` and history is kept beside it.
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { copyFileAtomic, ensureDirectory, writeFileAtomic, type FileContent } from '../util/atomic-file.js';
import type { ScanResult } from '../engine/scan.js';
import { buildJsonReport, jsonReportPieces } from './json-report.js';
import { buildSarifLog, renderSarif } from './sarif.js';
import { sarifFiles } from './sarif-files.js';
import { csvReportPieces } from './csv.js';
import { asffFilePieces, buildAsffFindings } from './asff.js';
import { modelFromJsonReport } from './html/model.js';
import { htmlReportPieces } from './html/render.js';
import type { FindingSpill } from './finding-spill.js';

export type FileFormat = 'json' | 'sarif' | 'asff' | 'html';

export interface RenderedReport {
  format: string;
  extension: string;
  /** The file's text: one string, or pieces written in turn (a large JSON report). */
  content: FileContent;
}

/** Each file format's name ending (after the base name and an optional stamp). */
const FILE_EXTENSIONS: Record<string, string> = {
  json: 'json',
  csv: 'csv',
  sarif: 'sarif',
  asff: 'asff.json',
  html: 'html',
};

/** A renderer for one file format; SARIF and later formats register here. */
export type ReportRenderer = (result: ScanResult) => RenderedReport;

export const fileRenderers: Record<string, ReportRenderer> = {
  json: (result) => ({
    format: 'json',
    extension: FILE_EXTENSIONS.json!,
    content: jsonReportPieces(buildJsonReport(result)),
  }),
  csv: (result) => ({ format: 'csv', extension: FILE_EXTENSIONS.csv!, content: csvReportPieces(result) }),
  // The combined file (one run per account, sarif-github.md). writeReports writes sarifFiles
  // instead, which falls back to one file per category when this one is over GitHub's limits.
  sarif: (result) => ({
    format: 'sarif',
    extension: FILE_EXTENSIONS.sarif!,
    content: renderSarif(buildSarifLog(result)),
  }),
  // Security Hub findings (asff.ts), ready for BatchImportFindings or `aws-audit publish`.
  asff: (result) => ({
    format: 'asff',
    extension: FILE_EXTENSIONS.asff!,
    content: asffFilePieces(buildAsffFindings(buildJsonReport(result))),
  }),
  // One self-contained page (html/render.ts): no network, CSP with hashes, findings paged.
  html: (result) => ({
    format: 'html',
    extension: FILE_EXTENSIONS.html!,
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
 * The files of one format: JSON is one file; SARIF is one file when the scan fits GitHub's limits,
 * else one file per code-scanning category (sarif-files.ts), `<base>.<slug>.sarif`.
 */
function renderFiles(result: ScanResult, format: string, spill: FindingSpill | undefined): RenderedReport[] {
  // A streamed scan's JSON, CSV, ASFF and HTML files are joined from its spill files.
  const spilled = spill?.reportContent(result, format);
  if (spilled !== undefined) return [{ format, extension: FILE_EXTENSIONS[format]!, content: spilled }];
  if (format !== 'sarif') return [(fileRenderers[format] as ReportRenderer)(result)];
  return sarifFiles(result).map((file) => ({
    format: 'sarif',
    extension: file.slug === undefined ? 'sarif' : `${file.slug}.sarif`,
    content: file.bytes,
  }));
}

/** A stable SARIF name of this base: the combined file or a per-category one (never a stamped copy). */
function isStableSarifName(name: string, baseName: string): boolean {
  return name === `${baseName}.sarif` || (name.startsWith(`${baseName}.`) && name.endsWith('.sarif'));
}

/**
 * Stable SARIF files a previous run left that this run did not write (the combined file after a
 * split, a category that no longer exists): left in place, an upload would send stale results.
 */
async function removeStaleSarif(outDir: string, baseName: string, written: readonly string[]): Promise<void> {
  const keep = new Set(written);
  const names = await readdir(outDir).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((name) => isStableSarifName(name, baseName) && !keep.has(join(outDir, name)))
      .map((name) => rm(join(outDir, name), { force: true })),
  );
}

/**
 * Keeps the timestamped copies of the `keep` most recent runs (every format of a run shares its
 * stamp) and removes older ones; stable names are never touched.
 */
export async function pruneTimestampedCopies(
  outDir: string,
  baseName: string,
  keep: number,
): Promise<string[]> {
  const stamped = new RegExp(`^${baseName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d{8}T\\d{6}Z)\\.`);
  const names = await readdir(outDir).catch(() => [] as string[]);
  const stamps = [...new Set(names.flatMap((name) => stamped.exec(name)?.[1] ?? []))].sort().reverse();
  const dropped = new Set(stamps.slice(keep));
  const removed = names.filter((name) => dropped.has(stamped.exec(name)?.[1] ?? ''));
  await Promise.all(removed.map((name) => rm(join(outDir, name), { force: true })));
  return removed.map((name) => join(outDir, name));
}

/**
 * Writes every timestamped copy first, then the stable names, each atomically. If any write fails,
 * this run's timestamped copies are removed again, so a run that exits 2 leaves no report of its
 * own behind and the previous stable reports stay as they were. A format that cannot be rendered
 * (SARIF over GitHub's limits even split by category) does not stop the others: the JSON report is
 * always written, then the refusal is thrown. With `spill` (a streamed scan, engine/stream-scan.ts),
 * the JSON, CSV, ASFF and HTML files are joined from its spill files.
 */
export async function writeReports(
  result: ScanResult,
  formats: readonly string[],
  outDir: string,
  baseName: string = REPORT_BASENAME,
  options: { keep?: number; spill?: FindingSpill } = {},
): Promise<string[]> {
  const rendered: RenderedReport[] = [];
  let refused: Error | undefined;
  for (const format of formats.filter((f) => fileRenderers[f] !== undefined)) {
    try {
      rendered.push(...renderFiles(result, format, options.spill));
    } catch (error) {
      refused ??= error instanceof Error ? error : new Error(String(error));
    }
  }
  const sarifRequested = formats.includes('sarif');
  if (rendered.length === 0 && refused === undefined) return [];
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
  const stable = files.map((file) => file.stable);
  if (sarifRequested) await removeStaleSarif(outDir, baseName, stable);
  if (options.keep !== undefined) await pruneTimestampedCopies(outDir, baseName, options.keep);
  if (refused !== undefined) throw refused;
  return stable;
}
