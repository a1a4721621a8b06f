// `aws-audit publish security-hub` end to end, in-process, against the fake endpoint's Security Hub
// (restJson1, its limits and refusals): batching, partial failures, throttling bursts, waivers
// added after the first import (aws-facts §10.4), organisation reports through --org-role-name.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { reviewScan } from '../../src/engine/waivers-and-baseline.js';
import type { ScanResult } from '../../src/engine/scan.js';
import { buildAsffFindings, type AsffFinding } from '../../src/report/asff.js';
import { buildJsonReport, jsonReportPieces } from '../../src/report/json-report.js';
import { IMPORT_LIMITS, importBatches } from '../../src/publish/batches.js';
import { createSecurityHubClient } from '../../src/publish/security-hub-client.js';
import { BatchUpdateFindingsCommand } from '@aws-sdk/client-securityhub';
import { UNSUPPRESS_NOTE, publishToSecurityHub } from '../../src/publish/security-hub.js';
import { GlobalBuilder, RegionBuilder, buildAccount } from '../support/builders/index.js';
import { startFakeAws, type FakeAws } from '../fake-aws/index.js';
import { useDummyAwsEnvironment } from '../support/aws-env.js';
import { runCli, tempDir } from '../support/cli.js';
import { fakeMeta, plannedRegionalRule, syntheticScan } from '../report/sarif-fixtures.js';

const CALLER = '111111111111';
const MEMBER = '222222222222';
const REGION = 'eu-west-1';

/** A rule failing `count` security groups in every scanned region. */
function scanOf(accountIds: string[], count: number): ScanResult {
  const rule = plannedRegionalRule(fakeMeta('ec2-thing-is-fine'), () =>
    Array.from({ length: count }, (_, i) => ({ status: 'fail' as const, id: `sg-${i}` })),
  );
  return syntheticScan(
    accountIds.map((accountId) => ({ accountId, regions: [REGION] })),
    [rule],
  );
}

async function writeReport(dir: string, name: string, result: ScanResult): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, [...jsonReportPieces(buildJsonReport(result))].join(''));
  return path;
}

function fakeAccount(id: string) {
  return {
    snapshot: buildAccount({
      accountId: id,
      regions: [new RegionBuilder(REGION, id)],
      global: new GlobalBuilder(id),
    }),
  };
}

useDummyAwsEnvironment();
let fake: FakeAws;
let dir: string;
let rejectId: string | undefined;

beforeAll(async () => {
  fake = await startFakeAws({
    accounts: [fakeAccount(CALLER), fakeAccount(MEMBER)],
    throttling: true,
    securityHubReject: (finding) =>
      finding.Id === rejectId ? { code: 'InvalidInput', message: 'planted refusal' } : undefined,
  });
  dir = await tempDir('publish-');
});
afterAll(() => fake.close());
beforeEach(() => {
  rejectId = undefined;
  fake.setFaults([]);
  fake.resetStats();
});

const publish = (...args: string[]) =>
  runCli(['publish', 'security-hub', '--endpoint-url', fake.url, ...args]);

describe('importBatches', () => {
  const [one] = buildAsffFindings(buildJsonReport(scanOf([CALLER], 1)));
  it('cuts at 100 findings', () => {
    const many = Array.from({ length: 250 }, (_, i) => ({ ...one!, Id: `f-${i}` }));
    expect(importBatches(many).map((b) => b.length)).toEqual([100, 100, 50]);
  });
  it('cuts at 6 MB of request body', () => {
    const big: AsffFinding = { ...one!, ProductFields: { big: 'x'.repeat(200 * 1024) } };
    const batches = importBatches(Array.from({ length: 70 }, (_, i) => ({ ...big, Id: `f-${i}` })));
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches)
      expect(Buffer.byteLength(JSON.stringify({ Findings: batch }))).toBeLessThanOrEqual(IMPORT_LIMITS.bytes);
    expect(batches.flat()).toHaveLength(70);
  });
});

