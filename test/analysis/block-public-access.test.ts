// VPC Block Public Access (aws-facts §1.2; security-vpc-bpa.html) and IPv6 internet paths: what the
// setting lets through per subnet, and how it changes internet paths (IGW with a public IP, NAT
// gateway, NAT instance, egress-only IPv6).
import { route, sgRule, type RegionBuilder } from '../support/builders/index.js';
import type { Instance } from '../../src/snapshot/types.js';
import { subnetBlockPublicAccess } from '../../src/analysis/block-public-access.js';
import { servicePath } from '../../src/analysis/path/index.js';
import { regionView } from './helpers.js';

describe('subnetBlockPublicAccess', () => {
  const judge = (build: (r: RegionBuilder) => void, subnetId = 'subnet-a') => {
    const region = regionView((r) => {
      r.vpc('vpc-1');
      r.subnet('subnet-a', 'vpc-1', { cidrBlock: '10.0.0.0/24' });
      r.subnet('subnet-b', 'vpc-1', { cidrBlock: '10.0.1.0/24' });
      build(r);
    });
    return subnetBlockPublicAccess(region, region.subnet(subnetId)!);
  };

  it('off lets everything through', () => {
    const bpa = judge(() => undefined);
    expect(bpa).toMatchObject({
      known: true,
      inbound: true,
      igwEgress: true,
      natEgress: true,
      eigwEgress: true,
    });
    expect(judge((r) => r.blockPublicAccess('off'))).toMatchObject({
      known: true,
      mode: 'off',
      inbound: true,
      reason: 'VPC Block Public Access is off in us-east-1',
    });
  });

  it('block-bidirectional blocks every direction and gateway for a subnet not excluded', () => {
    const bpa = judge((r) => r.blockPublicAccess('block-bidirectional'));
    expect(bpa).toMatchObject({
      known: true,
      inbound: false,
      igwEgress: false,
      natEgress: false,
      eigwEgress: false,
    });
    expect(bpa.known && bpa.reason).toBe(
      'VPC Block Public Access is block-bidirectional in us-east-1 and no exclusion covers subnet-a or vpc-1',
    );
  });

  it('block-bidirectional with an allow-egress exclusion of the subnet: outbound yes, inbound no', () => {
    const bpa = judge((r) => {
      r.blockPublicAccess('block-bidirectional');
      r.blockPublicAccessExclusion('subnet-a', 'allow-egress');
    });
    expect(bpa).toMatchObject({
      known: true,
      inbound: false,
      igwEgress: true,
      natEgress: true,
      eigwEgress: true,
    });
    // The exclusion is for subnet-a only.
    const other = judge((r) => {
      r.blockPublicAccess('block-bidirectional');
      r.blockPublicAccessExclusion('subnet-a', 'allow-egress');
    }, 'subnet-b');
    expect(other).toMatchObject({ known: true, igwEgress: false });
  });

  it("an allow-bidirectional exclusion of the subnet's VPC exempts the subnet entirely", () => {
    const bpa = judge((r) => {
      r.blockPublicAccess('block-bidirectional');
      r.blockPublicAccessExclusion('vpc-1', 'allow-bidirectional');
    });
    expect(bpa).toMatchObject({ known: true, inbound: true, igwEgress: true, natEgress: true });
    expect(bpa.known && bpa.evidence.details).toMatchObject({ exclusionId: 'vpcbpa-exclude-vpc-1' });
  });

  it('block-ingress: only NAT gateway and egress-only traffic passes; allow-egress changes nothing', () => {
    for (const exclude of [false, true]) {
      const bpa = judge((r) => {
        r.blockPublicAccess('block-ingress');
        if (exclude) r.blockPublicAccessExclusion('subnet-a', 'allow-egress');
      });
      expect(bpa).toMatchObject({
        known: true,
        inbound: false,
        igwEgress: false,
        natEgress: true,
        eigwEgress: true,
      });
    }
  });

  it('a deleted exclusion exempts nothing; one being changed makes the subnet unknown', () => {
    const deleted = judge((r) => {
      r.blockPublicAccess('block-bidirectional');
      r.blockPublicAccessExclusion('subnet-a', 'allow-bidirectional', { state: 'delete-complete' });
    });
    expect(deleted).toMatchObject({ known: true, igwEgress: false });
    const changing = judge((r) => {
      r.blockPublicAccess('block-bidirectional');
      r.blockPublicAccessExclusion('subnet-a', 'allow-bidirectional', { state: 'update-in-progress' });
    });
    expect(changing).toEqual({
      known: false,
      reason: 'VPC Block Public Access exclusion vpcbpa-exclude-subnet-a for subnet-a is update-in-progress',
    });
  });

  it('not read, failed, or an undocumented mode: unknown with the reason, never off', () => {
    expect(judge((r) => r.setCollection('vpcBlockPublicAccess', 'failed'))).toEqual({
      known: false,
      reason: 'the VPC Block Public Access setting of us-east-1 was not readable',
    });
    expect(judge((r) => r.setCollection('vpcBlockPublicAccess', undefined))).toEqual({
      known: false,
      reason: 'the VPC Block Public Access setting of us-east-1 was not read',
    });
    expect(judge((r) => r.blockPublicAccess('block-everything')).known).toBe(false);
  });
});

