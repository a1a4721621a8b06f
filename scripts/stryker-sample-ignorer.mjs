// StrykerJS ignore-plugin used by `npm run test:mutation:sample` (scripts/mutation-sample.ts).
//
// Stryker's `--mutate file:L:C-L:C` selects every mutant whose node lies inside the range, so a
// range cut to one sampled mutant's node also brings in every mutant nested in it (a function
// body's `{}` mutant would bring the whole function). This plugin ignores those nested nodes, so
// only the sampled node's own mutants are run. It must be plain JavaScript: Stryker imports
// plugins with Node itself, in the main process and in its child processes.
//
// The sampled locations come from the JSON file named by STRYKER_SAMPLE_FILE:
// [{ "file": "src/analysis/x.ts", "start": { "line": 1, "column": 0 }, "end": {...} }, ...]
// with Babel's convention (1-based lines, 0-based columns).
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { PluginKind, declareValuePlugin } from '@stryker-mutator/api/plugin';

const sampleFile = process.env.STRYKER_SAMPLE_FILE;
/** @type {Map<string, Array<{start: {line: number, column: number}, end: {line: number, column: number}}>>} */
const sampledByFile = new Map();
if (sampleFile) {
  for (const site of JSON.parse(readFileSync(sampleFile, 'utf8'))) {
    const sites = sampledByFile.get(site.file) ?? [];
    sites.push(site);
    sampledByFile.set(site.file, sites);
  }
}

const before = (a, b) => a.line < b.line || (a.line === b.line && a.column <= b.column);
/** Does `outer` contain `inner` (bounds included)? */
const contains = (outer, inner) => before(outer.start, inner.start) && before(inner.end, outer.end);
const same = (a, b) => contains(a, b) && contains(b, a);

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'sampled-sites-only', {
    shouldIgnore(path) {
      const loc = path.node.loc;
      const fileName = path.hub?.file?.opts?.filename;
      if (!loc || !fileName) return undefined;
      const sites = sampledByFile.get(relative(process.cwd(), fileName).split('\\').join('/'));
      if (!sites) return undefined;
      // Ignore a node strictly inside a sampled site unless it is (or holds) a sampled site
      // itself: ignoring a node ignores everything under it.
      const insideASite = sites.some((site) => contains(site, loc) && !same(site, loc));
      const holdsASite = sites.some((site) => contains(loc, site));
      return insideASite && !holdsASite ? 'nested in a sampled mutant, not sampled' : undefined;
    },
  }),
];
