// Region names and the home region: what flag parsing needs (every command's `--region`), apart
// from regions.ts, which lists regions through the SDK and would load the collection layer with it.
import { UserError } from '../util/errors.js';

/** `us-east-1`, `us-gov-west-1`, `cn-north-1`, `eu-isoe-west-1`, `ap-southeast-5`. */
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$/;

export function isRegionName(value: string): boolean {
  return REGION_PATTERN.test(value);
}

export const DEFAULT_HOME_REGION = 'us-east-1';

/**
 * The home region: where STS (identity, AssumeRole), DescribeRegions and Organizations are called.
 * The one place it is decided, in this order: the first region asked for (`--region`), then
 * `AWS_REGION`, then `AWS_DEFAULT_REGION` (the variables the SDK and the AWS CLI read), then
 * us-east-1. The programmatic API passes no environment, so it goes from the regions to us-east-1.
 */
export function homeRegionFor(
  regions: readonly string[] | undefined,
  env: { AWS_REGION?: string; AWS_DEFAULT_REGION?: string } = {},
): string {
  return regions?.[0] ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? DEFAULT_HOME_REGION;
}

export function validateRegions(regions: readonly string[] | undefined, flag = '--region'): void {
  for (const region of regions ?? []) {
    if (!isRegionName(region))
      throw new UserError(`${flag}: '${region}' is not a region name (expected e.g. us-east-1)`);
  }
}
