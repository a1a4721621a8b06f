// Files generated from sources must match them: the published schemas, the validators compiled from
// them, the demo account, and the version in package.json.
import { readFile } from 'node:fs/promises';
import { PUBLISHED_SCHEMAS, renderSchema } from '../../scripts/write-schemas.js';
import { VALIDATORS_PATH, renderValidators } from '../../scripts/write-validators.js';
import { buildDemoSnapshot } from '../../scripts/demo-account.js';
import { REPOSITORY_URL, TOOL_VERSION, ruleDocUrl } from '../../src/tool-info.js';

const root = new URL('../../', import.meta.url);

describe('generated files', () => {
  it.each(Object.keys(PUBLISHED_SCHEMAS))('%s matches its source (run `npm run schemas`)', async (path) => {
    expect(await readFile(new URL(path, root), 'utf8')).toBe(renderSchema(PUBLISHED_SCHEMAS[path]));
  });

  it(`${VALIDATORS_PATH} is the schemas compiled by ajv standalone (run \`npm run schemas\`)`, async () => {
    expect(await readFile(new URL(VALIDATORS_PATH, root), 'utf8')).toBe(renderValidators());
  });

  it('examples/demo-account.json matches scripts/demo-account.ts (run `npm run demo:build`)', async () => {
    const committed = JSON.parse(
      await readFile(new URL('examples/demo-account.json', root), 'utf8'),
    ) as unknown;
    expect(committed).toEqual(buildDemoSnapshot());
  });

  it('REPOSITORY_URL is the repository package.json declares; rule links pin the version tag', async () => {
    const pkg = JSON.parse(await readFile(new URL('package.json', root), 'utf8')) as {
      repository?: string | { url?: string };
    };
    const declared = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
    const browsable = declared
      ?.replace(/^git\+/, '')
      .replace(/^github:/, 'https://github.com/')
      .replace(/\.git$/, '');
    expect(REPOSITORY_URL).toBe(browsable);
    expect(ruleDocUrl('ec2-security-group-no-public-ssh')).toBe(
      browsable === undefined
        ? undefined
        : `${browsable}/blob/v${TOOL_VERSION}/rules/ec2-security-group-no-public-ssh.md`,
    );
  });

  it('TOOL_VERSION equals the package version', async () => {
    const pkg = JSON.parse(await readFile(new URL('package.json', root), 'utf8')) as { version: string };
    expect(TOOL_VERSION).toBe(pkg.version);
  });
});