interface PathOptions {
  /** The app subnet's routes (default: none, main table only). */
  appRoutes?: Parameters<RegionBuilder['routeTable']>[2];
  nat?: boolean;
  instance?: Partial<Instance>;
  instanceEgress?: ReturnType<typeof sgRule.tcp>[];
  tweak?: (r: RegionBuilder) => void;
}

// vpc-1: subnet-pub (0.0.0.0/0 and ::/0 → igw-1), subnet-app (i-1 on eni-i1, 10.0.1.10). No endpoints:
// every service goes to the internet.
function path(options: PathOptions = {}) {
  const region = regionView((r) => {
    r.vpc('vpc-1', { ipv6CidrBlocks: ['2600:1f18:1::/56'] });
    r.subnet('subnet-pub', 'vpc-1', { cidrBlock: '10.0.0.0/24' });
    r.subnet('subnet-app', 'vpc-1', { cidrBlock: '10.0.1.0/24', ipv6CidrBlocks: ['2600:1f18:1:1::/64'] });
    r.routeTable('rtb-main', 'vpc-1', { main: true });
    r.routeTable('rtb-pub', 'vpc-1', {
      subnets: ['subnet-pub'],
      routes: [route.igw('0.0.0.0/0', 'igw-1'), route.igw('::/0', 'igw-1')],
    });
    if (options.nat) {
      r.natGateway('nat-1', 'vpc-1', 'subnet-pub');
      r.routeTable('rtb-app', 'vpc-1', {
        subnets: ['subnet-app'],
        routes: [route.nat('0.0.0.0/0', 'nat-1')],
      });
    } else if (options.appRoutes) {
      r.routeTable('rtb-app', 'vpc-1', { subnets: ['subnet-app'], ...options.appRoutes });
    }
    r.networkAcl('acl-dflt', 'vpc-1', { isDefault: true, subnetIds: ['subnet-pub', 'subnet-app'] });
    r.securityGroup('sg-i', 'vpc-1', {
      egress: options.instanceEgress ?? [sgRule.all('0.0.0.0/0'), sgRule.all('::/0')],
    });
    r.networkInterface('eni-i1', 'subnet-app', {
      attachedInstanceId: 'i-1',
      privateIpAddresses: ['10.0.1.10'],
      securityGroupIds: ['sg-i'],
      ...(options.instance?.ipv6Addresses ? { ipv6Addresses: options.instance.ipv6Addresses } : {}),
      ...(options.instance?.publicIpAddress ? { publicIp: options.instance.publicIpAddress } : {}),
    });
    r.instance('i-1', 'subnet-app', {
      privateIpAddress: '10.0.1.10',
      securityGroupIds: ['sg-i'],
      networkInterfaceIds: ['eni-i1'],
      ...options.instance,
    });
    options.tweak?.(r);
  });
  return servicePath(region, region.instance('i-1')!, ['ssm', 'ssmmessages']);
}

