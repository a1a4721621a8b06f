import { naclEntry, route, sgRule, type RegionBuilder } from '../support/builders/index.js';
import type { Instance, VpcEndpoint } from '../../src/snapshot/types.js';
import { servicePath } from '../../src/analysis/path/index.js';
import { regionView } from './helpers.js';

interface Options {
  endpointIngress?: ReturnType<typeof sgRule.tcp>[];
  instanceEgress?: ReturnType<typeof sgRule.tcp>[];
  endpoints?: boolean;
  endpointSubnet?: string;
  nat?: boolean;
  dnsHostnames?: boolean;
  tweak?: (r: RegionBuilder) => void;
  instance?: Partial<Instance>;
  appRoutes?: Parameters<RegionBuilder['routeTable']>[2];
}

// vpc-1: subnet-pub (IGW, optional NAT), subnet-app (instance i-1, 10.0.1.10), subnet-ep (endpoint
// interfaces 10.0.2.x, group sg-ep). Defaults: everything right, endpoints for ssm + ssmmessages.
function path(options: Options = {}, services = ['ssm', 'ssmmessages']) {
  const region = regionView((r) => {
    r.vpc('vpc-1', { enableDnsHostnames: options.dnsHostnames ?? true });
    r.subnet('subnet-pub', 'vpc-1', { cidrBlock: '10.0.0.0/24' });
    r.subnet('subnet-app', 'vpc-1', { cidrBlock: '10.0.1.0/24' });
    r.subnet('subnet-ep', 'vpc-1', { cidrBlock: '10.0.2.0/24' });
    r.routeTable('rtb-main', 'vpc-1', { main: true });
    r.routeTable('rtb-pub', 'vpc-1', { subnets: ['subnet-pub'], routes: [route.igw('0.0.0.0/0', 'igw-1')] });
    if (options.nat) {
      r.natGateway('nat-1', 'vpc-1', 'subnet-pub');
      r.routeTable('rtb-app', 'vpc-1', {
        subnets: ['subnet-app'],
        routes: [route.nat('0.0.0.0/0', 'nat-1')],
      });
    } else if (options.appRoutes) {
      r.routeTable('rtb-app', 'vpc-1', { subnets: ['subnet-app'], ...options.appRoutes });
    }
    r.networkAcl('acl-dflt', 'vpc-1', {
      isDefault: true,
      subnetIds: ['subnet-pub', 'subnet-app', 'subnet-ep'],
    });
    r.securityGroup('sg-ep', 'vpc-1', {
      ingress: options.endpointIngress ?? [sgRule.tcp(443, '10.0.0.0/16')],
    });
    r.securityGroup('sg-i', 'vpc-1', { egress: options.instanceEgress ?? [sgRule.all('0.0.0.0/0')] });
    if (options.endpoints ?? true) {
      ['ssm', 'ssmmessages'].forEach((service, index) => {
        const subnet = options.endpointSubnet ?? 'subnet-ep';
        r.networkInterface(`eni-${service}`, subnet, {
          interfaceType: 'vpc_endpoint',
          securityGroupIds: ['sg-ep'],
          privateIpAddresses: [subnet === 'subnet-app' ? `10.0.1.${200 + index}` : `10.0.2.${10 + index}`],
        });
        r.vpcEndpoint(`vpce-${service}`, 'vpc-1', service, {
          subnetIds: [subnet],
          securityGroupIds: ['sg-ep'],
          networkInterfaceIds: [`eni-${service}`],
        });
      });
    }
    r.instance('i-1', 'subnet-app', {
      privateIpAddress: '10.0.1.10',
      securityGroupIds: ['sg-i'],
      ...options.instance,
    });
    options.tweak?.(r);
  });
  return servicePath(region, region.instance('i-1')!, services);
}

const messages = (result: ReturnType<typeof path>, key: 'problems' | 'doubts' = 'problems') =>
  result[key].map((p) => p.message).join('\n');

