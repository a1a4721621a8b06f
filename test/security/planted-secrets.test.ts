// Planted credentials — fake access key ids and secret keys in instance user data and launch
// templates, plain and gzip-compressed — never leave the process unredacted: every byte of the
// snapshot, the JSON and SARIF reports, stdout, stderr and the --debug log is searched, for the
// whole secret and for every 8-character piece of its hidden part.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { RegionBuilder, buildAccount, route } from '../../src/snapshot/builders.js';
import { runBuiltCli, tempDir, type CliRun } from '../support/cli.js';
import { fakeAccountFromSnapshot, startFakeAws, type FakeAws } from '../fake-aws/index.js';

const ACCOUNT = '210987654321';
// Shapes of real keys (aws-facts §4.2), made up for this test.
const PLANTED = {
  plainKeyId: 'AKIAPLANTEDPLAINK2Y4',
  plainSecret: 'pLaNtEdSeCrEt0plain0xxxxxxxxxxxxxxxxxxx1',
  gzipKeyId: 'ASIAPLANTEDGZIPKEY56',
  gzipSecret: 'gZiPpEdSeCrEt0gzip0yyyyyyyyyyyyyyyyyyy/2',
  templateKeyId: 'AKIAPLANTEDTEMPLAT3S',
  templateSecret: 'tEmPlAtEsEcReT0tmpl0zzzzzzzzzzzzzzzzzz+3',
  templateGzipKeyId: 'AKIAPLANTEDTGZIPKEY7',
  templateGzipSecret: 'tGzIpSeCrEt0tgzip0wwwwwwwwwwwwwwwwwwwww4',
};
// The credentials the CLI signs its requests with must not leak either.
const SIGNING = { keyId: 'AKIASIGNINGKEY234567', secret: 'sIgNiNgSeCrEtsigningsigningsigningsign55' };

function userData(keyId: string, secret: string): string {
  return [
    '#!/bin/bash',
    `export AWS_ACCESS_KEY_ID=${keyId}`,
    `export AWS_SECRET_ACCESS_KEY=${secret}`,
    `echo '{"AccessKeyId": "${keyId}", "SecretAccessKey": "${secret}"}' > /etc/app.json`,
    '',
  ].join('\n');
}

/** The parts that must never be seen: each secret whole, and every 8 characters of what redaction hides. */
function forbiddenNeedles(): string[] {
  const needles: string[] = [];
  const all = [...Object.values(PLANTED), SIGNING.keyId, SIGNING.secret];
  for (const secret of all) {
    needles.push(secret);
    // Redaction keeps the first 4 characters (and the last 4 of a key id); the middle is hidden.
    const hidden = secret.slice(4, -4);
    for (let i = 0; i + 8 <= hidden.length; i += 1) needles.push(hidden.slice(i, i + 8));
  }
  // Raw user data, as the API serves it (base64), must not be copied either.
  needles.push(
    Buffer.from(userData(PLANTED.plainKeyId, PLANTED.plainSecret)).toString('base64').slice(0, 40),
  );
  return needles;
}

let fake: FakeAws;
beforeAll(async () => {
  const region = new RegionBuilder('us-east-1', ACCOUNT);
  region.vpc('vpc-1');
  region.subnet('subnet-1', 'vpc-1');
  region.routeTable('rtb-1', 'vpc-1', { main: true, routes: [route.local('10.0.0.0/16')] });
  region.launchTemplate('lt-0plain', { name: 'plain-template', latestVersion: { versionNumber: 1 } });
  region.launchTemplate('lt-0gzip', { name: 'gzip-template', latestVersion: { versionNumber: 1 } });
  region.instance('i-0plain', 'subnet-1');
  region.instance('i-0gzip', 'subnet-1');
  const served = fakeAccountFromSnapshot(buildAccount({ accountId: ACCOUNT, regions: [region] }));
  served.userData = {
    'i-0plain': userData(PLANTED.plainKeyId, PLANTED.plainSecret),
    'i-0gzip': gzipSync(Buffer.from(userData(PLANTED.gzipKeyId, PLANTED.gzipSecret))),
  };
  served.launchTemplateUserData = {
    'lt-0plain': userData(PLANTED.templateKeyId, PLANTED.templateSecret),
    'lt-0gzip': gzipSync(Buffer.from(userData(PLANTED.templateGzipKeyId, PLANTED.templateGzipSecret))),
  };
  fake = await startFakeAws({ accounts: [served] });
});
afterAll(async () => {
  await fake.close();
});

async function env(): Promise<NodeJS.ProcessEnv> {
  return {
    HOME: await tempDir(),
    AWS_ACCESS_KEY_ID: SIGNING.keyId,
    AWS_SECRET_ACCESS_KEY: SIGNING.secret,
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

async function everyByteIn(dir: string): Promise<string> {
  let text = '';
  for (const entry of await readdir(dir, { withFileTypes: true }))
    if (entry.isFile()) text += `\n--- ${entry.name}\n${await readFile(join(dir, entry.name), 'utf8')}`;
  return text;
}

describe('planted secrets', () => {
  it('appear only redacted in the snapshot, JSON and SARIF reports, stdout, stderr and --debug output', async () => {
    const dir = await tempDir('aws-audit-secrets-');
    const snapshotPath = join(dir, 'snapshot.json');
    const live = ['--endpoint-url', fake.url, '--region', 'us-east-1', '--debug'];
    const runs: CliRun[] = [
      await runBuiltCli(['collect', '--out', snapshotPath, ...live], await env()),
      await runBuiltCli(
        ['scan', ...live, '--format', 'json,sarif,console', '--out-dir', join(dir, 'live')],
        await env(),
      ),
      await runBuiltCli(
        [
          'scan',
          '--snapshot',
          snapshotPath,
          '--format',
          'json,sarif,console',
          '--out-dir',
          join(dir, 'offline'),
        ],
        await env(),
      ),
    ];
    for (const run of runs) expect([run.code, run.stderr]).toEqual([expect.any(Number), expect.any(String)]);
    expect(runs.map((run) => run.code)).toEqual([0, expect.any(Number), expect.any(Number)]);
    // The debug log did run: one line per AWS call.
    expect(runs[0]!.stderr).toMatch(/aws-audit debug: ec2:DescribeInstanceAttribute us-east-1 \d+ms/);

    const outputs =
      runs.map((run) => `${run.stdout}\n${run.stderr}`).join('\n') +
      (await everyByteIn(dir)) +
      (await everyByteIn(join(dir, 'live'))) +
      (await everyByteIn(join(dir, 'offline')));
    expect(outputs.includes('--- aws-audit-report.sarif')).toBe(true);

    // Not vacuous: the scan found every planted key, and shows it redacted.
    for (const keyId of [
      PLANTED.plainKeyId,
      PLANTED.gzipKeyId,
      PLANTED.templateKeyId,
      PLANTED.templateGzipKeyId,
    ])
      expect([keyId, outputs.includes(`${keyId.slice(0, 4)}…${keyId.slice(-4)}`)]).toEqual([keyId, true]);
    const report = JSON.parse(await readFile(join(dir, 'live', 'aws-audit-report.json'), 'utf8')) as {
      findings: { ruleId: string; status: string; resource: { id: string } }[];
    };
    const flagged = report.findings
      .filter((f) => f.ruleId === 'ec2-instance-no-static-credentials' && f.status === 'fail')
      .map((f) => f.resource.id);
    expect(flagged).toEqual(expect.arrayContaining(['i-0plain', 'i-0gzip']));

    const leaked = forbiddenNeedles().filter((needle) => outputs.includes(needle));
    expect(leaked).toEqual([]);
  }, 120_000);
});
