// The rule discipline, enforced (ESLint's checkRuleFiles, style.md): every rule file has its doc
// page with the fixed headings, its test, a registry entry, an id equal to its file name; the
// generated rules/README.md is current.
import { readFile, readdir } from 'node:fs/promises';
import { ruleRegistry } from '../../rules/index.js';
import { renderRulesReadme, withRuleHeader } from '../../scripts/generate-rules-readme.js';
import {
  RULE_SERVICES_FILE,
  currentRuleIndex,
  registeredIds,
  registryOrder,
  renderRuleIndex,
  renderRuleServices,
} from '../../scripts/rule-index.js';
import { ruleServices } from '../../src/engine/select-rules.js';
import { RULE_SERVICES } from '../../src/generated/rule-services.js';
import { validateRuleMeta } from '../support/rule-meta.js';

const RULES_DIR = new URL('../../rules/', import.meta.url);
const REQUIRED_HEADINGS = [
  'What it checks',
  'Not modelled',
  'Why it matters',
  'Remediation',
  'Examples',
  'Permissions',
  'References',
];

async function ruleFileIds(): Promise<string[]> {
  const files = await readdir(RULES_DIR);
  return files
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'index.ts')
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
}

describe('rule pack discipline', () => {
  it('registers every rule file exactly once, with its id equal to the file name', async () => {
    const ids = await ruleFileIds();
    const registered = ruleRegistry.map((rule) => rule.meta.id);
    expect([...registered].sort()).toEqual(ids);
    expect(new Set(registered).size).toBe(registered.length);
  });

  it('gives every rule a doc page with the fixed headings and a test file', async () => {
    const files = new Set(await readdir(RULES_DIR));
    for (const { meta } of ruleRegistry) {
      expect({ id: meta.id, test: files.has(`${meta.id}.test.ts`) }).toEqual({ id: meta.id, test: true });
      expect({ id: meta.id, doc: files.has(`${meta.id}.md`) }).toEqual({ id: meta.id, doc: true });
      const doc = await readFile(new URL(`${meta.id}.md`, RULES_DIR), 'utf8');
      expect(doc.startsWith(`# ${meta.id}\n`)).toBe(true);
      const headings = [...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
      expect({ id: meta.id, headings }).toEqual({ id: meta.id, headings: REQUIRED_HEADINGS });
    }
  });

  it('has valid metadata for every rule', () => {
    for (const { meta } of ruleRegistry)
      expect({ id: meta.id, problems: validateRuleMeta(meta) }).toEqual({ id: meta.id, problems: [] });
  });

  it("keeps each rule page's severity, resource, requires and permissions generated from metadata (run `npm run rules:docs`)", async () => {
    for (const rule of ruleRegistry) {
      const page = await readFile(new URL(`${rule.meta.id}.md`, RULES_DIR), 'utf8');
      expect({ id: rule.meta.id, page }).toEqual({ id: rule.meta.id, page: withRuleHeader(page, rule) });
    }
  });

  it('keeps rules/index.ts generated from the rule files (run `npm run rules:docs`)', async () => {
    const committed = await readFile(new URL('index.ts', RULES_DIR), 'utf8');
    expect(committed).toBe(await currentRuleIndex());
  });

  it(`keeps ${RULE_SERVICES_FILE} (what --services offers) the registry's services (run \`npm run rules:docs\`)`, async () => {
    expect(RULE_SERVICES).toEqual(ruleServices(ruleRegistry));
    const committed = await readFile(new URL(`../../${RULE_SERVICES_FILE}`, import.meta.url), 'utf8');
    expect(committed).toBe(renderRuleServices(ruleServices(ruleRegistry)));
  });

  it('registers a new rule file by appending it, so existing reports keep their order', () => {
    const current = ruleRegistry.map((rule) => rule.meta.id);
    const files = [...current, 'ec2-new-rule-example'].sort();
    const order = registryOrder(files, current);
    expect(order).toEqual([...current, 'ec2-new-rule-example']);
    // A deleted rule's file drops out; the registry round-trips through its own text.
    expect(registryOrder(files.slice(1), current)).not.toContain(files[0]);
    expect(registeredIds(renderRuleIndex(order))).toEqual(order);
  });

  it('keeps rules/README.md generated from metadata (run `npm run rules:docs`)', async () => {
    const committed = await readFile(new URL('README.md', RULES_DIR), 'utf8');
    expect(committed).toBe(renderRulesReadme(ruleRegistry));
  });
});
