import {
  naclEntry,
  route,
  sgRule,
  singleRegionSnapshot,
  type GlobalBuilder,
  type RegionBuilder,
} from '../test/support/builders/index.js';
import type { Instance, SecurityGroupRule } from '../src/snapshot/types.js';
import { ruleTester } from '../test/support/rule-tester.js';
import rule from './ssm-agent-endpoint-reachable.js';

const SSM_CORE = {
  name: 'AmazonSSMManagedInstanceCore',
  arn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
};
const PROFILE = 'arn:aws:iam::111111111111:instance-profile/ssm-profile';

interface Setup {
  instance?: Partial<Instance>;
  endpointIngress?: SecurityGroupRule[];
  instanceEgress?: SecurityGroupRule[];
  /** Interface endpoints for ssm + ssmmessages in subnet-ep (default true). */
  endpoints?: boolean;
  dnsHostnames?: boolean;
  /** subnet-app's routes (default: none beyond local). */
  appRoutes?: ReturnType<typeof route.nat>[];
  /** `undefined`: not registered; a string: the ping status. */
  ping?: string | null;
  agentVersion?: string;
  dhmc?: boolean;
  extra?: (r: RegionBuilder, g: GlobalBuilder) => void;
}

// vpc-1: subnet-pub (IGW + nat-1), subnet-app (i-1, 10.0.1.10, group sg-i), subnet-ep (endpoint
// interfaces, group sg-ep). IAM: ssm-profile → ssm-role with AmazonSSMManagedInstanceCore.
function account(s: Setup = {}) {
  return singleRegionSnapshot((r, g) => {
    r.vpc('vpc-1', { enableDnsHostnames: s.dnsHostnames ?? true });
    r.subnet('subnet-pub', 'vpc-1', { cidrBlock: '10.0.0.0/24' });
    r.subnet('subnet-app', 'vpc-1', { cidrBlock: '10.0.1.0/24' });
    r.subnet('subnet-ep', 'vpc-1', { cidrBlock: '10.0.2.0/24' });
    r.natGateway('nat-1', 'vpc-1', 'subnet-pub');
    r.routeTable('rtb-main', 'vpc-1', { main: true });
    r.routeTable('rtb-pub', 'vpc-1', { subnets: ['subnet-pub'], routes: [route.igw('0.0.0.0/0', 'igw-1')] });
    r.routeTable('rtb-app', 'vpc-1', { subnets: ['subnet-app'], routes: s.appRoutes ?? [] });
    r.networkAcl('acl-dflt', 'vpc-1', {
      isDefault: true,
      subnetIds: ['subnet-pub', 'subnet-app', 'subnet-ep'],
    });
    r.securityGroup('sg-ep', 'vpc-1', { ingress: s.endpointIngress ?? [sgRule.tcp(443, '10.0.0.0/16')] });
    r.securityGroup('sg-i', 'vpc-1', { egress: s.instanceEgress ?? [sgRule.all('0.0.0.0/0')] });
    if (s.endpoints ?? true) {
      ['ssm', 'ssmmessages'].forEach((service, i) => {
        r.networkInterface(`eni-${service}`, 'subnet-ep', {
          interfaceType: 'vpc_endpoint',
          securityGroupIds: ['sg-ep'],
          privateIpAddresses: [`10.0.2.${10 + i}`],
        });
        r.vpcEndpoint(`vpce-${service}`, 'vpc-1', service, {
          subnetIds: ['subnet-ep'],
          securityGroupIds: ['sg-ep'],
          networkInterfaceIds: [`eni-${service}`],
        });
      });
    }
    r.instance('i-1', 'subnet-app', {
      privateIpAddress: '10.0.1.10',
      securityGroupIds: ['sg-i'],
      iamInstanceProfileArn: PROFILE,
      ...s.instance,
    });
    if (s.ping !== undefined && s.ping !== null)
      r.ssmInstance('i-1', { pingStatus: s.ping, agentVersion: s.agentVersion ?? '3.3.1345.0' });
    if (s.ping === undefined) r.setCollection('ssmInstances', undefined);
    r.defaultHostManagement(
      s.dhmc ?? false,
      s.dhmc ? 'AWSSystemsManagerDefaultEC2InstanceManagementRole' : undefined,
    );
    g.role('ssm-role', { attachedPolicies: [SSM_CORE] });
    g.role('plain-role', { attachedPolicies: [] });
    g.role('AWSSystemsManagerDefaultEC2InstanceManagementRole', {
      path: '/service-role/',
      attachedPolicies: [
        {
          name: 'AmazonSSMManagedEC2InstanceDefaultPolicy',
          arn: 'arn:aws:iam::aws:policy/AmazonSSMManagedEC2InstanceDefaultPolicy',
        },
      ],
      trustPolicy: {
        statements: [
          { effect: 'Allow', principal: { Service: ['ssm.amazonaws.com'] }, action: ['sts:AssumeRole'] },
        ],
      },
    });
    g.instanceProfile('ssm-profile', ['ssm-role']);
    g.instanceProfile('plain-profile', ['plain-role']);
    g.instanceProfile('empty-profile', []);
    s.extra?.(r, g);
  });
}

