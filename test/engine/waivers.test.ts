import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding, Status } from '../../src/engine/types.js';
import {
  applyWaivers,
  globToRegExp,
  isExpired,
  isIsoDate,
  parseWaivers,
  readWaiversFile,
  waiverWarnings,
  type Waiver,
} from '../../src/engine/waivers.js';
import { tempDir } from '../support/cli.js';

const RULE = 'ec2-security-group-no-public-ssh';
const OTHER = 'vpc-private-subnet-s3-gateway-endpoint';
const KNOWN = new Set([RULE, OTHER]);

function finding(
  id: string,
  status: Status = 'fail',
  region = 'us-east-1',
  accountId = '123456789012',
  ruleId = RULE,
): Finding {
  return {
    ruleId,
    status,
    severity: 'high',
    resource: {
      arn: `arn:aws:ec2:${region}:${accountId}:security-group/${id}`,
      id,
      type: 'AWS::EC2::SecurityGroup',
      accountId,
      region,
    },
    message: `Security group ${id} allows SSH.`,
    evidence: [],
    fingerprint: id.padEnd(64, '0').replace(/[^0-9a-f]/g, 'a'),
  };
}

const waiver = (index: number, resource: Waiver['resource'], extra: Partial<Waiver> = {}): Waiver => ({
  index,
  ruleId: RULE,
  resource,
  reason: `reason ${index}`,
  ...extra,
});

const NOW = new Date('2026-11-21T12:00:00Z');
const options = { file: 'w.yaml', now: NOW, evaluatedRuleIds: KNOWN };

describe('waiver matching', () => {
  it('matches ARN globs: * spans any characters, ? exactly one, the rest is literal', () => {
    expect(
      globToRegExp('arn:aws:ec2:*:123456789012:security-group/sg-0a1?').test(
        'arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0a12',
      ),
    ).toBe(true);
    expect(
      globToRegExp('arn:aws:ec2:*:123456789012:security-group/sg-0a1?').test(
        'arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0a123',
      ),
    ).toBe(false);
    expect(globToRegExp('sg-0a1.').test('sg-0a1x')).toBe(false);
    expect(globToRegExp('*').test('arn:aws:iam::1:role/a/b')).toBe(true);
  });

  it('waives matching failing findings with reason, owner, expiry and index; the first waiver in force wins', () => {
    const findings = [finding('sg-a'), finding('sg-b'), finding('sg-c', 'fail', 'eu-west-1')];
    const waivers = [
      waiver(0, 'arn:aws:ec2:us-east-1:*:security-group/sg-a', { owner: 'ops', expires: '2026-11-21' }),
      waiver(1, 'arn:aws:ec2:*:*:security-group/sg-*'),
    ];
    const { findings: out, report } = applyWaivers(findings, waivers, options);
    expect(out.map((f) => f.waiver)).toEqual([
      { reason: 'reason 0', owner: 'ops', expires: '2026-11-21', waiverIndex: 0 },
      { reason: 'reason 1', waiverIndex: 1 },
      { reason: 'reason 1', waiverIndex: 1 },
    ]);
    expect(report.applied.map((w) => [w.waiverIndex, w.matched])).toEqual([
      [0, 1],
      [1, 3],
    ]);
    expect(report.expired).toEqual([]);
    expect(report.stale).toEqual([]);
    // The input is not mutated.
    expect(findings[0]!.waiver).toBeUndefined();
  });

  it('matches the account/region/id form, absent fields matching anything', () => {
    const findings = [
      finding('sg-a', 'fail', 'eu-west-1'),
      finding('sg-a', 'fail', 'us-east-1'),
      finding('sg-b', 'fail', 'eu-west-1', '999999999999'),
    ];
    const { findings: out } = applyWaivers(
      findings,
      [waiver(0, { accountId: '123456789012', region: 'eu-*' })],
      options,
    );
    expect(out.map((f) => f.waiver?.waiverIndex)).toEqual([0, undefined, undefined]);
    const byId = applyWaivers(findings, [waiver(0, { id: 'sg-b' })], options).findings;
    expect(byId.map((f) => f.waiver?.waiverIndex)).toEqual([undefined, undefined, 0]);
  });

  it('waives only failing findings of the waiver rule', () => {
    const findings = [
      finding('sg-a', 'pass'),
      finding('sg-a', 'unknown'),
      finding('sg-a', 'fail', 'us-east-1', '123456789012', OTHER),
    ];
    const { findings: out, report } = applyWaivers(findings, [waiver(0, '*')], options);
    expect(out.every((f) => f.waiver === undefined)).toBe(true);
    expect(report.stale.map((w) => w.waiverIndex)).toEqual([0]);
  });
});

