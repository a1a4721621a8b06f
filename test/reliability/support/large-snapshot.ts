// A synthetic account big enough that reading, validating and evaluating it takes the built binary
// a noticeable moment, so a signal can land in the middle of the work.
import { RegionBuilder, buildAccount, buildSnapshot, route, sgRule } from '../../support/builders/index.js';
import type { Snapshot } from '../../../src/snapshot/types.js';

export function largeSnapshot(instances: number): Snapshot {
  const region = new RegionBuilder('us-east-1');
  region.vpc('vpc-1');
  region.internetGateway('igw-1', 'vpc-1');
  region.subnet('subnet-public', 'vpc-1', { cidrBlock: '10.0.0.0/20', mapPublicIpOnLaunch: true });
  region.routeTable('rtb-public', 'vpc-1', {
    main: true,
    subnets: ['subnet-public'],
    routes: [route.local('10.0.0.0/16'), route.igw('0.0.0.0/0', 'igw-1')],
  });
  for (let index = 0; index < instances; index += 1) {
    const suffix = index.toString(16).padStart(8, '0');
    region.securityGroup(`sg-${suffix}`, 'vpc-1', {
      ingress: [sgRule.tcp(22, '0.0.0.0/0'), sgRule.tcp([3306, 3307], '10.0.0.0/8')],
    });
    region.instance(`i-${suffix}`, 'subnet-public', {
      securityGroupIds: [`sg-${suffix}`],
      publicIpAddress: `54.0.${Math.floor(index / 250) % 250}.${index % 250}`,
    });
  }
  return buildSnapshot([buildAccount({ regions: [region] })]);
}
