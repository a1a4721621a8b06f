// The path engine on its own (design.md "Workloads and paths"): each way, the first broken hop of
// each way that does not work, gateway endpoints, endpoint policies, placements without a public IP.
import { pathHops } from '../../src/findings/path.js';
import { naclEntry, route, sgRule, type RegionBuilder } from '../support/builders/index.js';
import type { PolicyStatement } from '../../src/snapshot/types.js';
import {
  decisivePath,
  instancePlacement,
  LINUX_EPHEMERAL_PORTS,
  reach,
  reachFromPlacements,
  reachServices,
  servicePathEvidence,
  type Placement,
  type ServiceReach,
} from '../../src/analysis/path/index.js';
import { regionView } from './helpers.js';

interface World {
  /** subnet-app's routes (default: 0.0.0.0/0 → nat-1). */
  appRoutes?: ReturnType<typeof route.nat>[];
  /** An interface endpoint for sqs in subnet-ep (default true). */
  sqsEndpoint?: boolean;
  sqsPolicy?: PolicyStatement[];
  endpointIngress?: ReturnType<typeof sgRule.tcp>[];
  /** An S3 gateway endpoint vpce-s3 (routed from subnet-app's table when `appRoutes` has its route). */
  s3Gateway?: { policy?: PolicyStatement[] };
  workloadEgress?: ReturnType<typeof sgRule.tcp>[];
  s3PrefixEntries?: string[] | undefined;
  appAcl?: ReturnType<typeof naclEntry>[];
  tweak?: (r: RegionBuilder) => void;
}

const S3_ROUTE = route.gatewayEndpoint('pl-s3', 'vpce-s3');

// vpc-1 10.0.0.0/16: subnet-pub (0.0.0.0/0 → igw-1, nat-1), subnet-app (NAT by default),
// subnet-ep (interface endpoint ENIs, sg-ep), subnet-iso (no route out).
function world(w: World = {}) {
  return regionView((r) => {
    r.vpc('vpc-1', { enableDnsHostnames: true });
    r.subnet('subnet-pub', 'vpc-1', { cidrBlock: '10.0.0.0/24' });
    r.subnet('subnet-app', 'vpc-1', { cidrBlock: '10.0.1.0/24' });
    r.subnet('subnet-ep', 'vpc-1', { cidrBlock: '10.0.2.0/24' });
    r.subnet('subnet-iso', 'vpc-1', { cidrBlock: '10.0.3.0/24' });
    r.natGateway('nat-1', 'vpc-1', 'subnet-pub');
    r.routeTable('rtb-main', 'vpc-1', { main: true });
    r.routeTable('rtb-pub', 'vpc-1', { subnets: ['subnet-pub'], routes: [route.igw('0.0.0.0/0', 'igw-1')] });
    r.routeTable('rtb-app', 'vpc-1', {
      subnets: ['subnet-app'],
      routes: w.appRoutes ?? [route.nat('0.0.0.0/0', 'nat-1')],
    });
    r.networkAcl('acl-dflt', 'vpc-1', {
      isDefault: true,
      subnetIds: ['subnet-pub', 'subnet-ep', 'subnet-iso'],
    });
    r.networkAcl('acl-app', 'vpc-1', {
      subnetIds: ['subnet-app'],
      entries: w.appAcl ?? [
        naclEntry(100, true, 'allow', '0.0.0.0/0'),
        naclEntry(100, false, 'allow', '0.0.0.0/0'),
      ],
    });
    r.securityGroup('sg-ep', 'vpc-1', { ingress: w.endpointIngress ?? [sgRule.tcp(443, '10.0.0.0/16')] });
    r.securityGroup('sg-w', 'vpc-1', { egress: w.workloadEgress ?? [sgRule.all('0.0.0.0/0')] });
    r.prefixList(
      'pl-s3',
      'com.amazonaws.us-east-1.s3',
      's3PrefixEntries' in w ? w.s3PrefixEntries : ['52.216.0.0/15'],
      {
        awsManaged: true,
      },
    );
    if (w.sqsEndpoint ?? true) {
      r.networkInterface('eni-sqs', 'subnet-ep', {
        interfaceType: 'vpc_endpoint',
        securityGroupIds: ['sg-ep'],
        privateIpAddresses: ['10.0.2.10'],
      });
      const endpoint = r.vpcEndpoint('vpce-sqs', 'vpc-1', 'sqs', {
        subnetIds: ['subnet-ep'],
        securityGroupIds: ['sg-ep'],
        networkInterfaceIds: ['eni-sqs'],
      });
      if (w.sqsPolicy) endpoint.policyDocument = { statements: w.sqsPolicy };
    }
    if (w.s3Gateway) {
      const endpoint = r.vpcEndpoint('vpce-s3', 'vpc-1', 's3', {
        type: 'Gateway',
        routeTableIds: ['rtb-app'],
      });
      if (w.s3Gateway.policy) endpoint.policyDocument = { statements: w.s3Gateway.policy };
    }
    r.instance('i-1', 'subnet-app', { privateIpAddress: '10.0.1.10', securityGroupIds: ['sg-w'] });
    w.tweak?.(r);
  });
}

