// VPC Block Public Access (aws-facts §1.2, §1.4 item 6): the account-and-region mode
// (DescribeVpcBlockPublicAccessOptions, one call) and the exclusions that exempt a VPC or a subnet
// (DescribeVpcBlockPublicAccessExclusions, NextToken pages). Both make one kind: a mode without
// its exclusions would block paths that an exclusion opens.
import type {
  DescribeVpcBlockPublicAccessExclusionsRequest,
  DescribeVpcBlockPublicAccessExclusionsResult,
  EC2Client,
} from '@aws-sdk/client-ec2';
import type { VpcBlockPublicAccessExclusion } from '../../snapshot/types.js';
import { sends, runSweep, type RegionalCollector } from '../collector.js';
import { ec2Sdk } from '../sdk.js';

const { DescribeVpcBlockPublicAccessExclusionsCommand, DescribeVpcBlockPublicAccessOptionsCommand } =
  ec2Sdk();

/**
 * The SDK ships no paginator for DescribeVpcBlockPublicAccessExclusions: follow NextToken here.
 * (A copy of the input per page: the collector's input is shared by every region.)
 */
async function* exclusionPages(
  config: { client: EC2Client; pageSize?: number },
  input: DescribeVpcBlockPublicAccessExclusionsRequest,
): AsyncIterable<DescribeVpcBlockPublicAccessExclusionsResult> {
  let token: string | undefined;
  do {
    const page = await config.client.send(
      new DescribeVpcBlockPublicAccessExclusionsCommand({
        ...input,
        ...(config.pageSize === undefined ? {} : { MaxResults: config.pageSize }),
        ...(token === undefined ? {} : { NextToken: token }),
      }),
    );
    yield page;
    token = page.NextToken || undefined;
  } while (token !== undefined);
}

/** `arn:aws:ec2:eu-west-1:111111111111:subnet/subnet-0a1` → `{ subnetId: 'subnet-0a1' }`. */
export function exclusionTarget(
  arn: string | undefined,
): Pick<VpcBlockPublicAccessExclusion, 'vpcId' | 'subnetId'> {
  const resource = arn?.split(':').slice(5).join(':') ?? '';
  const [type, id] = resource.split('/');
  if (!id) return {};
  if (type === 'subnet') return { subnetId: id };
  if (type === 'vpc') return { vpcId: id };
  return {};
}

export const vpcBlockPublicAccessCollector: RegionalCollector = {
  kind: 'vpcBlockPublicAccess',
  scope: 'regional',
  ...sends('ec2', DescribeVpcBlockPublicAccessOptionsCommand, DescribeVpcBlockPublicAccessExclusionsCommand),
  dependsOn: [],
  async collect(run) {
    const [options] = await runSweep(
      run.clients.ec2,
      {
        service: 'ec2',
        command: DescribeVpcBlockPublicAccessOptionsCommand,
        send: (client: EC2Client, input) =>
          client.send(new DescribeVpcBlockPublicAccessOptionsCommand(input)),
        input: {},
        items: (page) => [page],
        map: (page) => page.VpcBlockPublicAccessOptions,
      },
      run,
    );
    const exclusions = await runSweep(
      run.clients.ec2,
      {
        service: 'ec2',
        command: DescribeVpcBlockPublicAccessExclusionsCommand,
        paginate: exclusionPages,
        pageSize: 1000, // MaxResults 5–1000 (EC2 API reference, DescribeVpcBlockPublicAccessExclusions)
        input: {},
        items: (page) => page.VpcBlockPublicAccessExclusions,
        map: (exclusion): VpcBlockPublicAccessExclusion | undefined => {
          if (!exclusion.ExclusionId) return undefined;
          return {
            id: exclusion.ExclusionId,
            ...(exclusion.ResourceArn === undefined ? {} : { resourceArn: exclusion.ResourceArn }),
            ...exclusionTarget(exclusion.ResourceArn),
            mode: exclusion.InternetGatewayExclusionMode ?? 'unknown',
            state: exclusion.State ?? 'unknown',
          };
        },
      },
      run,
    );
    // An account that never touched the setting answers with mode `off` (the default); a missing
    // mode is kept as `unknown`, which analysis treats as not known, never as off.
    run.region.vpcBlockPublicAccess = {
      mode: options?.InternetGatewayBlockMode ?? 'unknown',
      ...(options?.State === undefined ? {} : { state: options.State }),
      ...(options?.ManagedBy === undefined ? {} : { managedBy: options.ManagedBy }),
      exclusions,
    };
    return 1 + exclusions.length;
  },
};
