import { accountListings, lowerBound, minimumPages, perResourceMinimum } from '../../bench/api-model.js';
import { generateSnapshot, scalePlan } from '../../bench/generate.js';

describe('minimumPages', () => {
  it('costs one call for an empty listing and one per full page after that (aws-facts §6.1 maxima)', () => {
    expect(minimumPages({ operation: 'DescribeVpcs', region: 'us-east-1', items: 0 })).toBe(1);
    expect(minimumPages({ operation: 'DescribeInstances', region: 'us-east-1', items: 1000 })).toBe(1);
    expect(minimumPages({ operation: 'DescribeInstances', region: 'us-east-1', items: 1500 })).toBe(2);
    // Route tables page at 100, SSM instance information at 50.
    expect(minimumPages({ operation: 'DescribeRouteTables', region: 'us-east-1', items: 240 })).toBe(3);
    expect(minimumPages({ operation: 'DescribeInstanceInformation', region: 'us-east-1', items: 1050 })).toBe(
      21,
    );
  });
});

describe('accountListings and perResourceMinimum', () => {
  it('derive the listings and per-resource calls of a large-shaped account', () => {
    const account = generateSnapshot({ ...scalePlan('large'), regions: 2 }, 1).accounts[0]!;
    const listings = accountListings(account);
    const instances = listings.filter((l) => l.operation === 'DescribeInstances');
    expect(instances).toHaveLength(2);
    expect(instances.every((l) => l.items === 1500)).toBe(true);
    // Two GetAccountAuthorizationDetails sweeps (roles, customer policies) under us-east-1.
    expect(
      listings.filter((l) => l.operation === 'GetAccountAuthorizationDetails').map((l) => l.items),
    ).toEqual([1000, 200]);
    const perResource = perResourceMinimum(account);
    expect(perResource.get('DescribeInstanceAttribute|us-east-1')).toBe(1500);
    expect(perResource.get('DescribeVpcAttribute|us-east-1')).toBe(120);
    expect(perResource.get('GetManagedPrefixListEntries|us-east-1')).toBe(10);
  });
});

describe('lowerBound', () => {
  it('is set by the slowest bucket: 1,500 user-data calls after the instance pages, 100 at once then 20/s', () => {
    const bound = lowerBound(
      [
        {
          service: 'ec2',
          region: 'us-east-1',
          operation: 'DescribeInstances',
          minimum: 2,
          perResource: false,
        },
        {
          service: 'ec2',
          region: 'us-east-1',
          operation: 'DescribeInstanceAttribute',
          minimum: 1500,
          perResource: true,
        },
        {
          service: 'ec2',
          region: 'us-east-1',
          operation: 'DescribeRouteTables',
          minimum: 3,
          perResource: false,
        },
      ],
      20,
    );
    // 2 × 20 ms (STS, DescribeRegions) + 2 pages × 20 ms + 20 ms + (1500 − 100) / 20 s.
    expect(bound.seconds).toBeCloseTo(0.04 + 0.04 + 0.02 + 70, 6);
    expect(bound.dominant?.operation).toBe('DescribeInstanceAttribute');
  });

  it('charges a long listing its sequential round trips when no bucket binds', () => {
    const bound = lowerBound(
      [
        {
          service: 'rds',
          region: 'eu-west-1',
          operation: 'DescribeDBInstances',
          minimum: 30,
          perResource: false,
        },
      ],
      50,
    );
    expect(bound.seconds).toBeCloseTo(0.1 + 30 * 0.05, 6);
  });
});