/** A Lambda-like placement: any address of the subnet, never a public IP (aws-facts §10.1). */
function lambdaIn(subnetId: string): Placement {
  return {
    workloadId: 'arn:aws:lambda:us-east-1:111111111111:function:fn',
    label: 'function fn',
    subnetId,
    securityGroupIds: ['sg-w'],
    publicIpv4: 'never',
    publicIpv4Note: 'Lambda ENIs never get one',
    ephemeralPorts: LINUX_EPHEMERAL_PORTS,
  };
}

function only(result: ReturnType<typeof reach>): ServiceReach {
  expect(result.services).toHaveLength(1);
  return result.services[0]!;
}

const kinds = (s: ServiceReach) => pathHops(servicePathEvidence(s))?.map((h) => `${h.kind}:${h.verdict}`);

describe('reach: interface endpoint', () => {
  it('takes the service name and is the way, hops in packet order, all allowed', () => {
    const s = only(reach(world(), lambdaIn('subnet-app'), 'sqs'));
    expect(s.verdict).toBe('reachable');
    expect(s.via).toBe('interface-endpoint');
    expect(s.ways.map((w) => [w.way, w.taken, w.verdict])).toEqual([
      ['interface-endpoint', true, 'reachable'],
    ]);
    expect(kinds(s)).toEqual([
      'eni:allow',
      'security-group:allow',
      'network-acl:allow',
      'network-acl:allow',
      'endpoint:allow',
      'network-acl:allow',
      'network-acl:allow',
      'security-group:allow',
      'endpoint:allow',
      'service:allow',
    ]);
    const hops = pathHops(servicePathEvidence(s))!;
    expect(hops[0]).toMatchObject({
      id: 'subnet-app',
      decidedBy: 'function fn (any address in subnet-app) in subnet-app',
    });
    expect(hops[2]?.id).toBe('acl-app');
    expect(hops[2]?.decidedBy).toContain('outbound rule 100');
    expect(hops[7]).toMatchObject({ id: 'sg-ep', decidedBy: 'sg-ep ingress tcp 443 from 10.0.0.0/16' });
    expect(servicePathEvidence(s).details?.destination).toBe('sqs.us-east-1.amazonaws.com');
  });

  it("the endpoint's group not letting 443 in is the first broken hop, and NAT does not help", () => {
    const s = only(
      reach(world({ endpointIngress: [sgRule.tcp(443, '10.9.0.0/16')] }), lambdaIn('subnet-app'), 'sqs'),
    );
    expect(s.verdict).toBe('unreachable');
    expect(s.ways).toHaveLength(1);
    expect(s.ways[0]?.firstBrokenHop).toMatchObject({ kind: 'security-group', id: 'sg-ep', verdict: 'deny' });
    const hops = pathHops(servicePathEvidence(s))!;
    expect(hops.at(-1)).toMatchObject({ kind: 'security-group', verdict: 'deny' });
    expect(servicePathEvidence(s).summary).toBe('function fn → sqs via interface-endpoint: broken');
  });

  it('an endpoint policy that denies every sqs call breaks the endpoint hop', () => {
    const s = only(
      reach(
        world({
          sqsPolicy: [{ sid: 'NoSqs', effect: 'Deny', action: ['sqs:*'], resource: ['*'], principal: '*' }],
        }),
        lambdaIn('subnet-app'),
        'sqs',
      ),
    );
    expect(s.verdict).toBe('unreachable');
    expect(s.problems.map((p) => p.message)).toEqual([
      'endpoint vpce-sqs: its policy (statement NoSqs) denies every sqs action on every resource',
    ]);
    expect(s.ways[0]?.firstBrokenHop).toMatchObject({ kind: 'endpoint', id: 'vpce-sqs', verdict: 'deny' });
  });

  it('private DNS off: the public name is used, the endpoint way is broken at its DNS and NAT carries it', () => {
    const region = world({ tweak: (r) => (r.data.vpcEndpoints[0]!.privateDnsEnabled = false) });
    const s = only(reach(region, lambdaIn('subnet-app'), 'sqs'));
    expect(s.verdict).toBe('reachable');
    expect(s.via).toBe('nat-gateway');
    expect(s.ways.map((w) => [w.way, w.taken, w.verdict])).toEqual([
      ['interface-endpoint', false, 'unreachable'],
      ['nat-gateway', true, 'reachable'],
    ]);
    expect(s.ways[0]?.firstBrokenHop?.kind).toBe('endpoint');
    expect(s.ways[0]?.firstBrokenHop?.decidedBy).toContain('private DNS disabled');
  });

  it('an endpoint whose interfaces and subnets are not visible leaves the service undecided, a doubt and no problem', () => {
    const region = world({
      tweak: (r) => {
        r.data.vpcEndpoints[0]!.networkInterfaceIds = [];
        r.data.vpcEndpoints[0]!.subnetIds = [];
      },
    });
    const s = only(reach(region, lambdaIn('subnet-app'), 'sqs'));
    expect(s.verdict).toBe('indeterminate');
    expect(s.problems).toEqual([]);
    expect(s.doubts.map((d) => d.message)).toEqual([
      'the network interfaces and subnets of endpoint vpce-sqs are not visible',
    ]);
  });

  it('private DNS off in a VPC without DNS hostnames: the endpoint hop names both reasons', () => {
    const region = world({
      tweak: (r) => {
        r.data.vpcEndpoints[0]!.privateDnsEnabled = false;
        r.data.vpcs[0]!.enableDnsHostnames = false;
      },
    });
    const s = only(reach(region, lambdaIn('subnet-app'), 'sqs'));
    expect(s.ways[0]?.firstBrokenHop?.decidedBy).toBe(
      "does not take sqs's DNS name: endpoint vpce-sqs has private DNS disabled; vpc-1 has DNS hostnames (enableDnsHostnames) off",
    );
  });
});

