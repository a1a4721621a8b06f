import { route, sgRule, singleRegionSnapshot, type RegionBuilder } from '../test/support/builders/index.js';
import type { Finding } from '../src/engine/types.js';
import type { PolicyStatement } from '../src/snapshot/types.js';
import { pathHops } from '../src/findings/path.js';
import { ruleTester } from '../test/support/rule-tester.js';
import rule from './lambda-function-vpc-service-reachable.js';

const ACCOUNT = '111111111111';
const ROLE = `arn:aws:iam::${ACCOUNT}:role/fn-role`;

interface Setup {
  subnets?: string[];
  /** An interface endpoint for sqs (ENI in subnet-ep), with this policy when given. */
  sqsEndpoint?: { policy?: PolicyStatement[] };
  /** Actions the role allows (default: sqs, plus the platform's logs, ENI and X-Ray actions). */
  actions?: string[];
  extra?: (r: RegionBuilder) => void;
  iamCollected?: boolean;
}

// vpc-1 10.0.0.0/16: subnet-pub (0.0.0.0/0 → igw-1, nat-1), subnet-nat (0.0.0.0/0 → nat-1),
// subnet-iso (no route out), subnet-ep (endpoint ENIs, sg-ep admits 443 from the VPC).
// Function fn (sg-fn, all egress) with role fn-role; function plain outside any VPC.
function account(s: Setup = {}) {
  return singleRegionSnapshot((r, g) => {
    r.vpc('vpc-1', { enableDnsHostnames: true });
    r.subnet('subnet-pub', 'vpc-1', { cidrBlock: '10.0.0.0/24', name: 'public-a' });
    r.subnet('subnet-nat', 'vpc-1', { cidrBlock: '10.0.1.0/24', name: 'app-a' });
    r.subnet('subnet-iso', 'vpc-1', { cidrBlock: '10.0.2.0/24', name: 'isolated-b' });
    r.subnet('subnet-ep', 'vpc-1', { cidrBlock: '10.0.3.0/24' });
    r.internetGateway('igw-1', 'vpc-1');
    r.natGateway('nat-1', 'vpc-1', 'subnet-pub');
    r.routeTable('rtb-main', 'vpc-1', { main: true });
    r.routeTable('rtb-pub', 'vpc-1', { subnets: ['subnet-pub'], routes: [route.igw('0.0.0.0/0', 'igw-1')] });
    r.routeTable('rtb-nat', 'vpc-1', { subnets: ['subnet-nat'], routes: [route.nat('0.0.0.0/0', 'nat-1')] });
    r.networkAcl('acl-1', 'vpc-1', {
      isDefault: true,
      subnetIds: ['subnet-pub', 'subnet-nat', 'subnet-iso', 'subnet-ep'],
    });
    r.securityGroup('sg-fn', 'vpc-1', { egress: [sgRule.all('0.0.0.0/0')] });
    r.securityGroup('sg-ep', 'vpc-1', { ingress: [sgRule.tcp(443, '10.0.0.0/16')] });
    if (s.sqsEndpoint) {
      r.networkInterface('eni-sqs', 'subnet-ep', {
        interfaceType: 'vpc_endpoint',
        securityGroupIds: ['sg-ep'],
        privateIpAddresses: ['10.0.3.10'],
      });
      r.vpcEndpoint('vpce-sqs', 'vpc-1', 'sqs', {
        subnetIds: ['subnet-ep'],
        securityGroupIds: ['sg-ep'],
        networkInterfaceIds: ['eni-sqs'],
        ...(s.sqsEndpoint.policy ? { policyDocument: { statements: s.sqsEndpoint.policy } } : {}),
      });
    }
    r.lambdaFunction('fn', {
      roleArn: ROLE,
      subnetIds: s.subnets ?? ['subnet-nat'],
      securityGroupIds: ['sg-fn'],
    });
    r.lambdaFunction('plain', { roleArn: ROLE });
    g.role('fn-role', {
      inlinePolicies: [
        {
          name: 'fn',
          document: {
            version: '2012-10-17',
            statements: [
              {
                effect: 'Allow',
                action: s.actions ?? [
                  'sqs:SendMessage',
                  'logs:PutLogEvents',
                  'ec2:CreateNetworkInterface',
                  'xray:PutTraceSegments',
                ],
                resource: ['*'],
              },
            ],
          },
        },
      ],
    });
    if (s.iamCollected === false) g.setCollection('iamRoles', undefined);
    s.extra?.(r);
  });
}

const hasPath = (finding: Finding, count = 1): void => {
  const paths = finding.evidence.filter((e) => e.kind === 'path');
  expect(paths).toHaveLength(count);
  for (const p of paths) expect(pathHops(p)?.[0]?.kind).toBe('eni');
};

