// Which regions to read: the ones asked for, or every region the account has enabled
// (DescribeRegions with AllRegions, opt-in aware: aws-facts §6.5).
import type { EC2Client } from '@aws-sdk/client-ec2';
import { UserError } from '../util/errors.js';
import { runSweep } from './collector.js';
import { classifyError } from './error-classifier.js';
import { ec2Sdk } from './sdk.js';
import type { CollectLog, RegionContext } from './types.js';

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
  // Loaded here, not at the top: nothing of the SDK loads before a region is asked for.
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