describe('reach: gateway endpoint (aws-facts §2.2)', () => {
  it("its prefix-list route in the subnet's table wins over the NAT default route", () => {
    const region = world({ s3Gateway: {}, appRoutes: [route.nat('0.0.0.0/0', 'nat-1'), S3_ROUTE] });
    const s = only(reach(region, lambdaIn('subnet-app'), 's3'));
    expect(s.verdict).toBe('reachable');
    expect(s.via).toBe('gateway-endpoint');
    expect(s.summary).toBe('gateway endpoint vpce-s3');
    expect(s.ways.map((w) => [w.way, w.taken])).toEqual([['gateway-endpoint', true]]);
    expect(pathHops(servicePathEvidence(s))?.map((h) => h.kind)).toEqual([
      'eni',
      'security-group',
      'network-acl',
      'network-acl',
      'route',
      'endpoint',
      'endpoint',
      'service',
    ]);
    expect(pathHops(servicePathEvidence(s))?.[4]).toMatchObject({
      id: 'rtb-app',
      decidedBy: 'pl-s3 → vpce-s3',
    });
  });

  it("without the route in the subnet's table, the gateway way breaks at the route and S3 goes via NAT", () => {
    const region = world({ s3Gateway: {} });
    const s = only(reach(region, lambdaIn('subnet-app'), 's3'));
    expect(s.verdict).toBe('reachable');
    expect(s.via).toBe('nat-gateway');
    const gateway = s.ways.find((w) => w.way === 'gateway-endpoint')!;
    expect(gateway.taken).toBe(false);
    expect(gateway.firstBrokenHop).toMatchObject({ kind: 'route', id: 'rtb-app', verdict: 'deny' });
  });

  it('a routed gateway endpoint that is not available breaks at the endpoint (NAT is not used)', () => {
    const region = world({
      appRoutes: [route.nat('0.0.0.0/0', 'nat-1'), S3_ROUTE],
      tweak: (r) => {
        r.vpcEndpoint('vpce-s3', 'vpc-1', 's3', {
          type: 'Gateway',
          routeTableIds: ['rtb-app'],
          state: 'pending',
        });
      },
    });
    const s = only(reach(region, lambdaIn('subnet-app'), 's3'));
    expect(s.verdict).toBe('unreachable');
    expect(s.problems.map((p) => p.message)).toEqual(['gateway endpoint vpce-s3 is pending, not available']);
    expect(s.ways[0]?.firstBrokenHop).toMatchObject({
      kind: 'endpoint',
      id: 'vpce-s3',
      verdict: 'deny',
      decidedBy: 'pending, not available',
    });
  });

  it('a routed gateway endpoint whose policy allows no S3 call leaves no way (NAT is not used)', () => {
    const region = world({
      s3Gateway: { policy: [{ effect: 'Allow', action: ['dynamodb:*'], resource: ['*'], principal: '*' }] },
      appRoutes: [route.nat('0.0.0.0/0', 'nat-1'), S3_ROUTE],
    });
    const s = only(reach(region, lambdaIn('subnet-app'), 's3'));
    expect(s.verdict).toBe('unreachable');
    expect(s.problems.map((p) => p.message)).toEqual(['endpoint vpce-s3: its policy allows no s3 action']);
    expect(s.ways[0]?.firstBrokenHop).toMatchObject({ kind: 'endpoint', id: 'vpce-s3', verdict: 'deny' });
  });

  it('egress only to the prefix list is enough; a restrictive ACL against unknown list ranges is undecided', () => {
    const egress = [
      {
        protocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        peer: { kind: 'prefix-list' as const, prefixListId: 'pl-s3' },
      },
    ];
    const routes = [route.nat('0.0.0.0/0', 'nat-1'), S3_ROUTE];
    const open = only(
      reach(
        world({ s3Gateway: {}, appRoutes: routes, workloadEgress: egress }),
        lambdaIn('subnet-app'),
        's3',
      ),
    );
    expect(open.verdict).toBe('reachable');
    expect(pathHops(servicePathEvidence(open))?.[1]).toMatchObject({
      kind: 'security-group',
      verdict: 'allow',
    });

    const strict = only(
      reach(
        world({
          s3Gateway: {},
          appRoutes: routes,
          workloadEgress: egress,
          s3PrefixEntries: undefined,
          appAcl: [
            naclEntry(100, true, 'allow', '10.0.0.0/16'),
            naclEntry(100, false, 'allow', '10.0.0.0/16'),
          ],
        }),
        lambdaIn('subnet-app'),
        's3',
      ),
    );
    expect(strict.verdict).toBe('indeterminate');
    expect(strict.doubts.map((d) => d.message).join('\n')).toContain('ACLs cannot name prefix lists');
    expect(servicePathEvidence(strict).summary).toContain('undecided at network-acl');
    // The list's entries are unknown, but the group's rule names the list itself: that rule is the hop.
    expect(strict.ways.find((w) => w.way === 'gateway-endpoint')?.hops).toContainEqual(
      expect.objectContaining({
        kind: 'security-group',
        decidedBy: 'egress tcp 443 to pl-s3',
        verdict: 'allow',
      }),
    );

    // With no unreachable service, the undecided one explains the result, wherever it stands.
    const both = reach(
      world({ s3Gateway: {}, appRoutes: routes, workloadEgress: egress }),
      lambdaIn('subnet-app'),
      's3',
    );
    expect(decisivePath({ ...both, services: [open, strict] })).toEqual(servicePathEvidence(strict));
    expect(decisivePath({ ...both, services: [open] })).toEqual(servicePathEvidence(open));
  });
});