describe('publish security-hub', () => {
  it('imports every finding in batches of at most 100 and exits 0', async () => {
    const report = await writeReport(dir, 'all.json', scanOf([CALLER], 230));
    const run = await publish('--report', report);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('230 of 230 finding(s) imported in 3 call(s)');
    const stored = fake.securityHubFindings(CALLER, REGION);
    expect(stored).toHaveLength(230);
    expect(stored[0]).toMatchObject({ SchemaVersion: '2018-10-08', Workflow: { Status: 'NEW' } });
    const calls = fake.requests.filter((r) => r.operation === 'BatchImportFindings');
    expect(calls.map((c) => c.items)).toEqual([100, 100, 30]);
  });

  it('names each refused finding and exits 3 when any is refused', async () => {
    const result = scanOf([CALLER], 3);
    rejectId = result.findings[1]!.fingerprint;
    const report = await writeReport(dir, 'partial.json', result);
    const run = await publish('--report', report);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `not imported: ${rejectId} (${CALLER} ${REGION}): InvalidInput: planted refusal`,
    );
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toContain('2 of 3 finding(s) imported');
  });

  it('retries a throttling burst (429) and still imports everything', async () => {
    fake.setFaults([
      { service: 'securityhub', operation: 'BatchImportFindings', kind: 'throttle', times: 2 },
    ]);
    const report = await writeReport(dir, 'burst.json', scanOf([CALLER], 5));
    const run = await publish('--report', report);
    expect(run.code).toBe(0);
    const calls = fake.requests.filter((r) => r.operation === 'BatchImportFindings');
    expect(calls.map((c) => [c.status, c.throttled])).toEqual([
      [429, true],
      [429, true],
      [200, false],
    ]);
  });

  it('suppresses a finding waived after its first import with BatchUpdateFindings', async () => {
    const result = scanOf([CALLER], 2);
    const first = await publish('--report', await writeReport(dir, 'before.json', result));
    expect(first.code).toBe(0);
    const waived = reviewScan(result, {
      now: new Date('2026-11-21T00:00:00Z'),
      waivers: {
        file: 'w.yaml',
        entries: [
          {
            index: 0,
            ruleId: 'ec2-thing-is-fine',
            resource: '*:security-group/sg-0',
            reason: 'Accepted risk',
            owner: 'sec@example.com',
          },
        ],
      },
    });
    const run = await publish('--report', await writeReport(dir, 'after.json', waived));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 waived finding(s) suppressed');
    const stored = fake
      .securityHubFindings(CALLER, REGION)
      .filter((f) => waived.findings.some((w) => w.fingerprint === f.Id));
    const sg0 = stored.find(
      (f) => f.Id === waived.findings.find((w) => w.resource.id === 'sg-0')!.fingerprint,
    )!;
    expect(sg0.Workflow).toEqual({ Status: 'SUPPRESSED' });
    expect(sg0.Note).toMatchObject({
      Text: 'Waived: Accepted risk; owner sec@example.com',
      UpdatedBy: 'aws-audit',
    });
    const sg1 = stored.find(
      (f) => f.Id === waived.findings.find((w) => w.resource.id === 'sg-1')!.fingerprint,
    )!;
    expect(sg1.Workflow).toEqual({ Status: 'NEW' });
    expect(fake.requests.filter((r) => r.operation === 'BatchUpdateFindings')).toHaveLength(1);
  });

  it('sets a finding back to NEW when the waiver we suppressed it for expired or was removed, and leaves a hand suppression alone', async () => {
    const result = scanOf([CALLER], 4);
    const now = new Date('2026-11-21T00:00:00Z');
    const waiver = (index: number, sg: string, expires?: string) => ({
      index,
      ruleId: 'ec2-thing-is-fine',
      resource: `*:security-group/${sg}`,
      reason: `Accepted ${sg}`,
      owner: 'sec@example.com',
      ...(expires !== undefined ? { expires } : {}),
    });
    const reviewed = (entries: ReturnType<typeof waiver>[], at: Date) =>
      reviewScan(result, { now: at, waivers: { file: 'w.yaml', entries } });
    // Night 1: sg-0, sg-1 and sg-2 waived (sg-1's waiver runs to 2026-12-01).
    const waivedAll = reviewed([waiver(0, 'sg-0'), waiver(1, 'sg-1', '2026-12-01'), waiver(2, 'sg-2')], now);
    const first = await publish('--report', await writeReport(dir, 'ended-1.json', waivedAll));
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('3 waived finding(s) suppressed');
    const id = (sg: string) => result.findings.find((f) => f.resource.id === sg)!.fingerprint;
    // Someone suppresses sg-3 by hand in Security Hub, with their own note.
    const client = createSecurityHubClient({
      region: REGION,
      credentials: fake.credentialsFor(CALLER),
      endpoint: fake.url,
    });
    const productArn = `arn:aws:securityhub:${REGION}:${CALLER}:product/${CALLER}/default`;
    await client.send(
      new BatchUpdateFindingsCommand({
        FindingIdentifiers: [{ Id: id('sg-3'), ProductArn: productArn }],
        Workflow: { Status: 'SUPPRESSED' },
        Note: { Text: 'False positive', UpdatedBy: 'alice' },
      }),
    );
    fake.resetStats();
    // Night 2, a month later: sg-0's waiver was removed from the file, sg-1's expired, sg-2's stays.
    const later = reviewed(
      [waiver(1, 'sg-1', '2026-12-01'), waiver(2, 'sg-2')],
      new Date('2026-12-21T00:00:00Z'),
    );
    expect(later.findings.filter((f) => f.waiver).map((f) => f.resource.id)).toEqual(['sg-2']);
    const run = await publish('--report', await writeReport(dir, 'ended-2.json', later));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('2 finding(s) whose waiver ended set back to NEW');
    const stored = new Map(fake.securityHubFindings(CALLER, REGION).map((f) => [f.Id, f]));
    for (const sg of ['sg-0', 'sg-1']) {
      expect(stored.get(id(sg))!.Workflow).toEqual({ Status: 'NEW' });
      expect(stored.get(id(sg))!.Note).toMatchObject({ Text: UNSUPPRESS_NOTE, UpdatedBy: 'aws-audit' });
    }
    expect(stored.get(id('sg-2'))!.Workflow).toEqual({ Status: 'SUPPRESSED' });
    expect(stored.get(id('sg-3'))!.Workflow).toEqual({ Status: 'SUPPRESSED' });
    expect(stored.get(id('sg-3'))!.Note).toMatchObject({ Text: 'False positive', UpdatedBy: 'alice' });
    const updates = fake.requests.filter((r) => r.operation === 'BatchUpdateFindings');
    // One call re-suppresses sg-2 (its note), one sets sg-0 and sg-1 back to NEW.
    expect(updates).toHaveLength(2);
    expect(fake.requests.filter((r) => r.operation === 'GetFindings')).toHaveLength(1);

    // Night 3: nothing changed, nothing more to unsuppress.
    const again = await publish('--report', await writeReport(dir, 'ended-3.json', later));
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('set back to NEW');
  });

  it('says so and exits 3 when the suppressed findings cannot be listed', async () => {
    fake.setFaults([{ service: 'securityhub', operation: 'GetFindings', kind: 'error', times: 1 }]);
    const run = await publish('--report', await writeReport(dir, 'noget.json', scanOf([CALLER], 2)));
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      new RegExp(
        `not unsuppressed: waivers that ended \\(${CALLER} ${REGION}\\): AccessDenied\\w*: could not list suppressed findings`,
      ),
    );
    expect(run.stdout).toContain('2 of 2 finding(s) imported');
  });

  it('refuses a report naming two accounts without --org-role-name, and imports each from inside its account with it', async () => {
    const report = await writeReport(dir, 'org.json', scanOf([CALLER, MEMBER], 2));
    const refused = await publish('--report', report);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/2 accounts .*--org-role-name/);
    expect(fake.requests.filter((r) => r.service === 'securityhub')).toEqual([]);

    const run = await publish('--report', report, '--org-role-name', 'AuditPublisher');
    expect(run.code).toBe(0);
    expect(fake.securityHubFindings(MEMBER, REGION).map((f) => f.AwsAccountId)).toEqual([MEMBER, MEMBER]);
    const imports = fake.requests.filter((r) => r.operation === 'BatchImportFindings');
    expect(new Set(imports.map((r) => r.accountId))).toEqual(new Set([CALLER, MEMBER]));
  });

  it('sends another account’s findings with the caller’s credentials only to have each refused', async () => {
    const report = await writeReport(dir, 'member.json', scanOf([MEMBER], 2));
    const run = await publish('--report', report);
    expect(run.code).toBe(3);
    expect(run.stderr.match(/AccessDeniedException/g)).toHaveLength(2);
  });

  it('a usage error names the command and exits 2 (not commander’s exit 1)', async () => {
    const run = await runCli(['publish', 'security-hub', '--report', 'x.json', '--region', 'nowhere']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^aws-audit publish security-hub: option '--region <region>' argument 'nowhere' is invalid/,
    );
    const missing = await runCli(['publish', 'security-hub']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /^aws-audit publish security-hub: required option '--report <files>' not specified/,
    );
  });

  it('fails with one line naming the file for a report that is not one', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{"hello": 1}');
    const run = await publish('--report', bad);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^aws-audit: report .*bad\.json is not an aws-audit JSON report/);
  });
});

