// Mutation score on a random sample of the mutants `npm run test:mutation` would run, for when the
// full run (thousands of mutants, hours on a shared machine) does not fit (CONTRIBUTING, "Mutation
// testing (StrykerJS)").
//
//   tsx scripts/mutation-sample.ts count                 mutants per file, no tests run
//   tsx scripts/mutation-sample.ts sample [opts] [-- stryker args]   draw, run in batches, score
//   tsx scripts/mutation-sample.ts score  [opts]         score the batch reports already written
//
// opts: --size N (default 150) --seed S (default 20) --batch B (sampled mutants per Stryker run, default 30)
//       --batches K,K  run only these batches (0-based), so two checkouts can share the sample's
//                      batches on separate cores; copy their batch-K.json files together to score
//
// The sample is drawn from the same instrumenter Stryker uses, over the files `stryker.config.json`
// mutates: stratified by file (each file gets its share of N in proportion to its mutant count,
// largest remainders first), mutants drawn at random within a file, all from a seeded generator,
// so the same seed on the same code draws the same mutants. Stryker cannot select one mutant, only
// ranges, so each sampled mutant becomes the range of its node, and the `sampled-sites-only`
// ignorer (scripts/stryker-sample-ignorer.mjs) ignores the nodes nested in it. Mutants of other
// mutators on the same node still run; they are reported apart, the score counts sampled ones only.
//
// Each batch writes reports/mutation/sample/<seed>-<size>/batch-<k>.json; a batch whose report
// exists is skipped, so an interrupted run resumes.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Instrumenter } from '@stryker-mutator/instrumenter';
import type { Logger } from '@stryker-mutator/api/logging';
import { minimatch } from 'minimatch';
import { mulberry32 } from '../bench/random.js';

interface Position {
  line: number; // 1-based (Babel's and the `--mutate` range's convention)
  column: number; // 0-based
}
interface SampledMutant {
  file: string;
  start: Position;
  end: Position;
  mutatorName: string;
  replacement: string;
}

/** The files Stryker mutates: `mutate` globs of stryker.config.json, `!` patterns excluded. */
const strykerConfig = () =>
  JSON.parse(readFileSync('stryker.config.json', 'utf8')) as Record<string, unknown> & {
    mutate: string[];
  };

function filesToMutate(): string[] {
  const config = strykerConfig();
  const include = config.mutate.filter((p) => !p.startsWith('!'));
  const exclude = config.mutate.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  const roots = new Set(include.map((p) => p.split('/')[0] ?? '.'));
  const candidates = [...roots].flatMap((root) =>
    readdirSync(root, { recursive: true, encoding: 'utf8' }).map((f) => join(root, f)),
  );
  return candidates
    .filter((f) => include.some((p) => minimatch(f, p)) && !exclude.some((p) => minimatch(f, p)))
    .sort();
}

const quietLogger = {
  isDebugEnabled: () => false,
  debug: () => undefined,
  info: () => undefined,
  warn: (...args: unknown[]) => console.warn(...args),
  error: (...args: unknown[]) => console.error(...args),
} as unknown as Logger;

/** Every mutant of the files, as Stryker's instrumenter generates them (default mutator options). */
async function instrumentAll(files: string[]): Promise<SampledMutant[]> {
  const result = await new Instrumenter(quietLogger).instrument(
    files.map((name) => ({ name, content: readFileSync(name, 'utf8'), mutate: true })),
    { plugins: null, excludedMutations: [], ignorers: [] },
  );
  return result.mutants.map((m) => ({
    file: m.fileName,
    // The API's locations are 0-based lines; back to Babel's 1-based lines for `--mutate`.
    start: { line: m.location.start.line + 1, column: m.location.start.column },
    end: { line: m.location.end.line + 1, column: m.location.end.column },
    mutatorName: m.mutatorName,
    replacement: m.replacement,
  }));
}

