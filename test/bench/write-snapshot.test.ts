import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSnapshot, scalePlan } from '../../bench/generate.js';
import { readSnapshotFile } from '../../src/snapshot/io.js';
import { runBuiltScript, type CliRun } from '../support/cli.js';

// The built script, as `npm test` builds before Jest runs.
const SCRIPT = join(process.cwd(), 'dist/bench/write-snapshot.js');

const run = (args: string[]): Promise<CliRun> => runBuiltScript(SCRIPT, args);

describe('npm run bench:snapshot', () => {
  it('writes the seeded synthetic account as a valid snapshot file', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'aws-audit-bench-')), 'two.json');
    const { code, stdout } = await run(['small', file, '--accounts', '2', '--seed', '3']);
    expect(code).toBe(0);
    expect(stdout).toBe(`${file}: 586 resources, written in ${/\d+\.\d/.exec(stdout)?.[0] ?? '?'} s\n`);
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
