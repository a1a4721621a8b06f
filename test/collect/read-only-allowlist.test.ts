// Only read-only operations are ever sent (design.md "Collection"): every SDK Command class and
// paginator the code under src/ imports is enumerated from the sources and checked against
// Describe/List/Get/GenerateCredentialReport. A new import of, say, `RunInstancesCommand` fails here.
// The one exception is named: `aws-audit publish` (src/publish, its own permissions printed by
// `aws-audit policy --publish`) may send Security Hub's BatchImportFindings and BatchUpdateFindings,
// and only from src/publish.
import { describe, expect, it } from '@jest/globals';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { REGIONAL_COLLECTORS, globalCollectors } from '../../src/collect/collectors/index.js';
import { actionsFor } from '../../src/collect/permissions.js';
import { ALL_KINDS } from '../../src/snapshot/types.js';

const READ_ONLY = /^(Describe|List|Get)[A-Z]\w*$|^GenerateCredentialReport$/;
/** The write operations `publish` may send, by name, and the only folder allowed to send them. */
const PUBLISH_WRITES = new Set(['BatchImportFindings', 'BatchUpdateFindings']);
const PUBLISH_DIR = join('src', 'publish');

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sourceFiles(path)));
    else if (entry.name.endsWith('.ts')) out.push(path);
  }
  return out;
}

/**
 * Every SDK command class and paginator a file names, however it gets them: a static import, a
 * lazily loaded client package (`await import('@aws-sdk/client-ec2')`, start-up), a package loaded
 * through src/collect/sdk.ts (`const { DescribeVpcsCommand } = ec2Sdk()`), or a name in a string.
 * Any file that mentions an `@aws-sdk/client-*` package or calls an sdk.ts getter is read whole, so
 * a write cannot hide behind a dynamic import or a `require`.
 */
function sdkImports(text: string): string[] {
  if (!text.includes('@aws-sdk/client-') && !/\b[a-z0-9]+Sdk\(\)/i.test(text)) return [];
  return [...text.matchAll(/\b([A-Z][A-Za-z0-9]*Command|paginate[A-Z][A-Za-z0-9]*)\b/g)].map((m) => m[1]!);
}

/** `DescribeVpcsCommand` → `DescribeVpcs`, `paginateListUsers` → `ListUsers`; other names → undefined. */
function operationOf(name: string): string | undefined {
  if (/^[A-Z]\w*Command$/.test(name)) return name.replace(/Command$/, '');
  if (/^paginate[A-Z]\w*$/.test(name)) return name.replace(/^paginate/, '');
  return undefined;
}

/** (operation, file) pairs that are neither read-only nor a publish write sent from src/publish. */
function offenders(operations: [string, string][]): [string, string][] {
  return operations.filter(
    ([operation, file]) =>
      !READ_ONLY.test(operation) && !(PUBLISH_WRITES.has(operation) && file.includes(`${PUBLISH_DIR}/`)),
  );
}

describe('read-only allowlist', () => {
  it('lets publish send its two named writes, and nothing else writes anywhere', () => {
    const publish = join(process.cwd(), 'src', 'publish', 'security-hub.ts');
    const collect = join(process.cwd(), 'src', 'collect', 'collectors', 'x.ts');
    expect(offenders([['BatchImportFindings', publish]])).toEqual([]);
    expect(offenders([['BatchUpdateFindings', publish]])).toEqual([]);
    // Another write from publish, or a publish write from elsewhere, is an offender.
    expect(offenders([['DeleteInsight', publish]])).toHaveLength(1);
    expect(offenders([['UpdateFindings', publish]])).toHaveLength(1);
    expect(offenders([['BatchImportFindings', collect]])).toHaveLength(1);
    expect(offenders([['RunInstances', collect]])).toHaveLength(1);
  });

  it('every SDK command and paginator imported under src/ is a Describe/List/Get/GenerateCredentialReport, or a publish write in src/publish', async () => {
    const operations: [string, string][] = [];
    for (const file of await sourceFiles(join(process.cwd(), 'src'))) {
      for (const name of sdkImports(await readFile(file, 'utf8'))) {
        const operation = operationOf(name);
        if (operation) operations.push([operation, file]);
      }
    }
    // The scan found the collectors' and publish's imports (guards against the regex silently
    // matching nothing).
    const names = new Set(operations.map(([operation]) => operation));
    expect(names.has('DescribeVpcs')).toBe(true);
    expect(names.has('GetAccountAuthorizationDetails')).toBe(true);
    expect(names.has('BatchImportFindings')).toBe(true);
    expect(offenders(operations)).toEqual([]);
  });

  it('sees commands that arrive through a dynamic import, sdk.ts or by string name', () => {
    const lazy = "const { EC2Client, RunInstancesCommand } = await import('@aws-sdk/client-ec2');";
    expect(sdkImports(lazy).map(operationOf)).toContain('RunInstances');
    const byName = "import('@aws-sdk/client-ec2').then((m) => m['TerminateInstancesCommand']);";
    expect(sdkImports(byName).map(operationOf)).toContain('TerminateInstances');
    // Through src/collect/sdk.ts, with no `@aws-sdk/client-*` string in the file at all.
    const required = "import { ec2Sdk } from '../sdk.js';\nconst { CreateVpcCommand } = ec2Sdk();";
    expect(sdkImports(required).map(operationOf)).toContain('CreateVpc');
    // Output types and commander's own Command are not operations.
    expect(
      sdkImports("import type { DescribeVpcsCommandOutput } from '@aws-sdk/client-ec2'; new Command()"),
    ).toEqual([]);
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
