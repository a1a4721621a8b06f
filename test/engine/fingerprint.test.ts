import { createHash } from 'node:crypto';
import { findingFingerprint } from '../../src/engine/fingerprint.js';

describe('findingFingerprint', () => {
  it('is the sha256 of the v1 fields joined by newlines, so fingerprints stay stable across versions', () => {
    const fields = [
      'aws',
      '123456789012',
      'us-east-1',
      'arn:aws:ec2:us-east-1:123456789012:security-group/sg-0abc',
      'ec2-security-group-no-public-ssh',
    ] as const;
    const expected = createHash('sha256')
      .update(['v1', ...fields].join('\n'))
      .digest('hex');
    expect(findingFingerprint(...fields)).toBe(expected);
    // Pinned: a change of algorithm or field order would orphan every waiver and baseline.
    expect(findingFingerprint(...fields)).toBe(
      '04143e0326e332ac7a064b348b3d1d7f65735c87336107272c142a9fefb82c8d',
    );
  });

  it('differs when any field differs', () => {
    const base = findingFingerprint('aws', '111111111111', 'eu-west-1', 'arn:x', 'rule-a');
    expect(findingFingerprint('aws', '111111111111', 'eu-west-1', 'arn:x', 'rule-b')).not.toBe(base);
    expect(findingFingerprint('aws', '111111111111', 'eu-west-2', 'arn:x', 'rule-a')).not.toBe(base);
    expect(findingFingerprint('aws-cn', '111111111111', 'eu-west-1', 'arn:x', 'rule-a')).not.toBe(base);
  });
});
