// Property-based: a waivers file and a baseline report, random or mutated, either load — and then
// apply to a real scan without throwing — or fail with one UserError naming the file and where.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { ruleRegistry } from '../../rules/index.js';
import { buildDemoSnapshot } from '../../scripts/demo-account.js';
import { readBaselineFile } from '../../src/report/read-baseline.js';
import { evaluateSnapshot } from '../../src/engine/scan.js';
import { reviewScan } from '../../src/engine/waivers-and-baseline.js';
import { parseWaivers, type Waiver } from '../../src/engine/waivers.js';
import { buildJsonReport, type JsonReport } from '../../src/report/json-report.js';
import { UserError } from '../../src/util/errors.js';
import { tempDir } from '../support/cli.js';
import { applyMutation, mutationOf, pointerExists, type Mutation } from './support/json-mutations.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const NOW = new Date('2026-11-21T00:00:00.000Z');
const KNOWN_RULES = new Set(ruleRegistry.map((rule) => rule.meta.id));
const scan = evaluateSnapshot(
  buildDemoSnapshot(),
  ruleRegistry,
  { kind: 'snapshot', file: 'demo.json' },
  NOW,
);

function notHuge(mutation: Mutation): boolean {
  return !('value' in mutation && typeof mutation.value === 'string' && mutation.value.length > 10_000);
}

function expectUserError(error: unknown, pattern: RegExp): void {
  expect(error).toBeInstanceOf(UserError);
  const message = (error as Error).message;
  expect(message).not.toContain('\n');
  expect(message).toMatch(pattern);
}

describe('waivers file under random and mutated documents', () => {
  const FILE = 'waivers.yaml';
  let example: unknown;
  beforeAll(async () => {
    example = parseYaml(await readFile('examples/waivers.yaml', 'utf8'));
  });

  /** Parse, then apply to the demo scan; an error must name the file and, past the root, the entry. */
  function loadAndApply(text: string): void {
    let waivers: Waiver[];
    try {
      waivers = parseWaivers(text, FILE, KNOWN_RULES);
    } catch (error) {
      expectUserError(
        error,
        /^waivers waivers\.yaml(?: is not valid YAML or JSON: .*|: the document must be .*|: waivers\[\d+\](?:\..*?)?: .+)$/,
      );
      return;
    }
    const reviewed = reviewScan(scan, { waivers: { file: FILE, entries: waivers }, now: NOW });
    expect(reviewed.findings).toHaveLength(scan.findings.length);
  }

  it('loads the example file and waives something', () => {
    const waivers = parseWaivers(stringifyYaml(example), FILE, KNOWN_RULES);
    const reviewed = reviewScan(scan, { waivers: { file: FILE, entries: waivers }, now: NOW });
    expect(reviewed.summary.waived).toBeGreaterThan(0);
  });

  it('random text (YAML is permissive: anything may parse)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), loadAndApply), { numRuns: RUNS });
  });

  it('random JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => loadAndApply(JSON.stringify(value))),
      { numRuns: RUNS },
    );
  });

  it('mutations of the example (deleted, retyped, added fields), as YAML and as JSON', () => {
    fc.assert(
      // Huge globs are a known, separately tested problem (below).
      fc.property(mutationOf(example).filter(notHuge), fc.boolean(), (mutation, asJson) => {
        const document = applyMutation(example, mutation);
        loadAndApply(asJson ? (JSON.stringify(document) ?? '') : stringifyYaml(document));
      }),
      { numRuns: RUNS },
    );
  });

  // Found by fuzzing: a 100,000-character glob compiled to a regular expression V8 refuses and
  // ended the scan with an internal error. Globs are now bounded at load time (MAX_GLOB_LENGTH).
  it('a 100,000-character resource glob is a usage error, not a crash', () => {
    const text = stringifyYaml([
      { ruleId: 'ec2-security-group-no-public-ssh', resource: 'a'.repeat(100_000), reason: 'x' },
    ]);
    let thrown: unknown;
    try {
      parseWaivers(text, FILE, KNOWN_RULES);
    } catch (error) {
      thrown = error;
    }
    expectUserError(
      thrown,
      /^waivers waivers\.yaml: waivers\[0\]\.resource: is 100000 characters; an ARN glob is at most 2048$/,
    );
  });

  it('the example truncated at any character', () => {
    fc.assert(
      fc.property(fc.nat({ max: 4000 }), (offset) => {
        loadAndApply(stringifyYaml(example).slice(0, offset));
      }),
      { numRuns: RUNS },
    );
  });
});

describe('baseline file under mutated and truncated reports', () => {
  let dir: string;
  let report: JsonReport;
  let reportText: string;
  beforeAll(async () => {
    dir = await tempDir('aws-audit-fuzz-baseline-');
    report = buildJsonReport(scan);
    reportText = JSON.stringify(report, null, 2);
  });

  async function loadAndCompare(path: string, document: unknown): Promise<void> {
    let loaded: JsonReport;
    try {
      loaded = await readBaselineFile(path);
    } catch (error) {
      expectUserError(
        error,
        new RegExp(
          `^baseline ${path} (?:is not valid JSON \\(.*\\); pass a previous aws-audit-report\\.json|is not an aws-audit JSON report: (/.*|\\(document root\\)): .+)$`,
        ),
      );
      const rest = (error as Error).message.split('is not an aws-audit JSON report: ')[1] ?? '';
      if (rest.startsWith('/')) {
        // Keys may hold ': ' themselves: any split naming an existing place in the document counts.
        const splits = [...rest.matchAll(/: /g)].map((match) => rest.slice(0, match.index));
        expect([rest, splits.some((pointer) => pointerExists(document, pointer))]).toEqual([rest, true]);
      }
      return;
    }
    const reviewed = reviewScan(scan, { baseline: { file: path, findings: loaded.findings }, now: NOW });
    expect(reviewed.findings).toHaveLength(scan.findings.length);
  }

  it('the unmutated report loads and marks every finding unchanged', async () => {
    const path = join(dir, 'same.json');
    await writeFile(path, reportText);
    const reviewed = reviewScan(scan, {
      baseline: { file: path, findings: (await readBaselineFile(path)).findings },
      now: NOW,
    });
    expect(reviewed.baseline?.fixed ?? []).toEqual([]);
  });

  it('mutations of a real report: loads or names the path', async () => {
    const path = join(dir, 'mutated.json');
    await fc.assert(
      fc.asyncProperty(mutationOf(report), async (mutation) => {
        const document = applyMutation(report, mutation);
        await writeFile(path, JSON.stringify(document) ?? '');
        await loadAndCompare(path, document);
      }),
      { numRuns: RUNS },
    );
  });

  it('truncated at any byte', async () => {
    const path = join(dir, 'truncated.json');
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: reportText.length }), async (offset) => {
        await writeFile(path, reportText.slice(0, offset));
        await loadAndCompare(path, undefined);
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });
});
