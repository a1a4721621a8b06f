// The GitHub Actions files: every workflow and action.yml pass action-validator (schema of
// workflows and actions), and the nightly scan keeps the properties that make it safe: OIDC only,
// no stored keys, SARIF uploaded only for a complete full-scope scan, one code scanning category
// per account, stable workflow and job ids, pinned actions, no install scripts and no persisted
// token beside the credentials, pipefail, no run of a cancelled night.
import { execFile } from 'node:child_process';
import { chmod, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { sarifCategory } from '../../src/report/sarif.js';
import { tempDir } from '../support/cli.js';

const ROOT = process.cwd();
const VALIDATOR = join(ROOT, 'node_modules/@action-validator/cli/cli.mjs');

type Yaml = Record<string, unknown>;
interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Job {
  name?: string;
  if?: string;
  needs?: string | string[];
  permissions?: Record<string, string>;
  strategy?: { 'fail-fast'?: boolean; matrix?: Record<string, unknown> };
  steps: Step[];
}

function validate(file: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [VALIDATOR, file], { cwd: ROOT }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

async function workflowFiles(): Promise<string[]> {
  const names = await readdir(join(ROOT, '.github/workflows'));
  return names.filter((n) => /\.ya?ml$/.test(n)).map((n) => `.github/workflows/${n}`);
}

async function loadYaml(path: string): Promise<Yaml> {
  return parse(await readFile(join(ROOT, path), 'utf8')) as Yaml;
}

/** Every `with:` key anywhere in a document. */
function withKeys(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) withKeys(item, found);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node as Yaml)) {
      if (key === 'with' && value && typeof value === 'object') found.push(...Object.keys(value));
      withKeys(value, found);
    }
  }
  return found;
}

/**
 * Evaluates the small subset of GitHub expressions our `if:` conditions use (string literals,
 * `steps.*.outputs.*` and `inputs.*`, ==, !=, &&, ||, parentheses) with the given values, so the
 * upload gate is tested as behaviour rather than as text.
 */
function evaluateCondition(expression: string, values: Record<string, string>): boolean {
  const tokens =
    expression.replace(/\$\{\{|\}\}/g, '').match(/'[^']*'|==|!=|&&|\|\||[()]|[A-Za-z_][\w.-]*|\S/g) ?? [];
  let position = 0;
  const peek = (): string | undefined => tokens[position];
  const take = (): string => {
    const token = tokens[position++];
    if (token === undefined) throw new Error(`unexpected end of ${expression}`);
    return token;
  };
  const truthy = (value: string | boolean): boolean => value !== '' && value !== false;
  function primary(): string | boolean {
    const token = take();
    if (token === '(') {
      const value = or();
      if (take() !== ')') throw new Error(`missing ) in ${expression}`);
      return value;
    }
    if (token.startsWith("'")) return token.slice(1, -1);
    if (!(token in values)) throw new Error(`no value for ${token} in ${expression}`);
    return values[token]!;
  }
  function comparison(): string | boolean {
    const left = primary();
    if (peek() === '==' || peek() === '!=') {
      const equal = take() === '==';
      return (left === primary()) === equal;
    }
    return left;
  }
  function and(): string | boolean {
    let value = comparison();
    while (peek() === '&&') {
      take();
      const right = comparison();
      value = truthy(value) && truthy(right);
    }
    return value;
  }
  function or(): string | boolean {
    let value = and();
    while (peek() === '||') {
      take();
      const right = and();
      value = truthy(value) || truthy(right);
    }
    return value;
  }
  const result = or();
  if (position !== tokens.length) throw new Error(`unsupported expression: ${expression}`);
  return truthy(result);
}

