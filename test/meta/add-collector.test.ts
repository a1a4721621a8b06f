// "Adding a collector touches at most 6 files" (CONTRIBUTING, "Adding a collector"), kept true:
//
// 1. The compiler experiment: the kind table (src/snapshot/types/kinds.ts) is compiled with one new
//    kind of each storage (a list, a per-region record, fields of another kind, an IAM list). Without
//    their members in a service's types module the types do not compile (KindTableMatchesSnapshot);
//    with them, the collector registry is the only file of src/, rules/, scripts/, bench/ and
//    test/support/ the type checker rejects. Every other place derives the kinds from the table.
// 2. No other hand-kept list: no array, object, union or switch anywhere in our TypeScript names
//    every kind (or every regional kind, or every regional list) except the table and the
//    compiler-checked registry. A new list of all kinds — the thing that would make the file list
//    grow silently — fails here.
// 3. The table, the registry, the blank region and the published schema agree at run time.
//
// What this does not prove: that a contributor writes the collector's mapping test and its fake
// endpoint handler (conventions, checked by review and by the fake-endpoint tests that collect every
// kind), or that a list of all kinds in Markdown is current.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { REGIONAL_COLLECTORS, globalCollectors } from '../../src/collect/collectors/index.js';
import { blankGlobal, blankRegion } from '../../src/snapshot/blank.js';
import {
  ALL_KINDS,
  GLOBAL_KIND_TABLE,
  GLOBAL_KINDS,
  GLOBAL_LIST_KEYS,
  REGIONAL_KIND_TABLE,
  REGIONAL_KINDS,
  REGIONAL_LIST_KINDS,
} from '../../src/snapshot/types.js';
import { snapshotSchema } from '../../scripts/snapshot-schema.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const KIND_TABLE = 'src/snapshot/types/kinds.ts';
const REGISTRY = 'src/collect/collectors/index.ts';

/** Tracked TypeScript files (what a contributor could have to edit), generated code aside. */
function trackedTypeScript(): string[] {
  return execFileSync('git', ['ls-files', '*.ts'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((path) => path !== '' && !path.startsWith('src/generated/'));
}

/** A tracked file's text with `before` (which occurs once) replaced. */
function patched(path: string, before: string, after: string): [string, string] {
  const text = readFileSync(`${ROOT}${path}`, 'utf8');
  if (text.split(before).length !== 2) throw new Error(`${path}: expected one ${JSON.stringify(before)}`);
  return [path, text.replace(before, after)];
}

/** One new kind of each storage: a list, a per-region record, fields of vpcs, an IAM list. */
function tableWithNewKinds(): [string, string] {
  const [path, text] = patched(
    KIND_TABLE,
    "  { kind: 'vpcBlockPublicAccess', holds: 'record' },\n",
    "  { kind: 'vpcBlockPublicAccess', holds: 'record' },\n" +
      "  { kind: 'exampleThings', holds: 'list' },\n" +
      "  { kind: 'exampleSetting', holds: 'record' },\n" +
      "  { kind: 'exampleDetails', holds: 'fields', of: 'vpcs', fields: ['exampleDetail'] },\n",
  );
  const iam = "  { kind: 'iamPolicies', list: 'policies' },\n";
  return [path, text.replace(iam, `${iam}  { kind: 'iamExamples', list: 'examples' },\n`)];
}

/** Their records and members, in the services' types modules. */
function typesWithNewKinds(): [string, string][] {
  return [
    patched(
      'src/snapshot/types/vpc.ts',
      'export interface VpcRegionPart {\n',
      'export interface VpcRegionPart {\n  exampleThings: { id: string }[];\n  exampleSetting?: { on: boolean };\n',
    ),
    patched(
      'src/snapshot/types/iam.ts',
      'export interface IamGlobalPart {\n',
      'export interface IamGlobalPart {\n  examples: { id: string }[];\n',
    ),
  ];
}

/** The files (relative) the type checker rejects, with their messages, some files' text replaced. */
function compile(roots: readonly string[], replaced: readonly [string, string][]): Map<string, string[]> {
  const config = ts.readConfigFile(`${ROOT}tsconfig.json`, (path) => ts.sys.readFile(path));
  const { options } = ts.parseJsonConfigFileContent(config.config as object, ts.sys, ROOT);
  const texts = new Map(replaced.map(([path, text]) => [`${ROOT}${path}`, text]));
  const host = ts.createCompilerHost({ ...options, noEmit: true });
  const readOriginal = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language, onError, shouldCreate) => {
    const text = texts.get(fileName);
    return text === undefined
      ? readOriginal(fileName, language, onError, shouldCreate)
      : ts.createSourceFile(fileName, text, language);
  };
  const program = ts.createProgram({
    rootNames: roots.map((path) => `${ROOT}${path}`),
    options: { ...options, noEmit: true },
    host,
  });
  const rejected = new Map<string, string[]>();
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file?.fileName.slice(ROOT.length) ?? '(no file)';
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    rejected.set(file, [...(rejected.get(file) ?? []), message]);
  }
  return rejected;
}

