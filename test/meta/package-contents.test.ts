// What `npm pack` ships is the product: the compiled CLI and rule pack, the rule pages and the
// schemas. The build also compiles the benchmarks, scripts and the test support they import (the
// snapshot builders, the fake AWS endpoint) into dist/ so the benchmarks run compiled; package.json
// "files" leaves those out. This test packs for real (dry run, after `npm run build`, which
// `npm test` does first) and checks that nothing outside the product is in the list, and that every
// relative import of a shipped module resolves to another shipped file: a product module that
// imported test support again would leave the package broken, not just larger.
import { execFile } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import { promisify } from 'node:util';
import { BUILT_CLI } from '../support/cli.js';

const ROOT = new URL('../../', import.meta.url);

interface PackEntry {
  files: { path: string }[];
}

let shipped: string[] = [];

beforeAll(async () => {
  await access(BUILT_CLI).catch(() => {
    throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` (npm test does it first)`);
  });
  const { stdout } = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    maxBuffer: 16 * 1024 * 1024,
  });
  const [entry] = JSON.parse(stdout) as PackEntry[];
  shipped = (entry?.files ?? []).map((file) => file.path).sort();
}, 60_000);

/** The relative specifiers of a compiled ES module's static and dynamic imports. */
function relativeImports(source: string): string[] {
  const found = source.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g);
  return [...found].map((match) => match[1]!);
}

describe('the npm package (npm pack --dry-run)', () => {
  it('ships the built CLI and rule pack', () => {
    expect(shipped).toContain('dist/src/cli/main.js');
    expect(shipped).toContain('dist/rules/index.js');
    expect(shipped).toContain('package.json');
  });

  it('ships no snapshot builders, test support, benchmarks or scripts', () => {
    expect(shipped.filter((path) => /builders/.test(path))).toEqual([]);
    const compiled = shipped.filter((path) => path.startsWith('dist/'));
    expect(compiled.filter((path) => !/^dist\/(src|rules)\//.test(path))).toEqual([]);
    expect(shipped.filter((path) => /^(test|bench|scripts|src)\//.test(path))).toEqual([]);
  });

  it('every relative import of a shipped module resolves to a shipped file', async () => {
    const inPackage = new Set(shipped);
    const modules = shipped.filter((path) => path.endsWith('.js'));
    expect(modules.length).toBeGreaterThan(100);
    const dangling: string[] = [];
    for (const path of modules) {
      const source = await readFile(new URL(path, ROOT), 'utf8');
      for (const specifier of relativeImports(source)) {
        const target = posix.normalize(posix.join(posix.dirname(path), specifier));
        if (!inPackage.has(target)) dangling.push(`${path} → ${specifier}`);
      }
    }
    expect(dangling).toEqual([]);
  });
});

describe('the relative-import scan', () => {
  it('finds static, side-effect and dynamic imports and ignores packages', () => {
    const source = [
      "import { a } from './a.js';",
      "import './side-effect.js';",
      "export { b } from '../b.js';",
      "const c = await import('./c.js');",
      "import { Command } from 'commander';",
    ].join('\n');
    expect(relativeImports(source)).toEqual(['./a.js', './side-effect.js', '../b.js', './c.js']);
  });
});
