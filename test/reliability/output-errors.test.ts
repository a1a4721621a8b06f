// Output that cannot be written, through the built binary: one line naming the path, exit 2, no
// stack, no temp file, and the earlier report byte-identical. Tests may run as root, which chmod
// does not stop, so read-only and full disks are injected with the fs fault hook (errno as the
// kernel gives it), and path shapes (a file where a directory should be) are real.
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runBuiltCli, tempDir } from '../support/cli.js';
import { directoryBytes } from './support/child.js';
import { fsFaultEnv, type FsFault } from './support/fs-fault-hook.js';

const DEMO = 'examples/demo-account.json';

function scanArgs(outDir: string): string[] {
  return ['scan', '--snapshot', DEMO, '--out-dir', outDir, '--format', 'json,console'];
}

function expectOneLineError(result: { code: number; stdout: string; stderr: string }, line: string): void {
  expect(result).toEqual({ code: 2, stdout: '', stderr: `aws-audit: ${line}\n` });
}

async function expectNoTempFiles(dir: string): Promise<void> {
  expect((await readdir(dir)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
}

describe('output directory shapes', () => {
  it('creates a missing output directory, nested', async () => {
    const out = join(await tempDir(), 'a', 'b', 'reports');
    const result = await runBuiltCli(scanArgs(out));
    expect(result.code).toBe(0);
    expect(await readdir(out)).toContain('aws-audit-report.json');
  });

  it('an output directory that is a file', async () => {
    const dir = await tempDir();
    const out = join(dir, 'reports');
    await writeFile(out, 'not a directory\n');
    expectOneLineError(
      await runBuiltCli(scanArgs(out)),
      `cannot create output directory ${out}: a file with that name exists and is not a directory`,
    );
    expect(await readFile(out, 'utf8')).toBe('not a directory\n');
  });

  it('an output directory whose parent is a file (ENOTDIR)', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'file'), '');
    const out = join(dir, 'file', 'reports');
    expectOneLineError(
      await runBuiltCli(scanArgs(out)),
      `cannot create output directory ${out}: a path component is not a directory`,
    );
    expect(await readdir(dir)).toEqual(['file']);
  });

  it('an output directory on a special file system that refuses new folders (/proc): no hang', async () => {
    // Node 20's mkdir({ recursive: true }) loops forever on /proc/nope; the CLI must not.
    const result = await runBuiltCli(scanArgs('/proc/nope/reports'), {}, { timeoutMs: 20_000 });
    expectOneLineError(
      result,
      'cannot create output directory /proc/nope/reports: /proc does not accept new folders (no such file or directory)',
    );
  }, 30_000);

  it('a report name taken by a directory (EISDIR): no temp file, no report of the failed run left', async () => {
    const out = await tempDir();
    await mkdir(join(out, 'aws-audit-report.json'));
    const target = join(out, 'aws-audit-report.json');
    expectOneLineError(await runBuiltCli(scanArgs(out)), `cannot write ${target}: is a directory`);
    await expectNoTempFiles(out);
    // The timestamped copy written before the stable name failed is removed again: a run that
    // exits 2 leaves nothing a later step could take for its result.
    expect(await readdir(out)).toEqual(['aws-audit-report.json']);
  });
});

describe.each<[string, FsFault, (out: string) => RegExp]>([
  [
    'a full disk (ENOSPC while writing, half the bytes on disk)',
    { fail: { op: 'write', code: 'ENOSPC' } },
    (out) =>
      new RegExp(`^cannot write ${out}/aws-audit-report-\\d{8}T\\d{6}Z\\.json: no space left on device$`),
  ],
  [
    'a read-only file system (EROFS creating the temp file)',
    { fail: { op: 'open', code: 'EROFS' } },
    (out) =>
      new RegExp(`^cannot write ${out}/aws-audit-report-\\d{8}T\\d{6}Z\\.json: read-only file system$`),
  ],
  [
    'a directory the user may not write (EACCES creating the temp file)',
    { fail: { op: 'open', code: 'EACCES' } },
    (out) => new RegExp(`^cannot write ${out}/aws-audit-report-\\d{8}T\\d{6}Z\\.json: permission denied$`),
  ],
  [
    'a rename refused by the file system (EIO)',
    { fail: { op: 'rename', code: 'EIO' } },
    (out) => new RegExp(`^cannot write ${out}/aws-audit-report-\\d{8}T\\d{6}Z\\.json: EIO: injected fault`),
  ],
])('%s', (_name, fault, message) => {
  it('one line naming the file, exit 2, no temp file, earlier reports byte-identical', async () => {
    const out = await tempDir('aws-audit-out-');
    expect((await runBuiltCli(scanArgs(out))).code).toBe(0);
    const before = await directoryBytes(out);
    const result = await runBuiltCli(scanArgs(out), await fsFaultEnv(await tempDir(), fault));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    const lines = result.stderr.split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.replace(/^aws-audit: /, '')).toMatch(message(out));
    await expectNoTempFiles(out);
    expect(await directoryBytes(out)).toEqual(before);
  });
});

describe('an output directory that cannot be created (EACCES from mkdir)', () => {
  it('one line naming the directory, exit 2, nothing created', async () => {
    const dir = await tempDir();
    const out = join(dir, 'reports');
    const result = await runBuiltCli(
      scanArgs(out),
      await fsFaultEnv(await tempDir(), { fail: { op: 'mkdir', code: 'EACCES' } }),
    );
    expectOneLineError(result, `cannot create output directory ${out}: permission denied`);
    expect(await readdir(dir)).toEqual([]);
  });
});
