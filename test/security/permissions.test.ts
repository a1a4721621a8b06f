// Snapshots and reports inventory an account: owner-only files (0600) and created directories
// (0700), whatever the umask and whatever mode an earlier file had (README "Security").
import { chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildDemoSnapshot } from '../../scripts/demo-account.js';
import { writeSnapshotFile } from '../../src/snapshot/io.js';
import { ensureDirectory, writeFileAtomic } from '../../src/util/atomic-file.js';
import { listFiles, runCli, tempDir } from '../support/cli.js';

const DEMO = 'examples/demo-account.json';

async function modeOf(path: string): Promise<number> {
  return (await stat(path)).mode & 0o777;
}

let savedUmask: number;
beforeAll(() => {
  // The most permissive umask: the modes must come from the code, not from the environment.
  savedUmask = process.umask(0);
});
afterAll(() => {
  process.umask(savedUmask);
});

describe('owner-only permissions', () => {
  it('reports are 0600 and every directory the scan creates is 0700', async () => {
    const root = await tempDir();
    const out = join(root, 'nightly', '2026', 'reports');
    const result = await runCli(['scan', '--snapshot', DEMO, '--out-dir', out, '--format', 'json']);
    expect(result.code).toBe(0);
    for (const dir of [join(root, 'nightly'), join(root, 'nightly', '2026'), out]) {
      expect([dir, await modeOf(dir)]).toEqual([dir, 0o700]);
    }
    const files = await listFiles(out);
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) expect([file, await modeOf(join(out, file))]).toEqual([file, 0o600]);
  });

  it('a report replacing a world-readable one is 0600', async () => {
    const out = await tempDir();
    const stable = join(out, 'aws-audit-report.json');
    await writeFile(stable, '{}\n', { mode: 0o644 });
    await chmod(stable, 0o644);
    expect((await runCli(['scan', '--snapshot', DEMO, '--out-dir', out, '--format', 'json'])).code).toBe(0);
    expect(await modeOf(stable)).toBe(0o600);
  });

  it('the snapshot writer creates 0600 files and replaces a world-readable snapshot with a 0600 one', async () => {
    const dir = await tempDir();
    const fresh = join(dir, 'fresh.json');
    await writeSnapshotFile(fresh, buildDemoSnapshot());
    expect(await modeOf(fresh)).toBe(0o600);
    const existing = join(dir, 'existing.json');
    await writeFile(existing, '{}\n');
    await chmod(existing, 0o644);
    await writeSnapshotFile(existing, buildDemoSnapshot());
    expect(await modeOf(existing)).toBe(0o600);
  });

  it('ensureDirectory creates 0700 directories and leaves an existing directory as its owner set it', async () => {
    const root = await tempDir();
    await ensureDirectory(join(root, 'x', 'y'));
    expect(await modeOf(join(root, 'x'))).toBe(0o700);
    expect(await modeOf(join(root, 'x', 'y'))).toBe(0o700);
    const shared = join(root, 'shared');
    await mkdir(shared, { mode: 0o755 });
    await ensureDirectory(shared);
    expect(await modeOf(shared)).toBe(0o755);
  });

  it('writeFileAtomic defaults to 0600', async () => {
    const dir = await tempDir();
    await writeFileAtomic(join(dir, 'a.json'), '{}');
    expect(await modeOf(join(dir, 'a.json'))).toBe(0o600);
  });
});