describe('servicePath (aws-facts §5.6)', () => {
  it('reaches both services through available private-DNS endpoints, with evidence', () => {
    const result = path();
    expect(result.verdict).toBe('reachable');
    expect(result.services.map((s) => [s.service, s.via, s.endpointId])).toEqual([
      ['ssm', 'interface-endpoint', 'vpce-ssm'],
      ['ssmmessages', 'interface-endpoint', 'vpce-ssmmessages'],
    ]);
    const kinds = result.evidence.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['vpc-endpoint', 'security-group-rule', 'nacl-entry']));
  });

  it('an endpoint whose security group allows only port 80 blocks the path', () => {
    const result = path({ endpointIngress: [sgRule.tcp(80, '10.0.0.0/16')] });
    expect(result.verdict).toBe('unreachable');
    expect(messages(result)).toContain(
      'security group of endpoint vpce-ssm: no rule of sg-ep allows tcp 443 from i-1',
    );
  });

  it('a private-DNS endpoint is the only path for its service: a NAT gateway does not help', () => {
    const result = path({ endpointIngress: [sgRule.tcp(80, '10.0.0.0/16')], nat: true });
    expect(result.verdict).toBe('unreachable');
  });

  it('DNS hostnames off: endpoints are not used; every broken prerequisite is listed', () => {
    const result = path({ dnsHostnames: false, endpointIngress: [sgRule.tcp(80, '10.0.0.0/16')] });
    expect(result.verdict).toBe('unreachable');
    const text = messages(result);
    expect(text).toContain('vpc-1 has DNS hostnames (enableDnsHostnames) off');
    expect(text).toContain('no rule of sg-ep allows tcp 443');
    expect(text).toContain('subnet-app has no IPv4 route to the internet');
    // The VPC-wide cause is listed once, not per service.
    expect(text.match(/DNS hostnames/g)).toHaveLength(1);
  });

  it('DNS hostnames off with a NAT gateway: the agent goes through the NAT gateway', () => {
    const result = path({ dnsHostnames: false, nat: true });
    expect(result.verdict).toBe('reachable');
    expect(result.services.every((s) => s.via === 'nat-gateway')).toBe(true);
  });

  it('an instance whose only egress is protocol 50 (ESP) has no 443 path (issue 20 item 1)', () => {
    const result = path({
      nat: true,
      endpoints: false,
      instanceEgress: [{ protocol: '50', peer: { kind: 'cidr-ipv4', cidr: '0.0.0.0/0' } }],
    });
    expect(result.verdict).toBe('unreachable');
    expect(messages(result)).toContain('no rule of sg-i allows tcp 443 to the internet (0.0.0.0/0)');
  });

  it('an instance whose group has no egress rule cannot reach anything', () => {
    const result = path({ instanceEgress: [] });
    expect(result.verdict).toBe('unreachable');
    expect(messages(result)).toContain('sg-i has no egress rule at all');
  });

  it('a NACL allowing exactly the Linux reply range 32768-60999 passes (aws-facts §3.6, issue 20 item 12)', () => {
    const result = path({
      nat: true,
      tweak: (r) =>
        r.networkAcl('acl-app', 'vpc-1', {
          subnetIds: ['subnet-app'],
          entries: [
            naclEntry(100, true, 'allow', '0.0.0.0/0', '6', [443, 443]),
            naclEntry(100, false, 'allow', '0.0.0.0/0', '6', [32768, 60999]),
            naclEntry(32767, true, 'deny', '0.0.0.0/0'),
            naclEntry(32767, false, 'deny', '0.0.0.0/0'),
          ],
        }),
    });
    expect(result.verdict).toBe('reachable');
    expect(result.evidence.map((e) => e.summary)).toContain(
      'acl-app inbound rule 100: allow protocol 6 ports 32768-60999 from 0.0.0.0/0',
    );
  });

  it("a NACL that blocks the stateless reply on the instance's ephemeral ports breaks the path", () => {
    const result = path({
      tweak: (r) =>
        r.networkAcl('acl-app', 'vpc-1', {
          subnetIds: ['subnet-app'],
          entries: [
            naclEntry(100, true, 'allow', '10.0.0.0/16', '6', [443, 443]),
            naclEntry(100, false, 'allow', '10.0.0.0/16', '6', [22, 22]),
            naclEntry(32767, true, 'deny', '0.0.0.0/0'),
            naclEntry(32767, false, 'deny', '0.0.0.0/0'),
          ],
        }),
    });
    // The explicit association replaces the default ACL for subnet-app.
    expect(result.verdict).toBe('unreachable');
    expect(messages(result)).toContain(
      'network ACL of subnet-app (stateless reply on ephemeral ports): acl-app denies tcp 32768-60999',
    );
  });

  it('ACLs do not apply when the endpoint interface is in the same subnet', () => {
    const result = path({
      endpointSubnet: 'subnet-app',
      tweak: (r) => r.networkAcl('acl-app', 'vpc-1', { subnetIds: ['subnet-app'], entries: [] }),
    });
    expect(result.verdict).toBe('reachable');
  });

  it('an endpoint group referencing the instance group allows it', () => {
    const result = path({ endpointIngress: [sgRule.fromGroup('tcp', 443, 'sg-i')] });
    expect(result.verdict).toBe('reachable');
  });

  it('the endpoint group rule that admits the instance is the evidence, even when a wider rule admits its whole subnet', () => {
    // 10.0.1.0/25 holds i-1 (10.0.1.10) but splits subnet-app; 10.0.0.0/16 admits all of it.
    const result = path({
      endpointIngress: [sgRule.tcp(443, '10.0.1.0/25'), sgRule.tcp(443, '10.0.0.0/16')],
    });
    expect(result.verdict).toBe('reachable');
    expect(result.evidence.map((e) => e.summary)).toContain('sg-ep ingress tcp 443 from 10.0.1.0/25');
    expect(result.evidence.map((e) => e.summary)).not.toContain('sg-ep ingress tcp 443 from 10.0.0.0/16');
  });

  it('without endpoints, a NAT gateway path needs 443 out to 0.0.0.0/0', () => {
    expect(path({ endpoints: false, nat: true }).verdict).toBe('reachable');
    const restricted = path({
      endpoints: false,
      nat: true,
      instanceEgress: [sgRule.tcp(443, '10.0.0.0/16')],
    });
    expect(restricted.verdict).toBe('unreachable');
    expect(messages(restricted)).toContain('security groups of i-1');
  });

  it("a NAT gateway in a subnet without an internet gateway route breaks the path, with that subnet's route table as evidence", () => {
    const result = path({
      endpoints: false,
      nat: true,
      tweak: (r) => {
        r.data.routeTables.find((t) => t.id === 'rtb-pub')!.routes = [];
      },
    });
    expect(result.verdict).toBe('unreachable');
    const problem = result.problems.find((p) => p.message.startsWith('NAT gateway nat-1'));
    expect(problem?.message).toBe(
      'NAT gateway nat-1 sits in subnet-pub, which has no route to an internet gateway',
    );
    expect(problem?.evidence.map((e) => e.kind)).toEqual(['route-table-association']);
    expect(problem?.evidence[0]?.summary).toContain('subnet-pub');
  });

  it('a public subnet needs a public IPv4 address', () => {
    const noIp = path({ endpoints: false, appRoutes: { routes: [route.igw('0.0.0.0/0', 'igw-1')] } });
    expect(noIp.verdict).toBe('unreachable');
    expect(messages(noIp)).toContain('has no public IPv4 address');
    const withIp = path({
      endpoints: false,
      appRoutes: { routes: [route.igw('0.0.0.0/0', 'igw-1')] },
      instance: { publicIpAddress: '54.0.0.9' },
    });
    expect(withIp.verdict).toBe('reachable');
    expect(withIp.services[0]?.via).toBe('internet-gateway');
  });

  const igwPrefixRoute = (prefixListId: string) => ({
    destinationPrefixListId: prefixListId,
    target: { kind: 'internet-gateway' as const, id: 'igw-1' },
    state: 'active',
  });

  it('a narrow internet-gateway route (52.0.0.0/8) is no internet path: indeterminate with the route (item 10)', () => {
    const result = path({
      endpoints: false,
      appRoutes: { routes: [route.igw('52.0.0.0/8', 'igw-1')] },
      instance: { publicIpAddress: '54.0.0.9' },
    });
    expect(result.verdict).toBe('indeterminate');
    expect(messages(result, 'doubts')).toContain(
      'the internet-gateway routes of subnet-app (52.0.0.0/8 → igw-1) do not cover all public address space',
    );
    const evidence = result.doubts.flatMap((d) => d.evidence).map((e) => e.summary);
    expect(evidence).toContain('route table rtb-app routes 52.0.0.0/8 to igw-1');
  });

  it('two narrow internet-gateway routes are each named in the doubt (item 10)', () => {
    const result = path({
      endpoints: false,
      appRoutes: { routes: [route.igw('52.0.0.0/8', 'igw-1'), route.igw('54.0.0.0/8', 'igw-1')] },
      instance: { publicIpAddress: '54.0.0.9' },
    });
    expect(result.verdict).toBe('indeterminate');
    expect(messages(result, 'doubts')).toContain(
      'the internet-gateway routes of subnet-app (52.0.0.0/8 → igw-1, 54.0.0.0/8 → igw-1) do not cover all public address space',
    );
  });

  it('CIDRs and a prefix list to the internet gateway that together cover public space are a path (items 10, 11)', () => {
    const result = path({
      endpoints: false,
      appRoutes: { routes: [route.igw('0.0.0.0/1', 'igw-1'), igwPrefixRoute('pl-upper')] },
      instance: { publicIpAddress: '54.0.0.9' },
      tweak: (r) => r.prefixList('pl-upper', 'upper-half', ['128.0.0.0/1']),
    });
    expect(result.verdict).toBe('reachable');
    expect(result.services.every((s) => s.via === 'internet-gateway')).toBe(true);
  });

  it('a prefix list alone to the internet gateway makes the subnet public: without a public IP it is unreachable (item 11)', () => {
    const result = path({
      endpoints: false,
      appRoutes: { routes: [igwPrefixRoute('pl-all')] },
      tweak: (r) => r.prefixList('pl-all', 'everything', ['0.0.0.0/0']),
    });
    expect(result.verdict).toBe('unreachable');
    expect(messages(result)).toContain('routes to an internet gateway (pl-all → igw-1');
    expect(messages(result)).toContain('has no public IPv4 address');
  });

  it('a prefix list to the internet gateway whose entries were not read leaves the path unknown', () => {
    const result = path({
      endpoints: false,
      appRoutes: { routes: [igwPrefixRoute('pl-x')] },
      instance: { publicIpAddress: '54.0.0.9' },
      tweak: (r) => r.prefixList('pl-x', 'unread', undefined),
    });
    expect(result.verdict).toBe('indeterminate');
    expect(messages(result, 'doubts')).toContain('the entries of prefix list pl-x (unread) were not read');
  });

  // issue 20 item 9: a NAT instance is an internet path only when it has one itself.
  const natInstance = (subnet: string, publicIp?: string) =>
    path({
      endpoints: false,
      appRoutes: { routes: [route.to('0.0.0.0/0', 'network-interface', 'eni-nat')] },
      tweak: (r) => {
        r.subnet('subnet-nat-priv', 'vpc-1', { cidrBlock: '10.0.3.0/24' });
        r.networkAcl('acl-nat', 'vpc-1', { isDefault: false, subnetIds: ['subnet-nat-priv'] });
        r.networkInterface('eni-nat', subnet, {
          sourceDestCheck: false,
          attachedInstanceId: 'i-nat',
          privateIpAddresses: ['10.0.0.50'],
          ...(publicIp ? { publicIp } : {}),
        });
      },
    });

  it('a NAT instance with a public IP in a public subnet is a path', () => {
    const result = natInstance('subnet-pub', '54.0.0.50');
    expect(result.verdict).toBe('reachable');
    expect(result.services.every((s) => s.via === 'nat-instance')).toBe(true);
    expect(result.evidence.map((e) => e.summary)).toContain(
      'NAT instance i-nat (eni-nat) has public address 54.0.0.50 in subnet-pub, which routes 0.0.0.0/0 → igw-1 (internet gateway)',
    );
  });

  it('a NAT instance without a public IP is no path', () => {
    const result = natInstance('subnet-pub');
    expect(result.verdict).toBe('unreachable');
    expect(messages(result)).toContain('NAT instance i-nat (eni-nat) has no public IPv4 address');
  });

  it('a NAT instance whose own subnet has no internet route is no path', () => {
    const result = natInstance('subnet-nat-priv', '54.0.0.50');
    expect(result.verdict).toBe('unreachable');
    expect(messages(result)).toContain(
      'NAT instance i-nat (eni-nat) sits in subnet-nat-priv, which has no internet route of its own',
    );
  });

  it('a NAT instance whose subnet routes only part of public space to the internet gateway is undecided', () => {
    const result = path({
      endpoints: false,
      appRoutes: { routes: [route.to('0.0.0.0/0', 'network-interface', 'eni-nat')] },
      tweak: (r) => {
        r.data.routeTables.find((t) => t.id === 'rtb-pub')!.routes = [route.igw('0.0.0.0/1', 'igw-1')];
        r.networkInterface('eni-nat', 'subnet-pub', {
          sourceDestCheck: false,
          attachedInstanceId: 'i-nat',
          privateIpAddresses: ['10.0.0.50'],
          publicIp: '54.0.0.50',
        });
      },
    });
    expect(result.verdict).toBe('indeterminate');
    expect(messages(result, 'doubts')).toContain(
      'the internet-gateway routes of subnet-pub (0.0.0.0/1 → igw-1) do not cover all public address space',
    );
  });

  it('transit-gateway egress is indeterminate, with the route as the reason', () => {
    const result = path({
      endpoints: false,
      appRoutes: { routes: [route.to('0.0.0.0/0', 'transit-gateway', 'tgw-1')] },
    });
    expect(result.verdict).toBe('indeterminate');
    expect(messages(result, 'doubts')).toContain('tgw-1');
  });

  it('a NAT gateway whose subnet ACL drops the reply from the internet breaks the path', () => {
    const result = path({
      endpoints: false,
      nat: true,
      tweak: (r) =>
        r.networkAcl('acl-pub', 'vpc-1', {
          subnetIds: ['subnet-pub'],
          entries: [
            naclEntry(100, true, 'allow', '0.0.0.0/0'),
            naclEntry(100, false, 'allow', '10.0.0.0/16'),
          ],
        }),
    });
    expect(result.verdict).toBe('unreachable');
    expect(messages(result)).toContain(
      'network ACL of subnet-pub (stateless reply on ephemeral ports): acl-pub denies tcp 1024-65535 inbound from the internet',
    );
  });

  it('ec2messages is checked when asked for (older agents)', () => {
    const result = path({}, ['ssm', 'ssmmessages', 'ec2messages']);
    expect(result.verdict).toBe('unreachable');
    expect(messages(result)).toContain('vpc-1 has no interface endpoint for ec2messages');
  });

  it('VPC DNS attributes not collected leave endpoint use indeterminate', () => {
    const result = path({ tweak: (r) => r.setCollection('vpcAttributes', 'failed') });
    expect(result.verdict).toBe('indeterminate');
    expect(messages(result, 'doubts')).toContain('DNS attributes of vpc-1 were not collected');
  });
});

