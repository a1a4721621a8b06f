// Which regions to read: the ones asked for, or every region the account has enabled
// (DescribeRegions with AllRegions, opt-in aware: aws-facts §6.5).
import type { EC2Client } from '@aws-sdk/client-ec2';
import { UserError } from '../util/errors.js';
import { runSweep } from './collector.js';
import { classifyError } from './error-classifier.js';
import { ec2Sdk } from './sdk.js';
import type { CollectLog, RegionContext } from './types.js';

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

export interface RegionTarget {
  region: string;
  /** `not-opted-in` regions are recorded, never read. */
  optIn: 'enabled' | 'not-opted-in' | 'unknown';
}

export async function resolveRegions(
  ec2: EC2Client,
  requested: readonly string[] | undefined,
  context: RegionContext,
  log: CollectLog,
): Promise<RegionTarget[]> {
  if (requested && requested.length > 0) {
    return [...new Set(requested)].map((region) => ({ region, optIn: 'unknown' }));
  }
  // Loaded here, not at the top: isRegionName is loaded by every command's flag parsing.
  const { DescribeRegionsCommand } = ec2Sdk();
  let regions: { name: string; status: string }[];
  try {
    regions = await runSweep(
      ec2,
      {
        service: 'ec2',
        command: DescribeRegionsCommand,
        send: (client: EC2Client, input) => client.send(new DescribeRegionsCommand(input)),
        input: { AllRegions: true },
        items: (page) => page.Regions,
        map: (region) =>
          region.RegionName
            ? { name: region.RegionName, status: region.OptInStatus ?? 'opt-in-not-required' }
            : undefined,
      },
      { context },
    );
  } catch (error) {
    const cause = (error as { cause?: unknown }).cause ?? error;
    const { code, message } = classifyError(cause);
    throw new UserError(
      `cannot list the account's regions (ec2:DescribeRegions in ${context.region}: ${code}: ${message}); ` +
        'pass --region to name the regions to scan',
    );
  }
  const targets: RegionTarget[] = regions
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((r) => ({ region: r.name, optIn: r.status === 'not-opted-in' ? 'not-opted-in' : 'enabled' }));
  const enabled = targets.filter((t) => t.optIn === 'enabled').length;
  log.note(`${enabled} regions enabled, ${targets.length - enabled} not opted in`);
  return targets;
}
