// Planted credentials — fake access key ids and secret keys in instance user data and launch
// templates, plain and gzip-compressed — never leave the process unredacted: every byte of the
// snapshot, the JSON and SARIF reports, stdout, stderr, the --debug log and every file under the
// output folders and the temporary HOME is searched for every 8-character window of each secret
// (so any leak of 8 or more characters, its first or last ones included, is caught) and for every
// 20-character window of the base64 user data the API served (plain and gzip, instances and
// launch templates).
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { RegionBuilder, buildAccount, route } from '../support/builders/index.js';
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

/** What the fake API serves as user data, before it base64-encodes it. */
const SERVED_USER_DATA = {
  instances: {
    'i-0plain': userData(PLANTED.plainKeyId, PLANTED.plainSecret),
    'i-0gzip': gzipSync(Buffer.from(userData(PLANTED.gzipKeyId, PLANTED.gzipSecret))),
  },
  launchTemplates: {
    'lt-0plain': userData(PLANTED.templateKeyId, PLANTED.templateSecret),
    'lt-0gzip': gzipSync(Buffer.from(userData(PLANTED.templateGzipKeyId, PLANTED.templateGzipSecret))),
  },
};

/** Every `size`-character window of `text` (a leak of any longer piece contains one of them). */
function windows(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + size <= text.length; i += 1) out.push(text.slice(i, i + size));
  return out;
}

const SECRET_WINDOW = 8;
const BASE64_WINDOW = 20;

/**
 * The pieces that must never be seen, by window size: every 8 characters of each secret (redaction
 * shows at most 4 in a row: `AKIA…Q7XZ`, `wJal…(40 chars)`), and every 20 characters of the base64
 * user data as the API served it (15 bytes of the raw payload, gzip or not).
 */
function forbiddenWindows(): Map<number, Map<string, string>> {
  const bySize = new Map<number, Map<string, string>>([
    [SECRET_WINDOW, new Map()],
    [BASE64_WINDOW, new Map()],
  ]);
  const secrets: [string, string][] = [
    ...Object.entries(PLANTED),
    ['signingKeyId', SIGNING.keyId],
    ['signingSecret', SIGNING.secret],
  ];
  for (const [name, secret] of secrets)
    for (const piece of windows(secret, SECRET_WINDOW)) bySize.get(SECRET_WINDOW)!.set(piece, name);
  for (const [id, payload] of [
    ...Object.entries(SERVED_USER_DATA.instances),
    ...Object.entries(SERVED_USER_DATA.launchTemplates),
  ])
    for (const piece of windows(Buffer.from(payload).toString('base64'), BASE64_WINDOW))
      bySize.get(BASE64_WINDOW)!.set(piece, `base64 user data of ${id}`);
  return bySize;
}

/** Each forbidden window found in `text`, with what it belongs to. One pass per window size. */
function leaks(text: string): string[] {
  const found = new Set<string>();
  for (const [size, pieces] of forbiddenWindows())
    for (let i = 0; i + size <= text.length; i += 1) {
      const owner = pieces.get(text.slice(i, i + size));
      if (owner !== undefined) found.add(`${owner}: ${text.slice(i, i + size)}`);
    }
  return [...found];
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
  served.userData = SERVED_USER_DATA.instances;
  served.launchTemplateUserData = SERVED_USER_DATA.launchTemplates;
  fake = await startFakeAws({ accounts: [served] });
});
afterAll(async () => {
  await fake.close();
});

/** Every temporary HOME handed to a run: searched like the output folders. */
const homes: string[] = [];