function drawSample(all: SampledMutant[], size: number, seed: number): SampledMutant[] {
  if (size > all.length) throw new Error(`--size ${size} exceeds the ${all.length} mutants`);
  const random = mulberry32(seed);
  const byFile = new Map<string, SampledMutant[]>();
  for (const m of all) byFile.set(m.file, [...(byFile.get(m.file) ?? []), m]);
  // Proportional allocation, largest remainders first (ties in file order).
  const shares = [...byFile].map(([file, ms]) => ({ file, exact: (size * ms.length) / all.length }));
  const take = new Map(shares.map((s) => [s.file, Math.floor(s.exact)]));
  let left = size - [...take.values()].reduce((a, b) => a + b, 0);
  for (const s of [...shares].sort((a, b) => (b.exact % 1) - (a.exact % 1))) {
    if (left-- <= 0) break;
    take.set(s.file, (take.get(s.file) ?? 0) + 1);
  }
  const sample: SampledMutant[] = [];
  for (const [file, ms] of byFile) {
    const pool = [...ms];
    for (let i = 0; i < (take.get(file) ?? 0); i++) {
      sample.push(...pool.splice(Math.floor(random() * pool.length), 1));
    }
  }
  // Shuffle (Fisher–Yates), so that the batches run first are a random part of the sample, not
  // the first files: a run stopped early still scores a random subsample.
  for (let i = sample.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [sample[i], sample[j]] = [sample[j]!, sample[i]!];
  }
  return sample;
}

const rangeOf = (m: SampledMutant) =>
  `${m.file}:${m.start.line}:${m.start.column}-${m.end.line}:${m.end.column}`;

interface ReportMutant {
  mutatorName: string;
  replacement?: string;
  status: string;
  location: { start: Position; end: Position }; // 1-based lines and columns
  /** Tests that ran against the mutant, and the tests whose coverage reached it. */
  testsCompleted?: number;
  coveredBy?: string[];
}

/**
 * Stryker's status, except that a "Survived" mutant none of whose covering tests ran was never
 * measured: Stryker reported one in session 5's batch 3 (testsCompleted 0 against 5 covering
 * tests) that three existing tests kill when it is applied by hand. Such a mutant is listed apart
 * and left out of the score until it is run again; it is neither a kill nor a gap in the tests.
 */
function measuredStatus(r: ReportMutant): string {
  if (r.status === 'Survived' && r.testsCompleted === 0 && (r.coveredBy?.length ?? 0) > 0) return 'NotRun';
  return r.status;
}
interface Report {
  files: Record<string, { mutants: ReportMutant[] }>;
}

const sameMutant = (s: SampledMutant, file: string, r: ReportMutant) =>
  s.file === file &&
  s.mutatorName === r.mutatorName &&
  s.replacement === r.replacement &&
  s.start.line === r.location.start.line &&
  s.start.column + 1 === r.location.start.column &&
  s.end.line === r.location.end.line &&
  s.end.column + 1 === r.location.end.column;

/** Wilson score interval, 95%. */
function wilson(detected: number, n: number): [number, number] {
  const z = 1.96;
  const p = detected / n;
  const centre = p + (z * z) / (2 * n);
  const margin = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  const denominator = 1 + (z * z) / n;
  return [(centre - margin) / denominator, (centre + margin) / denominator];
}

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function score(sample: SampledMutant[], batch: number, dir: string): void {
  const reports = existsSync(dir) ? readdirSync(dir).filter((f) => /^batch-\d+\.json$/.test(f)) : [];
  const found = new Map<SampledMutant, string>();
  const extras = new Map<string, number>();
  const extraSurvivors: string[] = [];
  for (const name of reports) {
    const report = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Report;
    // A batch scores its own part of the sample only: a mutant sampled for a later batch but
    // nested in this batch's range is ignored here (`Ignored`) and runs in its own batch.
    const k = Number(/\d+/.exec(name)![0]);
    const part = sample.slice(k * batch, (k + 1) * batch);
    for (const [file, { mutants }] of Object.entries(report.files)) {
      for (const r of mutants) {
        const s = part.find((m) => sameMutant(m, file, r));
        if (s) found.set(s, measuredStatus(r));
        else if (r.status !== 'Ignored' && !sample.some((m) => sameMutant(m, file, r))) {
          extras.set(r.status, (extras.get(r.status) ?? 0) + 1);
          if (UNDETECTED.has(r.status))
            extraSurvivors.push(
              `${r.status}: ${file}:${r.location.start.line}:${r.location.start.column - 1}-${r.location.end.line}:${r.location.end.column - 1} ${r.mutatorName} → ${r.replacement ?? ''}`,
            );
        }
      }
    }
  }
  const counts = new Map<string, number>();
  for (const status of found.values()) counts.set(status, (counts.get(status) ?? 0) + 1);
  const detected = [...found.values()].filter((s) => DETECTED.has(s)).length;
  const valid = detected + [...found.values()].filter((s) => UNDETECTED.has(s)).length;
  console.log(
    `batch reports: ${reports.length}; sampled mutants with a result: ${found.size}/${sample.length}`,
  );
  console.log(`statuses: ${JSON.stringify(Object.fromEntries(counts))}`);
  if (valid > 0) {
    const [low, high] = wilson(detected, valid);
    console.log(
      `score: ${detected}/${valid} = ${pct(detected / valid)} (Wilson 95%: ${pct(low)}–${pct(high)})`,
    );
  }
  console.log(
    `same-node mutants of other mutators (not in the score): ${JSON.stringify(Object.fromEntries(extras))}`,
  );
  for (const [m, status] of found) {
    if (UNDETECTED.has(status) || status === 'NotRun')
      console.log(`  ${status}: ${rangeOf(m)} ${m.mutatorName} → ${m.replacement}`);
  }
  if (extraSurvivors.length > 0) console.log(`same-node survivors:\n  ${extraSurvivors.join('\n  ')}`);
}

