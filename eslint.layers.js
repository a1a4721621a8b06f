// @ts-check
// The layer table of docs/architecture.md ("One direction of flow") as lint rules: an import that
// runs against the flow fails `npm run lint`, and so `npm test`.
//
// Why `no-restricted-imports` with regexes rather than eslint-plugin-boundaries: the table is a
// handful of "folder X may not import folders Y", which the core rule states directly, with no
// plugin, resolver or settings to keep in step with ESLint's majors; a regex over the import
// string sees relative paths from any depth (`../engine/…`, `../../src/engine/…`). The test
// `test/meta/layers.test.ts` plants a back-edge in each layer and checks the rule rejects it.

/** Matches an import of one of our top-level folders, from any depth. */
const folder = (name) => `(^|/)(src/)?${name}/`;
const SDK = '^@aws-sdk/';

/**
 * The folders that are not product: test support (the snapshot builders, the fake AWS endpoint,
 * the CLI runner), benchmarks and maintenance scripts. They may import the product; no layer of the
 * product (src/**, the rules) may import them, so none of them is ever needed at run time and the
 * package can leave them out (package.json "files").
 */
export const NOT_PRODUCT = ['test', 'bench', 'scripts'];

/** Each layer with the folders (and packages) it must not import, and why. */
export const LAYERS = [
  {
    layer: 'src/util',
    files: ['src/util/**'],
    forbidden: ['findings', 'snapshot', 'collect', 'analysis', 'engine', 'report', 'cli', 'publish', 'rules'],
    sdk: true,
    why: 'src/util is the bottom layer: leaf helpers that import nothing of ours',
  },
  {
    layer: 'src/findings',
    files: ['src/findings/**'],
    forbidden: ['util', 'snapshot', 'collect', 'analysis', 'engine', 'report', 'cli', 'publish', 'rules'],
    sdk: true,
    why: 'src/findings is the shared finding vocabulary and imports nothing of ours',
  },
  {
    layer: 'src/snapshot',
    files: ['src/snapshot/**'],
    forbidden: ['findings', 'collect', 'analysis', 'engine', 'report', 'cli', 'publish', 'rules'],
    sdk: true,
    why: 'src/snapshot is the contract between collection and evaluation; it may import only src/util',
  },
  {
    layer: 'src/collect',
    files: ['src/collect/**'],
    forbidden: ['findings', 'analysis', 'engine', 'report', 'cli', 'publish', 'rules'],
    sdk: false,
    why: 'src/collect turns AWS into a snapshot; it may import only src/snapshot and src/util',
  },
  {
    layer: 'src/analysis',
    files: ['src/analysis/**'],
    forbidden: ['collect', 'engine', 'report', 'cli', 'publish', 'rules'],
    sdk: true,
    why: 'src/analysis is pure reasoning over the snapshot; it may import src/snapshot, src/findings and src/util',
  },
  {
    layer: 'rules',
    files: ['rules/**/*.ts'],
    ignores: ['rules/**/*.test.ts'],
    forbidden: ['collect', 'report', 'cli', 'publish'],
    // The rule API is the only part of the engine a rule may use.
    extra: [
      {
        regex: `${folder('engine')}(?!define-rule\\.js$|types\\.js$)`,
        what: 'src/engine beyond its rule API',
      },
    ],
    sdk: true,
    why: 'rules read the snapshot through src/analysis and the rule API (src/engine/define-rule, types)',
  },
  {
    layer: 'src/engine',
    files: ['src/engine/**'],
    forbidden: ['collect', 'analysis', 'report', 'cli', 'publish'],
    sdk: true,
    why: 'src/engine runs rules over a snapshot; it may import src/snapshot, src/findings, the rules registry and src/util',
  },
  {
    layer: 'src/report',
    files: ['src/report/**'],
    forbidden: ['collect', 'analysis', 'cli', 'publish', 'rules'],
    sdk: true,
    why: 'src/report renders findings; it may import src/findings, engine result types and src/util',
  },
  {
    layer: 'src/cli',
    files: ['src/cli/**'],
    ignores: ['src/cli/commands/**', 'src/cli/actions/**'],
    forbidden: [],
    sdk: true,
    why: 'src/cli turns flags into calls of collect, engine and report; it reaches AWS only through src/collect',
  },
  {
    layer: 'src/cli/commands',
    files: ['src/cli/commands/**'],
    forbidden: [],
    // Commands are thin entry points side by side: what two share is a module of its own
    // (src/cli/scan-pipeline, src/cli/org, live-options.ts), never one command reaching into another.
    // A command declares its flags and help; its action loads what it does with `await import()`
    // (which this rule does not see), so `--help` and `--version` never load it (start-up, issue 18).
    extra: [
      { regex: '^\\./', what: 'another command' },
      {
        regex: '(^|/)actions/',
        what: 'a static import of a command implementation (load it in the action with `await import()`)',
        allowTypeImports: true,
      },
    ],
    sdk: true,
    why: 'src/cli/commands are entry points; what they share lives in src/cli/scan-pipeline and src/cli/org',
  },
  {
    layer: 'src/cli/actions',
    files: ['src/cli/actions/**'],
    forbidden: [],
    extra: [
      { regex: '^\\./', what: 'another action' },
      { regex: '(^|/)commands/', what: 'a command declaration' },
    ],
    sdk: true,
    why: 'src/cli/actions are what each command does, loaded when it runs; what two share lives in src/cli/scan-pipeline and src/cli/org',
  },
  {
    layer: 'src/publish',
    files: ['src/publish/**'],
    forbidden: ['snapshot', 'analysis', 'engine', 'cli', 'rules'],
    // The Security Hub client and credential providers are publish's own: it is the only code that
    // writes to AWS (design.md "src/publish").
    sdk: false,
    why: 'src/publish imports ASFF findings into Security Hub; it may import src/report, src/collect clients, src/findings and src/util',
  },
];

const restriction = (spec) => ({
  files: spec.files,
  ...(spec.ignores ? { ignores: spec.ignores } : {}),
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...spec.forbidden.map((name) => ({
            regex: folder(name),
            message: `${spec.why} (docs/architecture.md): ${name} is against the flow.`,
          })),
          ...(spec.extra ?? []).map(({ regex, what, allowTypeImports }) => ({
            regex,
            message: `${spec.why} (docs/architecture.md): ${what} is against the flow.`,
            ...(allowTypeImports ? { allowTypeImports } : {}),
          })),
          ...NOT_PRODUCT.map((name) => ({
            regex: folder(name),
            message: `${spec.layer} is product code: ${name}/ is test support or tooling, never shipped, and must not be imported from it.`,
          })),
          ...(spec.sdk
            ? [{ regex: SDK, message: `${spec.why}: only src/collect talks to the AWS SDK.` }]
            : []),
        ],
      },
    ],
  },
});

/** Flat-config entries, one per layer. */
export const layerRules = LAYERS.map(restriction);
