// Fingerprints identify a (resource, rule) pair across runs: nightly diffs, waivers and GitHub
// alert deduplication all depend on them staying stable (sarif-github.md "Fingerprint").
import { createHash } from 'node:crypto';

export function findingFingerprint(
  partition: string,
  accountId: string,
  region: string,
  arn: string,
  ruleId: string,
): string {
  return createHash('sha256')
    .update(['v1', partition, accountId, region, arn, ruleId].join('\n'))
    .digest('hex');
}
