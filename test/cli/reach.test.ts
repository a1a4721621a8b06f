// `aws-audit reach` end to end on the demo account: each mode, bad ids with near matches, bad
// flag combinations, the TTY table, the JSON answer against schemas/reach.schema.json, and the
// promise that a path `reach` prints is the path evidence of the rule's finding.
import { readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import ecsImageRule from '../../rules/ecs-service-private-image-pull.js';
import adminPathRule from '../../rules/ec2-instance-private-admin-path.js';
import lambdaRule from '../../rules/lambda-function-vpc-service-reachable.js';
import dbAdminRule from '../../rules/rds-instance-private-admin-path.js';
import ssmRule from '../../rules/ssm-agent-endpoint-reachable.js';
import { KNOWN_SERVICES } from '../../src/analysis/reach-query/index.js';
import { evaluateSnapshot } from '../../src/engine/scan.js';
import type { ReachAnswer, ReachRow } from '../../src/findings/reach.js';
import type { Finding, Rule } from '../../src/engine/types.js';
import type { Evidence } from '../../src/findings/types.js';
import { readSnapshotFile } from '../../src/snapshot/io.js';
import { runCli } from '../support/cli.js';

const DEMO = 'examples/demo-account.json';
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

async function reach(args: string[], env: NodeJS.ProcessEnv = {}, tty = false) {
  return runCli(['reach', '--snapshot', DEMO, ...args], env, tty);
}

async function answer(args: string[]): Promise<ReachAnswer> {
  const run = await reach([...args, '--json']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as ReachAnswer;
}

describe('reach --from X [--service]', () => {
  it('names the way and the hops to each service', async () => {
    const a = await answer(['--from', 'i-0a11app00001', '--service', 'ssm,s3']);
    expect(a.query).toEqual({
      mode: 'from-services',
      from: 'i-0a11app00001',
      services: ['ssm', 's3'],
      whyNot: false,
    });
    expect(a.source).toMatchObject({ kind: 'instance', id: 'i-0a11app00001', region: 'us-east-1' });
    expect(a.rows.map((r) => [r.to, r.port, r.verdict, r.way, r.via])).toEqual([
      ['ssm', 443, 'reachable', 'interface-endpoint', 'vpce-0a11ssm'],
      ['s3', 443, 'reachable', 'gateway-endpoint', 'vpce-0a11s3gw'],
    ]);
    const ssm = a.rows[0]!;
    expect(ssm.hops[0]).toMatchObject({ kind: 'eni', id: 'eni-0a11app00001', verdict: 'allow' });
    expect(ssm.hops.at(-1)).toMatchObject({ kind: 'service', id: 'ssm.us-east-1.amazonaws.com' });
    expect(ssm.firstBrokenHop).toBeUndefined();
  });

  it('checks every service the engine knows when --service is omitted, by name or ARN', async () => {
    const a = await answer(['--from', 'arn:aws:ec2:us-east-1:123456789012:instance/i-0a11app00001']);
    expect(a.rows.map((r) => r.to)).toEqual(KNOWN_SERVICES);
    expect(a.query.services).toEqual(KNOWN_SERVICES);
  });

  it('judges each subnet of a Lambda function and names the first broken hop', async () => {
    const a = await answer(['--from', 'queue-worker', '--service', 'sqs']);
    expect(a.source).toMatchObject({ kind: 'lambda-function', label: 'function queue-worker' });
    expect(a.rows.length).toBeGreaterThan(0);
    for (const r of a.rows) expect(r.subnetId).toMatch(/^subnet-/);
    const blocked = a.rows.filter((r) => r.verdict !== 'reachable');
    for (const r of blocked) {
      expect(r.firstBrokenHop).toBeDefined();
      expect(r.firstBrokenHop!.verdict).not.toBe('allow');
      expect(r.reasons.length).toBeGreaterThan(0);
    }
  });

  it('finds an ECS service by cluster/name', async () => {
    const a = await answer(['--from', 'prod/api', '--service', 'ecr.api']);
    expect(a.source).toMatchObject({
      kind: 'ecs-service',
      id: 'arn:aws:ecs:us-east-1:123456789012:service/prod/api',
    });
  });
});

describe('reach --from X --to Y', () => {
  it('prints one path hop by hop, with the hop that blocks it', async () => {
    const a = await answer(['--from', 'i-0a11app00001', '--to', 'orders']);
    expect(a.query.mode).toBe('from-to');
    expect(a.target).toMatchObject({ kind: 'db-instance', id: 'orders', ports: [3306] });
    expect(a.rows).toHaveLength(1);
    expect(a.rows[0]).toMatchObject({ verdict: 'unreachable', port: 3306, way: 'local' });
    expect(a.rows[0]!.firstBrokenHop).toMatchObject({
      kind: 'network-acl',
      id: 'acl-0a11db',
      verdict: 'deny',
    });
    const table = await reach(['--from', 'i-0a11app00001', '--to', 'orders']);
    expect(table.stdout).toMatch(/^ +6\. DENY network-acl acl-0a11db: acl-0a11db denies tcp 3306 inbound/m);
  });

  it('takes --port', async () => {
    const a = await answer(['--from', 'i-0a11app00001', '--to', 'reporting', '--port', '5432']);
    expect(a.rows[0]).toMatchObject({ port: 5432, verdict: 'reachable' });
    expect(a.rows[0]!.hops.at(-1)).toMatchObject({ kind: 'target', id: 'reporting' });
  });
});

describe('reach --from <Instance Connect Endpoint> --to <instance>', () => {
  it('judges the endpoint’s way on the admin port, naming the group that blocks it', async () => {
    const ok = await answer(['--from', 'eice-0a11admin', '--to', 'i-0a11app00002']);
    expect(ok.source).toMatchObject({
      kind: 'instance-connect-endpoint',
      id: 'eice-0a11admin',
      label: 'Instance Connect Endpoint eice-0a11admin',
    });
    expect(ok.target).toMatchObject({ kind: 'instance', id: 'i-0a11app00002', ports: [22] });
    expect(ok.rows[0]).toMatchObject({ verdict: 'reachable', port: 22, subnetId: 'subnet-0a11app1' });
    expect(ok.rows[0]!.hops.at(-1)).toMatchObject({ kind: 'target', id: 'i-0a11app00002' });
    const blocked = await answer(['--from', 'eice-0a11admin', '--to', 'i-0a11web00001']);
    expect(blocked.rows[0]).toMatchObject({ verdict: 'unreachable', port: 22 });
    expect(blocked.rows[0]!.firstBrokenHop).toMatchObject({
      kind: 'security-group',
      id: 'sg-0a11web',
      verdict: 'deny',
    });
  });

  it('an endpoint connects on 22 and 3389 only: another --port is unreachable, with the reason', async () => {
    const a = await answer(['--from', 'eice-0a11admin', '--to', 'i-0a11app00002', '--port', '443']);
    expect(a.rows[0]).toMatchObject({ verdict: 'unreachable', port: 443, hops: [] });
    expect(a.rows[0]!.reasons).toEqual(['endpoint eice-0a11admin connects on tcp 22 and 3389 only, not 443']);
  });

  it('is a source only towards an instance', async () => {
    const alone = await reach(['--from', 'eice-0a11admin']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('is an Instance Connect Endpoint: it calls no AWS service; give --to');
    const db = await reach(['--from', 'eice-0a11admin', '--to', 'orders']);
    expect(db.code).toBe(2);
    expect(db.stderr).toContain('--to orders: no instance (an Instance Connect Endpoint reaches instances)');
    const typo = await reach(['--from', 'eice-0a11admn', '--to', 'i-0a11app00002']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('did you mean eice-0a11admin?');
  });
});

describe('reach --to Y', () => {
  it('lists the workloads and internet ranges that reach it; --why-not adds the blocked ones', async () => {
    const a = await answer(['--to', 'reporting']);
    expect(a.rows.every((r) => r.verdict !== 'unreachable')).toBe(true);
    const from = a.rows.map((r) => r.from.id);
    expect(from).toEqual(expect.arrayContaining(['i-0a11bastion01', 'i-0a11app00001', '0.0.0.0/0']));
    expect(from).not.toContain('i-0a11worker01');
    expect(a.rows.find((r) => r.from.kind === 'internet')).toMatchObject({
      verdict: 'reachable',
      way: 'internet-gateway',
    });
    expect(a.notes.join('\n')).toMatch(/blocked path\(s\) not listed; --why-not/);
    const all = await answer(['--to', 'reporting', '--why-not']);
    const worker = all.rows.find((r) => r.from.id === 'i-0a11worker01');
    expect(worker).toMatchObject({ verdict: 'unreachable' });
    expect(worker!.firstBrokenHop).toMatchObject({
      kind: 'security-group',
      id: 'sg-0a11noeg',
      verdict: 'deny',
    });
    expect(all.rows.length).toBeGreaterThan(a.rows.length);
  });

  it('says why the internet cannot reach a private database', async () => {
    const a = await answer(['--to', 'orders', '--why-not']);
    const internet = a.rows.filter((r) => r.from.kind === 'internet');
    expect(internet.length).toBeGreaterThan(0);
    for (const r of internet) {
      expect(r.verdict).toBe('unreachable');
      expect(r.firstBrokenHop).toMatchObject({ kind: 'target', id: 'orders' });
    }
  });

  it('takes an instance and an interface endpoint as targets', async () => {
    const instance = await answer(['--to', 'i-0a11app00001', '--why-not']);
    expect(instance.target).toMatchObject({ kind: 'instance', ports: [22] });
    expect(instance.rows.map((r) => r.from.id)).not.toContain('i-0a11app00001');
    const endpoint = await answer(['--to', 'vpce-0a11ssm']);
    expect(endpoint.target).toMatchObject({ kind: 'vpc-endpoint', ports: [443] });
    expect(endpoint.rows.map((r) => r.from.id)).toContain('i-0a11app00001');
  });
});

describe('errors', () => {
  it('an unknown resource is exit 2 with the near matches', async () => {
    const db = await reach(['--to', 'ordrs']);
    expect(db.code).toBe(2);
    expect(db.stdout).toBe('');
    expect(db.stderr).toMatch(
      /--to ordrs: no DB instance, instance or interface endpoint .*did you mean orders\b/,
    );
    const instance = await reach(['--from', 'i-0a11app0001']);
    expect(instance.code).toBe(2);
    expect(instance.stderr).toContain('did you mean i-0a11app00001, i-0a11app00002?');
    const nothing = await reach(['--from', 'zzzzzzzz']);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).not.toContain('did you mean');
    const service = await reach(['--from', 'i-0a11app00001', '--service', 'ssmmesages']);
    expect(service.code).toBe(2);
    expect(service.stderr).toContain('unknown service ssmmesages (did you mean ssmmessages');
  });

  it.each([
    [[], 'reach needs --from, --to, or both'],
    [['--to', 'orders', '--service', 's3'], '--service lists AWS services for --from alone'],
    [['--from', 'i-0a11app00001', '--port', '22'], '--port needs --to'],
    [['--from', 'i-0a11app00001', '--to', 'orders', '--why-not'], '--why-not is for --to alone'],
    [['--to', 'orders', '--port', '0'], 'expected a port number from 1 to 65535'],
    [['--to', 'orders', '--profile', 'x'], '--profile cannot be used with --snapshot'],
  ])('%j is a usage error', async (args, message) => {
    const run = await reach(args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
  });

  it('a missing snapshot file is exit 2', async () => {
    const run = await runCli(['reach', '--snapshot', 'no-such.json', '--to', 'orders']);
    expect(run.code).toBe(2);
  });
});

describe('table', () => {
  it('colours verdicts on a TTY, never with NO_COLOR, and fits the width', async () => {
    const tty = await reach(['--to', 'reporting', '--why-not'], { COLUMNS: '100' }, true);
    expect(tty.code).toBe(0);
    expect(tty.stdout).toContain('\u001b[');
    const plain = await reach(['--to', 'reporting', '--why-not'], { NO_COLOR: '1', COLUMNS: '100' }, true);
    expect(plain.stdout).not.toContain('\u001b[');
    expect(plain.stdout).toMatch(/^FROM +SUBNET +PORT +VERDICT +WAY$/m);
    expect(plain.stdout).toMatch(/^i-0a11worker01 \(batch-worker\) +subnet-0a11app1 +5432 +blocked/m);
    expect(plain.stdout).toMatch(/^ {4}blocked at security-group sg-0a11noeg: /m);
    for (const line of plain.stdout.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });
});

describe('JSON schema', () => {
  it.each([
    [['--from', 'i-0a11app00001']],
    [['--from', 'queue-worker']],
    [['--from', 'i-0a11app00001', '--to', 'orders']],
    [['--to', 'reporting', '--why-not']],
    [['--to', 'orders', '--why-not']],
    [['--to', 'vpce-0a11ssm']],
    [['--from', 'eice-0a11admin', '--to', 'i-0a11web00001']],
  ])('%j conforms to schemas/reach.schema.json', async (args) => {
    const schema = JSON.parse(await readFile('schemas/reach.schema.json', 'utf8')) as object;
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const a = await answer(args);
    expect(validate(a) ? [] : validate.errors).toEqual([]);
    // The schema is not vacuous: a wrong verdict fails it.
    expect(validate({ ...a, rows: [{ ...a.rows[0], verdict: 'maybe' }] })).toBe(false);
  });
});

describe('reach and the rules agree', () => {
  it('prints, for each instance, the path the SSM rule attaches to its finding', async () => {
    const snapshot = await readSnapshotFile(DEMO);
    const result = evaluateSnapshot(snapshot, [ssmRule], { kind: 'snapshot', file: DEMO });
    let compared = 0;
    for (const finding of result.findings) {
      const path = finding.evidence.find((e) => e.kind === 'path');
      const destination = path?.details?.destination;
      if (!path || typeof destination !== 'string') continue;
      const service = destination.slice(0, destination.indexOf(`.${finding.resource.region}.`));
      const a = await answer(['--from', finding.resource.id, '--service', service]);
      expect(a.rows).toHaveLength(1);
      expect(a.rows[0]!.path).toEqual(path);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(5);
  });

  /** The rule's findings on the demo account. */
  async function findingsOf(rule: Rule): Promise<Finding[]> {
    const snapshot = await readSnapshotFile(DEMO);
    return evaluateSnapshot(snapshot, [rule], { kind: 'snapshot', file: DEMO }).findings;
  }

  /** The evidence after each item of `kind`, up to the next one: what the rule says about it. */
  function groupsAfter(evidence: readonly Evidence[], kind: string): { head: Evidence; rest: Evidence[] }[] {
    const groups: { head: Evidence; rest: Evidence[] }[] = [];
    for (const e of evidence)
      if (e.kind === kind) groups.push({ head: e, rest: [] });
      else groups.at(-1)?.rest.push(e);
    return groups;
  }

  it('prints, from an Instance Connect Endpoint, the path the admin-path rule attaches', async () => {
    const verdicts = new Set<string>();
    let compared = 0;
    for (const finding of await findingsOf(adminPathRule)) {
      for (const { head, rest } of groupsAfter(finding.evidence, 'instance-connect-endpoint')) {
        // The endpoint's way: its own evidence, then its path (absent when it is not usable).
        const path = rest[0]?.kind === 'path' ? rest[0] : undefined;
        if (!path) continue;
        const a = await answer(['--from', head.resourceId!, '--to', finding.resource.id]);
        expect(a.source).toMatchObject({ kind: 'instance-connect-endpoint', id: head.resourceId });
        expect(a.rows).toHaveLength(1);
        expect(a.rows[0]!.path).toEqual(path);
        verdicts.add(a.rows[0]!.verdict);
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(3);
    expect([...verdicts].sort()).toEqual(['reachable', 'unreachable']);
  });

  it('prints, from each forwarding host, the path the DB admin-path rule attaches', async () => {
    const verdicts = new Set<string>();
    let compared = 0;
    for (const finding of await findingsOf(dbAdminRule)) {
      for (const { head, rest } of groupsAfter(finding.evidence, 'forwarding-host')) {
        const paths = rest.filter((e) => e.kind === 'path');
        const a = await answer(['--from', head.resourceId!, '--to', finding.resource.id]);
        expect(a.rows).toHaveLength(1);
        const row = a.rows[0]!;
        expect(row.verdict).toBe(head.details?.verdict);
        // A DB may be in any subnet of its group: the rule shows each subnet's path (all when it
        // passes, the failing ones when not); reach shows the one that decides, the first of them.
        expect(paths.length).toBeGreaterThan(0);
        expect(row.path).toEqual(paths[0]);
        verdicts.add(row.verdict);
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(2);
    expect([...verdicts].sort()).toEqual(['reachable', 'unreachable']);
  });

  /** The row that decides a subnet's answer, as the rules pick it: broken, else undecided, else first. */
  function decisive(rows: readonly ReachRow[]): ReachRow | undefined {
    return (
      rows.find((r) => r.verdict === 'unreachable') ??
      rows.find((r) => r.verdict === 'indeterminate') ??
      rows[0]
    );
  }

  it.each([
    ['lambda-function-vpc-service-reachable', lambdaRule],
    ['ecs-service-private-image-pull', ecsImageRule],
  ])('prints, for each subnet, the path %s attaches', async (_id, rule) => {
    let compared = 0;
    for (const finding of await findingsOf(rule)) {
      const needs = finding.evidence.filter((e) => e.kind === 'service-need');
      const paths = finding.evidence.filter((e) => e.kind === 'path');
      if (needs.length === 0) continue;
      const services = needs.map((e) => e.details?.service as string);
      const a = await answer(['--from', finding.resource.id, '--service', services.join(',')]);
      const subnets = [...new Set(a.rows.map((r) => r.subnetId))];
      expect(a.rows).toHaveLength(subnets.length * services.length);
      expect(subnets.map((s) => decisive(a.rows.filter((r) => r.subnetId === s))?.path)).toEqual(paths);
      compared += paths.length;
    }
    expect(compared).toBeGreaterThanOrEqual(2);
  });
});

describe('--help examples', () => {
  it('run as written', async () => {
    const { COMMAND_HELP } = await import('../../src/cli/help.js');
    for (const [example] of COMMAND_HELP.reach!.examples) {
      const run = await runCli(example.split(' ').slice(1));
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }
  });
});

describe('README', () => {
  it('shows the real output of its reach example', async () => {
    const readme = await readFile('README.md', 'utf8');
    const command = '$ aws-audit reach --snapshot examples/demo-account.json --to reporting\n';
    const start = readme.indexOf(command);
    expect(start).toBeGreaterThan(0);
    const shown = readme.slice(start + command.length, readme.indexOf('```', start));
    const run = await runCli(['reach', '--snapshot', DEMO, '--to', 'reporting'], { COLUMNS: '100' });
    expect(run.stdout).toBe(shown);
  });
});