describe('reach: internet ways', () => {
  it('a Lambda-like placement in a subnet routed only to an internet gateway is unreachable', () => {
    const result = reach(world({ sqsEndpoint: false }), lambdaIn('subnet-pub'), 'sqs');
    const s = only(result);
    expect(s.verdict).toBe('unreachable');
    expect(s.problems.map((p) => p.message)).toEqual([
      'vpc-1 has no interface endpoint for sqs',
      'subnet-pub routes to an internet gateway (0.0.0.0/0 → igw-1 (internet gateway)) but function fn never has a public IPv4 address (Lambda ENIs never get one)',
    ]);
    expect(s.ways[0]).toMatchObject({ way: 'internet-gateway', taken: true });
    expect(s.ways[0]?.firstBrokenHop).toMatchObject({
      kind: 'internet-gateway',
      id: 'igw-1',
      verdict: 'deny',
    });
    expect(decisivePath(result)).toEqual(servicePathEvidence(s));
  });

  it('the same subnet works for a placement with a public IP (an ECS task with assignPublicIp)', () => {
    const task: Placement = { ...lambdaIn('subnet-pub'), label: 'task web', publicIpv4: true };
    delete task.publicIpv4Note;
    const s = only(reach(world({ sqsEndpoint: false }), task, 'sqs'));
    expect(s.verdict).toBe('reachable');
    expect(s.via).toBe('internet-gateway');
    expect(s.summary).toBe('internet gateway igw-1 with a public address');
    expect(kinds(s)).toEqual([
      'eni:allow',
      'security-group:allow',
      'network-acl:allow',
      'network-acl:allow',
      'route:allow',
      'internet-gateway:allow',
      'service:allow',
    ]);
  });

  it('a NAT gateway way names the route, the NAT, its subnet ACL and the internet gateway', () => {
    const s = only(reach(world({ sqsEndpoint: false }), lambdaIn('subnet-app'), 'sqs'));
    expect(s.via).toBe('nat-gateway');
    const hops = pathHops(servicePathEvidence(s))!;
    expect(hops.map((h) => `${h.kind}:${h.id}`)).toEqual([
      'eni:subnet-app',
      'security-group:sg-w',
      'network-acl:acl-app',
      'network-acl:acl-app',
      'route:rtb-app',
      'network-acl:acl-dflt',
      'network-acl:acl-dflt',
      'nat-gateway:nat-1',
      'network-acl:acl-dflt',
      'network-acl:acl-dflt',
      'internet-gateway:igw-1',
      'service:sqs.us-east-1.amazonaws.com',
    ]);
    expect(hops[4]?.decidedBy).toBe('0.0.0.0/0 → nat-1');
  });

  it('an isolated subnet breaks at its route', () => {
    const s = only(reach(world({ sqsEndpoint: false }), lambdaIn('subnet-iso'), 'sqs'));
    expect(s.verdict).toBe('unreachable');
    expect(s.ways[0]?.firstBrokenHop).toMatchObject({ kind: 'route', id: 'rtb-main', verdict: 'deny' });
    expect(pathHops(servicePathEvidence(s))?.map((h) => h.verdict)).toEqual(['allow', 'deny']);
  });

  it('the subnet ACL refusing the stateless reply is the first broken hop', () => {
    const appAcl = [
      naclEntry(100, true, 'allow', '0.0.0.0/0'),
      naclEntry(100, false, 'allow', '0.0.0.0/0', '6', [1024, 2000]),
    ];
    const s = only(reach(world({ sqsEndpoint: false, appAcl }), lambdaIn('subnet-app'), 'sqs'));
    expect(s.verdict).toBe('unreachable');
    expect(s.ways[0]?.firstBrokenHop).toMatchObject({ kind: 'network-acl', id: 'acl-app', verdict: 'deny' });
    expect(pathHops(servicePathEvidence(s))?.map((h) => `${h.kind}:${h.verdict}`)).toEqual([
      'eni:allow',
      'security-group:allow',
      'network-acl:allow',
      'network-acl:deny',
    ]);
  });

  it("the workload's groups with no egress break the first hop after the ENI", () => {
    const s = only(reach(world({ sqsEndpoint: false, workloadEgress: [] }), lambdaIn('subnet-app'), 'sqs'));
    expect(s.verdict).toBe('unreachable');
    expect(pathHops(servicePathEvidence(s))?.map((h) => `${h.kind}:${h.verdict}`)).toEqual([
      'eni:allow',
      'security-group:deny',
    ]);
  });
});

