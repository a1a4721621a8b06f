// The fixture of the world-open-port rule tests: a VPC with a public subnet (explicit IGW table)
// and a private one (main table, no IGW), and group sg-1, optionally on instance i-1.
import { route, singleRegionSnapshot } from './builders/index.js';
import type { Instance, SecurityGroupRule, Snapshot } from '../../src/snapshot/types.js';

export interface GroupPlacement {
  subnet: 'subnet-pub' | 'subnet-priv';
  publicIp?: string;
}

export function groupInVpc(
  ingress: SecurityGroupRule[],
  place?: GroupPlacement,
  options: { groupName?: string; instance?: Partial<Instance> } = {},
): Snapshot {
  return singleRegionSnapshot((r) => {
    r.vpc('vpc-1');
    r.internetGateway('igw-1', 'vpc-1');
    r.subnet('subnet-pub', 'vpc-1');
    r.subnet('subnet-priv', 'vpc-1');
    r.routeTable('rtb-main', 'vpc-1', { main: true });
    r.routeTable('rtb-pub', 'vpc-1', { subnets: ['subnet-pub'], routes: [route.igw('0.0.0.0/0', 'igw-1')] });
    r.securityGroup('sg-1', 'vpc-1', { name: options.groupName ?? 'test', ingress });
    if (place) {
      r.instance('i-1', place.subnet, {
        securityGroupIds: ['sg-1'],
        ...options.instance,
        ...(place.publicIp ? { publicIpAddress: place.publicIp } : {}),
      });
    }
  });
}
