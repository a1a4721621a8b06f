// The built binary, as a user runs it: `npm test` builds before running the tests.
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { reportProblem } from '../../src/report/validate-report.js';
import { BUILT_CLI, runBuiltCli, tempDir } from '../support/cli.js';

beforeAll(async () => {
  await access(BUILT_CLI).catch(() => {
    throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` (npm test does it first)`);
  });
});

describe('dist/src/cli/main.js', () => {
  it('scans the demo account and writes a schema-valid report', async () => {
    const out = await tempDir();
    const result = await runBuiltCli(['scan', '--snapshot', 'examples/demo-account.json', '--out-dir', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Failing by severity');
    expect(
      reportProblem(JSON.parse(await readFile(join(out, 'aws-audit-report.json'), 'utf8'))),
    ).toBeUndefined();
  });

  it('exits 2 with one line for a missing snapshot', async () => {
    const result = await runBuiltCli(['scan', '--snapshot', 'missing.json', '--out-dir', await tempDir()]);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'aws-audit: cannot read snapshot missing.json: no such file or directory\n',
    });
  });
});
