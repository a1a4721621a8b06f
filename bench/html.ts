// The HTML report's budget (issue 16): the `large` synthetic account's page opens (load event) in
// under 2 s in headless Chromium (Debian's, through playwright-core) and weighs under 1.5× the
// JSON report. Runs in this process: the scan is evaluated once, both reports written, the page
// loaded three times and the median load taken.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { ruleRegistry } from '../rules/index.js';
import { evaluateSnapshot } from '../src/engine/scan.js';
import { writeReports } from '../src/report/write-reports.js';
import { generateSnapshot } from './generate.js';
import type { Row } from './table.js';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium.js';

export interface HtmlBenchResult {
  findings: number;
  jsonBytes: number;
  htmlBytes: number;
  loadMs: number[];
  /** Until the findings table is filled (data inflated and parsed, first page rendered). */
  tableMs: number[];
}

export async function measureHtml(seed: number): Promise<HtmlBenchResult> {
  const result = evaluateSnapshot(generateSnapshot('large', seed), ruleRegistry, { kind: 'live' });
  const dir = await mkdtemp(join(tmpdir(), 'aws-audit-bench-html-'));
  try {
    const [json, html] = await writeReports(result, ['json', 'html'], dir);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const loadMs: number[] = [];
    const tableMs: number[] = [];
    try {
      for (let run = 0; run < 3; run += 1) {
        const page = await browser.newPage();
        await page.goto(pathToFileURL(html!).href, { waitUntil: 'load', timeout: 60_000 });
        // Navigation start to the end of the load event, as the page itself measured it.
        loadMs.push(
          // A string: it runs in the page, whose DOM types the build (Node types only) does not have.
          Number(
            await page.evaluate(
              `(() => { const [entry] = performance.getEntriesByType('navigation'); return entry ? entry.loadEventEnd : NaN; })()`,
            ),
          ),
        );
        await page.waitForSelector('html[data-ready="true"]', { timeout: 120_000 });
        tableMs.push(
          await page.evaluate(
            () => performance.getEntriesByName('aws-audit-table-ready')[0]?.startTime ?? Number.NaN,
          ),
        );
        await page.close();
      }
    } finally {
      await browser.close();
    }
    return {
      findings: result.findings.length,
      jsonBytes: (await stat(json!)).size,
      htmlBytes: (await stat(html!)).size,
      loadMs,
      tableMs,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function htmlRows(measured: HtmlBenchResult): Row[] {
  const median = [...measured.loadMs].sort((a, b) => a - b)[1] ?? Number.NaN;
  const ratio = measured.htmlBytes / measured.jsonBytes;
  const input = `large: ${measured.findings.toLocaleString('en-US')} findings`;
  return [
    {
      benchmark: 'HTML report load (Chromium)',
      input,
      result:
        `load event ${(median / 1000).toFixed(2)} s (median of ${measured.loadMs.map((ms) => Math.round(ms)).join(', ')} ms); ` +
        `table filled at ${measured.tableMs.map((ms) => Math.round(ms)).join(', ')} ms`,
      target: '< 2 s',
      verdict: median < 2000 ? 'ok' : 'MISS',
    },
    {
      benchmark: 'HTML report size',
      input,
      result: `${(measured.htmlBytes / 2 ** 20).toFixed(1)} MiB = ${ratio.toFixed(2)}× the JSON report (${(measured.jsonBytes / 2 ** 20).toFixed(1)} MiB)`,
      target: '< 1.5× JSON',
      verdict: ratio < 1.5 ? 'ok' : 'MISS',
    },
  ];
}
