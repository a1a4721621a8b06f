// Files generated from sources must match them: the published schemas (the snapshot's generated from
// its TypeScript types, so a type change without `npm run schemas` fails here), the validators
// compiled from them, the demo account, and the version in package.json.
import { readFile } from 'node:fs/promises';
import { PUBLISHED_SCHEMAS, renderSchema } from '../../scripts/write-schemas.js';
import { snapshotSchema } from '../../scripts/snapshot-schema.js';
import { GLOBAL_KINDS, REGIONAL_KINDS, REGIONAL_LIST_KINDS } from '../../src/snapshot/types.js';
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

  it('the committed snapshot schema is the one generated from src/snapshot/types/ (run `npm run schemas`)', async () => {
    const committed = JSON.parse(
      await readFile(new URL('schemas/snapshot.schema.json', root), 'utf8'),
    ) as unknown;
    expect(committed).toEqual(snapshotSchema());
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

type Node = Record<string, unknown>;
const defs = snapshotSchema().$defs as Record<string, Node>;
const props = (name: string): Record<string, Node> => defs[name]!.properties as Record<string, Node>;

describe('the generated snapshot schema', () => {
  it('closes every object it describes, so a field the types do not name is an error', () => {
    const open: string[] = [];
    const visit = (node: unknown, path: string): void => {
      if (Array.isArray(node)) return node.forEach((item, i) => visit(item, `${path}/${i}`));
      if (typeof node !== 'object' || node === null) return;
      const schema = node as Node;
      if (schema.properties !== undefined && schema.additionalProperties !== false) open.push(path);
      for (const [key, value] of Object.entries(schema)) visit(value, `${path}/${key}`);
    };
    visit(snapshotSchema(), '#');
    expect(open).toEqual([]);
  });

  it('keeps the constraints beyond TypeScript that the JSDoc tags carry', () => {
    const root = snapshotSchema().properties as Record<string, Node>;
    expect(root.collectedAt).toMatchObject({ type: 'string', format: 'date-time' });
    expect(root.rules).toMatchObject({ minItems: 1, uniqueItems: true, items: { minLength: 1 } });
    expect(props('AccountSnapshot').accountId).toMatchObject({ pattern: '^[0-9]{12}$' });
    expect(props('Vpc').id).toMatchObject({ type: 'string', minLength: 1 });
    expect(props('Subnet').vpcId).toMatchObject({ minLength: 1 });
    expect(props('SecurityGroupRule').fromPort).toMatchObject({ type: 'integer' });
    expect(props('UserDataScan').sha256).toMatchObject({ pattern: '^[0-9a-f]{64}$' });
    expect(props('SecretMatch').sha256).toMatchObject({ pattern: '^[0-9a-f]{64}$' });
    expect(props('IamRole').name).toMatchObject({ minLength: 1 });
  });

  it('names exactly the kind table: collection states per kind, one list per list kind', () => {
    const region = props('RegionSnapshot');
    expect(Object.keys(region.collection!.properties as Node)).toEqual([...REGIONAL_KINDS]);
    expect(Object.keys(props('GlobalSnapshot').collection!.properties as Node)).toEqual([...GLOBAL_KINDS]);
    const lists = Object.keys(region).filter((key) => region[key]!.type === 'array');
    expect(lists.sort()).toEqual([...REGIONAL_LIST_KINDS].sort());
    expect(defs.ResourceKind).toMatchObject({ enum: [...REGIONAL_KINDS, ...GLOBAL_KINDS] });
  });
});
