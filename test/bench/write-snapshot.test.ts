import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSnapshot, scalePlan } from '../../bench/generate.js';
import { readSnapshotFile } from '../../src/snapshot/io.js';

// The built script, as `npm test` builds before Jest runs.
const SCRIPT = join(process.cwd(), 'dist/bench/write-snapshot.js');

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT, ...args], (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('npm run bench:snapshot', () => {
  it('writes the seeded synthetic account as a valid snapshot file', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'aws-audit-bench-')), 'two.json');
    const { code, stdout } = await run(['small', file, '--accounts', '2', '--seed', '3']);
    expect(code).toBe(0);
    expect(stdout).toBe(`${file}: 560 resources, written in ${/\d+\.\d/.exec(stdout)?.[0] ?? '?'} s\n`);
    expect(await readSnapshotFile(file)).toEqual(generateSnapshot({ ...scalePlan('small'), accounts: 2 }, 3));
  });

  it('names a bad scale or flag and exits 2', async () => {
    expect(await run(['tiny', 'x.json'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('SCALE must be one of small, large, 10k, 100k, huge') as unknown,
    });
    expect(await run(['small', 'x.json', '--seed', '-1'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--seed needs a positive integer, got -1') as unknown,
    });
  });
});