describe('servicePath: endpoint policies (issue 20 item 3)', () => {
  const withPolicy =
    (service: string, statements: NonNullable<VpcEndpoint['policyDocument']>['statements']) =>
    (r: RegionBuilder) => {
      const endpoint = r.data.vpcEndpoints.find((e) => e.id === `vpce-${service}`)!;
      endpoint.policyDocument = { statements };
    };

  it('an endpoint whose policy denies everything gives no path, even with a NAT gateway', () => {
    const result = path({
      nat: true,
      tweak: withPolicy('ssmmessages', [
        { sid: 'DenyAll', effect: 'Deny', action: ['*'], resource: ['*'], principal: '*' },
      ]),
    });
    expect(result.verdict).toBe('unreachable');
    expect(messages(result)).toContain(
      'endpoint vpce-ssmmessages: its policy denies ssmmessages:CreateControlChannel (the policy of vpce-ssmmessages (statement DenyAll))',
    );
    expect(result.services.find((s) => s.service === 'ssm')?.verdict).toBe('reachable');
  });

  it('an Allow list that omits the agent actions gives no path', () => {
    const result = path({
      tweak: withPolicy('ssm', [
        { effect: 'Allow', action: ['ssm:GetParameter'], resource: ['*'], principal: '*' },
      ]),
    });
    expect(result.verdict).toBe('unreachable');
    expect(messages(result)).toContain(
      'endpoint vpce-ssm: its policy allows none of ssm:UpdateInstanceInformation',
    );
  });

  it('a conditional Allow leaves the path indeterminate; the default policy is evidence of a path', () => {
    const conditional = path({
      tweak: withPolicy('ssm', [
        {
          effect: 'Allow',
          action: ['*'],
          resource: ['*'],
          principal: '*',
          condition: { StringEquals: { 'aws:PrincipalAccount': ['123456789012'] } },
        },
      ]),
    });
    expect(conditional.verdict).toBe('indeterminate');
    expect(messages(conditional, 'doubts')).toContain(
      'endpoint vpce-ssm: its policy decides ssm:UpdateInstanceInformation',
    );
    const open = path({
      tweak: withPolicy('ssm', [{ effect: 'Allow', action: ['*'], resource: ['*'], principal: '*' }]),
    });
    expect(open.verdict).toBe('reachable');
    expect(open.evidence.map((e) => e.summary)).toContain(
      'vpce-ssm: its policy allows ssm:UpdateInstanceInformation',
    );
  });

  it('with DNS off, a denying policy is listed among what else blocks the endpoint', () => {
    const result = path({
      dnsHostnames: false,
      tweak: withPolicy('ssm', [{ effect: 'Deny', action: ['ssm:*'], resource: ['*'], principal: '*' }]),
    });
    expect(messages(result)).toContain('endpoint vpce-ssm: its policy denies ssm:UpdateInstanceInformation');
  });
});