describe('waiver expiry and staleness', () => {
  it('applies through the expiry day (UTC) and stops the day after', () => {
    expect(isExpired({ expires: '2026-11-21' }, new Date('2026-11-21T23:59:59Z'))).toBe(false);
    expect(isExpired({ expires: '2026-11-21' }, new Date('2026-11-22T00:00:00Z'))).toBe(true);
    expect(isExpired({}, new Date('2099-01-01T00:00:00Z'))).toBe(false);
  });

  it('lists expired waivers (with what they would match) and does not apply them', () => {
    const findings = [finding('sg-a')];
    const waivers = [waiver(0, '*sg-a', { expires: '2026-11-20' })];
    const { findings: out, report } = applyWaivers(findings, waivers, options);
    expect(out[0]!.waiver).toBeUndefined();
    expect(report.expired).toEqual([
      {
        waiverIndex: 0,
        ruleId: RULE,
        resource: '*sg-a',
        reason: 'reason 0',
        expires: '2026-11-20',
        matched: 1,
      },
    ]);
    expect(report.applied).toEqual([]);
    // The same file, read a day earlier, still waives.
    const earlier = applyWaivers(findings, waivers, { ...options, now: new Date('2026-11-20T08:00:00Z') });
    expect(earlier.findings[0]!.waiver?.waiverIndex).toBe(0);
  });

  it('lists waivers matching nothing as stale, only for rules that ran', () => {
    const waivers = [waiver(0, '*sg-gone'), { ...waiver(1, '*'), ruleId: OTHER }];
    const ran = applyWaivers([finding('sg-a')], waivers, options).report;
    expect(ran.stale.map((w) => w.waiverIndex)).toEqual([0, 1]);
    const onlySsh = applyWaivers([finding('sg-a')], waivers, {
      ...options,
      evaluatedRuleIds: new Set([RULE]),
    }).report;
    expect(onlySsh.stale.map((w) => w.waiverIndex)).toEqual([0]);
  });
});