const texts = (result: ReturnType<typeof path>, key: 'problems' | 'doubts' = 'problems') =>
  result[key].map((p) => p.message).join('\n');
const internetHop = (result: ReturnType<typeof path>) =>
  result.services[0]?.ways.flatMap((w) => w.hops).find((h) => h.kind === 'internet-gateway');

describe('internet paths under VPC Block Public Access', () => {
  const publicInstance = (tweak?: (r: RegionBuilder) => void) =>
    path({
      appRoutes: { routes: [route.igw('0.0.0.0/0', 'igw-1')] },
      instance: { publicIpAddress: '54.0.0.9' },
      ...(tweak ? { tweak } : {}),
    });

  it('a public IP through the internet gateway is blocked in block-bidirectional, with the setting as evidence', () => {
    expect(publicInstance().verdict).toBe('reachable');
    const blocked = publicInstance((r) => r.blockPublicAccess('block-bidirectional'));
    expect(blocked.verdict).toBe('unreachable');
    expect(texts(blocked)).toContain(
      "VPC Block Public Access is block-bidirectional in us-east-1 and no exclusion covers subnet-app or vpc-1, which blocks i-1's traffic through igw-1",
    );
    expect(blocked.problems.flatMap((p) => p.evidence.map((e) => e.kind))).toContain(
      'vpc-block-public-access',
    );
    expect(internetHop(blocked)).toMatchObject({ id: 'igw-1', verdict: 'deny' });
  });

  it('block-ingress blocks an instance’s own public IP too (only NAT and egress-only traffic passes)', () => {
    const blocked = publicInstance((r) => r.blockPublicAccess('block-ingress'));
    expect(blocked.verdict).toBe('unreachable');
    expect(texts(blocked)).toContain('only NAT gateway and egress-only traffic passes');
  });

  it('an allow-egress exclusion of the subnet opens the path again in block-bidirectional', () => {
    const open = publicInstance((r) => {
      r.blockPublicAccess('block-bidirectional');
      r.blockPublicAccessExclusion('subnet-app', 'allow-egress');
    });
    expect(open.verdict).toBe('reachable');
    expect(open.evidence.map((e) => e.kind)).toContain('vpc-block-public-access');
  });

  it('a NAT gateway reaches out only when its own subnet is excluded in block-bidirectional; block-ingress lets it', () => {
    const nat = (tweak: (r: RegionBuilder) => void) => path({ nat: true, tweak });
    const blocked = nat((r) => r.blockPublicAccess('block-bidirectional'));
    expect(blocked.verdict).toBe('unreachable');
    expect(texts(blocked)).toContain(
      'no exclusion covers subnet-pub or vpc-1, which blocks NAT gateway nat-1 in subnet-pub',
    );
    const natHop = blocked.services[0]?.ways[0]?.hops.find((h) => h.kind === 'nat-gateway');
    expect(natHop).toMatchObject({ id: 'nat-1', verdict: 'deny' });
    // Excluding the workload's subnet does not help: the NAT gateway's subnet is what counts.
    expect(
      nat((r) => {
        r.blockPublicAccess('block-bidirectional');
        r.blockPublicAccessExclusion('subnet-app', 'allow-bidirectional');
      }).verdict,
    ).toBe('unreachable');
    expect(
      nat((r) => {
        r.blockPublicAccess('block-bidirectional');
        r.blockPublicAccessExclusion('subnet-pub', 'allow-egress');
      }).verdict,
    ).toBe('reachable');
    expect(nat((r) => r.blockPublicAccess('block-ingress')).verdict).toBe('reachable');
  });

  it('a NAT instance is an instance with a public IP: block-ingress blocks it', () => {
    const result = path({
      appRoutes: { routes: [route.to('0.0.0.0/0', 'network-interface', 'eni-nat')] },
      tweak: (r) => {
        r.networkInterface('eni-nat', 'subnet-pub', {
          sourceDestCheck: false,
          attachedInstanceId: 'i-nat',
          privateIpAddresses: ['10.0.0.50'],
          publicIp: '54.0.0.50',
        });
        r.blockPublicAccess('block-ingress');
      },
    });
    expect(result.verdict).toBe('unreachable');
    expect(texts(result)).toContain("which blocks NAT instance i-nat (eni-nat)'s traffic through igw-1");
  });

  it('BPA not readable: a path it could block is unknown with the reason; an unreachable path stays unreachable', () => {
    const failed = (r: RegionBuilder) => r.setCollection('vpcBlockPublicAccess', 'failed');
    const nat = path({ nat: true, tweak: failed });
    expect(nat.verdict).toBe('indeterminate');
    expect(texts(nat, 'doubts')).toContain(
      'the VPC Block Public Access setting of us-east-1 was not readable; it can block NAT gateway nat-1 in subnet-pub',
    );
    const noIp = path({ appRoutes: { routes: [route.igw('0.0.0.0/0', 'igw-1')] }, tweak: failed });
    expect(noIp.verdict).toBe('unreachable');
  });
});

