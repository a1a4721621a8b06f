/// <reference lib="dom" />
// The HTML report in a real browser (Debian's chromium through playwright-core): it loads offline
// with no console error and no request, filters change the rows, the path diagram marks the broken
// hop, the table works from the keyboard, axe-core finds no serious or critical violation, and
// planted markup stays text. Screenshots land in test-output/html/ for people to look at.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { writeReports } from '../../src/report/write-reports.js';
import { launchChromium, testOutputDir } from '../support/browser.js';
import { tempDir } from '../support/cli.js';
import { PATH_FINGERPRINT, PLANTED, htmlFixtureScan } from './html-fixtures.js';

const require = createRequire(import.meta.url);
const AXE_SOURCE = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');

let browser: Browser;
let url: string;
let total: number;
let failing: number;
let fingerprints: string[];

beforeAll(async () => {
  const result = await htmlFixtureScan();
  total = result.findings.length;
  failing = result.findings.filter((f) => f.status === 'fail').length;
  fingerprints = result.findings.map((f) => f.fingerprint);
  const dir = await tempDir('html-browser-');
  const [path] = await writeReports(result, ['html'], dir);
  url = pathToFileURL(path!).href;
  browser = await launchChromium();
}, 60_000);
afterAll(() => browser?.close());

interface Loaded {
  page: Page;
  errors: string[];
  requests: string[];
}

async function load(hash = '', deviceScaleFactor = 1): Promise<Loaded> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, deviceScaleFactor });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => {
    if (request.url().split('#')[0] !== url) requests.push(request.url());
  });
  await page.goto(url + hash);
  await page.waitForSelector('html[data-ready="true"]');
  return { page, errors, requests };
}

const countText = (page: Page) => page.locator('#count').textContent();

describe('HTML report in Chromium', () => {
  it('loads with no console error and no network request, and shows the summary', async () => {
    const { page, errors, requests } = await load();
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(await countText(page)).toBe(`${total} of ${total} findings`);
    expect(await page.locator('#rows tr').count()).toBe(Math.min(100, total));
    const dir = await testOutputDir('html');
    await page.locator('#summary').screenshot({ path: join(dir, 'summary.png') });
    await page.close();
  });

  it("derives every finding's fingerprint as the report has it (the data block leaves them out)", async () => {
    const { page, errors } = await load('#page=0');
    const expected = new Set(fingerprints);
    const seen: string[] = [];
    for (;;) {
      seen.push(
        ...(await page
          .locator('#rows tr')
          .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-fingerprint') ?? ''))),
      );
      if (await page.locator('#next').isDisabled()) break;
      await page.locator('#next').click();
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen)).toEqual(expected);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps planted markup as text: nothing executes', async () => {
    const { page, errors } = await load('#q=i-0xss');
    expect(await page.locator('#rows tr').count()).toBe(1);
    await page.locator('#rows tr').first().click();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
    expect(await page.locator('#rows').textContent()).toContain(PLANTED.script);
    const detail = await page.locator('#detail').textContent();
    expect(detail).toContain(PLANTED.img);
    expect(detail).toContain(PLANTED.link);
    expect(await page.locator('#detail a, #detail img, #detail script').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('filters change the row count, and the hash reproduces the view', async () => {
    const { page } = await load();
    await page.selectOption('#filter-status', 'fail');
    expect(await countText(page)).toBe(`${failing} of ${total} findings`);
    await page.selectOption('#filter-severity', 'critical');
    const critical = await page.locator('#rows tr').count();
    expect(critical).toBeGreaterThan(0);
    expect(critical).toBeLessThan(failing);
    expect(await page.locator('#rows td:nth-child(2)').allTextContents()).toEqual(
      Array(critical).fill('critical'),
    );
    await page.selectOption('#filter-waived', 'yes');
    expect(await countText(page)).toBe(`0 of ${total} findings`);
    await page.selectOption('#filter-waived', '');
    const hash = await page.evaluate(() => location.hash);
    expect(hash).toContain('status=fail');
    expect(hash).toContain('severity=critical');
    const again = await load(hash);
    expect(await again.page.locator('#filter-severity').inputValue()).toBe('critical');
    expect(await again.page.locator('#rows tr').count()).toBe(critical);
    await again.page.close();
    await page.close();
  });

  it('draws the path with the broken hop marked, and shows waiver details', async () => {
    const { page, errors } = await load(`#open=${PATH_FINGERPRINT}`, 2);
    const diagram = page.locator('#detail svg.path');
    await diagram.waitFor();
    expect(await diagram.locator('g.hop').count()).toBe(6);
    const broken = diagram.locator('g.hop-broken');
    expect(await broken.count()).toBe(1);
    expect(await broken.getAttribute('data-kind')).toBe('network-acl');
    expect(await broken.locator('rect').getAttribute('stroke')).toBe('#cf222e');
    expect(await diagram.locator('.broken-label').textContent()).toBe(
      'Broken at acl-0priv: rule 50 deny tcp 443',
    );
    await diagram.screenshot({ path: join(await testOutputDir('html'), 'path-diagram.png') });

    await page.selectOption('#filter-waived', 'yes');
    await page.locator('#rows tr').first().click();
    const detail = await page.locator('#detail').textContent();
    expect(detail).toContain('Bastion decommissioned next sprint.');
    expect(detail).toContain('platform@example.com');
    expect(detail).toContain('2027-01-01');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('works from the keyboard: one tab stop, arrows between rows, Enter opens', async () => {
    const { page } = await load('#status=fail');
    await page.locator('#findings thead th:last-child button').focus();
    await page.keyboard.press('Tab'); // past the sort buttons: the table body's one row stop
    const first = await page.evaluate(() => document.activeElement?.getAttribute('data-fingerprint'));
    expect(first).toBeTruthy();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const third = await page.evaluate(() => document.activeElement?.getAttribute('data-fingerprint'));
    const rows = await page
      .locator('#rows tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-fingerprint')));
    expect(third).toBe(rows[2]);
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => location.hash)).toContain(`open=${third}`);
    expect(await page.locator('#detail dd').filter({ hasText: third! }).count()).toBe(1);
    await page.keyboard.press('ArrowUp');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-fingerprint'))).toBe(rows[1]);
    await page.close();
  });

  it('axe-core finds no serious or critical violation', async () => {
    const { page } = await load(`#open=${PATH_FINGERPRINT}`);
    // Evaluated through the DevTools protocol, which the page's CSP does not govern.
    await page.evaluate(AXE_SOURCE);
    const violations = await page.evaluate(async () => {
      const axe = (
        window as unknown as {
          axe: { run: () => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> };
        }
      ).axe;
      const result = await axe.run();
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
    });
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await page.close();
  });
});
