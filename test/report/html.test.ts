// The HTML page as bytes: the CSP names exactly the inline script and style, every server-rendered
// value is escaped, the data block round-trips, the file is 0600, and merge --html writes one.
import { createHash } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { buildJsonReport, jsonReportPieces } from '../../src/report/json-report.js';
import { modelFromJsonReport } from '../../src/report/html/model.js';
import { embeddedFinding, renderHtmlReport } from '../../src/report/html/render.js';
import { writeReports } from '../../src/report/write-reports.js';
import { brokenPathLine } from '../../src/report/path-line.js';
import { renderConsoleSummary } from '../../src/report/console.js';
import { runCli, tempDir } from '../support/cli.js';
import { BROKEN_PATH, PLANTED, htmlFixtureScan } from './html-fixtures.js';

const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

describe('HTML report bytes', () => {
  it('allows by hash exactly its one inline script and style, and nothing from the network', async () => {
    const html = renderHtmlReport(modelFromJsonReport(buildJsonReport(await htmlFixtureScan())));
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/
      .exec(html)![1]!
      .replaceAll('&#39;', "'");
    expect(csp).toContain("default-src 'none'");
    const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
    expect(scripts).toHaveLength(1);
    expect(styles).toHaveLength(1);
    expect(csp).toContain(`script-src ${sha(scripts[0]!)}`);
    expect(csp).toContain(`style-src ${sha(styles[0]!)}`);
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
  });

  it('escapes planted markup in the server-rendered parts and embeds the findings once', async () => {
    const result = await htmlFixtureScan();
    const html = renderHtmlReport(modelFromJsonReport(buildJsonReport(result)));
    expect(html).not.toContain(PLANTED.script);
    expect(html).not.toContain('<img');
    const block = /<script type="application\/octet-stream" id="report-data"[^>]*>([^<]*)<\/script>/.exec(
      html,
    )![1]!;
    const data = JSON.parse(gunzipSync(Buffer.from(block, 'base64')).toString('utf8')) as {
      findings: { fingerprint?: string }[];
    };
    // Every finding once; the fingerprints the page derives itself are left out (the browser
    // test checks that the page's derivation gives the report's fingerprints). The fixture's
    // hand-made fingerprints (the path finding's) cannot be derived and stay.
    expect(data.findings).toEqual(JSON.parse(JSON.stringify(result.findings.map(embeddedFinding))));
    const kept = data.findings.filter((f) => f.fingerprint !== undefined).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(data.findings.length / 2);
  });

  it('keeps a fingerprint the page could not derive', async () => {
    const [finding] = (await htmlFixtureScan()).findings;
    expect(embeddedFinding(finding!)).not.toHaveProperty('fingerprint');
    const foreign = { ...finding!, fingerprint: 'f'.repeat(64) };
    expect(embeddedFinding(foreign)).toEqual(foreign);
  });

  it('writes aws-audit-report.html with mode 0600', async () => {
    const dir = await tempDir('html-');
    const [path] = await writeReports(await htmlFixtureScan(), ['html'], dir);
    expect(path).toBe(join(dir, 'aws-audit-report.html'));
    expect((await stat(path!)).mode & 0o777).toBe(0o600);
  });

  it('merge --html writes the organisation page beside the merged JSON', async () => {
    const dir = await tempDir('merge-html-');
    const input = join(dir, 'a.json');
    await writeFile(input, [...jsonReportPieces(buildJsonReport(await htmlFixtureScan()))].join(''));
    const run = await runCli([
      'merge',
      input,
      '--out',
      join(dir, 'merged.json'),
      '--html',
      join(dir, 'merged.html'),
      '-q',
    ]);
    expect(run.stderr).toBe('');
    const html = await readFile(join(dir, 'merged.html'), 'utf8');
    expect(html).toContain('aws-audit organisation report: 1 account(s)');
    expect((await stat(join(dir, 'merged.html'))).mode & 0o777).toBe(0o600);
  });
});

describe('console path line', () => {
  it('prints the path up to the broken hop, coloured only when asked', async () => {
    expect(brokenPathLine([BROKEN_PATH])).toBe('eni-0path → sg-0web → acl-0priv (rule 50 deny tcp 443) ✗');
    expect(brokenPathLine([{ kind: 'route', summary: 'x' }])).toBeUndefined();
    const result = await htmlFixtureScan();
    const plain = renderConsoleSummary(result, { color: false, perRule: 200, width: 400 });
    expect(plain).toContain('path: eni-0path → sg-0web → acl-0priv (rule 50 deny tcp 443) ✗');
    expect(plain).not.toContain('\u001b[');
    const coloured = renderConsoleSummary(result, { color: true, perRule: 200, width: 400 });
    expect(coloured).toContain('\u001b[31m');
    expect(coloured).toMatch(/31m.*acl-0priv \(rule 50 deny tcp 443\) ✗/);
  });

  it('wraps a coloured path line at 60 columns where the plain one wraps (colour codes take no column)', async () => {
    const result = await htmlFixtureScan();
    // eslint-disable-next-line no-control-regex
    const strip = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, '');
    const plain = renderConsoleSummary(result, { color: false, perRule: 200, width: 60 });
    const coloured = renderConsoleSummary(result, { color: true, perRule: 200, width: 60 });
    expect(plain).toContain(
      '    path: eni-0path → sg-0web → acl-0priv (rule 50 deny tcp\n' + '          443) ✗\n',
    );
    expect(strip(coloured)).toBe(plain);
    // The rule table keeps its columns at any width; the finding text and its path line wrap.
    const wrapped = plain.split('\n').filter((line) => /^ {4}path:|^ {10}/.test(line));
    expect(wrapped.length).toBeGreaterThan(1);
    for (const line of wrapped) expect(line.length).toBeLessThanOrEqual(60);
  });
});