describe('servicePath: custom DNS servers in the DHCP options (issue 20 item 8)', () => {
  const dns = (servers: string[] | undefined) => (r: RegionBuilder) => {
    const vpc = r.data.vpcs.find((v) => v.id === 'vpc-1')!;
    vpc.dhcpOptionsId = 'dopt-corp';
    if (servers) vpc.domainNameServers = servers;
    else delete vpc.domainNameServers;
  };

  it('custom DNS servers make the endpoint path unknown, naming the servers', () => {
    const result = path({ tweak: dns(['10.0.0.53', '10.1.0.53']) });
    expect(result.verdict).toBe('indeterminate');
    expect(messages(result, 'doubts')).toContain(
      "vpc-1 uses custom DNS servers 10.0.0.53, 10.1.0.53 (DHCP options dopt-corp), which may not resolve the endpoint's private DNS name",
    );
  });

  it('AmazonProvidedDNS alongside a custom server is still custom', () => {
    expect(path({ tweak: dns(['AmazonProvidedDNS', '10.0.0.53']) }).verdict).toBe('indeterminate');
  });

  it('no servers, an options set not in the snapshot, or options not collected: unknown, with the reason', () => {
    expect(messages(path({ tweak: dns([]) }), 'doubts')).toContain('vpc-1 hands out no DNS servers');
    expect(messages(path({ tweak: dns(undefined) }), 'doubts')).toContain(
      'the DHCP options set dopt-corp of vpc-1 is not in the snapshot',
    );
    const uncollected = path({ tweak: (r) => r.setCollection('dhcpOptions', 'failed') });
    expect(uncollected.verdict).toBe('indeterminate');
    expect(messages(uncollected, 'doubts')).toContain(
      'the DHCP options (DNS servers) of vpc-1 were not collected',
    );
  });

  it('AmazonProvidedDNS (any case) leaves the endpoint path as it was', () => {
    expect(path({ tweak: dns(['amazonprovideddns']) }).verdict).toBe('reachable');
  });
});
