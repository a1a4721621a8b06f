// scripts/audit-prod-deps.ts against a local advisory endpoint (npm's registry setting pointed at
// 127.0.0.1): advisories fail it, a clean answer passes, an endpoint that cannot answer gives the
// distinct exit 75 and a loud message — never a silent pass.
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'yaml';
import { classifyAuditOutput } from '../../scripts/audit-prod-deps.js';

type Responder = (body: string) => { status: number; json?: unknown };

let server: Server;
let port: number;
let respond: Responder;
let requests: { url: string; body: string }[];

beforeAll(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      // npm gzips the list of packages it asks about.
      const raw = Buffer.concat(chunks);
      const body = (request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
      requests.push({ url: request.url ?? '', body });
      const answer = request.url?.includes('/security/advisories/bulk')
        ? respond(body)
        : { status: 404, json: { error: 'not found' } };
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(answer.json === undefined ? '' : JSON.stringify(answer.json));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  requests = [];
});

function runAudit(registry: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['node_modules/tsx/dist/cli.mjs', 'scripts/audit-prod-deps.ts'],
      {
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          npm_config_registry: registry,
          npm_config_fetch_retries: '0',
          npm_config_update_notifier: 'false',
        },
      },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
  });
}

const advisory = (severity: string) => ({
  id: 1099999,
  url: 'https://github.com/advisories/GHSA-test-test-test',
  title: `Test advisory (${severity})`,
  severity,
  vulnerable_versions: '<99.0.0',
  cwe: ['CWE-400'],
  cvss: { score: 7.5, vectorString: null },
});

describe('audit-prod-deps', () => {
  it('fails with exit 1 naming the package for a high advisory in a production dependency', async () => {
    respond = () => ({ status: 200, json: { yaml: [advisory('high')] } });
    const result = await runAudit(`http://127.0.0.1:${port}/`);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'HIGH yaml: Test advisory (high) https://github.com/advisories/GHSA-test-test-test',
    );
    // Only production dependencies are sent: the dev tool chain is not asked about.
    const asked = JSON.parse(requests.find((r) => r.url.includes('bulk'))!.body) as Record<string, unknown>;
    expect(Object.keys(asked)).toContain('yaml');
    expect(Object.keys(asked)).not.toContain('typescript');
    expect(Object.keys(asked)).not.toContain('jest');
  });

  it('passes (exit 0) when production dependencies have only moderate advisories or none', async () => {
    respond = () => ({ status: 200, json: { chalk: [advisory('moderate')] } });
    const result = await runAudit(`http://127.0.0.1:${port}/`);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/no high or critical advisory in production dependencies \(.*moderate 1/);
  });

  it.each([
    ['the endpoint answers 405 (a proxy that allows only GET)', () => ({ status: 405 })],
    ['the endpoint answers 503', () => ({ status: 503, json: { error: 'unavailable' } })],
  ] as [string, Responder][])('exits 75 loudly when %s', async (_name, responder) => {
    respond = responder;
    const result = await runAudit(`http://127.0.0.1:${port}/`);
    expect(result.code).toBe(75);
    expect(result.stderr).toContain('THE NPM ADVISORY ENDPOINT COULD NOT BE REACHED');
    expect(result.stderr).toContain('This is not a pass.');
  });

  it('exits 75 loudly when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const result = await runAudit(`http://127.0.0.1:${deadPort}/`);
    expect(result.code).toBe(75);
    expect(result.stderr).toContain('THE NPM ADVISORY ENDPOINT COULD NOT BE REACHED');
  });
});

describe('classifyAuditOutput', () => {
  it('reads a critical advisory reached through another package', () => {
    const report = {
      auditReportVersion: 2,
      vulnerabilities: {
        'fast-xml-parser': {
          name: 'fast-xml-parser',
          severity: 'critical',
          via: [{ title: 'Prototype pollution', url: 'u' }],
        },
        '@aws-sdk/core': { name: '@aws-sdk/core', severity: 'critical', via: ['fast-xml-parser'] },
      },
      metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 2, total: 2 } },
    };
    expect(classifyAuditOutput(JSON.stringify(report), '')).toEqual({
      kind: 'advisories',
      findings: [
        { name: 'fast-xml-parser', severity: 'critical', advisories: ['Prototype pollution u'] },
        { name: '@aws-sdk/core', severity: 'critical', advisories: ['via fast-xml-parser'] },
      ],
    });
  });

  it('treats no JSON, or an error object, as unreachable rather than clean', () => {
    expect(classifyAuditOutput('', 'npm error code ENOTFOUND').kind).toBe('unreachable');
    expect(classifyAuditOutput('{"message":"request to ... failed","error":{}}', '').kind).toBe(
      'unreachable',
    );
  });
});

describe('the CI step', () => {
  // The step's own shell, run with an `npm` stand-in that exits with the script's code.
  async function runStep(scriptExit: number): Promise<{ code: number; stdout: string }> {
    const workflow = parse(await readFile('.github/workflows/ci.yml', 'utf8')) as {
      jobs: Record<string, { steps: { run?: string }[] }>;
    };
    const step = workflow.jobs.audit?.steps.find((s) => s.run?.includes('audit:prod'));
    expect(step).toBeDefined();
    const bin = await mkdtemp(join(tmpdir(), 'aws-audit-npm-'));
    await writeFile(join(bin, 'npm'), `#!/bin/sh\nexit ${scriptExit}\n`);
    await chmod(join(bin, 'npm'), 0o755);
    return new Promise((resolve) => {
      execFile(
        'bash',
        ['-e', '-c', step!.run!],
        { env: { PATH: `${bin}:${process.env.PATH}` } },
        (error, stdout) => resolve({ code: error ? Number(error.code) : 0, stdout }),
      );
    });
  }

  it('fails the job for advisories, passes a clean audit, and turns an unreachable endpoint into a warning', async () => {
    expect((await runStep(1)).code).toBe(1);
    expect(await runStep(0)).toEqual({ code: 0, stdout: '' });
    const unreachable = await runStep(75);
    expect(unreachable.code).toBe(0);
    expect(unreachable.stdout).toMatch(/^::warning title=npm audit not run::.*NOT audited/);
  });
});
