// The self-contained HTML report: one file, nothing fetched. The CSP meta tag forbids every source
// (`default-src 'none'`) except the page's own inline script and style, allowed by their sha256;
// the findings are embedded once as JSON (gzip + base64 in a non-executed data block) and the
// script renders them a page at a time. Server-side parts (header, banner, summaries) escape every value.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { findingFingerprint } from '../../engine/fingerprint.js';
import { SEVERITIES, type Finding } from '../../engine/types.js';
import { HTML_SCRIPT } from './app-script.js';
import type { HtmlPageHead, HtmlReportModel } from './model.js';
import { HtmlSummaryCounts, type StatusCounts } from './summary-counts.js';
import { HTML_STYLE } from './style.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text or attribute value, escaped for HTML. */
export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

export function cspHash(content: string): string {
  return `'sha256-${createHash('sha256').update(content, 'utf8').digest('base64')}'`;
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `script-src ${cspHash(HTML_SCRIPT)}`,
  `style-src ${cspHash(HTML_STYLE)}`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function countsTable(
  caption: string,
  head: string,
  rows: Map<string, StatusCounts>,
  label?: (k: string) => string,
): string {
  const body = [...rows]
    .map(
      ([key, c]) =>
        `<tr><th scope="row">${escapeHtml(label ? label(key) : key)}</th><td>${c.fail}</td><td>${c.unknown}</td><td>${c.pass}</td></tr>`,
    )
    .join('');
  return `<table><caption class="sr-only">${escapeHtml(caption)}</caption><thead><tr><th scope="col">${escapeHtml(head)}</th><th scope="col">fail</th><th scope="col">unknown</th><th scope="col">pass</th></tr></thead><tbody>${body}</tbody></table>`;
}

function header(model: HtmlPageHead): string {
  const regions = [...new Set(model.accounts.flatMap((a) => a.regions))].sort();
  const banner = model.complete
    ? `<div class="banner ok" role="status">Coverage: complete.</div>`
    : `<div class="banner" role="alert"><strong>Coverage: INCOMPLETE.</strong> Findings that needed the missing data are <em>unknown</em>, not pass or fail.` +
      (model.coverageLines.length > 0
        ? `<ul>${model.coverageLines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`
        : '') +
      `</div>`;
  return (
    `<header><h1>${escapeHtml(model.title)}</h1>` +
    `<p class="meta">Accounts: ${escapeHtml(model.accounts.map((a) => a.accountId).join(', ') || 'none')} · ` +
    `Regions: ${escapeHtml(regions.join(', ') || 'none')} · Scan: ${escapeHtml(model.startedAt)} → ${escapeHtml(model.finishedAt)} · ${escapeHtml(model.tool)}</p>` +
    `${banner}</header>`
  );
}

function summaries(model: HtmlPageHead, counts: HtmlSummaryCounts): string {
  const cards = [...SEVERITIES]
    .reverse()
    .map(
      (severity) =>
        `<div class="card"><span class="sev-${severity}">${severity}</span><b>${counts.failingBySeverity.get(severity) ?? 0}</b></div>`,
    )
    .join('');
  const { total, waived } = counts;
  const baseline = model.baseline
    ? `<p>Since baseline ${escapeHtml(model.baseline.file)}: ${model.baseline.new} new, ${model.baseline.unchanged} unchanged, ${model.baseline.fixed.length} fixed.</p>` +
      (model.baseline.fixed.length > 0
        ? `<details><summary>Fixed since the baseline (${model.baseline.fixed.length})</summary><ul>${model.baseline.fixed
            .slice(0, 1000)
            .map(
              (e) => `<li>${escapeHtml(e.severity)} ${escapeHtml(e.ruleId)}: ${escapeHtml(e.message)}</li>`,
            )
            .join('')}</ul></details>`
        : '')
    : '';
  const ruleTitle = (id: string): string => (model.rules[id] ? `${id} — ${model.rules[id].title}` : id);
  return (
    `<section aria-labelledby="summary-title" id="summary"><h2 id="summary-title">Summary</h2>` +
    `<p>${counts.findings} findings: ${total.fail} fail (${waived} waived), ${total.unknown} unknown, ${total.pass} pass. Failing, not waived, by severity:</p>` +
    `<div class="cards">${cards}</div>${baseline}` +
    `<div class="summaries">` +
    `<div><h3>By rule</h3>${countsTable('Findings by rule', 'rule', counts.byRule(), ruleTitle)}</div>` +
    `<div><h3>By account</h3>${countsTable('Findings by account', 'account', counts.byAccount())}</div>` +
    `<div><h3>By region</h3>${countsTable('Findings by region', 'region', counts.byRegion())}</div>` +
    `</div></section>`
  );
}

const FILTER_LABELS: [string, string][] = [
  ['status', 'Status'],
  ['severity', 'Severity'],
  ['rule', 'Rule'],
  ['account', 'Account'],
  ['region', 'Region'],
  ['service', 'Service'],
  ['baseline', 'Baseline'],
  ['waived', 'Waived'],
];

function findingsSection(): string {
  const filters = FILTER_LABELS.map(
    ([key, label]) =>
      `<label for="filter-${key}">${label}<select id="filter-${key}"><option value="">all</option></select></label>`,
  ).join('');
  const columns: [string, string][] = [
    ['status', 'Status'],
    ['severity', 'Severity'],
    ['rule', 'Rule'],
    ['resource', 'Resource'],
    ['region', 'Account / region'],
    ['message', 'Message'],
  ];
  const head = columns
    .map(
      ([key, label]) =>
        `<th scope="col" data-sort="${key}" aria-sort="none"><button type="button">${label}</button></th>`,
    )
    .join('');
  return (
    `<section aria-labelledby="findings-title"><h2 id="findings-title">Findings</h2>` +
    `<div class="filters" role="search">${filters}<label for="search">Search<input id="search" type="search" placeholder="rule, resource, message"></label><button type="button" id="clear">Clear filters</button></div>` +
    `<p id="count" aria-live="polite"></p>` +
    `<div class="layout"><div><table id="findings"><caption class="sr-only">Findings; arrow keys move between rows, Enter opens one</caption><thead><tr>${head}</tr></thead><tbody id="rows"></tbody></table>` +
    `<div class="pager"><button type="button" id="prev">Previous page</button><span id="page"></span><button type="button" id="next">Next page</button></div></div>` +
    `<aside id="detail" aria-live="polite" aria-label="Finding detail"></aside></div></section>`
  );
}

/**
 * The page up to its data block: head, header, summaries (`counts` of the page's findings) and the
 * findings section the script fills.
 */
export function htmlPageHeadText(model: HtmlPageHead, counts: HtmlSummaryCounts): string {
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CONTENT_SECURITY_POLICY)}">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    '<meta name="referrer" content="no-referrer">' +
    `<title>${escapeHtml(model.title)}</title><style>${HTML_STYLE}</style></head><body>` +
    header(model) +
    '<main>' +
    summaries(model, counts) +
    findingsSection() +
    '</main>'
  );
}