describe('waivers file', () => {
  const good = `
waivers:
  - ruleId: ${RULE}
    resource: arn:aws:ec2:*:123456789012:security-group/sg-1
    reason: Accepted.
    owner: ops
    expires: 2027-01-31
  - ruleId: ${RULE}
    resource: { accountId: 012345678901, region: us-east-1, id: sg-* }
    reason: Sandbox.
`;

  it('reads YAML (a mapping with waivers, or a bare list) and JSON', () => {
    const parsed = parseWaivers(good, 'w.yaml', KNOWN);
    expect(parsed).toEqual([
      {
        index: 0,
        ruleId: RULE,
        resource: 'arn:aws:ec2:*:123456789012:security-group/sg-1',
        reason: 'Accepted.',
        owner: 'ops',
        expires: '2027-01-31',
      },
      {
        index: 1,
        ruleId: RULE,
        resource: { accountId: '012345678901', region: 'us-east-1', id: 'sg-*' },
        reason: 'Sandbox.',
      },
    ]);
    const json = JSON.stringify([{ ruleId: RULE, resource: '*', reason: 'x' }]);
    expect(parseWaivers(json, 'w.json', KNOWN)).toEqual([
      { index: 0, ruleId: RULE, resource: '*', reason: 'x' },
    ]);
  });

  const bad: [string, string, RegExp][] = [
    [
      'a missing reason',
      `- { ruleId: ${RULE}, resource: '*' }`,
      /^waivers w\.yaml: waivers\[0\]\.reason: required, a non-empty string/,
    ],
    [
      'an empty reason',
      `- { ruleId: ${RULE}, resource: '*', reason: '  ' }`,
      /^waivers w\.yaml: waivers\[0\]\.reason: required/,
    ],
    [
      'an unknown rule id',
      `- { ruleId: ec2-nope, resource: '*', reason: x }`,
      /^waivers w\.yaml: waivers\[0\]\.ruleId: unknown rule id ec2-nope/,
    ],
    [
      'a missing rule id',
      `- { resource: '*', reason: x }`,
      /^waivers w\.yaml: waivers\[0\]\.ruleId: required/,
    ],
    [
      'a date that does not exist',
      `- { ruleId: ${RULE}, resource: '*', reason: x, expires: 2027-02-30 }`,
      /^waivers w\.yaml: waivers\[0\]\.expires: 2027-02-30 is not a date that exists$/,
    ],
    [
      'a date in another format',
      `- { ruleId: ${RULE}, resource: '*', reason: x, expires: 30.02.2027 }`,
      /^waivers w\.yaml: waivers\[0\]\.expires: must be a date written YYYY-MM-DD$/,
    ],
    [
      'a typo in a field',
      `- { ruleId: ${RULE}, resource: '*', reason: x, expiry: 2026-01-01 }`,
      /^waivers w\.yaml: waivers\[0\]\.expiry: unknown field/,
    ],
    [
      'a missing resource',
      `- { ruleId: ${RULE}, reason: x }`,
      /^waivers w\.yaml: waivers\[0\]\.resource: required/,
    ],
    [
      'an empty scope',
      `- { ruleId: ${RULE}, resource: {}, reason: x }`,
      /^waivers w\.yaml: waivers\[0\]\.resource: needs at least one of accountId, region, id/,
    ],
    [
      'an unknown scope field',
      `- { ruleId: ${RULE}, resource: { vpc: x }, reason: x }`,
      /^waivers w\.yaml: waivers\[0\]\.resource\.vpc: unknown field/,
    ],
    [
      'a second bad entry',
      `- { ruleId: ${RULE}, resource: '*', reason: x }\n- { ruleId: ${RULE}, resource: '*', reason: x, owner: '' }`,
      /^waivers w\.yaml: waivers\[1\]\.owner: must be a non-empty string$/,
    ],
    [
      'an entry that is not a mapping',
      `- just a string`,
      /^waivers w\.yaml: waivers\[0\]: must be a mapping/,
    ],
    [
      'a document that is not a list',
      `ruleId: ${RULE}`,
      /^waivers w\.yaml: the document must be a list of waivers/,
    ],
    ['broken YAML', `- { ruleId: [`, /^waivers w\.yaml is not valid YAML or JSON: /],
    [
      'a YAML error: ends with the offending line, not a dangling "column 1:"',
      `- ruleId: ${RULE}\n  resource: '*'\nreason bad: [x\n`,
      /^waivers w\.yaml is not valid YAML or JSON: .* at line \d+, column \d+: "[^"]+"$/,
    ],
  ];
  it.each(bad)('rejects %s with one line naming file, entry and field', (_name, text, expected) => {
    let message = '';
    try {
      parseWaivers(text, 'w.yaml', KNOWN);
    } catch (error) {
      message = (error as Error).message;
      expect((error as { exitCode?: number }).exitCode).toBe(2);
    }
    expect(message).toMatch(expected);
    expect(message).not.toContain('\n');
  });

  it('warns about a waiver of every resource without owner or expiry', () => {
    const waivers = parseWaivers(
      [
        `- { ruleId: ${RULE}, resource: '*', reason: accepted }`,
        `- { ruleId: ${RULE}, resource: '*', reason: accepted, owner: sec, expires: 2027-01-01 }`,
        `- { ruleId: ${RULE}, resource: { accountId: '*', id: '*' }, reason: x, owner: sec }`,
        `- { ruleId: ${RULE}, resource: 'arn:aws:ec2:*:*:security-group/sg-1', reason: x }`,
      ].join('\n'),
      'w.yaml',
      KNOWN,
    );
    expect(waiverWarnings(waivers, 'w.yaml')).toEqual([
      `waivers w.yaml: waivers[0] waives ${RULE} for every resource without owner and expires; add them so the exception is reviewed`,
      `waivers w.yaml: waivers[2] waives ${RULE} for every resource without expires; add them so the exception is reviewed`,
    ]);
  });

  it('reports a missing file as one line', async () => {
    await expect(readWaiversFile('no-such-waivers.yaml', KNOWN)).rejects.toThrow(
      /^cannot read waivers no-such-waivers\.yaml: no such file or directory$/,
    );
  });

  it('reads the file from disk', async () => {
    const path = join(await tempDir(), 'w.yaml');
    await writeFile(path, good);
    expect(await readWaiversFile(path, KNOWN)).toHaveLength(2);
  });

  it('checks calendar dates', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2027-02-29')).toBe(false);
    expect(isIsoDate('2027-1-01')).toBe(false);
  });
});