async function env(): Promise<NodeJS.ProcessEnv> {
  const home = await tempDir('aws-audit-secrets-home-');
  homes.push(home);
  return {
    HOME: home,
    AWS_ACCESS_KEY_ID: SIGNING.keyId,
    AWS_SECRET_ACCESS_KEY: SIGNING.secret,
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** Every file under `dir`, recursively, each headed by its path relative to `dir`. */
async function everyByteIn(dir: string): Promise<{ files: string[]; text: string }> {
  const files: string[] = [];
  let text = '';
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.push(relative(dir, path));
    text += `\n--- ${relative(dir, path)}\n${await readFile(path, 'utf8')}`;
  }
  return { files: files.sort(), text };
}

interface Report {
  findings: { ruleId: string; status: string; severity: string; resource: { id: string; type: string } }[];
}

/** The resources the static-credentials rule fails, by CloudFormation type. */
async function flaggedIn(reportPath: string): Promise<Record<string, string[]>> {
  const report = JSON.parse(await readFile(reportPath, 'utf8')) as Report;
  const flagged: Record<string, string[]> = {};
  for (const finding of report.findings)
    if (finding.ruleId === 'ec2-instance-no-static-credentials' && finding.status === 'fail')
      (flagged[finding.resource.type] ??= []).push(finding.resource.id);
  for (const ids of Object.values(flagged)) ids.sort();
  return flagged;
}

describe('planted secrets', () => {
  it('appear only redacted in the snapshot, JSON and SARIF reports, stdout, stderr, --debug output and HOME', async () => {
    const dir = await tempDir('aws-audit-secrets-');
    const snapshotPath = join(dir, 'snapshot.json');
    const live = ['--endpoint-url', fake.url, '--region', 'us-east-1', '--debug'];
    const runs: CliRun[] = [
      await runBuiltCli(['collect', '--out', snapshotPath, ...live], await env()),
      await runBuiltCli(
        [
          'scan',
          ...live,
          '--fail-on',
          'critical',
          '--format',
          'json,sarif,console',
          '--out-dir',
          join(dir, 'live'),
        ],
        await env(),
      ),
      await runBuiltCli(
        [
          'scan',
          '--snapshot',
          snapshotPath,
          '--fail-on',
          'critical',
          '--format',
          'json,sarif,console',
          '--out-dir',
          join(dir, 'offline'),
        ],
        await env(),
      ),
    ];
    // collect succeeds; both scans are complete (not 3) and fail the gate on the planted keys (1).
    const expectedCodes = [0, 1, 1];
    expect(
      runs.map((run, i) =>
        run.code === expectedCodes[i] ? run.code : `${run.code}: ${run.stderr.slice(-2000)}`,
      ),
    ).toEqual(expectedCodes);
    // The debug log did run: one line per AWS call.
    expect(runs[0]!.stderr).toMatch(/aws-audit debug: ec2:DescribeInstanceAttribute us-east-1 \d+ms/);

    // Not vacuous: both reports fail the instances and the launch templates holding keys.
    for (const report of ['live', 'offline'])
      expect([report, await flaggedIn(join(dir, report, 'aws-audit-report.json'))]).toEqual([
        report,
        {
          'AWS::EC2::Instance': ['i-0gzip', 'i-0plain'],
          'AWS::EC2::LaunchTemplate': ['lt-0gzip', 'lt-0plain'],
        },
      ]);

    const outputs = await everyByteIn(dir);
    const homeFiles = await Promise.all(homes.map(everyByteIn));
    // Not vacuous: the search reached the files in the output folders, not only the top level.
    expect(outputs.files).toEqual(
      expect.arrayContaining([
        'snapshot.json',
        join('live', 'aws-audit-report.json'),
        join('live', 'aws-audit-report.sarif'),
        join('offline', 'aws-audit-report.json'),
        join('offline', 'aws-audit-report.sarif'),
      ]),
    );
    const everything = [
      ...runs.map((run) => `${run.stdout}\n${run.stderr}`),
      outputs.text,
      ...homeFiles.map((home) => home.text),
    ].join('\n');

    // Not vacuous: the scan found every planted key, and shows it redacted.
    for (const keyId of [
      PLANTED.plainKeyId,
      PLANTED.gzipKeyId,
      PLANTED.templateKeyId,
      PLANTED.templateGzipKeyId,
    ])
      expect([keyId, everything.includes(`${keyId.slice(0, 4)}…${keyId.slice(-4)}`)]).toEqual([keyId, true]);

    expect(leaks(everything)).toEqual([]);
  }, 120_000);
});
