// Fingerprints identify a (resource, rule) pair across runs: nightly diffs, waivers and GitHub
// alert deduplication all depend on them staying stable (sarif-github.md "Fingerprint").
import { hash } from 'node:crypto';

export function findingFingerprint(
  partition: string,
  accountId: string,
  region: string,
  arn: string,
  ruleId: string,
): string {
  // One-shot `hash` (Node ≥ 20.12): the same digest as createHash().update().digest(), without a
  // Hash object per finding — it halves the cost of the engine's hottest line (BENCHMARKS.md).
  return hash('sha256', ['v1', partition, accountId, region, arn, ruleId].join('\n'), 'hex');
}
