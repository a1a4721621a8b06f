// Workloads placed alike share their service answers (src/analysis/path/shared-reach.ts): the
// shared answer must be exactly what the workload would get computed on its own, in its own words.
import { naclEntry, route, sgRule } from '../support/builders/index.js';
import type { PolicyStatement } from '../../src/snapshot/types.js';
import type { RegionView } from '../../src/snapshot/view.js';
import {
  LINUX_EPHEMERAL_PORTS,
  reachServices,
  servicePathEvidence,
  type Placement,
  type ServicePathResult,
} from '../../src/analysis/path/index.js';
import { regionView } from './helpers.js';

interface World {
  endpointIngress?: ReturnType<typeof sgRule.tcp>[];
  ssmPolicy?: PolicyStatement[];
}

// vpc-1: subnet-app routed to nat-1; interface endpoints for sqs and ssm in subnet-ep.
function world(w: World = {}): RegionView {
  return regionView((r) => {
    r.vpc('vpc-1', { enableDnsHostnames: true });
    r.subnet('subnet-pub', 'vpc-1', { cidrBlock: '10.0.0.0/24' });
    r.subnet('subnet-app', 'vpc-1', { cidrBlock: '10.0.1.0/24' });
    r.subnet('subnet-ep', 'vpc-1', { cidrBlock: '10.0.2.0/24' });
    r.natGateway('nat-1', 'vpc-1', 'subnet-pub');
    r.routeTable('rtb-main', 'vpc-1', { main: true });
    r.routeTable('rtb-pub', 'vpc-1', { subnets: ['subnet-pub'], routes: [route.igw('0.0.0.0/0', 'igw-1')] });
    r.routeTable('rtb-app', 'vpc-1', { subnets: ['subnet-app'], routes: [route.nat('0.0.0.0/0', 'nat-1')] });
    r.networkAcl('acl-dflt', 'vpc-1', {
      isDefault: true,
      subnetIds: ['subnet-pub', 'subnet-app', 'subnet-ep'],
      entries: [naclEntry(100, true, 'allow', '0.0.0.0/0'), naclEntry(100, false, 'allow', '0.0.0.0/0')],
    });
    r.securityGroup('sg-ep', 'vpc-1', { ingress: w.endpointIngress ?? [sgRule.tcp(443, '10.0.0.0/16')] });
    r.securityGroup('sg-w', 'vpc-1', { egress: [sgRule.all('0.0.0.0/0')] });
    for (const service of ['sqs', 'ssm']) {
      r.networkInterface(`eni-${service}`, 'subnet-ep', {
        interfaceType: 'vpc_endpoint',
        securityGroupIds: ['sg-ep'],
        privateIpAddresses: [service === 'sqs' ? '10.0.2.10' : '10.0.2.11'],
      });
      const endpoint = r.vpcEndpoint(`vpce-${service}`, 'vpc-1', service, {
        subnetIds: ['subnet-ep'],
        securityGroupIds: ['sg-ep'],
        networkInterfaceIds: [`eni-${service}`],
      });
      if (service === 'ssm' && w.ssmPolicy) endpoint.policyDocument = { statements: w.ssmPolicy };
    }
  });
}

const fnArn = (name: string) => `arn:aws:lambda:us-east-1:111111111111:function:${name}`;

/** A Lambda function's placement in subnet-app with sg-w: the same shape for every name. */
function fn(name: string): Placement {
  return {
    workloadId: fnArn(name),
    label: `function ${name}`,
    subnetId: 'subnet-app',
    securityGroupIds: ['sg-w'],
    publicIpv4: 'never',
    publicIpv4Note: 'Lambda ENIs never get one',
    ephemeralPorts: LINUX_EPHEMERAL_PORTS,
    resourceArn: fnArn(name),
  };
}

/** The result and its path items as plain data (what a finding would carry). */
function asData(result: ServicePathResult): unknown {
  return JSON.parse(
    JSON.stringify({ result, paths: result.services.map((s) => servicePathEvidence(s)) }),
  ) as unknown;
}

/** `name`'s answers after `first`'s in one region, and computed alone in a fresh one. */
function sharedAndAlone(w: World, first: string, name: string, services: string[]) {
  const region = world(w);
  reachServices(region, fn(first), services);
  reachServices(region, fn(first), services);
  const shared = reachServices(region, fn(name), services);
  const alone = reachServices(world(w), fn(name), services);
  return { shared, alone };
}

describe('shared service answers', () => {
  it('a workload placed like another gets the same answer in its own words', () => {
    const { shared, alone } = sharedAndAlone({}, 'fn-1', 'fn-2', ['sqs', 'sns']);
    expect(shared.verdict).toBe('reachable');
    expect(asData(shared)).toEqual(asData(alone));
    expect(shared.services.map((s) => s.workload)).toEqual(['function fn-2', 'function fn-2']);
    expect(servicePathEvidence(shared.services[0]!).summary).toBe(
      'function fn-2 → sqs via interface-endpoint: reachable',
    );
    expect(JSON.stringify(asData(shared))).not.toContain('fn-1');
  });

  it('workloads sharing an answer share its drawn hops: the way is drawn once (path-evidence.ts)', () => {
    const region = world();
    reachServices(region, fn('fn-1'), ['sqs']);
    const first = reachServices(region, fn('fn-1'), ['sqs']).services[0]!;
    const second = reachServices(region, fn('fn-2'), ['sqs']).services[0]!;
    expect(second.ways).toBe(first.ways);
    const hopsOf = (s: typeof first) => servicePathEvidence(s).details!['hops'] as object[];
    const [a, b] = [hopsOf(first), hopsOf(second)];
    expect(b.slice(1)).toEqual(a.slice(1));
    expect(a.length).toBeGreaterThan(2);
    // Past the workload's own first hop, the very same drawn objects (not equal copies).
    for (let i = 1; i < a.length; i++) expect(b[i]).toBe(a[i]);
  });

  it('an answer that names its workload (a group denying it) is not shared', () => {
    const w = { endpointIngress: [sgRule.tcp(443, '10.9.0.0/16')] };
    const { shared, alone } = sharedAndAlone(w, 'fn-1', 'fn-2', ['sqs']);
    expect(shared.verdict).toBe('unreachable');
    expect(shared.problems.map((p) => p.message).join(' ')).toContain('function fn-2');
    expect(JSON.stringify(asData(shared))).not.toContain('fn-1');
    expect(asData(shared)).toEqual(asData(alone));
  });

  it("an endpoint policy deciding calls on the workload's own ARN is decided per workload", () => {
    // The SSM Agent's ssm calls name the workload as their resource (endpoint-policy.ts).
    const ssmPolicy: PolicyStatement[] = [
      { effect: 'Allow', action: ['ssm:*'], resource: [fnArn('fn-1')], principal: '*' },
    ];
    const first = reachServices(world({ ssmPolicy }), fn('fn-1'), ['ssm']);
    expect(first.verdict).toBe('reachable');
    const { shared, alone } = sharedAndAlone({ ssmPolicy }, 'fn-1', 'fn-2', ['ssm']);
    expect(shared.verdict).not.toBe('reachable');
    expect(asData(shared)).toEqual(asData(alone));
  });
});
