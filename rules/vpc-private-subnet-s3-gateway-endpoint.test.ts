import { route, singleRegionSnapshot, type RegionBuilder } from '../test/support/builders/index.js';
import type { PolicyStatement, Route } from '../src/snapshot/types.js';
import { ruleTester } from '../test/support/rule-tester.js';
import rule from './vpc-private-subnet-s3-gateway-endpoint.js';

const S3_PL = 'pl-63a5400a';

interface Setup {
  /** Routes of subnet-1's explicit table rtb-1; without it subnet-1 uses the main table. */
  routes?: Route[];
  /** Routes of vpc-1's main table (besides local). */
  mainRoutes?: Route[];
  extra?: (r: RegionBuilder) => void;
}

// vpc-1 with a NAT gateway in subnet-pub and subnet-1 under test.
function account({ routes, mainRoutes = [], extra }: Setup) {
  return singleRegionSnapshot((r) => {
    r.vpc('vpc-1');
    r.subnet('subnet-pub', 'vpc-1', { cidrBlock: '10.0.0.0/24' });
    r.subnet('subnet-1', 'vpc-1', { cidrBlock: '10.0.1.0/24', name: 'app' });
    r.natGateway('nat-1', 'vpc-1', 'subnet-pub');
    r.prefixList(S3_PL, 'com.amazonaws.us-east-1.s3', undefined);
    r.routeTable('rtb-pub', 'vpc-1', { subnets: ['subnet-pub'], routes: [route.igw('0.0.0.0/0', 'igw-1')] });
    r.routeTable('rtb-main', 'vpc-1', { main: true, routes: mainRoutes });
    if (routes) r.routeTable('rtb-1', 'vpc-1', { subnets: ['subnet-1'], routes });
    extra?.(r);
  });
}

const gateway = (
  r: RegionBuilder,
  tables: string[],
  fields: { state?: string; vpcId?: string; policy?: PolicyStatement[] } = {},
) =>
  r.vpcEndpoint('vpce-s3gw', fields.vpcId ?? 'vpc-1', 's3', {
    type: 'Gateway',
    routeTableIds: tables,
    state: fields.state ?? 'available',
    ...(fields.policy ? { policyDocument: { statements: fields.policy } } : {}),
  });
const natRoute = route.nat('0.0.0.0/0', 'nat-1');
const s3Route = route.gatewayEndpoint(S3_PL, 'vpce-s3gw');

