// The workload kinds of issues 14 and 15 in the snapshot layer: the view's indexes, the builders'
// derived fields, and snapshots written before the kinds existed still loading (as not collected).
import { describe, expect, it } from '@jest/globals';
import { singleRegionSnapshot } from '../support/builders/index.js';
import { parseSnapshot } from '../../src/snapshot/io.js';
import { SnapshotView } from '../../src/snapshot/view.js';

const snapshot = singleRegionSnapshot((r) => {
  r.vpc('vpc-1');
  r.subnet('subnet-a', 'vpc-1');
  r.subnet('subnet-b', 'vpc-1');
  r.lambdaFunction('in-vpc', { subnetIds: ['subnet-a', 'subnet-b'], securityGroupIds: ['sg-fn'] });
  r.lambdaFunction('outside');
  const definition = r.ecsTaskDefinition('api', { revision: 2 });
  r.ecsService('prod', 'api', { taskDefinitionArn: definition.arn, subnetIds: ['subnet-a'] });
  r.ecsService('prod', 'orphan', {
    taskDefinitionArn: 'arn:aws:ecs:us-east-1:111111111111:task-definition/gone:1',
  });
  r.instanceConnectEndpoint('eice-1', 'subnet-b', ['sg-eice']);
  r.dbInstance('db-1');
});

describe('workload records in the view', () => {
  const region = new SnapshotView(snapshot).accounts[0]!.regions[0]!;

  it('finds functions by name and by ARN, and lists only those attached to a VPC', () => {
    const fn = region.lambdaFunction('in-vpc')!;
    expect(region.lambdaFunction(fn.arn)).toBe(fn);
    expect(fn.vpcConfig).toEqual({
      subnetIds: ['subnet-a', 'subnet-b'],
      securityGroupIds: ['sg-fn'],
      vpcId: 'vpc-1',
      ipv6AllowedForDualStack: false,
    });
    expect(region.vpcLambdaFunctions().map((f) => f.name)).toEqual(['in-vpc']);
    expect(region.lambdaFunction('nope')).toBeUndefined();
  });

  it('resolves a service’s task definition by ARN, and says undefined when it was not read', () => {
    const [api, orphan] = region.data.ecsServices;
    expect(region.ecsService(api!.arn)).toBe(api);
    expect(region.taskDefinitionOf(api!)?.family).toBe('api');
    expect(region.taskDefinitionOf(api!)?.containers[0]).toMatchObject({
      image: '111111111111.dkr.ecr.us-east-1.amazonaws.com/api:latest',
      logDriver: 'awslogs',
    });
    expect(region.taskDefinitionOf(orphan!)).toBeUndefined();
    expect(api!.awsvpc).toEqual({
      subnetIds: ['subnet-a'],
      securityGroupIds: [],
      assignPublicIp: 'DISABLED',
    });
  });

  it('groups Instance Connect Endpoints by VPC and finds databases by id', () => {
    expect(region.instanceConnectEndpointsOfVpc('vpc-1').map((e) => e.id)).toEqual(['eice-1']);
    expect(region.instanceConnectEndpointsOfVpc('vpc-2')).toEqual([]);
    expect(region.instanceConnectEndpoint('eice-1')?.state).toBe('create-complete');
    expect(region.dbInstance('db-1')?.port).toBe(5432);
  });
});

describe('snapshots written before the workload kinds', () => {
  it('load with empty lists and no collection state, so rules needing the kinds say unknown', () => {
    const old = JSON.parse(JSON.stringify(snapshot)) as {
      accounts: { regions: Record<string, unknown>[] }[];
    };
    const oldRegion = old.accounts[0]!.regions[0]!;
    for (const key of ['lambdaFunctions', 'ecsServices', 'ecsTaskDefinitions', 'instanceConnectEndpoints']) {
      delete oldRegion[key];
      delete (oldRegion.collection as Record<string, unknown>)[key];
    }
    const loaded = parseSnapshot(old, 'old.json');
    const region = new SnapshotView(loaded).accounts[0]!.regions[0]!;
    expect(region.data.lambdaFunctions).toEqual([]);
    expect(region.data.instanceConnectEndpoints).toEqual([]);
    expect(region.state('lambdaFunctions')).toBeUndefined();
    expect(region.isCollected('ecsServices')).toBe(false);
  });

  it('still rejects a region whose other lists are missing', () => {
    const broken = JSON.parse(JSON.stringify(snapshot)) as {
      accounts: { regions: Record<string, unknown>[] }[];
    };
    delete broken.accounts[0]!.regions[0]!.subnets;
    expect(() => parseSnapshot(broken, 'broken.json')).toThrow(/subnets/);
  });
});