describe('IPv6 internet paths', () => {
  const eigwOnly = { routes: [route.eigw('::/0', 'eigw-1')] };

  it('::/0 → eigw with an IPv6 address: open over IPv6, but undecided because the default names are IPv4-only', () => {
    const result = path({ appRoutes: eigwOnly, instance: { ipv6Addresses: ['2600:1f18:1:1::10'] } });
    expect(result.verdict).toBe('indeterminate');
    expect(texts(result, 'doubts')).toContain('i-1 can reach the internet only over IPv6 (::/0 → eigw-1');
    expect(texts(result, 'doubts')).toContain('SSM Agent 3.3.3270.0+ with UseDualStackEndpoint');
    const hops = result.services[0]?.ways[0]?.hops ?? [];
    expect(hops.map((h) => `${h.kind}:${h.id}:${h.verdict}`)).toEqual(
      expect.arrayContaining(['route:rtb-app:allow', 'internet-gateway:eigw-1:undecided']),
    );
  });

  it('::/0 → eigw without an IPv6 address is no path, and says so', () => {
    const result = path({ appRoutes: eigwOnly });
    expect(result.verdict).toBe('unreachable');
    expect(texts(result)).toContain(
      'over IPv6, subnet-app routes ::/0 → eigw-1 (egress-only internet gateway) but i-1 has no IPv6 address',
    );
  });

  it('::/0 → igw with an IPv6 address whose groups allow only IPv4 out is no IPv6 path', () => {
    const result = path({
      appRoutes: { routes: [route.igw('::/0', 'igw-1')] },
      instance: { ipv6Addresses: ['2600:1f18:1:1::10'] },
      instanceEgress: [sgRule.all('0.0.0.0/0')],
    });
    expect(result.verdict).toBe('unreachable');
    expect(texts(result)).toContain('over IPv6, security groups of i-1');
  });

  it('block-bidirectional blocks the egress-only gateway; block-ingress does not', () => {
    const v6 = (mode: string) =>
      path({
        appRoutes: eigwOnly,
        instance: { ipv6Addresses: ['2600:1f18:1:1::10'] },
        tweak: (r) => r.blockPublicAccess(mode),
      });
    const blocked = v6('block-bidirectional');
    expect(blocked.verdict).toBe('unreachable');
    expect(texts(blocked)).toContain("which blocks i-1's IPv6 traffic through eigw-1");
    expect(v6('block-ingress').verdict).toBe('indeterminate');
  });
});