describe('adding a kind: the compiler experiment', () => {
  it('rejects a table entry without its types member, and a member without its entry', () => {
    const entryOnly = compile(['src/snapshot/types.ts'], [tableWithNewKinds()]);
    const memberOnly = compile(['src/snapshot/types.ts'], typesWithNewKinds());
    // The three checks of KindTableMatchesSnapshot: regional lists, regional records, IAM lists.
    const unmet = Array(3).fill("Type 'false' does not satisfy the constraint 'true'.");
    expect(Object.fromEntries(entryOnly)).toEqual({ 'src/snapshot/types/snapshot.ts': unmet });
    expect(Object.fromEntries(memberOnly)).toEqual({ 'src/snapshot/types/snapshot.ts': unmet });
  }, 120_000);

  it('with both, rejects only the collector registry: every other file derives its kinds', () => {
    // Everything a contributor edits besides tests: sources, rules, tooling, shared test support.
    const roots = trackedTypeScript().filter(
      (path) => !path.endsWith('.test.ts') && /^(src|rules|scripts|bench|test\/support)\//.test(path),
    );
    const rejected = compile(roots, [tableWithNewKinds(), ...typesWithNewKinds()]);
    expect([...rejected.keys()]).toEqual([REGISTRY]);
    const messages = rejected.get(REGISTRY)!.join('\n');
    for (const kind of ['exampleThings', 'exampleSetting', 'exampleDetails', 'iamExamples']) {
      expect(messages).toMatch(new RegExp(`\\b${kind}\\b`));
    }
  }, 600_000);
});

/** Kind names a node lists directly: its elements, its keys, or (for a table) its entries' values. */
function namesListedBy(node: ts.Node): Set<string> {
  const names = new Set<string>();
  const add = (expression: ts.Node | undefined): void => {
    if (expression === undefined) return;
    if (ts.isStringLiteralLike(expression)) names.add(expression.text);
    else if (ts.isIdentifier(expression) || ts.isPrivateIdentifier(expression)) names.add(expression.text);
    else if (ts.isLiteralTypeNode(expression)) add(expression.literal);
    else if (ts.isComputedPropertyName(expression)) add(expression.expression);
  };
  if (ts.isArrayLiteralExpression(node)) {
    for (const element of node.elements) {
      if (ts.isObjectLiteralExpression(element)) {
        for (const property of element.properties) {
          if (ts.isPropertyAssignment(property)) add(property.initializer);
        }
      } else add(element);
    }
  } else if (
    ts.isObjectLiteralExpression(node) ||
    ts.isTypeLiteralNode(node) ||
    ts.isInterfaceDeclaration(node)
  ) {
    for (const member of ts.isObjectLiteralExpression(node) ? node.properties : node.members)
      add(member.name);
  } else if (ts.isUnionTypeNode(node)) {
    for (const member of node.types) add(member);
  } else if (ts.isCaseBlock(node)) {
    for (const clause of node.clauses) if (ts.isCaseClause(clause)) add(clause.expression);
  }
  return names;
}

