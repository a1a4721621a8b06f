// The VPC Block Public Access collector on aws-sdk-client-mock: the mode, every exclusion page
// (NextToken followed by hand: the SDK has no paginator), and a failure marking only this kind.
import {
  DescribeVpcBlockPublicAccessExclusionsCommand,
  DescribeVpcBlockPublicAccessOptionsCommand,
} from '@aws-sdk/client-ec2';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { parseSnapshot } from '../../src/snapshot/io.js';
import { exclusionTarget } from '../../src/collect/collectors/vpc-block-public-access.js';
import { ACCOUNT, awsError, collect, mocks } from './mock-support.js';

let m: ReturnType<typeof mocks>;
beforeEach(() => {
  m = mocks();
});
afterEach(() => m.reset());

describe('vpcBlockPublicAccess collector', () => {
  it('maps the mode and every page of exclusions, VPC and subnet targets from the ARN', async () => {
    m.ec2.on(DescribeVpcBlockPublicAccessOptionsCommand).resolves({
      VpcBlockPublicAccessOptions: {
        AwsAccountId: ACCOUNT,
        AwsRegion: 'us-east-1',
        InternetGatewayBlockMode: 'block-bidirectional',
        State: 'update-complete',
        ManagedBy: 'account',
      },
    });
    m.ec2
      .on(DescribeVpcBlockPublicAccessExclusionsCommand)
      .resolvesOnce({
        VpcBlockPublicAccessExclusions: [
          {
            ExclusionId: 'vpcbpa-exclude-1',
            InternetGatewayExclusionMode: 'allow-egress',
            ResourceArn: `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-0pub`,
            State: 'create-complete',
          },
          { InternetGatewayExclusionMode: 'allow-egress' }, // no id: dropped
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        VpcBlockPublicAccessExclusions: [
          {
            ExclusionId: 'vpcbpa-exclude-2',
            InternetGatewayExclusionMode: 'allow-bidirectional',
            ResourceArn: `arn:aws:ec2:us-east-1:${ACCOUNT}:vpc/vpc-0web`,
            State: 'update-in-progress',
          },
        ],
      });
    const snapshot = await collect(['vpcBlockPublicAccess']);
    const region = snapshot.accounts[0]!.regions[0]!;
    expect(region.collection).toEqual({ vpcBlockPublicAccess: 'collected' });
    expect(region.vpcBlockPublicAccess).toEqual({
      mode: 'block-bidirectional',
      state: 'update-complete',
      managedBy: 'account',
      exclusions: [
        {
          id: 'vpcbpa-exclude-1',
          resourceArn: `arn:aws:ec2:us-east-1:${ACCOUNT}:subnet/subnet-0pub`,
          subnetId: 'subnet-0pub',
          mode: 'allow-egress',
          state: 'create-complete',
        },
        {
          id: 'vpcbpa-exclude-2',
          resourceArn: `arn:aws:ec2:us-east-1:${ACCOUNT}:vpc/vpc-0web`,
          vpcId: 'vpc-0web',
          mode: 'allow-bidirectional',
          state: 'update-in-progress',
        },
      ],
    });
    const calls = m.ec2
      .commandCalls(DescribeVpcBlockPublicAccessExclusionsCommand)
      .map((c) => c.args[0].input);
    expect(calls).toEqual([{ MaxResults: 1000 }, { MaxResults: 1000, NextToken: 'page-2' }]);
    expect(m.ec2.commandCalls(DescribeVpcBlockPublicAccessOptionsCommand)).toHaveLength(1);
    expect(() => parseSnapshot(JSON.parse(JSON.stringify(snapshot)), 'collected')).not.toThrow();
  });

  it('an account that never set BPA reads as off with no exclusions', async () => {
    m.ec2.on(DescribeVpcBlockPublicAccessOptionsCommand).resolves({
      VpcBlockPublicAccessOptions: { InternetGatewayBlockMode: 'off', State: 'default-state' },
    });
    m.ec2.on(DescribeVpcBlockPublicAccessExclusionsCommand).resolves({ VpcBlockPublicAccessExclusions: [] });
    const snapshot = await collect(['vpcBlockPublicAccess']);
    expect(snapshot.accounts[0]!.regions[0]!.vpcBlockPublicAccess).toEqual({
      mode: 'off',
      state: 'default-state',
      exclusions: [],
    });
  });

  it('a denied DescribeVpcBlockPublicAccessExclusions fails the kind and keeps no half record', async () => {
    m.ec2.on(DescribeVpcBlockPublicAccessOptionsCommand).resolves({
      VpcBlockPublicAccessOptions: { InternetGatewayBlockMode: 'block-ingress', State: 'update-complete' },
    });
    m.ec2
      .on(DescribeVpcBlockPublicAccessExclusionsCommand)
      .rejects(awsError('UnauthorizedOperation', 'not authorized', 403));
    const snapshot = await collect(['vpcBlockPublicAccess']);
    const region = snapshot.accounts[0]!.regions[0]!;
    expect(region.collection).toEqual({ vpcBlockPublicAccess: 'failed' });
    // A mode without its exclusions would block paths an exclusion opens: nothing is kept.
    expect(region.vpcBlockPublicAccess).toBeUndefined();
    expect(snapshot.accounts[0]!.errors.map((e) => [e.operation, e.category, e.kinds])).toEqual([
      ['DescribeVpcBlockPublicAccessExclusions', 'access-denied', ['vpcBlockPublicAccess']],
    ]);
  });

  it('reads the excluded resource from the ARN', () => {
    expect(exclusionTarget('arn:aws:ec2:eu-west-1:111111111111:subnet/subnet-1')).toEqual({
      subnetId: 'subnet-1',
    });
    expect(exclusionTarget('arn:aws-cn:ec2:cn-north-1:111111111111:vpc/vpc-1')).toEqual({ vpcId: 'vpc-1' });
    expect(exclusionTarget('arn:aws:ec2:eu-west-1:111111111111:instance/i-1')).toEqual({});
    expect(exclusionTarget(undefined)).toEqual({});
  });
});
