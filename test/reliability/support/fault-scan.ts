// Live scans of the demo account served by the fake AWS endpoint (test/fake-aws), in-process: the
// real collectors and SDK clients, the real rule pack. A faulted run is compared with an
// unfaulted one: every verdict must be the same or `unknown`, never a different pass/fail.
import { ruleRegistry } from '../../../rules/index.js';
import { buildDemoSnapshot } from '../../../scripts/demo-account.js';
import { collectSnapshot, type CollectSnapshotOptions } from '../../../src/collect/collect-snapshot.js';
import { DEFAULT_LIMITS } from '../../../src/collect/limits.js';
import { evaluateSnapshot, type ScanResult } from '../../../src/engine/scan.js';
import type { Finding } from '../../../src/engine/types.js';
import { ALL_KINDS } from '../../../src/snapshot/types.js';
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

/**
 * The faulted run never gives a verdict the unfaulted run did not: a finding may become `unknown`,
 * or keep its status with a different message or severity (a rule whose decisive evidence was still
 * collected, saying what it could not see), but never flip pass <-> fail or appear from nowhere as
 * pass/fail. Returns the findings that differ from the baseline.
 */
export function changedFindings(baseline: ScanResult, faulted: ScanResult): Finding[] {
  const expected = new Map(
    baseline.findings.map((finding) => [`${finding.ruleId} ${finding.fingerprint}`, verdict(finding)]),
  );
  const changed: Finding[] = [];
  for (const finding of faulted.findings) {
    const before = expected.get(`${finding.ruleId} ${finding.fingerprint}`);
    if (before !== undefined && JSON.stringify(before) === JSON.stringify(verdict(finding))) continue;
    if (finding.status !== 'unknown' && finding.status !== before?.status)
      throw new Error(
        `wrong verdict under a fault: ${JSON.stringify(verdict(finding))}, before ${JSON.stringify(before)}`,
      );
    changed.push(finding);
  }
  return changed;
}
