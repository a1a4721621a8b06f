// .ci/run, run for real with bash against a fake `npm` on PATH: any failing step (an `npm ci`
// included, which `npm ci && npm start` under `set -e` would let pass) fails the run and stops it,
// and a stale dist/ is removed before anything is built.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tempDir } from '../support/cli.js';

/** Logs each call; fails the call named by FAIL as `<args>#<nth time>` (e.g. `ci#1`). */
const FAKE_NPM = `#!/usr/bin/env bash
echo "$*" >> "$NPM_LOG"
if [ "$1" = "--version" ]; then echo 11.0.0; exit 0; fi
n=$(grep -cxF -- "$*" "$NPM_LOG")
if [ "$*#$n" = "$FAIL" ]; then echo "fake npm: $* failed" >&2; exit 1; fi
exit 0
`;

interface CiRun {
  code: number;
  calls: string[];
  distLeft: boolean;
}

async function runCi(fail: string): Promise<CiRun> {
  const repo = await tempDir('aws-audit-ci-');
  await mkdir(join(repo, '.ci'));
  await copyFile(join(process.cwd(), '.ci/run'), join(repo, '.ci/run'));
  await mkdir(join(repo, 'dist/src'), { recursive: true });
  await writeFile(join(repo, 'dist/src/stale.js'), '// from an older build\n');
  const bin = join(repo, 'bin');
  await mkdir(bin);
  await writeFile(join(bin, 'npm'), FAKE_NPM);
  await chmod(join(bin, 'npm'), 0o755);
  const log = join(repo, 'npm.log');
  await writeFile(log, '');
  const code = await new Promise<number>((resolve) => {
    execFile(
      'bash',
      [join(repo, '.ci/run')],
      { env: { PATH: `${bin}:${process.env.PATH ?? ''}`, NPM_LOG: log, FAIL: fail } },
      (error) => resolve(error ? (typeof error.code === 'number' ? error.code : 1) : 0),
    );
  });
  const calls = (await readFile(log, 'utf8')).split('\n').filter((line) => line !== '');
  return { code, calls, distLeft: existsSync(join(repo, 'dist')) };
}

describe('.ci/run', () => {
  it("runs the README's two quick-start commands in order, after removing dist/, then the Node 22 smoke checks", async () => {
    const run = await runCi('');
    expect(run).toEqual({
      code: 0,
      calls: ['--version', 'ci', 'start', 'ci', 'test', 'run test:node22'],
      distLeft: false,
    });
  });

  it.each([
    ['the first npm ci', 'ci#1', ['--version', 'ci']],
    ['npm start', 'start#1', ['--version', 'ci', 'start']],
    ['the second npm ci', 'ci#2', ['--version', 'ci', 'start', 'ci']],
    ['npm test', 'test#1', ['--version', 'ci', 'start', 'ci', 'test']],
    [
      'npm run test:node22',
      'run test:node22#1',
      ['--version', 'ci', 'start', 'ci', 'test', 'run test:node22'],
    ],
  ])('fails, and stops, when %s fails', async (_name, fail, calls) => {
    const run = await runCi(fail);
    expect([run.code === 0 ? 'passed' : 'failed', run.calls]).toEqual(['failed', calls]);
  });
});
