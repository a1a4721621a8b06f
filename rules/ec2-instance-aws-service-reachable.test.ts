import {
  naclEntry,
  route,
  sgRule,
  singleRegionSnapshot,
  type GlobalBuilder,
  type RegionBuilder,
} from '../test/support/builders/index.js';
import type { Finding } from '../src/engine/types.js';
import type { Instance, PolicyStatement, Route } from '../src/snapshot/types.js';
import { ruleTester } from '../test/support/rule-tester.js';
import rule from './ec2-instance-aws-service-reachable.js';

const PROFILE = 'arn:aws:iam::111111111111:instance-profile/app-profile';
const S3_PL = 'pl-63a5400a';
const DDB_PL = 'pl-02cd2c6b';

interface Setup {
  /** What app-role's inline policy allows (default: DynamoDB and S3 item calls). */
  actions?: string[];
  /** subnet-app's routes (default: none beyond local, i.e. isolated). */
  appRoutes?: Route[];
  instance?: Partial<Instance>;
  instanceEgress?: ReturnType<typeof sgRule.all>[];
  extra?: (r: RegionBuilder, g: GlobalBuilder) => void;
}

// vpc-1: subnet-pub (IGW, nat-1), subnet-app (i-1, 10.0.1.10, sg-i), subnet-ep (endpoint ENIs,
// sg-ep admits 443 from the VPC). IAM: app-profile → app-role with one inline policy.
function account(s: Setup = {}) {
  return singleRegionSnapshot((r, g) => {
    r.vpc('vpc-1');
    r.subnet('subnet-pub', 'vpc-1', { cidrBlock: '10.0.0.0/24' });
    r.subnet('subnet-app', 'vpc-1', { cidrBlock: '10.0.1.0/24', name: 'app' });
    r.subnet('subnet-ep', 'vpc-1', { cidrBlock: '10.0.2.0/24' });
    r.natGateway('nat-1', 'vpc-1', 'subnet-pub');
    r.prefixList(S3_PL, 'com.amazonaws.us-east-1.s3', ['52.216.0.0/15']);
    r.prefixList(DDB_PL, 'com.amazonaws.us-east-1.dynamodb', ['52.94.0.0/22']);
    r.routeTable('rtb-main', 'vpc-1', { main: true });
    r.routeTable('rtb-pub', 'vpc-1', { subnets: ['subnet-pub'], routes: [route.igw('0.0.0.0/0', 'igw-1')] });
    r.routeTable('rtb-app', 'vpc-1', { subnets: ['subnet-app'], routes: s.appRoutes ?? [] });
    r.networkAcl('acl-dflt', 'vpc-1', {
      isDefault: true,
      subnetIds: ['subnet-pub', 'subnet-app', 'subnet-ep'],
    });
    r.securityGroup('sg-ep', 'vpc-1', { ingress: [sgRule.tcp(443, '10.0.0.0/16')] });
    r.securityGroup('sg-i', 'vpc-1', { egress: s.instanceEgress ?? [sgRule.all('0.0.0.0/0')] });
    r.instance('i-1', 'subnet-app', {
      name: 'worker',
      privateIpAddress: '10.0.1.10',
      securityGroupIds: ['sg-i'],
      iamInstanceProfileArn: PROFILE,
      ...s.instance,
    });
    g.role('app-role', {
      inlinePolicies: [
        {
          name: 'app',
          document: {
            statements: [
              {
                effect: 'Allow',
                action: s.actions ?? ['dynamodb:PutItem', 's3:GetObject'],
                resource: ['*'],
              },
            ],
          },
        },
      ],
    });
    g.instanceProfile('app-profile', ['app-role']);
    s.extra?.(r, g);
  });
}

/** A gateway endpoint for `service` on rtb-app (the route must be in `appRoutes` too). */
function gateway(service: 's3' | 'dynamodb', policy?: PolicyStatement[]) {
  return (r: RegionBuilder) =>
    r.vpcEndpoint(`vpce-${service}gw`, 'vpc-1', service, {
      type: 'Gateway',
      routeTableIds: ['rtb-app'],
      ...(policy ? { policyDocument: { statements: policy } } : {}),
    });
}