/** The data block's tags, around the base64 text of `embeddedData`. */
export const DATA_BLOCK_OPEN =
  '<script type="application/octet-stream" id="report-data" data-encoding="gzip+base64">';
export const DATA_BLOCK_CLOSE = '</script>';
/** What follows the data block: the page's script. */
export const HTML_PAGE_TAIL = `<script>${HTML_SCRIPT}</script></body></html>\n`;

/**
 * The page in pieces, ready for writeFileAtomic. The data block holds the report data once, as
 * gzip-compressed JSON in base64: the browser's parser then reads a few megabytes instead of a
 * hundred (the `large` account's 147,000 findings), so the page loads in the budget, and the
 * script inflates it with the built-in DecompressionStream (no network, nothing the CSP allows).
 * A streamed scan writes the same bytes from its spill files (report/spilled-html.ts).
 */
export function* htmlReportPieces(model: HtmlReportModel): Generator<string> {
  yield htmlPageHeadText(model, HtmlSummaryCounts.of(model.findings));
  yield `${DATA_BLOCK_OPEN}${embeddedData(model)}${DATA_BLOCK_CLOSE}`;
  yield HTML_PAGE_TAIL;
}

/**
 * The finding as the page receives it: without its fingerprint when the page can derive it (the
 * same SHA-256 of partition, account, region, ARN and rule, app-script.ts `fingerprint`). A
 * fingerprint is 64 random hex characters that gzip cannot shrink: 40% of a large account's data
 * block, whose size is what the page's load event waits for. One the page could not derive (a
 * merged report's from another formula version) is kept as it is.
 */
export function embeddedFinding(finding: Finding): Omit<Finding, 'fingerprint'> & { fingerprint?: string } {
  const { resource, ruleId } = finding;
  const partition = resource.arn.split(':')[1] ?? '';
  const derived = findingFingerprint(partition, resource.accountId, resource.region, resource.arn, ruleId);
  if (derived !== finding.fingerprint) return finding;
  const { fingerprint: _derivable, ...rest } = finding;
  return rest;
}

/** The gzip level of the data block: what a streamed page's gzip stream must use too. */
export const EMBEDDED_GZIP_LEVEL = 6;

/** The data block's JSON before its findings: `{"rules":…,"findings":[`. */
export function embeddedDataPrefix(rules: HtmlPageHead['rules']): string {
  return `{"rules":${JSON.stringify(rules)},"findings":[`;
}
export const EMBEDDED_DATA_SUFFIX = ']}';

/** One finding's text in the data block's list (items are joined with a comma). */
export function embeddedFindingText(finding: Finding): string {
  return JSON.stringify(embeddedFinding(finding));
}

/** `{"rules":…,"findings":[…]}` gzip-compressed, base64: written finding by finding into gzip. */
export function embeddedData(model: HtmlReportModel): string {
  const parts: Buffer[] = [Buffer.from(embeddedDataPrefix(model.rules))];
  model.findings.forEach((finding, index) =>
    parts.push(Buffer.from((index > 0 ? ',' : '') + embeddedFindingText(finding))),
  );
  parts.push(Buffer.from(EMBEDDED_DATA_SUFFIX));
  return gzipSync(Buffer.concat(parts), { level: EMBEDDED_GZIP_LEVEL }).toString('base64');
}

export function renderHtmlReport(model: HtmlReportModel): string {
  return [...htmlReportPieces(model)].join('');
}
