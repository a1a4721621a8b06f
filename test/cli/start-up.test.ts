// Start-up (issue 18): `--version` and `--help` load the command tree (flags and help) and no
// command's implementation; commands that read no AWS account load neither the AWS SDK nor ajv's
// schema compiler; and the SDK's Node-version warning never reaches the user (issue 19 bug 3),
// including on the Organizations fan-out path, which makes its own STS and Organizations clients.
// Runs the built binary (`npm test` builds first) with a preload that lists the modules the
// process loaded (test/support/loaded-modules.mjs): ES modules as file URLs, CommonJS ones (the
// SDK, ajv) as paths.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GlobalBuilder, RegionBuilder, buildAccount } from '../support/builders/index.js';
import { startFakeAws, type FakeAws } from '../fake-aws/index.js';
import { BUILT_CLI, tempDir, type CliRun } from '../support/cli.js';
import { tempEnv } from '../support/temp-root.js';

const PRELOAD = join(process.cwd(), 'test/support/loaded-modules.mjs');

/** Module paths that must not load before a command needs AWS or a schema compile. */
const HEAVY: readonly [string, RegExp][] = [
  ['an AWS SDK client', /node_modules\/@aws-sdk\/client-/],
  ['an AWS credential provider', /node_modules\/@aws-sdk\/credential-provider/],
  ['ajv (compiler)', /node_modules\/ajv\/dist\/(?!runtime\/)/],
  ['the YAML parser', /node_modules\/yaml\//],
];

interface TracedRun extends CliRun {
  modules: string[];
}

function runTraced(args: string[], env: NodeJS.ProcessEnv = {}): Promise<TracedRun> {
  return tempDir().then(
    (dir) =>
      new Promise((resolve) => {
        const trace = join(dir, 'modules.txt');
        execFile(
          process.execPath,
          ['--import', PRELOAD, BUILT_CLI, ...args],
          { env: { PATH: process.env.PATH, ...tempEnv(), AWS_AUDIT_LOADED_MODULES: trace, ...env } },
          (error, stdout, stderr) => {
            const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
            readFile(trace, 'utf8').then(
              (text) => resolve({ code, stdout, stderr, modules: text.split('\n') }),
              () => resolve({ code, stdout, stderr, modules: [] }),
            );
          },
        );
      }),
  );
}

/** Our own modules the run loaded, as paths in the build (`src/cli/program.js`, `rules/index.js`). */
function ourModules(modules: readonly string[]): string[] {
  const ours = modules.flatMap((line) => {
    const match = /^file:\/\/.*\/dist\/((?:src|rules)\/.+\.js)$/.exec(line);
    return match ? [match[1]!] : [];
  });
  return [...new Set(ours)].sort();
}

/**
 * What only a running command needs: its implementation, and what that reads and writes. The
 * command tree declares flags from option parsers and a few constants (formats, frameworks, the
 * services of the rule pack: src/generated/rule-services.ts), never from these.
 */
const IMPLEMENTATION: readonly [string, RegExp][] = [
  ['a command implementation', /^src\/cli\/actions\//],
  [
    'the scan pipeline or the fan-out',
    /^src\/cli\/(scan-pipeline\/(?!scan-options\.js$)|org\/(?!org-options\.js$))/,
  ],
  ['the rule pack', /^rules\//],
  ['the path engine or policy analysis', /^src\/analysis\//],
  ['the engine beyond its types', /^src\/engine\/(?!types\.js$|shard\.js$)/],
  ['a report reader or writer', /^src\/report\/(?!compliance-frameworks\.js$)/],
  ['the snapshot reader', /^src\/snapshot\/(?!types\.js$)/],
  ['the Security Hub publisher', /^src\/publish\//],
  [
    'the collectors or clients',
    /^src\/collect\/(clients|collect-snapshot|credentials|permissions|collectors\/)/,
  ],
];

/**
 * The most of our modules the command tree may load: the entry, the tree, its flag parsers and the
 * constants they name were 35 of the build's 240 modules when this was written; before each command
 * loaded its implementation lazily, `--version` loaded 186.
 */
const TREE_MODULES_AT_MOST = 50;

function implementationModules(modules: readonly string[]): string[] {
  return ourModules(modules).flatMap((path) => {
    const hit = IMPLEMENTATION.find(([, pattern]) => pattern.test(path));
    return hit ? [`${hit[0]}: ${path}`] : [];
  });
}

function heavyModules(modules: readonly string[]): string[] {
  return HEAVY.flatMap(([what, pattern]) => {
    const hit = modules.find((path) => pattern.test(path));
    return hit ? [`${what}: ${hit}`] : [];
  });
}

beforeAll(async () => {
  await access(BUILT_CLI).catch(() => {
    throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` (npm test does it first)`);
  });
});

describe('the command tree declares flags and help; each command loads what it does when it runs', () => {
  it.each([
    [['--version'], 0, /^0\.\d+\.\d+\n$/],
    [['--help'], 0, /Usage: aws-audit/],
    [['scan', '--help'], 0, /--services <names>\s+run only the rules of these services: ec2,/],
    [['publish', 'security-hub', '--help'], 0, /Usage: aws-audit publish security-hub/],
    // A usage error is answered from the tree too: a mistake costs nothing.
    [['scan', '--format', 'pdf'], 2, /^$/],
  ])('%j loads no command implementation, only the command tree', async (args, code, stdout) => {
    const result = await runTraced(args);
    expect(result.code).toBe(code);
    expect(result.stdout).toMatch(stdout);
    const ours = ourModules(result.modules);
    // The trace itself worked: the entry and the tree are ES modules.
    expect(ours).toEqual(expect.arrayContaining(['src/cli/main.js', 'src/cli/program.js']));
    expect(implementationModules(result.modules)).toEqual([]);
    expect(heavyModules(result.modules)).toEqual([]);
    expect(ours.length).toBeLessThanOrEqual(TREE_MODULES_AT_MOST);
  });

  it('`rules` loads its own implementation and the rule pack, and no other command', async () => {
    const result = await runTraced(['rules']);
    expect(result.code).toBe(0);
    const ours = ourModules(result.modules);
    expect(ours).toEqual(expect.arrayContaining(['src/cli/actions/rules.js', 'rules/index.js']));
    expect(ours.filter((path) => path.startsWith('src/cli/actions/'))).toEqual(['src/cli/actions/rules.js']);
    // No report writer: `rules` prints a table of the metadata.
    expect(ours.filter((path) => /^src\/report\/(?!compliance-frameworks\.js$)/.test(path))).toEqual([]);
    // Nor the collection layer's client set-up: silencing the SDK's warning before every command
    // loads the light src/collect/sdk.js, not clients.js and what it pulls in.
    expect(ours).toContain('src/collect/sdk.js');
    expect(
      ours.filter((path) => /^src\/collect\/(clients|retry-policy|limits|error-classifier)\.js$/.test(path)),
    ).toEqual([]);
  });
});

describe('commands that read no AWS account', () => {
  it.each([
    [['--version'], /^0\.\d+\.\d+\n$/],
    [['--help'], /Usage: aws-audit/],
    [['rules'], /ec2-security-group-no-public-ssh/],
  ])('%j loads no SDK client, credential provider, ajv compiler or YAML parser', async (args, stdout) => {
    const result = await runTraced(args);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(stdout);
    // The trace itself worked: commander is CommonJS and always loads.
    expect(result.modules.some((path) => path.includes('node_modules/commander/'))).toBe(true);
    expect(heavyModules(result.modules)).toEqual([]);
  });

  it('scan --snapshot validates the demo snapshot with the build-time validators, not a compiled schema', async () => {
    const result = await runTraced([
      'scan',
      '--snapshot',
      'examples/demo-account.json',
      '--out-dir',
      await tempDir(),
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(heavyModules(result.modules)).toEqual([]);
    // ajv's run-time helpers are what the generated validators use instead.
    expect(result.modules.some((path) => path.includes('node_modules/ajv/dist/runtime/'))).toBe(true);
  });

  it('a snapshot that breaks the schema is still refused with the first problem (exit 2)', async () => {
    const dir = await tempDir();
    const demo = JSON.parse(await readFile('examples/demo-account.json', 'utf8')) as { collectedAt: string };
    demo.collectedAt = 'yesterday';
    const file = join(dir, 'bad.json');
    await import('node:fs/promises').then((fs) => fs.writeFile(file, JSON.stringify(demo)));
    const result = await runTraced(['scan', '--snapshot', file, '--out-dir', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`aws-audit: snapshot ${file}: /collectedAt: must match format "date-time"\n`);
  });
});

describe('a live Organizations fan-out on Node 20', () => {
  const MANAGEMENT = '111111111111';
  const MEMBER = '222222222222';
  let fake: FakeAws;

  beforeAll(async () => {
    const account = (id: string) => {
      const region = new RegionBuilder('us-east-1', id);
      region.vpc(`vpc-${id.slice(0, 4)}`);
      return { snapshot: buildAccount({ accountId: id, regions: [region], global: new GlobalBuilder(id) }) };
    };
    fake = await startFakeAws({
      accounts: [account(MANAGEMENT), account(MEMBER)],
      organization: {
        managementAccountId: MANAGEMENT,
        accounts: [
          { id: MANAGEMENT, name: 'management', status: 'ACTIVE' },
          { id: MEMBER, name: 'workloads', status: 'ACTIVE' },
        ],
      },
    });
  });
  afterAll(() => fake.close());

  it('prints no SDK Node-version warning, and loads the SDK only because it reads AWS', async () => {
    const out = await tempDir();
    const result = await runTraced(
      ['scan', '--org-role-name', 'aws-audit-member', '--out-dir', out, '--endpoint-url', fake.url],
      {
        AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKE',
        AWS_SECRET_ACCESS_KEY: 'fake',
        AWS_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/nonexistent/aws-audit-test/config',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-audit-test/credentials',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    );
    expect(result.stderr).not.toMatch(/NodeVersionSupportWarning|will require node/);
    expect(result.code).toBe(0);
    expect(fake.stats().requests).toBeGreaterThan(0);
    expect(result.modules.some((path) => path.includes('node_modules/@aws-sdk/client-sts/'))).toBe(true);
  });
});