describe('placements', () => {
  it('instancePlacement: the primary ENI, its address, groups and public IP', () => {
    const region = world({
      tweak: (r) =>
        r.instance('i-2', 'subnet-pub', {
          privateIpAddress: '10.0.0.9',
          publicIpAddress: '3.3.3.3',
          securityGroupIds: ['sg-w'],
        }),
    });
    const placement = instancePlacement(region, region.instance('i-2')!)!;
    expect(placement).toMatchObject({
      workloadId: 'i-2',
      label: 'i-2',
      subnetId: 'subnet-pub',
      privateIp: '10.0.0.9',
      publicIpv4: true,
      publicIpAddress: '3.3.3.3',
      securityGroupIds: ['sg-w'],
    });
    expect(placement.eniId).toBeDefined();
    const s = only(reach(region, placement, 'sqs'));
    expect(s.verdict).toBe('reachable');
  });

  it('reachServices computes the internet path once and judges each service', () => {
    const result = reachServices(world(), lambdaIn('subnet-app'), ['sqs', 'sns']);
    expect(result.services.map((s) => [s.service, s.via])).toEqual([
      ['sqs', 'interface-endpoint'],
      ['sns', 'nat-gateway'],
    ]);
    expect(result.verdict).toBe('reachable');
  });

  it('reachFromPlacements: every subnet must work; each placement is reported', () => {
    const both = reachFromPlacements(
      world({ sqsEndpoint: false }),
      [lambdaIn('subnet-app'), lambdaIn('subnet-iso')],
      ['sqs'],
    );
    expect(both.verdict).toBe('unreachable');
    expect(both.placements.map((p) => [p.placement.subnetId, p.result.verdict])).toEqual([
      ['subnet-app', 'reachable'],
      ['subnet-iso', 'unreachable'],
    ]);
    expect(reachFromPlacements(world(), [], ['sqs']).verdict).toBe('indeterminate');
  });

  it('a placement whose subnet is not visible is undecided, not a verdict', () => {
    const result = reach(world(), lambdaIn('subnet-gone'), 'sqs');
    expect(result.verdict).toBe('indeterminate');
    expect(result.doubts.map((d) => d.message)).toEqual(['the subnet of function fn is not visible']);
  });
});
