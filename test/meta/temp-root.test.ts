// The run's temp root (test/support/temp-root.ts): tests, and the children they start, write under
// it, and a root whose run died is removed by the next run.
import { spawn } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runBuiltScript, tempDir } from '../support/cli.js';
import { removeStaleTempRoots, TEMP_ROOT_ENV, TEMP_ROOT_PREFIX } from '../support/temp-root.js';

const root = process.env[TEMP_ROOT_ENV];

describe('the run temp root', () => {
  it('is where tmpdir() points during the run, and tempDir() makes folders in it', async () => {
    expect(root).toBeDefined();
    expect(tmpdir()).toBe(root);
    expect(dirname(await tempDir('aws-audit-root-'))).toBe(root);
  });

  it('is the temp folder of a child started with runBuiltScript', async () => {
    const dir = await tempDir('aws-audit-root-child-');
    const script = join(dir, 'print-tmpdir.mjs');
    await writeFile(script, "import { tmpdir } from 'node:os';\nprocess.stdout.write(tmpdir());\n");
    const run = await runBuiltScript(script, []);
    expect(run).toMatchObject({ code: 0, stdout: root });
  });
});

describe('removeStaleTempRoots', () => {
  it('removes the roots of runs whose process is gone and keeps live ones and other folders', async () => {
    const base = await tempDir('aws-audit-root-base-');
    const names = [
      `${TEMP_ROOT_PREFIX}111-dead`,
      `${TEMP_ROOT_PREFIX}222-live`,
      'aws-audit-test-abc',
      'jest_0',
    ];
    for (const name of names) await mkdir(join(base, name, 'inner'), { recursive: true });
    const removed = await removeStaleTempRoots(base, (pid) => pid === 222);
    expect(removed).toEqual([`${TEMP_ROOT_PREFIX}111-dead`]);
    expect((await readdir(base)).sort()).toEqual([
      `${TEMP_ROOT_PREFIX}222-live`,
      'aws-audit-test-abc',
      'jest_0',
    ]);
  });

  it('tells a live process from an ended one by default', async () => {
    const ended = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => ended.once('exit', resolve));
    const base = await tempDir('aws-audit-root-base-');
    const live = `${TEMP_ROOT_PREFIX}${process.pid}-this-run`;
    const dead = `${TEMP_ROOT_PREFIX}${ended.pid}-ended`;
    await Promise.all([mkdir(join(base, live)), mkdir(join(base, dead))]);
    expect(await removeStaleTempRoots(base)).toEqual([dead]);
    expect(await readdir(base)).toEqual([live]);
  });
});