/** An interface endpoint for `service` with its ENI in subnet-ep. */
function interfaceEndpoint(r: RegionBuilder, service: string, groups = ['sg-ep']): void {
  r.networkInterface(`eni-${service}`, 'subnet-ep', {
    interfaceType: 'vpc_endpoint',
    securityGroupIds: groups,
    privateIpAddresses: ['10.0.2.10'],
  });
  r.vpcEndpoint(`vpce-${service}`, 'vpc-1', service, {
    subnetIds: ['subnet-ep'],
    securityGroupIds: groups,
    networkInterfaceIds: [`eni-${service}`],
  });
}

const nat = route.nat('0.0.0.0/0', 'nat-1');
const ddbRoute = route.gatewayEndpoint(DDB_PL, 'vpce-dynamodbgw');
const s3Route = route.gatewayEndpoint(S3_PL, 'vpce-s3gw');

function pathsOf(finding: Finding) {
  return finding.evidence.filter((e) => e.kind === 'path');
}

ruleTester.run(rule, {
  pass: [
    {
      name: 'S3 and DynamoDB through NAT pass, with the note that gateway endpoints are free',
      snapshot: account({ appRoutes: [nat] }),
      resourceId: 'i-1',
      message: [
        'Instance i-1 (worker) reaches every AWS service its role app-role uses',
        'dynamodb via NAT gateway nat-1',
        's3 via NAT gateway nat-1',
        'a DynamoDB gateway endpoint on the subnet',
        'an S3 gateway endpoint on the subnet',
        'NAT data processing charges',
      ],
      check: (finding) => {
        // One path per service, passes too, each ending at the service.
        const paths = pathsOf(finding);
        expect(paths.map((p) => p.summary)).toEqual([
          'i-1 → dynamodb via nat-gateway: reachable',
          'i-1 → s3 via nat-gateway: reachable',
        ]);
        const hops = paths[0]?.details?.hops as { kind: string; id: string; verdict: string }[];
        expect(hops.map((h) => h.kind)).toContain('nat-gateway');
        expect(hops.at(-1)).toMatchObject({ kind: 'service', id: 'dynamodb.us-east-1.amazonaws.com' });
        expect(hops.every((h) => h.verdict === 'allow')).toBe(true);
        expect(finding.evidence.map((e) => e.summary)).toContain(
          'app-role uses dynamodb (dynamodb actions in app)',
        );
      },
    },
    {
      name: 'DynamoDB and S3 through gateway endpoints on the route table: no NAT note',
      snapshot: account({
        appRoutes: [ddbRoute, s3Route],
        extra: (r) => {
          gateway('dynamodb')(r);
          gateway('s3')(r);
        },
      }),
      resourceId: 'i-1',
      message: ['dynamodb via gateway endpoint vpce-dynamodbgw', 's3 via gateway endpoint vpce-s3gw'],
      check: (finding) => {
        expect(finding.message).not.toContain('Note');
        expect(pathsOf(finding).map((p) => p.summary)).toEqual([
          'i-1 → dynamodb via gateway-endpoint: reachable',
          'i-1 → s3 via gateway-endpoint: reachable',
        ]);
      },
    },
    {
      name: 'an interface endpoint with private DNS carries SQS from an isolated subnet',
      snapshot: account({ actions: ['sqs:SendMessage'], extra: (r) => interfaceEndpoint(r, 'sqs') }),
      resourceId: 'i-1',
      message: 'sqs via interface endpoint vpce-sqs',
      evidenceKinds: ['path', 'service-need'],
    },
    {
      name: 'an instance with a public IP in a public subnet reaches S3 through the internet gateway',
      snapshot: account({
        actions: ['s3:GetObject'],
        appRoutes: [route.igw('0.0.0.0/0', 'igw-1')],
        instance: { publicIpAddress: '54.0.0.10' },
      }),
      resourceId: 'i-1',
      message: 's3 via internet gateway igw-1 with public address 54.0.0.10',
      check: (finding) => expect(finding.message).not.toContain('Note'),
    },
    {
      name: 'a role that grants only global services has no path to judge',
      snapshot: account({ actions: ['iam:GetRole', 'route53:ListHostedZones'] }),
      resourceId: 'i-1',
      message: 'uses no AWS service with a regional endpoint (it grants iam and route53',
    },
    {
      name: 'trap: `*` names no service, so an isolated admin instance passes with nothing to reach',
      snapshot: account({ actions: ['*'] }),
      resourceId: 'i-1',
      message: 'uses no AWS service with a regional endpoint',
    },
    {
      name: 'trap: stopped instances and instances without a role get no finding',
      snapshot: account({
        appRoutes: [nat],
        extra: (r) => {
          r.instance('i-stopped', 'subnet-app', { state: 'stopped', iamInstanceProfileArn: PROFILE });
          r.instance('i-norole', 'subnet-app', { privateIpAddress: '10.0.1.11' });
        },
      }),
      resourceId: 'i-1',
      check: (_finding, all) => expect(all.map((f) => f.resource.id)).toEqual(['i-1']),
    },
  ],
  fail: [
    {
      name: 'an isolated subnet without a DynamoDB endpoint: the first broken hop is the route table',
      snapshot: account({ actions: ['dynamodb:PutItem'] }),
      resourceId: 'i-1',
      severity: 'low',
      message: [
        'Instance i-1 (worker) cannot reach dynamodb, which its role app-role uses',
        'dynamodb via internet gateway breaks at route rtb-app',
        'subnet-app has no IPv4 route to the internet',
      ],
      check: (finding) => {
        const hops = pathsOf(finding)[0]?.details?.hops as { kind: string; id: string; verdict: string }[];
        expect(hops.at(-1)).toMatchObject({ kind: 'route', id: 'rtb-app', verdict: 'deny' });
        // Nothing else is undecided, so the failure says nothing is.
        expect(finding.message).not.toContain('cannot be decided');
      },
    },
    {
      name: "trap: the VPC's DynamoDB gateway endpoint serves another route table",
      snapshot: account({
        actions: ['dynamodb:PutItem'],
        extra: (r) =>
          r.vpcEndpoint('vpce-dynamodbgw', 'vpc-1', 'dynamodb', {
            type: 'Gateway',
            routeTableIds: ['rtb-pub'],
          }),
      }),
      resourceId: 'i-1',
      message: ['cannot reach dynamodb', 'route rtb-app'],
    },
    {
      name: "the interface endpoint's group does not admit 443: the endpoint's security group is the broken hop",
      snapshot: account({
        actions: ['sqs:SendMessage', 'dynamodb:PutItem'],
        appRoutes: [ddbRoute],
        extra: (r) => {
          gateway('dynamodb')(r);
          r.securityGroup('sg-closed', 'vpc-1', { ingress: [sgRule.tcp(80, '10.0.0.0/16')] });
          interfaceEndpoint(r, 'sqs', ['sg-closed']);
        },
      }),
      resourceId: 'i-1',
      message: ['cannot reach sqs', 'sqs via interface endpoint breaks at security-group sg-closed'],
      check: (finding) => {
        expect(finding.message).not.toContain('cannot reach dynamodb');
        // The working service's path is evidence too.
        expect(pathsOf(finding).map((p) => p.summary)).toEqual([
          'i-1 → dynamodb via gateway-endpoint: reachable',
          'i-1 → sqs via interface-endpoint: broken',
        ]);
      },
    },
    {
      name: 'a DynamoDB gateway endpoint whose policy denies the role is a broken endpoint hop, not a NAT pass',
      snapshot: account({
        actions: ['dynamodb:PutItem'],
        appRoutes: [nat, ddbRoute],
        extra: gateway('dynamodb', [
          { effect: 'Allow', action: ['*'], resource: ['*'], principal: '*' },
          { sid: 'NoDynamo', effect: 'Deny', action: ['dynamodb:*'], resource: ['*'], principal: '*' },
        ]),
      }),
      resourceId: 'i-1',
      message: ['cannot reach dynamodb', 'via gateway endpoint breaks at'],
    },
    {
      name: 'DynamoDB denied by its endpoint policy, SQS behind a transit gateway: the failure names both',
      snapshot: account({
        actions: ['dynamodb:PutItem', 'sqs:SendMessage'],
        appRoutes: [ddbRoute, route.to('0.0.0.0/0', 'transit-gateway', 'tgw-1')],
        extra: gateway('dynamodb', [
          { effect: 'Allow', action: ['*'], resource: ['*'], principal: '*' },
          { sid: 'NoDynamo', effect: 'Deny', action: ['dynamodb:*'], resource: ['*'], principal: '*' },
        ]),
      }),
      resourceId: 'i-1',
      message: [
        'cannot reach dynamodb, which its role app-role uses',
        /; whether it reaches sqs cannot be decided: .*tgw-1/,
      ],
    },
    {
      name: 'trap: a public subnet does not help an instance without a public IP',
      snapshot: account({ actions: ['s3:GetObject'], appRoutes: [route.igw('0.0.0.0/0', 'igw-1')] }),
      resourceId: 'i-1',
      message: ['cannot reach s3', 'via internet gateway breaks at'],
    },
    {
      name: "the subnet's network ACL drops the reply from DynamoDB's ranges",
      snapshot: account({
        actions: ['dynamodb:PutItem'],
        appRoutes: [ddbRoute],
        extra: (r) => {
          gateway('dynamodb')(r);
          r.networkAcl('acl-app', 'vpc-1', {
            subnetIds: ['subnet-app'],
            entries: [
              naclEntry(100, true, 'allow', '0.0.0.0/0', '6', [443, 443]),
              naclEntry(100, false, 'allow', '10.0.0.0/16', '-1'),
            ],
          });
        },
      }),
      resourceId: 'i-1',
      message: ['cannot reach dynamodb', 'breaks at network-acl acl-app'],
    },
  ],
  unknown: [
    {
      name: 'a transit-gateway default route is outside the snapshot',
      snapshot: account({
        actions: ['sqs:SendMessage'],
        appRoutes: [route.to('0.0.0.0/0', 'transit-gateway', 'tgw-1')],
      }),
      resourceId: 'i-1',
      message: ['whether it reaches sqs', 'cannot be decided', 'tgw-1'],
      evidenceKinds: ['path'],
    },
    {
      name: 'DynamoDB is reached, SQS is behind a transit gateway: only SQS is named undecided',
      snapshot: account({
        actions: ['dynamodb:PutItem', 'sqs:SendMessage'],
        appRoutes: [ddbRoute, route.to('0.0.0.0/0', 'transit-gateway', 'tgw-1')],
        extra: gateway('dynamodb'),
      }),
      resourceId: 'i-1',
      message: 'whether it reaches sqs, which its role app-role uses, cannot be decided from the snapshot',
    },
    {
      name: "the instance's subnet is not in the snapshot: every service its role uses is named undecided",
      snapshot: account({ instance: { subnetId: 'subnet-gone' } }),
      resourceId: 'i-1',
      message:
        'whether it reaches dynamodb and s3, which its role app-role uses, cannot be decided from the snapshot: the subnet of i-1 is not visible',
    },
    {
      name: 'IAM policies not collected: which services the role uses is unknown',
      snapshot: account({
        extra: (_r, g) => {
          g.policy('app-managed', { arn: 'arn:aws:iam::111111111111:policy/app-managed' });
          g.role('managed-role', {
            attachedPolicies: [{ name: 'app-managed', arn: 'arn:aws:iam::111111111111:policy/app-managed' }],
          });
          g.instanceProfile('managed-profile', ['managed-role']);
          g.setCollection('iamPolicies', 'failed');
        },
        instance: { iamInstanceProfileArn: 'arn:aws:iam::111111111111:instance-profile/managed-profile' },
      }),
      resourceId: 'i-1',
      message: ['which AWS services its role uses cannot be decided', 'app-managed'],
    },
    {
      name: 'instance profiles not collected',
      snapshot: account({ extra: (_r, g) => g.setCollection('iamInstanceProfiles', 'failed') }),
      resourceId: 'i-1',
      message: 'IAM instance profiles could not be read',
    },
    {
      name: 'route tables not collected: the path cannot be judged',
      snapshot: account({ appRoutes: [nat], extra: (r) => r.setCollection('routeTables', 'failed') }),
      resourceId: 'i-1',
      message: ['routeTables', 'could not be read', 'dynamodb and s3'],
      evidenceKinds: ['not-collected'],
    },
  ],
});