/** An interface endpoint for `ssm` only (no ssmmessages endpoint), in subnet-ep. */
function ssmEndpointOnly(r: RegionBuilder): void {
  r.networkInterface('eni-ssm', 'subnet-ep', {
    interfaceType: 'vpc_endpoint',
    securityGroupIds: ['sg-ep'],
    privateIpAddresses: ['10.0.2.10'],
  });
  r.vpcEndpoint('vpce-ssm', 'vpc-1', 'ssm', {
    subnetIds: ['subnet-ep'],
    securityGroupIds: ['sg-ep'],
    networkInterfaceIds: ['eni-ssm'],
  });
}

function withoutProfile(s: Setup) {
  const snapshot = account(s);
  const instance = snapshot.accounts[0]!.regions[0]!.instances[0]!;
  delete instance.iamInstanceProfileArn;
  return snapshot;
}

ruleTester.run(rule, {
  pass: [
    {
      name: 'role with SSM core, private-DNS endpoints reachable, agent Online',
      snapshot: account({ ping: 'Online' }),
      resourceId: 'i-1',
      message: [
        'Online',
        'ssm via interface endpoint vpce-ssm',
        'ssmmessages via interface endpoint vpce-ssmmessages',
      ],
      evidenceKinds: ['ssm-ping', 'instance-profile', 'vpc-endpoint', 'security-group-rule'],
    },
    {
      name: 'SSM not collected: identity and path decide',
      snapshot: account({}),
      resourceId: 'i-1',
      message: 'has an identity',
    },
    {
      name: 'Default Host Management with IMDSv2 and no profile, through a NAT gateway',
      snapshot: withoutProfile({
        dhmc: true,
        endpoints: false,
        appRoutes: [route.nat('0.0.0.0/0', 'nat-1')],
      }),
      resourceId: 'i-1',
      message: ['Default Host Management', 'NAT gateway nat-1'],
    },
    {
      // A failed BPA read makes only internet paths it could block unknown: endpoints still decide.
      name: 'VPC Block Public Access not readable, but the endpoints are the path',
      snapshot: account({ ping: 'Online', extra: (r) => r.setCollection('vpcBlockPublicAccess', 'failed') }),
      resourceId: 'i-1',
      message: 'has an identity',
    },
    {
      name: 'a NAT gateway path under block-ingress (NAT traffic still passes)',
      snapshot: account({
        ping: 'Online',
        endpoints: false,
        appRoutes: [route.nat('0.0.0.0/0', 'nat-1')],
        extra: (r) => r.blockPublicAccess('block-ingress'),
      }),
      resourceId: 'i-1',
      message: 'NAT gateway nat-1',
    },
    {
      name: 'transit-gateway egress, but SSM reports the agent Online',
      snapshot: account({
        ping: 'Online',
        endpoints: false,
        appRoutes: [route.to('0.0.0.0/0', 'transit-gateway', 'tgw-1')],
      }),
      resourceId: 'i-1',
      message: ['Online', 'tgw-1', 'the Online ping proves that internet path'],
      evidenceKinds: ['ssm-ping', 'instance-profile', 'route-table-association', 'route'],
    },
    {
      name: 'stopped and terminated instances are not evaluated',
      snapshot: account({
        ping: 'Online',
        extra: (r) => {
          r.subnet('subnet-x', 'vpc-1', { cidrBlock: '10.0.9.0/24' });
          r.instance('i-stopped', 'subnet-x', { state: 'stopped' });
          r.instance('i-gone', 'subnet-x', { state: 'terminated' });
        },
      }),
      resourceId: 'i-1',
      check: (_finding, all) => {
        expect(all.map((f) => f.resource.id)).not.toContain('i-stopped');
        expect(all.map((f) => f.resource.id)).not.toContain('i-gone');
      },
    },
  ],
  fail: [
    {
      name: 'VPC Block Public Access block-bidirectional blocks the NAT gateway path (its subnet is not excluded)',
      snapshot: account({
        ping: 'ConnectionLost',
        endpoints: false,
        appRoutes: [route.nat('0.0.0.0/0', 'nat-1')],
        extra: (r) => r.blockPublicAccess('block-bidirectional'),
      }),
      resourceId: 'i-1',
      message: 'VPC Block Public Access is block-bidirectional in us-east-1',
      evidenceKinds: ['vpc-block-public-access', 'path'],
    },
    {
      name: 'Default Host Management whose role trusts only ec2.amazonaws.com is no identity (issue 20 item 7)',
      snapshot: (() => {
        const snapshot = withoutProfile({
          dhmc: true,
          endpoints: false,
          appRoutes: [route.nat('0.0.0.0/0', 'nat-1')],
        });
        const role = snapshot.accounts[0]!.global.roles.find(
          (r) => r.name === 'AWSSystemsManagerDefaultEC2InstanceManagementRole',
        )!;
        role.trustPolicy = {
          statements: [
            { effect: 'Allow', principal: { Service: ['ec2.amazonaws.com'] }, action: ['sts:AssumeRole'] },
          ],
        };
        return snapshot;
      })(),
      resourceId: 'i-1',
      message: [
        'Default Host Management role AWSSystemsManagerDefaultEC2InstanceManagementRole: its trust policy does not let ssm.amazonaws.com assume it',
      ],
    },
    {
      name: 'no instance profile and Default Host Management off',
      snapshot: withoutProfile({ ping: null }),
      resourceId: 'i-1',
      message: ['no identity', 'no instance profile', 'Default Host Management is disabled'],
    },
    {
      name: 'a profile without a role',
      snapshot: account({
        ping: null,
        instance: { iamInstanceProfileArn: 'arn:aws:iam::111111111111:instance-profile/empty-profile' },
      }),
      resourceId: 'i-1',
      message: 'contains no role',
    },
    {
      name: 'a role without SSM permissions',
      snapshot: account({
        ping: null,
        instance: { iamInstanceProfileArn: 'arn:aws:iam::111111111111:instance-profile/plain-profile' },
      }),
      resourceId: 'i-1',
      message: 'ssm:UpdateInstanceInformation',
    },
    {
      name: 'Default Host Management does not cover IMDSv1 instances',
      snapshot: withoutProfile({
        ping: null,
        dhmc: true,
        instance: { metadataOptions: { httpTokens: 'optional', httpEndpoint: 'enabled' } },
      }),
      resourceId: 'i-1',
      message: 'IMDSv1 is allowed',
    },
    {
      name: 'an endpoint whose security group allows only port 80',
      snapshot: account({ ping: null, endpointIngress: [sgRule.tcp(80, '10.0.0.0/16')] }),
      resourceId: 'i-1',
      message: ['no path to ssm and ssmmessages', 'security group of endpoint vpce-ssm'],
      evidenceKinds: ['broken-prerequisite', 'security-group', 'vpc-endpoint'],
    },
    {
      name: 'a VPC with DNS hostnames off and no NAT',
      snapshot: account({ ping: 'ConnectionLost', dnsHostnames: false }),
      resourceId: 'i-1',
      message: ['DNS hostnames (enableDnsHostnames) off', 'no IPv4 route to the internet'],
      evidenceKinds: ['ssm-ping'],
    },
    {
      name: 'an instance whose security group has no egress rule',
      snapshot: account({ ping: null, instanceEgress: [] }),
      resourceId: 'i-1',
      message: 'sg-i has no egress rule at all',
    },
    {
      name: 'a NACL that blocks ephemeral return traffic',
      snapshot: account({
        ping: null,
        extra: (r) =>
          r.networkAcl('acl-app', 'vpc-1', {
            subnetIds: ['subnet-app'],
            entries: [
              naclEntry(100, true, 'allow', '10.0.0.0/16', '6', [443, 443]),
              naclEntry(100, false, 'allow', '10.0.0.0/16', '6', [5432, 5432]),
              naclEntry(32767, true, 'deny', '0.0.0.0/0'),
              naclEntry(32767, false, 'deny', '0.0.0.0/0'),
            ],
          }),
      }),
      resourceId: 'i-1',
      message: 'stateless reply on ephemeral ports',
      evidenceKinds: ['nacl-entry'],
    },
    {
      name: 'an agent older than 3.3.40.0 also needs ec2messages',
      snapshot: account({ ping: 'ConnectionLost', agentVersion: '3.2.1000.0' }),
      resourceId: 'i-1',
      message: ['ssm, ssmmessages and ec2messages', 'no interface endpoint for ec2messages'],
    },
    {
      name: 'identity and path complete, but SSM reports ConnectionLost',
      snapshot: account({ ping: 'ConnectionLost' }),
      resourceId: 'i-1',
      message: ['ConnectionLost', 'check that the agent is installed and running'],
    },
    {
      // issue 20 item 2: Online proves ssm:UpdateInstanceInformation, not Session Manager.
      name: 'Online, but the role lacks the ssmmessages actions Session Manager needs',
      snapshot: account({
        ping: 'Online',
        instance: { iamInstanceProfileArn: 'arn:aws:iam::111111111111:instance-profile/ping-profile' },
        extra: (_r, g) => {
          g.role('ping-role', {
            inlinePolicies: [
              {
                name: 'ping-only',
                document: {
                  statements: [
                    {
                      effect: 'Allow',
                      action: ['ssm:UpdateInstanceInformation', 'ssm:ListInstanceAssociations'],
                      resource: ['*'],
                    },
                  ],
                },
              },
            ],
          });
          g.instanceProfile('ping-profile', ['ping-role']);
        },
      }),
      resourceId: 'i-1',
      message: ['no identity', 'ssmmessages:', 'although SSM reports its agent Online'],
      evidenceKinds: ['ssm-ping'],
    },
    {
      name: 'Online through an ssm endpoint, but ssmmessages has no endpoint and no route out',
      snapshot: account({
        ping: 'Online',
        endpoints: false,
        extra: ssmEndpointOnly,
      }),
      resourceId: 'i-1',
      message: [
        'no path to ssm and ssmmessages',
        'vpc-1 has no interface endpoint for ssmmessages',
        'although SSM reports its agent Online',
      ],
      evidenceKinds: ['broken-prerequisite', 'ssm-ping'],
    },
    {
      name: 'IMDS disabled: the agent gets no credentials',
      snapshot: account({
        ping: null,
        instance: { metadataOptions: { httpTokens: 'required', httpEndpoint: 'disabled' } },
      }),
      resourceId: 'i-1',
      message: 'metadata service is disabled',
    },
  ],
  unknown: [
    {
      // aws-facts §1.2: BPA overrides routes, so an unread setting leaves the NAT path undecided.
      name: 'VPC Block Public Access not readable and the agent not Online: the NAT path is unknown',
      snapshot: account({
        ping: 'ConnectionLost',
        endpoints: false,
        appRoutes: [route.nat('0.0.0.0/0', 'nat-1')],
        extra: (r) => r.setCollection('vpcBlockPublicAccess', 'failed'),
      }),
      resourceId: 'i-1',
      message: 'the VPC Block Public Access setting of us-east-1 was not readable',
    },
    {
      name: 'transit-gateway egress and the agent not Online',
      snapshot: account({
        ping: 'ConnectionLost',
        endpoints: false,
        appRoutes: [route.to('0.0.0.0/0', 'transit-gateway', 'tgw-1')],
      }),
      resourceId: 'i-1',
      message: ['tgw-1', 'SSM reports ConnectionLost'],
    },
    {
      name: 'Online via an ssm endpoint proves nothing about the transit-gateway path of ssmmessages',
      snapshot: account({
        ping: 'Online',
        endpoints: false,
        appRoutes: [route.to('0.0.0.0/0', 'transit-gateway', 'tgw-1')],
        extra: ssmEndpointOnly,
      }),
      resourceId: 'i-1',
      message: ['tgw-1', 'SSM reports Online'],
    },
    {
      name: 'security groups not collected',
      snapshot: account({ ping: null, extra: (r) => r.setCollection('securityGroups', 'failed') }),
      resourceId: 'i-1',
      message: 'securityGroups could not be read',
    },
    {
      name: 'IAM roles not collected',
      snapshot: account({ ping: null, extra: (_r, g) => g.setCollection('iamRoles', 'failed') }),
      resourceId: 'i-1',
      message: 'identity: IAM roles could not be read',
    },
    {
      name: 'instances not collected',
      snapshot: account({ extra: (r) => r.setCollection('instances', 'failed') }),
      resourceId: 'us-east-1',
    },
  ],
});