describe('workflow and action files pass action-validator', () => {
  it('checks something: a broken workflow is rejected', async () => {
    const dir = await tempDir();
    const bad = join(dir, 'broken.yml');
    await writeFile(bad, 'name: x\non: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    stepz: []\n');
    const result = await validate(bad);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('stepz');
  });

  it.each([['action.yml']])('%s', async (file) => {
    const result = await validate(file);
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  it('every file in .github/workflows', async () => {
    const files = await workflowFiles();
    expect(files).toEqual(
      expect.arrayContaining(['.github/workflows/ci.yml', '.github/workflows/nightly-scan.yml']),
    );
    for (const file of files) {
      const result = await validate(file);
      expect({ file, output: result.output, code: result.code }).toEqual({ file, output: '', code: 0 });
    }
  });
});

describe('no stored AWS keys anywhere', () => {
  it.each(['action.yml', '.github/workflows/nightly-scan.yml', '.github/workflows/ci.yml'])(
    '%s',
    async (file) => {
      const text = await readFile(join(ROOT, file), 'utf8');
      const keys = withKeys(parse(text));
      expect(keys).not.toContain('aws-access-key-id');
      expect(keys).not.toContain('aws-secret-access-key');
      expect(keys).not.toContain('aws-session-token');
      expect(text).not.toMatch(/secrets\.AWS_|AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID/);
    },
  );
});

describe('nightly-scan.yml', () => {
  let workflow: Yaml;
  let jobs: Record<string, Job>;
  let action: Yaml;
  beforeAll(async () => {
    workflow = await loadYaml('.github/workflows/nightly-scan.yml');
    jobs = workflow.jobs as Record<string, Job>;
    action = await loadYaml('action.yml');
  });

  it('keeps its name and job ids: code scanning keys alerts on them (sarif-github.md)', () => {
    expect(workflow.name).toBe('nightly-scan');
    expect(Object.keys(jobs)).toEqual(['plan', 'scan', 'summary']);
  });

  it('runs nightly on a schedule and on demand', () => {
    const on = workflow.on as Yaml;
    expect((on.schedule as { cron: string }[])[0]?.cron).toMatch(/^\S+ \S+ \* \* \*$/);
    expect(on).toHaveProperty('workflow_dispatch');
  });

  it('grants nothing by default, and the scan job exactly OIDC, read, security-events and actions:read', () => {
    expect(workflow.permissions).toEqual({});
    expect(jobs.scan!.permissions).toEqual({
      'id-token': 'write',
      contents: 'read',
      'security-events': 'write',
      actions: 'read',
    });
    for (const id of ['plan', 'summary']) {
      expect(jobs[id]!.permissions).not.toHaveProperty('id-token');
      expect(jobs[id]!.permissions).not.toHaveProperty('security-events');
    }
  });

  it('runs one job per account, none cancelling the others', () => {
    const scan = jobs.scan!;
    expect(scan.needs).toBe('plan');
    expect(scan.strategy?.['fail-fast']).toBe(false);
    expect(scan.strategy?.matrix).toEqual({ account: '${{ fromJSON(needs.plan.outputs.accounts) }}' });
  });

  it('scans through the action with OIDC, per-account artifact and per-account SARIF category', () => {
    const audit = jobs.scan!.steps.find((step) => step.uses === './');
    expect(audit).toBeDefined();
    const inputs = audit!.with!;
    expect(inputs['role-to-assume']).toBe('${{ vars.AWS_AUDIT_ROLE_ARN }}');
    expect(inputs['upload-sarif']).toBe('true');
    expect(inputs['sarif-category']).toBe('aws-audit/${{ matrix.account }}');
    // The fallback category names what the SARIF writer puts in each run (upload-sarif appends '/').
    const account = '123456789012';
    expect(`${String(inputs['sarif-category']).replace('${{ matrix.account }}', account)}/`).toBe(
      sarifCategory(account),
    );
    expect(inputs['artifact-name']).toBe('aws-audit-${{ matrix.account }}');
    expect(String(inputs['account-role-arn'])).toContain('matrix.account');
    expect(inputs.baseline).toBe('previous-run');
    expect(inputs['baseline-run-id']).toBe('${{ needs.plan.outputs.previous-run }}');
    // A dispatch may narrow the regions; the variable stays the full scope (defect 1 of issue 21).
    expect(inputs.regions).toBe('${{ inputs.regions || vars.AWS_AUDIT_REGIONS }}');
    expect(inputs['full-scope-regions']).toBe('${{ vars.AWS_AUDIT_REGIONS }}');
    // Every input the workflow passes exists in action.yml.
    expect(Object.keys(action.inputs as Yaml)).toEqual(expect.arrayContaining(Object.keys(inputs)));
  });

  it('assumes the role with configure-aws-credentials (role-to-assume + aws-region), never keys', () => {
    const steps = (action.runs as { steps: Step[] }).steps;
    const credentials = steps.find((step) => step.uses?.startsWith('aws-actions/configure-aws-credentials@'));
    expect(credentials?.with).toEqual(
      expect.objectContaining({
        'role-to-assume': '${{ inputs.role-to-assume }}',
        'aws-region': '${{ inputs.aws-region }}',
      }),
    );
  });

  describe('the SARIF upload is gated on a complete, full-scope scan', () => {
    let upload: Step;
    beforeAll(() => {
      const steps = (action.runs as { steps: Step[] }).steps;
      const uploads = steps.filter((step) => step.id === 'upload-sarif');
      expect(uploads).toHaveLength(1);
      upload = uploads[0]!;
    });

    it('uploads each SARIF file run-scan.sh cleared, with its category, through upload-sarif.sh', () => {
      expect(upload.run).toBe('bash "$GITHUB_ACTION_PATH/docs/deploy/github/upload-sarif.sh"');
      expect(upload.env).toEqual({
        SARIF_DIR: '${{ steps.scan.outputs.sarif-report }}',
        SARIF_CATEGORY: '${{ inputs.sarif-category }}',
        GH_TOKEN: '${{ inputs.github-token }}',
      });
      expect(upload.if).not.toMatch(/always\(\)|failure\(\)|cancelled\(\)/);
    });

    // One account: run-scan.sh sets sarif-complete to the report's scan.complete.
    const single: [string, string, boolean][] = [
      ['true', '0', true],
      ['true', '1', true],
      ['true', '3', false],
      ['false', '3', false],
      ['false', '0', false],
      ['false', '1', false],
      ['false', '2', false],
      ['', '2', false],
      ['true', '70', false],
    ];
    it.each(single)('one account: complete=%p exit=%p → upload %p', (complete, exitCode, expected) => {
      const values = {
        'inputs.upload-sarif': 'true',
        'steps.scan.outputs.sarif-complete': complete,
        'steps.scan.outputs.per-account': 'false',
        'steps.scan.outputs.exit-code': exitCode,
        'steps.scan.outputs.sarif-report': 'reports/aws-audit-report.sarif',
      };
      expect(evaluateCondition(upload.if!, values)).toBe(expected);
    });

    // Fan-out: sarif-complete is true only when the gathered SARIF files all come from accounts
    // whose own report is complete; another account's failure (exit 3) does not hold them back.
    const fanOut: [string, string, string, boolean][] = [
      ['true', '0', 'reports/sarif-upload', true],
      ['true', '1', 'reports/sarif-upload', true],
      ['true', '3', 'reports/sarif-upload', true],
      ['false', '3', '', false],
      ['true', '2', 'reports/sarif-upload', false],
      ['true', '70', 'reports/sarif-upload', false],
    ];
    it.each(fanOut)(
      'fan-out: sarif-complete=%p exit=%p sarif=%p → upload %p',
      (ready, exitCode, sarif, expected) => {
        const values = {
          'inputs.upload-sarif': 'true',
          'steps.scan.outputs.sarif-complete': ready,
          'steps.scan.outputs.per-account': 'true',
          'steps.scan.outputs.exit-code': exitCode,
          'steps.scan.outputs.sarif-report': sarif,
        };
        expect(evaluateCondition(upload.if!, values)).toBe(expected);
      },
    );

    it('never uploads when upload-sarif is off or no SARIF was written', () => {
      const base = {
        'inputs.upload-sarif': 'true',
        'steps.scan.outputs.sarif-complete': 'true',
        'steps.scan.outputs.per-account': 'false',
        'steps.scan.outputs.exit-code': '0',
        'steps.scan.outputs.sarif-report': 'reports/aws-audit-report.sarif',
      };
      expect(evaluateCondition(upload.if!, { ...base, 'inputs.upload-sarif': 'false' })).toBe(false);
      expect(evaluateCondition(upload.if!, { ...base, 'steps.scan.outputs.sarif-report': '' })).toBe(false);
    });

    it('is followed by a verdict step that always runs on the scan outcome', () => {
      const steps = (action.runs as { steps: Step[] }).steps;
      const verdict = steps.at(-1)!;
      expect(verdict.name).toBe('Verdict');
      expect(verdict.if).toBeUndefined();
      expect(verdict.env).toEqual({
        EXIT_CODE: '${{ steps.scan.outputs.exit-code }}',
        COMPLETE: '${{ steps.scan.outputs.complete }}',
        FULL_SCOPE: '${{ steps.scan.outputs.full-scope }}',
        SARIF_UPLOADED: "${{ steps.upload-sarif.outcome == 'success' }}",
        PUBLISH_EXIT_CODE: '${{ steps.publish-security-hub.outputs.publish-exit-code }}',
      });
    });
  });

  it('publishes to Security Hub only when asked, under the publishing role of each account', () => {
    const steps = (action.runs as { steps: Step[] }).steps;
    const publish = steps.find((step) => step.id === 'publish-security-hub')!;
    expect(publish.run).toBe('bash "$GITHUB_ACTION_PATH/docs/deploy/github/publish-security-hub.sh"');
    expect(publish.if).toBe("inputs.publish-security-hub == 'true' && steps.scan.outputs.json-report != ''");
    expect(publish.env).toMatchObject({
      PUBLISH_ROLE_ARN: '${{ inputs.publish-role-arn }}',
      PUBLISH_ORG_ROLE_NAME: '${{ inputs.publish-org-role-name }}',
      PUBLISH_REGION: '${{ inputs.publish-region }}',
      EXIT_CODE: '${{ steps.scan.outputs.exit-code }}',
    });
    // After the scan, before the verdict that reads its exit code.
    const names = steps.map((step) => step.id ?? step.name);
    expect(names.indexOf('publish-security-hub')).toBeGreaterThan(names.indexOf('scan'));
    expect(names.indexOf('publish-security-hub')).toBe(names.length - 2);
    expect((action.inputs as Record<string, { default: string }>)['publish-security-hub']!.default).toBe(
      'false',
    );

    const inputs = jobs.scan!.steps.find((step) => step.uses === './')!.with!;
    expect(inputs['publish-security-hub']).toBe(
      "${{ (inputs.publish-security-hub || vars.AWS_AUDIT_PUBLISH_SECURITY_HUB == 'true') && 'true' || 'false' }}",
    );
    expect(String(inputs['publish-role-arn'])).toContain('vars.AWS_AUDIT_PUBLISH_ROLE_NAME');
    expect(String(inputs['publish-role-arn'])).toContain('matrix.account');
    const dispatch = (workflow.on as { workflow_dispatch: { inputs: Record<string, { type: string }> } })
      .workflow_dispatch.inputs;
    expect(dispatch['publish-security-hub']!.type).toBe('boolean');
    // No GitHub permission is added for it: the import uses AWS credentials only.
    expect(Object.keys(jobs.scan!.permissions!)).toHaveLength(4);
  });

  it('passes inputs to scripts only through env, never interpolated into run:', () => {
    const steps = [
      ...(action.runs as { steps: Step[] }).steps,
      ...Object.values(jobs).flatMap((job) => job.steps),
    ];
    for (const step of steps) if (step.run) expect(step.run).not.toMatch(/\$\{\{/);
  });

  it('the summary job merges every account report and expects every planned account', () => {
    const summary = jobs.summary!;
    expect(summary.needs).toEqual(['plan', 'scan']);
    const merge = summary.steps.find((step) => step.run?.includes(' merge '));
    expect(merge?.run).toContain('--expect-accounts');
    expect(merge?.env).toEqual({ ACCOUNTS: '${{ needs.plan.outputs.accounts }}' });
  });
});

/** Every step of the action and of each workflow's jobs, with where it is. */
async function allSteps(): Promise<{ file: string; step: Step }[]> {
  const found: { file: string; step: Step }[] = [];
  const action = await loadYaml('action.yml');
  for (const step of (action.runs as { steps: Step[] }).steps) found.push({ file: 'action.yml', step });
  for (const file of await workflowFiles()) {
    const jobs = (await loadYaml(file)).jobs as Record<string, Job>;
    for (const job of Object.values(jobs)) for (const step of job.steps) found.push({ file, step });
  }
  return found;
}

// Defect 3 of issue 21: the job that can mint AWS credentials ran install scripts, kept the
// checkout token, and followed movable tags.
describe('supply chain of the jobs that hold credentials (action.yml, nightly-scan.yml)', () => {
  const files = ['action.yml', '.github/workflows/nightly-scan.yml'];

  it.each(files)('%s pins every third-party action by commit SHA, the tag in a comment', async (file) => {
    const text = await readFile(join(ROOT, file), 'utf8');
    const uses = [...text.matchAll(/^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/gm)].filter(
      ([, ref]) => !ref!.startsWith('./'),
    );
    expect(uses.length).toBeGreaterThan(0);
    for (const [line, ref, comment] of uses) {
      expect({ line, pinned: /@[0-9a-f]{40}$/.test(ref!) }).toEqual({ line, pinned: true });
      expect({ line, tag: /^\s+# v\d+(\.\d+)*$/.test(comment!) }).toEqual({ line, tag: true });
    }
  });

  it.each(files)('%s installs with npm ci --ignore-scripts', async (file) => {
    const steps = (await allSteps()).filter((s) => s.file === file && s.step.run?.includes('npm '));
    expect(steps.length).toBeGreaterThan(0);
    for (const { step } of steps) {
      expect(step.run).toMatch(/npm ci --ignore-scripts/);
      expect(step.run).not.toMatch(/npm (install|i) /);
    }
  });

  it('every checkout keeps no token in .git/config (persist-credentials: false)', async () => {
    const checkouts = (await allSteps()).filter(
      (s) => s.file !== '.github/workflows/ci.yml' && s.step.uses?.startsWith('actions/checkout@'),
    );
    expect(checkouts.length).toBeGreaterThanOrEqual(3);
    for (const { step } of checkouts) expect(step.with?.['persist-credentials']).toBe(false);
  });

  it('the action names each member-account session after the run (CloudTrail tells runs apart)', async () => {
    const action = await loadYaml('action.yml');
    const scan = (action.runs as { steps: Step[] }).steps.find((step) => step.id === 'scan')!;
    expect(scan.env?.ROLE_SESSION_NAME).toBe('aws-audit-${{ github.run_id }}-${{ github.run_attempt }}');
  });
});

describe('re-runs and cancellations', () => {
  // Defect 7 of issue 21: upload-artifact v4+ answers 409 to a repeated name within a run.
  it('every artifact upload overwrites, so re-running a failed job still uploads', async () => {
    const uploads = (await allSteps()).filter(
      (s) => s.file !== '.github/workflows/ci.yml' && s.step.uses?.startsWith('actions/upload-artifact@'),
    );
    expect(uploads.length).toBeGreaterThanOrEqual(2);
    for (const { step } of uploads) expect(step.with?.overwrite).toBe(true);
  });

  // Defect 8 of issue 21: always() also runs on cancellation.
  it('nothing in the action or the nightly scan runs on always(); the summary skips a cancelled night', async () => {
    const onAlways = (await allSteps())
      .filter(({ file, step }) => file !== '.github/workflows/ci.yml' && /always\(\)/.test(step.if ?? ''))
      .map(({ file, step }) => `${file}: ${step.name ?? step.uses ?? step.run}`);
    expect(onAlways).toEqual([]);
    const jobs = (await loadYaml('.github/workflows/nightly-scan.yml')).jobs as Record<string, Job>;
    expect(jobs.summary!.if).toBe("${{ !cancelled() && needs.plan.result == 'success' }}");
    for (const job of Object.values(jobs)) expect(job.if ?? '').not.toMatch(/always\(\)/);
  });
});

// Defect 8 of issue 21: `merge … | tee` ran under `bash -e` without pipefail.
describe('nightly-scan.yml summary merge, run as GitHub would run it', () => {
  /** The command line GitHub uses for a `run:` step: `shell: bash` adds pipefail, the default not. */
  function shellFor(workflow: Yaml, step: Step): string[] {
    const shell = step.shell ?? (workflow.defaults as { run?: { shell?: string } } | undefined)?.run?.shell;
    return shell === 'bash' ? ['--noprofile', '--norc', '-eo', 'pipefail'] : ['-e'];
  }

  it('fails the step when merge fails, even though its output goes through tee', async () => {
    const workflow = await loadYaml('.github/workflows/nightly-scan.yml');
    const summary = (workflow.jobs as Record<string, Job>).summary!;
    const merge = summary.steps.find((step) => step.run?.includes(' merge '))!;
    const dir = await tempDir();
    await writeFile(join(dir, 'merge.sh'), merge.run!);
    await mkdir(join(dir, 'all-reports/aws-audit-111111111111'), { recursive: true });
    await writeFile(join(dir, 'all-reports/aws-audit-111111111111/aws-audit-report.json'), '{}');
    // A `node` that fails as `merge` does on a bad input (exit 2, one line on stderr).
    await mkdir(join(dir, 'bin'));
    await writeFile(
      join(dir, 'bin/node'),
      '#!/usr/bin/env bash\necho "aws-audit merge: bad input" >&2\nexit 2\n',
    );
    await chmod(join(dir, 'bin/node'), 0o755);
    const code = await new Promise<number>((resolve) =>
      execFile(
        'bash',
        [...shellFor(workflow, merge), join(dir, 'merge.sh')],
        {
          cwd: dir,
          env: {
            PATH: `${join(dir, 'bin')}:${process.env.PATH}`,
            ACCOUNTS: '["111111111111"]',
            GITHUB_STEP_SUMMARY: join(dir, 'summary.md'),
          },
        },
        (error) => resolve(error ? (typeof error.code === 'number' ? error.code : 1) : 0),
      ),
    );
    expect(code).toBe(2);
  });
});