/** `--batches 2,3`: the batch numbers to run; undefined runs them all. */
function batchList(args: string[]): Set<number> | undefined {
  const at = args.indexOf('--batches');
  if (at < 0) return undefined;
  const list = (args[at + 1] ?? '').split(',').map(Number);
  if (list.length === 0 || list.some((k) => !Number.isInteger(k) || k < 0))
    throw new Error('--batches needs a comma-separated list of batch numbers from 0, e.g. 2,3');
  return new Set(list);
}

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(args[at + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} needs a positive integer`);
  return value;
}

async function main(argv: string[]): Promise<void> {
  const dashes = argv.indexOf('--');
  const args = dashes < 0 ? argv : argv.slice(0, dashes);
  const strykerArgs = dashes < 0 ? [] : argv.slice(dashes + 1);
  const [command] = args;
  const all = await instrumentAll(filesToMutate());
  if (command === 'count') {
    const perFile = new Map<string, number>();
    for (const m of all) perFile.set(m.file, (perFile.get(m.file) ?? 0) + 1);
    for (const [file, n] of perFile) console.log(`${String(n).padStart(5)}  ${file}`);
    const analysis = all.filter((m) => m.file.startsWith('src/analysis/')).length;
    console.log(
      `total: ${all.length} mutants in ${perFile.size} files (src/analysis: ${analysis}, rules: ${all.length - analysis})`,
    );
    return;
  }
  if (command !== 'sample' && command !== 'score')
    throw new Error('usage: mutation-sample.ts count | sample | score');
  const size = option(args, '--size', 150);
  const seed = option(args, '--seed', 20);
  const batch = option(args, '--batch', 30);
  const only = batchList(args);
  const sample = drawSample(all, size, seed);
  const dir = join('reports', 'mutation', 'sample', `${seed}-${size}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'sample.json'), `${JSON.stringify(sample, null, 2)}\n`);
  if (command === 'sample') {
    for (let k = 0; k * batch < sample.length; k++) {
      const out = join(dir, `batch-${k}.json`);
      if (existsSync(out) || (only && !only.has(k))) continue;
      const part = sample.slice(k * batch, (k + 1) * batch);
      const sitesFile = join(dir, `batch-${k}.sites.json`);
      writeFileSync(sitesFile, JSON.stringify(part));
      // `ignorers` has no command-line flag: the batch gets its own config, stryker.config.json
      // plus the sampled ranges, the ignorer plugin and reporters that print progress.
      const configFile = join(dir, `batch-${k}.stryker.json`);
      writeFileSync(
        configFile,
        JSON.stringify({
          ...strykerConfig(),
          $schema: undefined,
          mutate: part.map(rangeOf),
          plugins: ['@stryker-mutator/*', './scripts/stryker-sample-ignorer.mjs'],
          ignorers: ['sampled-sites-only'],
          reporters: ['clear-text', 'progress-append-only', 'json'],
        }),
      );
      console.log(`batch ${k}: ${part.length} sampled mutants, started ${new Date().toISOString()}`);
      const run = spawnSync('npx', ['stryker', 'run', configFile, ...strykerArgs], {
        stdio: 'inherit',
        env: { ...process.env, STRYKER_SAMPLE_FILE: sitesFile },
      });
      if (run.status !== 0) throw new Error(`stryker exited with ${run.status} in batch ${k}`);
      renameSync(join('reports', 'mutation', 'mutation.json'), out);
      console.log(`batch ${k}: finished ${new Date().toISOString()}`);
    }
  }
  score(sample, batch, dir);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