ruleTester.run(rule, {
  pass: [
    {
      name: 'a NAT gateway path: the platform actions (logs, ENIs, X-Ray) are no need',
      snapshot: account(),
      resourceId: 'fn',
      message: ['Function fn reaches sqs from every subnet', 'sqs via NAT gateway nat-1'],
      evidenceKinds: ['path', 'service-need'],
      check: (finding, all) => {
        hasPath(finding);
        expect(finding.message).not.toMatch(/logs|xray|ec2/);
        expect(finding.severity).toBe('medium');
        // Not attached to a VPC: no finding at all.
        expect(all.map((f) => f.resource.id)).toEqual(['fn']);
      },
    },
    {
      name: 'an interface endpoint from an isolated subnet and NAT from the other: every subnet works',
      snapshot: account({ subnets: ['subnet-iso', 'subnet-nat'], sqsEndpoint: {} }),
      resourceId: 'fn',
      message: [
        'from subnet-iso (isolated-b): sqs via interface endpoint vpce-sqs',
        'from subnet-nat (app-a)',
      ],
      check: (finding) => hasPath(finding, 2),
    },
    {
      name: 'a role that uses only what the platform does needs nothing',
      snapshot: account({
        subnets: ['subnet-iso'],
        actions: ['logs:CreateLogStream', 'xray:PutTraceSegments'],
      }),
      resourceId: 'fn',
      message: 'needs no AWS service through its subnets (subnet-iso (isolated-b))',
    },
    {
      name: 'a global control plane is said, not judged',
      snapshot: account({ actions: ['sqs:SendMessage', 'iam:GetRole'] }),
      resourceId: 'fn',
      message: ['reaches sqs', 'not judged: iam, which has no regional VPC endpoint'],
    },
    {
      name: 'two global control planes are both named, in the plural',
      snapshot: account({ actions: ['sqs:SendMessage', 'iam:GetRole', 'route53:ListHostedZones'] }),
      resourceId: 'fn',
      message: ['reaches sqs', 'not judged: iam, route53, which have no regional VPC endpoint'],
    },
  ],
  fail: [
    {
      name: 'trap: a public subnet with an internet gateway only (a function never has a public IP)',
      snapshot: account({ subnets: ['subnet-pub'] }),
      resourceId: 'fn',
      severity: 'medium',
      message: [
        'Function fn cannot reach sqs from subnet-pub (public-a)',
        'internet-gateway breaks at internet-gateway igw-1',
        'never get a public IP',
      ],
      evidenceKinds: ['broken-prerequisite', 'path'],
      check: (finding) => {
        hasPath(finding);
        const hops = pathHops(finding.evidence.find((e) => e.kind === 'path')!)!;
        expect(hops.at(-1)).toMatchObject({ kind: 'internet-gateway', id: 'igw-1', verdict: 'deny' });
      },
    },
    {
      name: 'trap: one of two subnets broken names that subnet and says the other works',
      snapshot: account({ subnets: ['subnet-nat', 'subnet-iso'] }),
      resourceId: 'fn',
      message: [
        'cannot reach sqs from subnet-iso (isolated-b): internet-gateway breaks at route rtb-main',
        'subnet-nat works',
      ],
      check: (finding) => {
        hasPath(finding, 2);
        expect(finding.message).not.toMatch(/from subnet-nat/);
      },
    },
    {
      name: 'trap: the endpoint policy denies the calls (a NAT elsewhere does not help)',
      snapshot: account({
        sqsEndpoint: {
          policy: [{ effect: 'Deny', principal: '*', action: ['sqs:*'], resource: ['*'] }],
        },
      }),
      resourceId: 'fn',
      message: ['cannot reach sqs from subnet-nat (app-a): interface-endpoint breaks at endpoint vpce-sqs'],
      check: (finding) => {
        const hops = pathHops(finding.evidence.find((e) => e.kind === 'path')!)!;
        expect(hops.at(-1)).toMatchObject({ kind: 'endpoint', id: 'vpce-sqs', verdict: 'deny' });
      },
    },
  ],
  unknown: [
    {
      name: 'IAM roles not collected: what it needs is not known',
      snapshot: account({ iamCollected: false }),
      resourceId: 'fn',
      message: 'IAM roles were not collected',
      evidenceKinds: ['not-collected'],
    },
    {
      name: 'the role is not in the snapshot',
      snapshot: account({
        extra: (r) => (r.data.lambdaFunctions[0]!.roleArn = `arn:aws:iam::${ACCOUNT}:role/gone`),
      }),
      resourceId: 'fn',
      message: 'role arn:aws:iam::111111111111:role/gone is not in the snapshot',
    },
    {
      name: 'security groups failed to collect: the path cannot be judged',
      snapshot: account({ extra: (r) => r.setCollection('securityGroups', 'failed') }),
      resourceId: 'fn',
      message: 'securityGroups could not be read',
      evidenceKinds: ['not-collected'],
    },
    {
      name: 'Lambda functions failed to collect: the region is unknown',
      snapshot: account({ extra: (r) => r.setCollection('lambdaFunctions', 'failed') }),
      resourceId: 'us-east-1',
    },
  ],
});