ruleTester.run(rule, {
  pass: [
    {
      name: 'a gateway endpoint whose policy allows S3 only for some buckets still carries S3 traffic',
      snapshot: account({
        routes: [natRoute, s3Route],
        extra: (r) =>
          gateway(r, ['rtb-1'], {
            policy: [
              {
                effect: 'Allow',
                action: ['s3:GetObject'],
                resource: ['arn:aws:s3:::amazonlinux-2-repos-us-east-1/*'],
                principal: '*',
              },
            ],
          }),
      }),
      resourceId: 'subnet-1',
      message: ['vpce-s3gw'],
      check: (finding) => {
        expect(finding.evidence.map((e) => e.summary)).toContain(
          'vpce-s3gw (Gateway com.amazonaws.us-east-1.s3) is available and lists rtb-1; its policy allows S3 requests',
        );
      },
    },
    {
      name: 'a NAT-private subnet whose explicit table is on an available S3 gateway endpoint',
      snapshot: account({ routes: [natRoute, s3Route], extra: (r) => gateway(r, ['rtb-1']) }),
      resourceId: 'subnet-1',
      message: ['rtb-1', 'vpce-s3gw'],
      check: (finding) => {
        expect(finding.evidence.map((e) => e.kind)).toEqual(
          expect.arrayContaining(['route-table-association', 'route', 'vpc-endpoint']),
        );
        expect(finding.evidence[0]?.details?.via).toBe('explicit');
      },
    },
    {
      name: 'a subnet covered implicitly through its VPC main table',
      snapshot: account({ mainRoutes: [natRoute, s3Route], extra: (r) => gateway(r, ['rtb-main']) }),
      resourceId: 'subnet-1',
      message: 'the main table of vpc-1',
    },
    {
      name: 'a public subnet is not applicable and passes without noise',
      snapshot: account({ routes: [route.igw('0.0.0.0/0', 'igw-1')] }),
      resourceId: 'subnet-1',
      message: 'applies to non-public subnets only',
    },
    {
      name: 'an isolated subnet on the gateway endpoint',
      snapshot: account({ routes: [s3Route], extra: (r) => gateway(r, ['rtb-1']) }),
      resourceId: 'subnet-1',
      message: 'isolated',
    },
    {
      name: 'endpoint state compared case-insensitively (model spells Available)',
      snapshot: account({ routes: [s3Route], extra: (r) => gateway(r, ['rtb-1'], { state: 'Available' }) }),
      resourceId: 'subnet-1',
    },
  ],
  fail: [
    {
      name: 'an S3 gateway endpoint whose policy denies every S3 action is no S3 endpoint (issue 20 item 3)',
      snapshot: account({
        routes: [natRoute, s3Route],
        extra: (r) =>
          gateway(r, ['rtb-1'], {
            policy: [
              { effect: 'Allow', action: ['*'], resource: ['*'], principal: '*' },
              { sid: 'NoS3', effect: 'Deny', action: ['s3:*'], resource: ['*'], principal: '*' },
            ],
          }),
      }),
      resourceId: 'subnet-1',
      message: [
        'S3 gateway endpoint vpce-s3gw carries no S3 traffic: its policy (statement NoS3) denies every S3 action on every resource',
      ],
      check: (finding) => {
        expect(finding.evidence.map((e) => e.summary)).toContain(
          'vpce-s3gw (Gateway com.amazonaws.us-east-1.s3) is available; its policy (statement NoS3) denies every S3 action on every resource',
        );
      },
    },
    {
      name: 'an S3 gateway endpoint whose policy allows only DynamoDB actions is no S3 endpoint',
      snapshot: account({
        routes: [natRoute, s3Route],
        extra: (r) =>
          gateway(r, ['rtb-1'], {
            policy: [{ effect: 'Allow', action: ['dynamodb:*'], resource: ['*'], principal: '*' }],
          }),
      }),
      resourceId: 'subnet-1',
      message: ['its policy allows no S3 action'],
    },
    {
      name: "trap: the subnet uses its own VPC's main table while another VPC's main table has an IGW route",
      snapshot: account({
        mainRoutes: [natRoute],
        extra: (r) => {
          r.vpc('vpc-2', { cidrBlocks: ['10.9.0.0/16'] });
          r.routeTable('rtb-other-main', 'vpc-2', { main: true, routes: [route.igw('0.0.0.0/0', 'igw-2')] });
        },
      }),
      resourceId: 'subnet-1',
      message: [
        'private with NAT egress',
        'rtb-main (the main table of vpc-1)',
        'vpc-1 has no S3 gateway endpoint',
      ],
      evidenceKinds: ['route-table-association', 'route'],
      check: (finding) => expect(JSON.stringify(finding.evidence)).not.toContain('rtb-other-main'),
    },
    {
      name: 'an S3 interface endpoint alone still fails, and the message says so',
      snapshot: account({
        routes: [natRoute],
        extra: (r) =>
          r.vpcEndpoint('vpce-s3if', 'vpc-1', 's3', { type: 'Interface', subnetIds: ['subnet-1'] }),
      }),
      resourceId: 'subnet-1',
      message: ['S3 interface endpoint vpce-s3if does not replace a gateway endpoint'],
      evidenceKinds: ['vpc-endpoint'],
    },
    {
      name: 'the gateway endpoint serves a different route table',
      snapshot: account({ routes: [natRoute], extra: (r) => gateway(r, ['rtb-main']) }),
      resourceId: 'subnet-1',
      message: 'vpce-s3gw serves rtb-main',
    },
    {
      name: 'a pending gateway endpoint does not cover',
      snapshot: account({
        routes: [natRoute, s3Route],
        extra: (r) => gateway(r, ['rtb-1'], { state: 'pending' }),
      }),
      resourceId: 'subnet-1',
      message: 'vpce-s3gw is pending',
    },
    {
      name: 'an endpoint listing the table without the route',
      snapshot: account({ routes: [natRoute], extra: (r) => gateway(r, ['rtb-1']) }),
      resourceId: 'subnet-1',
      message: 'the table has no route to it',
    },
    {
      name: 'a blackhole endpoint route',
      snapshot: account({
        routes: [natRoute, { ...s3Route, state: 'blackhole' }],
        extra: (r) => gateway(r, ['rtb-1']),
      }),
      resourceId: 'subnet-1',
      message: 'is blackhole',
    },
    {
      name: "another VPC's S3 gateway endpoint does not count",
      snapshot: account({
        routes: [natRoute],
        extra: (r) => {
          r.vpc('vpc-2', { cidrBlocks: ['10.9.0.0/16'] });
          gateway(r, ['rtb-1'], { vpcId: 'vpc-2' });
        },
      }),
      resourceId: 'subnet-1',
      message: 'vpc-1 has no S3 gateway endpoint',
    },
    {
      name: 'a transit-gateway spoke subnet is private too',
      snapshot: account({ routes: [route.to('0.0.0.0/0', 'transit-gateway', 'tgw-1')] }),
      resourceId: 'subnet-1',
      message: 'tgw-1',
    },
    {
      name: 'a DynamoDB gateway endpoint is not an S3 one',
      snapshot: account({
        routes: [natRoute, route.gatewayEndpoint('pl-ddb', 'vpce-ddb')],
        extra: (r) =>
          r.vpcEndpoint('vpce-ddb', 'vpc-1', 'dynamodb', { type: 'Gateway', routeTableIds: ['rtb-1'] }),
      }),
      resourceId: 'subnet-1',
      check: (finding) =>
        expect(finding.evidence.map((e) => e.summary)).toContain(
          'route table rtb-1 routes pl-ddb to vpce-ddb — not an S3 gateway endpoint of this VPC',
        ),
    },
  ],
  unknown: [
    {
      name: 'route tables not collected',
      snapshot: account({ routes: [natRoute], extra: (r) => r.setCollection('routeTables', 'failed') }),
      resourceId: 'subnet-1',
      message: 'routeTables could not be read',
    },
    {
      name: 'VPC endpoints not collected',
      snapshot: account({ routes: [natRoute], extra: (r) => r.setCollection('vpcEndpoints', undefined) }),
      resourceId: 'subnet-1',
      message: 'vpcEndpoints could not be read',
    },
    {
      name: 'no route table visible for the subnet (shared VPC)',
      snapshot: singleRegionSnapshot((r) => {
        r.vpc('vpc-1');
        r.subnet('subnet-1', 'vpc-1');
      }),
      resourceId: 'subnet-1',
      message: 'no route table governs it',
    },
    {
      name: 'subnets not collected',
      snapshot: singleRegionSnapshot((r) => {
        r.setCollection('subnets', 'failed');
      }),
      resourceId: 'us-east-1',
    },
  ],
});
