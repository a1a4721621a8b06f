// Only read-only operations are ever sent (design.md "Collection"): every SDK Command class and
// paginator the code under src/ imports is enumerated from the sources and checked against
// Describe/List/Get/GenerateCredentialReport. A new import of, say, `RunInstancesCommand` fails here.
import { describe, expect, it } from '@jest/globals';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { REGIONAL_COLLECTORS, globalCollectors } from '../../src/collect/collectors/index.js';
import { actionsFor } from '../../src/collect/permissions.js';
import { ALL_KINDS } from '../../src/snapshot/types.js';

const READ_ONLY = /^(Describe|List|Get)[A-Z]\w*$|^GenerateCredentialReport$/;

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sourceFiles(path)));
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/** Names imported from any `@aws-sdk/client-*` package, per file. */
function sdkImports(text: string): string[] {
  const names: string[] = [];
  for (const match of text.matchAll(
    /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'@aws-sdk\/client-[a-z0-9-]+'/g,
  )) {
    for (const raw of (match[1] ?? '').split(',')) {
      const name = raw
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)[0]!
        .trim();
      if (name) names.push(name);
    }
  }
  return names;
}

/** `DescribeVpcsCommand` → `DescribeVpcs`, `paginateListUsers` → `ListUsers`; other names → undefined. */
function operationOf(name: string): string | undefined {
  if (/^[A-Z]\w*Command$/.test(name)) return name.replace(/Command$/, '');
  if (/^paginate[A-Z]\w*$/.test(name)) return name.replace(/^paginate/, '');
  return undefined;
}

describe('read-only allowlist', () => {
  it('every SDK command and paginator imported under src/ is a Describe/List/Get/GenerateCredentialReport', async () => {
    const operations = new Map<string, string>();
    for (const file of await sourceFiles(join(process.cwd(), 'src'))) {
      for (const name of sdkImports(await readFile(file, 'utf8'))) {
        const operation = operationOf(name);
        if (operation) operations.set(operation, file);
      }
    }
    // The scan found the collectors' imports (guards against the regex silently matching nothing).
    expect(operations.has('DescribeVpcs')).toBe(true);
    expect(operations.has('GetAccountAuthorizationDetails')).toBe(true);
    const offenders = [...operations].filter(([operation]) => !READ_ONLY.test(operation));
    expect(offenders).toEqual([]);
  });

  it('no source sends a command through a dynamic import or by string name', async () => {
    for (const file of await sourceFiles(join(process.cwd(), 'src'))) {
      const text = await readFile(file, 'utf8');
      expect([file, /import\(\s*['"]@aws-sdk\/client-/.test(text)]).toEqual([file, false]);
    }
  });

  it('every collector permission is a read-only action and the policy covers every operation sent', () => {
    const collectors = [...Object.values(REGIONAL_COLLECTORS), ...Object.values(globalCollectors())];
    for (const collector of collectors) {
      for (const permission of collector.permissions) expect(permission.split(':')[1]).toMatch(READ_ONLY);
      for (const operation of collector.operations) {
        expect(collector.permissions).toContain(`${collector.service}:${operation}`);
      }
    }
    expect(actionsFor(ALL_KINDS)).toContain('ec2:DescribeRegions');
  });
});