describe('pacing', () => {
  it('spaces calls to at most 10 per second', async () => {
    const sleeps: number[] = [];
    let now = 0;
    const clock = {
      now: () => now,
      sleep: (ms: number) => {
        sleeps.push(ms);
        now += ms;
        return Promise.resolve();
      },
    };
    const credentials = fake.credentialsFor(CALLER);
    const findings = buildAsffFindings(buildJsonReport(scanOf([CALLER], 450)));
    const outcome = await publishToSecurityHub(findings, ({ region }) =>
      createSecurityHubClient({ region, credentials, endpoint: fake.url, clock }),
    );
    expect(outcome.calls.import).toBe(5);
    expect(outcome.calls.get).toBe(1);
    expect(outcome.refused).toEqual([]);
    // Every call (five imports, the look-up of suppressed findings, and the update that sets back
    // to NEW what earlier tests left suppressed for these resources): the first at once, each
    // next one 100 ms after the one before.
    const calls = outcome.calls.import + outcome.calls.get + outcome.calls.update;
    expect(sleeps).toEqual(Array(calls - 1).fill(100));
  });
});

describe('policy --publish', () => {
  it('prints only the two Security Hub writes and the read of suppressed findings, which the scan policy never holds', async () => {
    const run = await runCli(['policy', '--publish']);
    expect(run.code).toBe(0);
    const policy = JSON.parse(run.stdout) as { Statement: { Action: string[] }[] };
    expect(policy.Statement.flatMap((s) => s.Action)).toEqual([
      'securityhub:BatchImportFindings',
      'securityhub:BatchUpdateFindings',
      'securityhub:GetFindings',
    ]);
    const scan = await runCli(['policy']);
    expect(scan.stdout).not.toContain('securityhub');
  });
});
