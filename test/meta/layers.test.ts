// The layer table is enforced by the linter (eslint.layers.js): a planted back-edge in each layer
// must fail, and the imports the table allows must pass. The real tree is linted by `npm run lint`.
import { Linter } from 'eslint';
import { posix } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface LayerSpec {
  layer: string;
  forbidden: string[];
}
type FlatConfig = Linter.Config;

const { LAYERS, NOT_PRODUCT, layerRules } = (await import(pathToFileURL(`${ROOT}eslint.layers.js`).href)) as {
  LAYERS: LayerSpec[];
  NOT_PRODUCT: string[];
  layerRules: FlatConfig[];
};

const linter = new Linter({ cwd: ROOT, configType: 'flat' });
const config: FlatConfig[] = [{ files: ['**/*.ts'] }, ...layerRules];

/** The messages of `no-restricted-imports` for one import line planted in `file`. */
function restrictedImports(file: string, specifier: string): string[] {
  const code = `import { x } from '${specifier}';\nexport const y = x;\n`;
  return linter
    .verify(code, config, { filename: `${ROOT}${file}` })
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

/** A file inside `layer` and the relative way from it to a top-level folder `target`. */
function plant(layer: string, target: string): { file: string; specifier: string } {
  if (layer === 'rules') return { file: 'rules/planted.ts', specifier: `../src/${target}/x.js` };
  const into = target === 'rules' ? `../../rules/x.js` : `../${target}/x.js`;
  return { file: `${layer}/planted.ts`, specifier: into };
}

describe('layer lint rules (eslint.layers.js)', () => {
  const cases = LAYERS.flatMap((spec) => spec.forbidden.map((target) => [spec.layer, target] as const));

  it.each(cases)('%s may not import %s', (layer, target) => {
    const { file, specifier } = plant(layer, target);
    const messages = restrictedImports(file, specifier);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`${target} is against the flow`);
  });

  // The snapshot builders moved out of src/ into test support (issue 17): a product file that
  // imports them again, or any test, bench or script module, fails the lint from every layer.
  const notProduct = LAYERS.flatMap((spec) =>
    (
      [
        ['test', 'test/support/builders/index.js'],
        ['test', 'test/fake-aws/index.js'],
        ['bench', 'bench/generate.js'],
        ['scripts', 'scripts/demo-account.js'],
      ] as const
    ).map(([folder, module]) => [spec.layer, folder, module] as const),
  );

  it.each(notProduct)('%s may not import %s/ (%s)', (layer, folder, module) => {
    const file = `${layer}/deeper/planted.ts`;
    const specifier = posix.relative(posix.dirname(file), module);
    const messages = restrictedImports(file, specifier);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain(`${folder}/ is test support or tooling`);
  });

  it('names every non-product folder the lint keeps out of the product', () => {
    expect([...NOT_PRODUCT].sort()).toEqual(['bench', 'scripts', 'test']);
  });

  it('rejects a back-edge from a nested folder too', () => {
    expect(restrictedImports('src/collect/collectors/planted.ts', '../../engine/types.js')).toHaveLength(1);
    expect(restrictedImports('rules/support/planted.ts', '../../src/report/sarif.js')).toHaveLength(1);
  });

  it('keeps the AWS SDK inside src/collect', () => {
    expect(restrictedImports('src/analysis/planted.ts', '@aws-sdk/client-ec2')).toHaveLength(1);
    expect(restrictedImports('src/engine/planted.ts', '@aws-sdk/client-iam')).toHaveLength(1);
    expect(restrictedImports('src/collect/planted.ts', '@aws-sdk/client-ec2')).toEqual([]);
    expect(restrictedImports('src/report/planted.ts', '@aws-sdk/client-securityhub')).toHaveLength(1);
    // publish has its own client: the one place beside collection that talks to AWS.
    expect(restrictedImports('src/publish/planted.ts', '@aws-sdk/client-securityhub')).toEqual([]);
  });

  it('keeps commands from importing each other, and the CLI from the SDK', () => {
    expect(restrictedImports('src/cli/commands/planted.ts', './scan.js')).toHaveLength(1);
    expect(restrictedImports('src/cli/commands/planted.ts', '../scan-pipeline/evaluate.js')).toEqual([]);
    expect(restrictedImports('src/cli/org/planted.ts', '../scan-pipeline/evaluate.js')).toEqual([]);
    expect(restrictedImports('src/cli/org/planted.ts', '@aws-sdk/client-sts')).toHaveLength(1);
    expect(restrictedImports('src/cli/commands/planted.ts', '@aws-sdk/client-sts')).toHaveLength(1);
  });

  it('keeps command implementations out of the command tree, and actions apart', () => {
    // A command's action loads its implementation with `await import()` (start-up, issue 18).
    const [message] = restrictedImports('src/cli/commands/planted.ts', '../actions/scan.js');
    expect(message).toContain('static import of a command implementation');
    expect(restrictedImports('src/cli/actions/planted.ts', '../scan-pipeline/evaluate.js')).toEqual([]);
    expect(restrictedImports('src/cli/actions/planted.ts', '../../../rules/index.js')).toEqual([]);
    expect(restrictedImports('src/cli/actions/planted.ts', './merge.js')).toHaveLength(1);
    expect(restrictedImports('src/cli/actions/planted.ts', '../commands/scan.js')).toHaveLength(1);
    expect(restrictedImports('src/cli/actions/planted.ts', '@aws-sdk/client-sts')).toHaveLength(1);
  });

  it('lets rules use only the rule API of the engine', () => {
    expect(restrictedImports('rules/planted.ts', '../src/engine/define-rule.js')).toEqual([]);
    expect(restrictedImports('rules/planted.ts', '../src/engine/types.js')).toEqual([]);
    expect(restrictedImports('rules/planted.ts', '../src/engine/run.js')).toHaveLength(1);
    expect(restrictedImports('rules/support/planted.ts', '../../src/engine/scan.js')).toHaveLength(1);
  });

  it('allows what the table allows', () => {
    const allowed: [string, string][] = [
      ['src/analysis/planted.ts', '../findings/types.js'],
      ['src/analysis/planted.ts', '../snapshot/view.js'],
      ['src/analysis/planted.ts', './cidr.js'],
      ['src/engine/planted.ts', '../../rules/index.js'],
      ['src/report/planted.ts', '../engine/types.js'],
      ['src/snapshot/planted.ts', '../util/errors.js'],
      ['src/collect/planted.ts', '../snapshot/types.js'],
      ['src/cli/planted.ts', '../engine/run.js'],
      ['rules/planted.ts', '../src/analysis/nacl.js'],
      ['src/publish/planted.ts', '../report/asff.js'],
      ['src/publish/planted.ts', '../collect/clients.js'],
      ['src/publish/planted.ts', '../util/errors.js'],
      ['src/cli/planted.ts', '../publish/security-hub.js'],
    ];
    for (const [file, specifier] of allowed)
      expect([file, restrictedImports(file, specifier)]).toEqual([file, []]);
  });

  it('leaves tests free to import anything', () => {
    expect(restrictedImports('test/analysis/planted.test.ts', '../../src/engine/run.js')).toEqual([]);
    expect(restrictedImports('rules/planted.test.ts', '../src/engine/run.js')).toEqual([]);
    expect(restrictedImports('rules/planted.test.ts', '../test/support/builders/index.js')).toEqual([]);
    expect(restrictedImports('bench/planted.ts', '../test/support/builders/index.js')).toEqual([]);
    expect(restrictedImports('scripts/planted.ts', '../test/support/builders/index.js')).toEqual([]);
  });
});
