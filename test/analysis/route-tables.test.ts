import { route } from '../support/builders/index.js';
import { effectiveRouteTable } from '../../src/analysis/route-tables.js';
import { regionView } from './helpers.js';

describe('effectiveRouteTable (aws-facts §1.1, §1.4)', () => {
  it("uses the subnet's own VPC's main table, never another VPC's (Prowler's cross-VPC bug)", () => {
    const region = regionView((r) => {
      r.vpc('vpc-a');
      r.vpc('vpc-b', { cidrBlocks: ['10.1.0.0/16'] });
      // vpc-b's main table is listed first and routes to an IGW.
      r.routeTable('rtb-b-main', 'vpc-b', { main: true, routes: [route.igw('0.0.0.0/0', 'igw-b')] });
      r.routeTable('rtb-a-main', 'vpc-a', { main: true });
      r.subnet('subnet-a', 'vpc-a');
    });
    const effective = effectiveRouteTable(region, region.subnet('subnet-a')!);
    expect(effective?.table.id).toBe('rtb-a-main');
    expect(effective?.via).toBe('main');
  });

  it('prefers a live explicit association over the main table', () => {
    const region = regionView((r) => {
      r.vpc('vpc-a');
      r.subnet('subnet-a', 'vpc-a');
      r.routeTable('rtb-main', 'vpc-a', { main: true });
      r.routeTable('rtb-x', 'vpc-a', { subnets: ['subnet-a'] });
    });
    const effective = effectiveRouteTable(region, region.subnet('subnet-a')!);
    expect([effective?.table.id, effective?.via, effective?.association.subnetId]).toEqual([
      'rtb-x',
      'explicit',
      'subnet-a',
    ]);
  });

  it("ignores an explicit association from another VPC's table (odd input): the own VPC's main table decides", () => {
    const region = regionView((r) => {
      r.vpc('vpc-a');
      r.vpc('vpc-b', { cidrBlocks: ['10.1.0.0/16'] });
      r.subnet('subnet-a', 'vpc-a');
      r.routeTable('rtb-a-main', 'vpc-a', { main: true });
      // A table of vpc-b claims subnet-a: AWS never allows it, so the association is not followed.
      r.routeTable('rtb-b', 'vpc-b', { subnets: ['subnet-a'], routes: [route.igw('0.0.0.0/0', 'igw-b')] });
    });
    const effective = effectiveRouteTable(region, region.subnet('subnet-a')!);
    expect([effective?.table.id, effective?.via]).toEqual(['rtb-a-main', 'main']);
  });

  it('ignores disassociated explicit associations and gateway (edge) associations', () => {
    const region = regionView((r) => {
      r.vpc('vpc-a');
      r.subnet('subnet-a', 'vpc-a');
      r.routeTable('rtb-main', 'vpc-a', { main: true });
      const stale = r.routeTable('rtb-stale', 'vpc-a', { subnets: ['subnet-a'] });
      stale.associations[0]!.state = 'disassociated';
      r.routeTable('rtb-edge', 'vpc-a', {
        gatewayId: 'igw-a',
        routes: [route.to('10.0.0.0/24', 'network-interface', 'eni-fw')],
      });
    });
    expect(effectiveRouteTable(region, region.subnet('subnet-a')!)?.table.id).toBe('rtb-main');
  });

  it('is undefined when no table of the VPC is visible (shared VPC)', () => {
    const region = regionView((r) => {
      r.vpc('vpc-a');
      r.vpc('vpc-b');
      r.routeTable('rtb-b-main', 'vpc-b', { main: true });
      r.subnet('subnet-a', 'vpc-a');
    });
    expect(effectiveRouteTable(region, region.subnet('subnet-a')!)).toBeUndefined();
  });
});
