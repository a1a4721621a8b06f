// Live scans of the demo account served by the fake AWS endpoint (test/fake-aws), in-process: the
// real collectors and SDK clients, the real rule pack. A faulted run is compared with an
// unfaulted one: every verdict must be the same or `unknown`, never a different pass/fail.
import { ruleRegistry } from '../../../rules/index.js';
import { buildDemoSnapshot } from '../../../scripts/demo-account.js';
import { collectSnapshot, type CollectSnapshotOptions } from '../../../src/collect/collect-snapshot.js';
import { DEFAULT_LIMITS } from '../../../src/collect/limits.js';
import { evaluateSnapshot, type ScanResult } from '../../../src/engine/scan.js';
import type { Finding } from '../../../src/engine/types.js';
import { ALL_KINDS, type RegionalKind } from '../../../src/snapshot/types.js';
import {
  fakeAccountFromSnapshot,
  startFakeAws,
  type FakeAws,
  type FakeAwsOptions,
} from '../../fake-aws/index.js';

export const DEMO = buildDemoSnapshot();
export const DEMO_ACCOUNT = DEMO.accounts[0]!;
export const DEMO_REGIONS = DEMO_ACCOUNT.regions.map((region) => region.region);
export const COLLECTED_AT = new Date('2026-11-21T00:00:00.000Z');

export function startDemoFake(options: Omit<FakeAwsOptions, 'accounts'> = {}): Promise<FakeAws> {
  return startFakeAws({ accounts: [fakeAccountFromSnapshot(DEMO_ACCOUNT)], ...options });
}

export async function liveScan(
  fake: FakeAws,
  extra: Partial<CollectSnapshotOptions> = {},
): Promise<ScanResult> {
  const snapshot = await collectSnapshot({
    kinds: ALL_KINDS,
    regions: DEMO_REGIONS,
    endpoint: fake.url,
    credentials: { accessKeyId: 'AKIAFAKEFAKEFAKEFAKE', secretAccessKey: 'fake-secret' },
    limits: { ...DEFAULT_LIMITS, bucket: false },
    now: COLLECTED_AT,
    ...extra,
  });
  return evaluateSnapshot(snapshot, ruleRegistry, { kind: 'live' }, COLLECTED_AT);
}

/** What a finding asserts, without run-specific fields. */
export function verdict(finding: Finding): {
  ruleId: string;
  fingerprint: string;
  status: string;
  severity: string;
  message: string;
} {
  return {
    ruleId: finding.ruleId,
    fingerprint: finding.fingerprint,
    status: finding.status,
    severity: finding.severity,
    message: finding.message,
  };
}

export function verdicts(findings: readonly Finding[]): ReturnType<typeof verdict>[] {
  return findings
    .map(verdict)
    .sort((a, b) => `${a.ruleId}${a.fingerprint}`.localeCompare(`${b.ruleId}${b.fingerprint}`));
}

/** `rule account region` keys of the scopes (a region, or a whole account) a run says `unknown` for. */
function unknownScopes(findings: readonly Finding[]): Set<string> {
  const scopes = new Set<string>();
  for (const finding of findings) {
    if (finding.status !== 'unknown') continue;
    const { type, accountId, region } = finding.resource;
    // The engine's scope-level unknowns (src/engine/run.ts regionScopeRef / accountScopeRef).
    if (type === 'AWS::EC2::Region') scopes.add(`${finding.ruleId} ${accountId} ${region}`);
    if (type === 'AWS::IAM::Account') scopes.add(`${finding.ruleId} ${accountId} *`);
  }
  return scopes;
}

/**
 * Known holes in "missing data is never a verdict": a rule that, when a kind it needs was not read,
 * drops its findings for one resource type instead of saying `unknown` for them. Each is a bug to
 * fix in the rule (then delete the entry); listing them keeps every other vanishing verdict caught.
 * None today: ec2-instance-no-static-credentials, which dropped its launch-template findings when
 * DescribeLaunchTemplates failed, now says `unknown` for the region's launch templates.
 */
const KNOWN_SILENT_GAPS: readonly { ruleId: string; resourceType: string; kind: RegionalKind }[] = [];

function isKnownSilentGap(faulted: ScanResult, finding: Finding): boolean {
  const { accountId, region } = finding.resource;
  const collection = faulted.snapshot.accounts
    .find((account) => account.accountId === accountId)
    ?.regions.find((r) => r.region === region)?.collection;
  return KNOWN_SILENT_GAPS.some(
    (gap) =>
      gap.ruleId === finding.ruleId &&
      gap.resourceType === finding.resource.type &&
      collection !== undefined &&
      collection[gap.kind] !== 'collected',
  );
}

/**
 * The faulted run never gives a verdict the unfaulted run did not: a finding may become `unknown`,
 * or keep its status with a different message or severity (a rule whose decisive evidence was still
 * collected, saying what it could not see), but never flip pass <-> fail or appear from nowhere as
 * pass/fail. Both directions: a baseline finding missing from the faulted run is allowed only when
 * the faulted run says `unknown` for that rule over the finding's whole region or account (the data
 * to list it was not read); a verdict that silently vanishes is as wrong as one that flips. Returns
 * the findings that differ from the baseline, the vanished ones (as the baseline had them) included.
 */
export function changedFindings(baseline: ScanResult, faulted: ScanResult): Finding[] {
  const key = (finding: Finding): string => `${finding.ruleId} ${finding.fingerprint}`;
  const expected = new Map(baseline.findings.map((finding) => [key(finding), verdict(finding)]));
  const changed: Finding[] = [];
  for (const finding of faulted.findings) {
    const before = expected.get(key(finding));
    if (before !== undefined && JSON.stringify(before) === JSON.stringify(verdict(finding))) continue;
    if (finding.status !== 'unknown' && finding.status !== before?.status)
      throw new Error(
        `wrong verdict under a fault: ${JSON.stringify(verdict(finding))}, before ${JSON.stringify(before)}`,
      );
    changed.push(finding);
  }
  const present = new Set(faulted.findings.map(key));
  const scopes = unknownScopes(faulted.findings);
  for (const finding of baseline.findings) {
    if (present.has(key(finding))) continue;
    const { accountId, region } = finding.resource;
    const covered =
      scopes.has(`${finding.ruleId} ${accountId} ${region}`) ||
      scopes.has(`${finding.ruleId} ${accountId} *`);
    if (!covered && !isKnownSilentGap(faulted, finding))
      throw new Error(
        `verdict vanished under a fault, with no unknown for its scope: ${JSON.stringify(verdict(finding))}`,
      );
    changed.push(finding);
  }
  return changed;
}