/** Every place in one file that lists all of one of the kind sets. */
function handKeptKindLists(path: string): string[] {
  const text = readFileSync(`${ROOT}${path}`, 'utf8');
  if (!REGIONAL_LIST_KINDS.every((kind) => text.includes(kind))) return [];
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const sets: [string, readonly string[]][] = [
    ['every kind', ALL_KINDS],
    ['every regional kind', REGIONAL_KINDS],
    ['every regional list', REGIONAL_LIST_KINDS],
  ];
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    const names = namesListedBy(node);
    const covered = sets.find(([, kinds]) => kinds.every((kind) => names.has(kind)));
    if (covered) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      found.push(`${path}:${line + 1} lists ${covered[0]}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('adding a kind: no hand-kept list of kinds outside the table', () => {
  it('the scan finds the table and the registry, so it would find another list', () => {
    expect(handKeptKindLists(KIND_TABLE).join('\n')).toMatch(/kinds\.ts:\d+ lists every regional kind/);
    expect(handKeptKindLists(REGISTRY).join('\n')).toMatch(/index\.ts:\d+ lists every regional kind/);
  });

  it('no other TypeScript file lists every kind, every regional kind or every regional list', () => {
    const others = trackedTypeScript().filter((path) => path !== KIND_TABLE && path !== REGISTRY);
    expect(others.flatMap(handKeptKindLists)).toEqual([]);
  });
});

describe('adding a kind: the table, the registry, the blank parts and the schema agree', () => {
  it('has one collector per kind, of the kind and scope it is registered under', () => {
    expect(Object.keys(REGIONAL_COLLECTORS)).toEqual([...REGIONAL_KINDS]);
    for (const [kind, collector] of Object.entries(REGIONAL_COLLECTORS)) {
      expect([kind, collector.kind, collector.scope]).toEqual([kind, kind, 'regional']);
    }
    const global = globalCollectors();
    expect(Object.keys(global)).toEqual([...GLOBAL_KINDS]);
    for (const [kind, collector] of Object.entries(global)) {
      expect([kind, collector.kind, collector.scope]).toEqual([kind, kind, 'global']);
    }
  });

  it('gives every list kind an empty list in a blank region and IAM part, and nothing else', () => {
    const { region, availability, collection, ...lists } = blankRegion('eu-west-1');
    expect([region, availability, collection]).toEqual(['eu-west-1', 'enabled', {}]);
    expect(Object.keys(lists)).toEqual([...REGIONAL_LIST_KINDS]);
    expect(Object.values(lists).every((list) => Array.isArray(list) && list.length === 0)).toBe(true);
    const { collection: globalCollection, ...iam } = blankGlobal();
    expect(globalCollection).toEqual({});
    expect(Object.keys(iam)).toEqual([...GLOBAL_LIST_KEYS]);
    expect(GLOBAL_KIND_TABLE.map((entry) => entry.list)).toEqual(GLOBAL_LIST_KEYS);
  });

  it('names, for each kind that fills fields, optional fields of a list kind’s records', () => {
    type Node = Record<string, unknown>;
    const defs = snapshotSchema().$defs as Record<string, Node>;
    const regionProps = defs.RegionSnapshot!.properties as Record<string, Node>;
    const recordOf = (list: string): Node => {
      const ref = (regionProps[list]!.items as Node).$ref as string;
      return defs[ref.replace('#/$defs/', '')]!;
    };
    const fillers = REGIONAL_KIND_TABLE.filter((entry) => entry.holds === 'fields');
    expect(fillers.map((entry) => entry.kind)).toEqual([
      'vpcAttributes',
      'dhcpOptions',
      'instanceProfileAssociations',
      'instanceUserData',
    ]);
    for (const entry of fillers) {
      expect(REGIONAL_LIST_KINDS).toContain(entry.of);
      const record = recordOf(entry.of);
      for (const field of entry.fields) {
        expect(Object.keys(record.properties as Node)).toContain(field);
        expect(record.required as string[]).not.toContain(field);
      }
    }
  });

  it('keeps the CONTRIBUTING list at six files, naming every file the compiler demands', () => {
    const contributing = readFileSync(`${ROOT}CONTRIBUTING.md`, 'utf8');
    const section = contributing.slice(contributing.indexOf('## Adding a collector'));
    const lines = section.slice(section.indexOf('A new kind touches these files')).split('\n');
    const start = lines.findIndex((line) => /^1\. /.test(line));
    const end = lines.findIndex((line, i) => i > start && line === '');
    const list = lines.slice(start, end).join('\n');
    const items = list.split('\n').filter((line) => /^\d+\. /.test(line));
    expect(start).toBeGreaterThan(0);
    expect(items.length).toBeLessThanOrEqual(6);
    expect(list).toContain(KIND_TABLE);
    expect(list).toContain('src/snapshot/types/<service>.ts');
    expect(list).toContain(REGISTRY);
  });
});
