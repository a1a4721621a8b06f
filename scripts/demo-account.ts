// The demo account: a realistic, hand-specified snapshot of one account in two regions that
// exercises every rule, passing and failing. `npm run demo:build` writes examples/demo-account.json
// from it; a test fails when the committed file and this source disagree.
//
// Workloads and admin paths (issues 14 and 15), each rule passing and failing at least once, built
// from the existing network so that no earlier finding changes:
// - Lambda `orders-stream` (prod-app-a, role uses DynamoDB): the subnet's table rtb-0a11app routes
//   DynamoDB to the gateway endpoint vpce-0a11ddbgw → reachable (pass). Lambda `queue-worker`
//   (analytics-private, role uses DynamoDB and SQS): no NAT, no DynamoDB or SQS endpoint, and a
//   function never has a public IP → unreachable (fail).
// - ECS service `api` (cluster prod, Fargate 1.4.0, awsvpc in prod-app-a, ECR image, awslogs, a
//   Secrets Manager secret): ecr.api, ecr.dkr, logs and secretsmanager interface endpoints (private
//   DNS, sg-0a11vpce admits 443 from the VPC) and the S3 gateway endpoint on rtb-0a11app (pass).
//   ECS service `reports` (cluster staging, staging-web, a public subnet, assignPublicIp DISABLED,
//   no NAT, no endpoints): cannot pull its image (fail).
// - Instance Connect Endpoint eice-0a11admin in prod-app-a with sg-0a11eice (egress 22 to the
//   VPC): app-1's group sg-0a11app admits 22 from sg-0a11eice (pass); batch-worker's group
//   sg-0a11noeg admits nothing (fail).
// - app-role (app-1, batch-worker, db-migrations, staging-api, etl) also uses DynamoDB: app-1 reaches
//   it and SSM (ec2-instance-aws-service-reachable passes), batch-worker and db-migrations do not
//   (fail); prod-app-a is on vpce-0a11ddbgw (vpc-private-subnet-dynamodb-gateway-endpoint passes),
//   prod-db-a and staging-internal are not (fail).
// - RDS (unchanged records): `reporting` (5432, prod-public-a, open group) is reachable from app-1,
//   which Session Manager reaches (pass); `orders` (3306, prod-db-*) is not: acl-0a11db admits only
//   5432 (fail).
import {
  GlobalBuilder,
  RegionBuilder,
  buildAccount,
  buildSnapshot,
  naclEntry,
  route,
  sgRule,
} from '../test/support/builders/index.js';
import type { Snapshot, UserDataScan } from '../src/snapshot/types.js';

export const DEMO_ACCOUNT = '123456789012';
const SSM_CORE = {
  name: 'AmazonSSMManagedInstanceCore',
  arn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
};

const noUserData: UserDataScan = { present: false, bytes: 0, encoding: 'plain', secrets: [] };
const cleanUserData: UserDataScan = {
  present: true,
  bytes: 412,
  encoding: 'plain',
  sha256: 'b1946ac92492d2347c6235b4d2611184b1946ac92492d2347c6235b4d2611184',
  secrets: [],
};
// What the collector keeps when user data embeds a key pair: redacted text, length, hash, line.
const leakedUserData: UserDataScan = {
  present: true,
  bytes: 1873,
  encoding: 'gzip',
  sha256: '5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef',
  secrets: [
    {
      type: 'aws-access-key-id',
      redacted: 'AKIA…Q7XZ',
      length: 20,
      sha256: '9a1e0c3bd6a7a3f5c2b5d1e4f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7',
      line: 12,
    },
    {
      type: 'aws-secret-access-key',
      redacted: '[redacted, 40 chars]',
      length: 40,
      sha256: '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
      line: 13,
    },
  ],
};

// A key id and secret planted in an older launch template version that is still the default (what
// Auto Scaling launches), while $Latest was cleaned: only reading $Default finds it.
const defaultVersionLeak: UserDataScan = {
  present: true,
  bytes: 640,
  encoding: 'plain',
  sha256: '3c9d0e1f2a3b4c5d6e7f80910a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d',
  secrets: [
    {
      type: 'aws-access-key-id',
      redacted: 'AKIA…K2BD',
      length: 20,
      sha256: '7d8e9fa0b1c2d3e4f5061728394a5b6c7d8e9fa0b1c2d3e4f5061728394a5b6c',
      line: 4,
    },
    {
      type: 'aws-secret-access-key',
      redacted: '[redacted, 40 chars]',
      length: 40,
      sha256: 'e4f5061728394a5b6c7d8e9fa0b1c2d3e4f5061728394a5b6c7d8e9fa0b1c2d3',
      line: 5,
    },
  ],
};

function usEast1(): RegionBuilder {
  const r = new RegionBuilder('us-east-1', DEMO_ACCOUNT);

  // --- prod: public, NAT-private and isolated tiers; SSM and S3 endpoints done right -------------
  r.vpc('vpc-0a11prod', { cidrBlocks: ['10.0.0.0/16'], tags: { Name: 'prod' }, name: 'prod' });
  r.internetGateway('igw-0a11prod', 'vpc-0a11prod');
  r.subnet('subnet-0a11pub1', 'vpc-0a11prod', {
    cidrBlock: '10.0.0.0/24',
    availabilityZone: 'us-east-1a',
    mapPublicIpOnLaunch: true,
    name: 'prod-public-a',
  });
  r.subnet('subnet-0a11app1', 'vpc-0a11prod', {
    cidrBlock: '10.0.10.0/24',
    availabilityZone: 'us-east-1a',
    name: 'prod-app-a',
  });
  r.subnet('subnet-0a11app2', 'vpc-0a11prod', {
    cidrBlock: '10.0.11.0/24',
    availabilityZone: 'us-east-1b',
    name: 'prod-app-b',
  });
  r.subnet('subnet-0a11db01', 'vpc-0a11prod', {
    cidrBlock: '10.0.20.0/24',
    availabilityZone: 'us-east-1a',
    name: 'prod-db-a',
  });
  r.subnet('subnet-0a11db02', 'vpc-0a11prod', {
    cidrBlock: '10.0.21.0/24',
    availabilityZone: 'us-east-1b',
    name: 'prod-db-b',
  });
  r.natGateway('nat-0a11prod', 'vpc-0a11prod', 'subnet-0a11pub1');
  r.prefixList('pl-63a5400a', 'com.amazonaws.us-east-1.s3', undefined);
  // Main table: NAT default route, no S3 endpoint — prod-app-b relies on it implicitly.
  r.routeTable('rtb-0a11main', 'vpc-0a11prod', {
    main: true,
    routes: [route.nat('0.0.0.0/0', 'nat-0a11prod')],
  });
  r.routeTable('rtb-0a11pub', 'vpc-0a11prod', {
    subnets: ['subnet-0a11pub1'],
    routes: [route.igw('0.0.0.0/0', 'igw-0a11prod')],
  });
  r.prefixList('pl-02cd2c6b', 'com.amazonaws.us-east-1.dynamodb', undefined);
  r.routeTable('rtb-0a11app', 'vpc-0a11prod', {
    subnets: ['subnet-0a11app1'],
    routes: [
      route.nat('0.0.0.0/0', 'nat-0a11prod'),
      route.gatewayEndpoint('pl-63a5400a', 'vpce-0a11s3gw'),
      route.gatewayEndpoint('pl-02cd2c6b', 'vpce-0a11ddbgw'),
    ],
  });
  r.routeTable('rtb-0a11db', 'vpc-0a11prod', {
    subnets: ['subnet-0a11db01', 'subnet-0a11db02'],
    routes: [route.gatewayEndpoint('pl-63a5400a', 'vpce-0a11s3gw')],
  });
  r.vpcEndpoint('vpce-0a11s3gw', 'vpc-0a11prod', 's3', {
    type: 'Gateway',
    routeTableIds: ['rtb-0a11app', 'rtb-0a11db'],
  });
  // DynamoDB for orders-stream (aws-facts §2.5), on the app tier's table only.
  r.vpcEndpoint('vpce-0a11ddbgw', 'vpc-0a11prod', 'dynamodb', {
    type: 'Gateway',
    routeTableIds: ['rtb-0a11app'],
  });
  r.securityGroup('sg-0a11vpce', 'vpc-0a11prod', {
    name: 'prod-endpoints',
    ingress: [sgRule.tcp(443, '10.0.0.0/16')],
  });
  for (const service of ['ssm', 'ssmmessages', 'ec2messages']) {
    const id = `vpce-0a11${service.slice(0, 6)}`;
    r.vpcEndpoint(id, 'vpc-0a11prod', service, {
      subnetIds: ['subnet-0a11app1', 'subnet-0a11app2'],
      securityGroupIds: ['sg-0a11vpce'],
      networkInterfaceIds: [`eni-${id.slice(5)}a`],
    });
    r.networkInterface(`eni-${id.slice(5)}a`, 'subnet-0a11app1', {
      interfaceType: 'vpc_endpoint',
      requesterManaged: true,
      securityGroupIds: ['sg-0a11vpce'],
      privateIpAddresses: [`10.0.10.${200 + ['ssm', 'ssmmessages', 'ec2messages'].indexOf(service)}`],
    });
  }
  // What a Fargate task needs without NAT (aws-facts §10.2): image pulls, logs, secrets.
  for (const service of ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager']) {
    r.vpcEndpoint(`vpce-0a11${service.replace('.', '').slice(0, 6)}`, 'vpc-0a11prod', service, {
      subnetIds: ['subnet-0a11app1', 'subnet-0a11app2'],
      securityGroupIds: ['sg-0a11vpce'],
    });
  }
  r.networkAcl('acl-0a11dflt', 'vpc-0a11prod', {
    isDefault: true,
    subnetIds: ['subnet-0a11pub1', 'subnet-0a11app1', 'subnet-0a11app2'],
  });
  // The db tier's NACL forgets return traffic on ephemeral ports.
  r.networkAcl('acl-0a11db', 'vpc-0a11prod', {
    subnetIds: ['subnet-0a11db01', 'subnet-0a11db02'],
    entries: [
      naclEntry(100, false, 'allow', '10.0.0.0/16', '6', [5432, 5432]),
      naclEntry(32767, false, 'deny', '0.0.0.0/0'),
      naclEntry(100, true, 'allow', '10.0.0.0/16', '6', [443, 443]),
      naclEntry(32767, true, 'deny', '0.0.0.0/0'),
    ],
  });

  // Security groups: a dozen, open and closed in the ways real accounts are.
  r.securityGroup('sg-0a11web', 'vpc-0a11prod', {
    name: 'prod-web',
    ingress: [sgRule.tcp(443, '0.0.0.0/0'), sgRule.tcp(80, '0.0.0.0/0'), sgRule.tcp(443, '::/0')],
  });
  r.securityGroup('sg-0a11bast', 'vpc-0a11prod', {
    name: 'prod-bastion',
    ingress: [sgRule.tcp(22, '0.0.0.0/0')],
  });
  r.securityGroup('sg-0a11app', 'vpc-0a11prod', {
    name: 'prod-app',
    ingress: [sgRule.fromGroup('tcp', 8080, 'sg-0a11web'), sgRule.fromGroup('tcp', 22, 'sg-0a11eice')],
  });
  // The Instance Connect Endpoint's group: out to the VPC on 22 only, nothing in (aws-facts §10.3).
  r.securityGroup('sg-0a11eice', 'vpc-0a11prod', {
    name: 'instance-connect',
    egress: [sgRule.tcp(22, '10.0.0.0/16')],
  });
  r.securityGroup('sg-0a11ops', 'vpc-0a11prod', { name: 'prod-ops-all', ingress: [sgRule.all('::/0')] });
  r.securityGroup('sg-0a11legc', 'vpc-0a11prod', {
    name: 'legacy-ftp-smtp',
    ingress: [sgRule.tcp([20, 25], '0.0.0.0/0')],
  });
  r.securityGroup('sg-0a11udp', 'vpc-0a11prod', {
    name: 'mosh-udp',
    ingress: [sgRule.udp(22, '0.0.0.0/0'), sgRule.udp([60000, 61000], '0.0.0.0/0')],
  });
  r.securityGroup('sg-0a11offc', 'vpc-0a11prod', {
    name: 'office-ssh',
    ingress: [sgRule.tcp(22, '203.0.113.0/24')],
  });
  r.securityGroup('sg-0a11rdp', 'vpc-0a11prod', {
    name: 'windows-jump',
    ingress: [sgRule.tcp(3389, '0.0.0.0/0')],
  });
  r.securityGroup('sg-0a11dbpub', 'vpc-0a11prod', {
    name: 'reporting-db',
    ingress: [sgRule.tcp(5432, '0.0.0.0/0')],
  });
  r.securityGroup('sg-0a11dbprv', 'vpc-0a11prod', {
    name: 'orders-db',
    ingress: [sgRule.fromGroup('tcp', 3306, 'sg-0a11app')],
  });
  r.securityGroup('sg-0a11noeg', 'vpc-0a11prod', { name: 'locked-down', egress: [] });
  r.prefixList('pl-0a11admins', 'admin-ranges', ['198.51.100.0/24', '0.0.0.0/0'], { ownerId: DEMO_ACCOUNT });
  r.securityGroup('sg-0a11plist', 'vpc-0a11prod', {
    name: 'admin-prefix-list',
    ingress: [sgRule.fromPrefixList('tcp', 22, 'pl-0a11admins')],
  });

  // Instances.
  r.instance('i-0a11bastion01', 'subnet-0a11pub1', {
    name: 'bastion',
    publicIpAddress: '54.210.10.20',
    privateIpAddress: '10.0.0.15',
    securityGroupIds: ['sg-0a11bast'],
    metadataOptions: { httpTokens: 'optional', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
    userData: cleanUserData,
  });
  r.instance('i-0a11web00001', 'subnet-0a11pub1', {
    name: 'web-1',
    publicIpAddress: '54.210.10.21',
    privateIpAddress: '10.0.0.16',
    securityGroupIds: ['sg-0a11web'],
    iamInstanceProfileArn: `arn:aws:iam::${DEMO_ACCOUNT}:instance-profile/web-profile`,
    // Its own user data is clean; the keys sit in the latest version of its launch template.
    launchTemplateId: 'lt-0a11web',
    launchTemplateVersion: '7',
    userData: cleanUserData,
  });
  r.instance('i-0a11app00001', 'subnet-0a11app1', {
    name: 'app-1',
    privateIpAddress: '10.0.10.11',
    securityGroupIds: ['sg-0a11app'],
    iamInstanceProfileArn: `arn:aws:iam::${DEMO_ACCOUNT}:instance-profile/app-profile`,
    userData: cleanUserData,
  });
  r.instance('i-0a11app00002', 'subnet-0a11app2', {
    name: 'app-2',
    privateIpAddress: '10.0.11.12',
    securityGroupIds: ['sg-0a11app', 'sg-0a11ops'],
    iamInstanceProfileArn: `arn:aws:iam::${DEMO_ACCOUNT}:instance-profile/empty-profile`,
    userData: noUserData,
  });
  r.instance('i-0a11worker01', 'subnet-0a11app1', {
    name: 'batch-worker',
    privateIpAddress: '10.0.10.30',
    securityGroupIds: ['sg-0a11noeg'],
    iamInstanceProfileArn: `arn:aws:iam::${DEMO_ACCOUNT}:instance-profile/app-profile`,
    userData: leakedUserData,
  });
  // A migrations host in the db tier: identity and endpoints are fine, but acl-0a11db drops the
  // endpoints' replies on the ephemeral ports, so the agent never connects.
  r.instance('i-0a11dbmig001', 'subnet-0a11db01', {
    name: 'db-migrations',
    privateIpAddress: '10.0.20.30',
    securityGroupIds: ['sg-0a11app'],
    iamInstanceProfileArn: `arn:aws:iam::${DEMO_ACCOUNT}:instance-profile/app-profile`,
    userData: noUserData,
  });
  r.instance('i-0a11stopped1', 'subnet-0a11app2', {
    name: 'old-reporting',
    state: 'stopped',
    privateIpAddress: '10.0.11.40',
    securityGroupIds: ['sg-0a11app'],
    metadataOptions: { httpTokens: 'optional', httpEndpoint: 'enabled', httpPutResponseHopLimit: 1 },
    userData: noUserData,
  });
  r.ssmInstance('i-0a11app00001', { pingStatus: 'Online', agentVersion: '3.3.1345.0', iamRole: 'app-role' });
  r.ssmInstance('i-0a11dbmig001', {
    pingStatus: 'ConnectionLost',
    agentVersion: '3.3.1345.0',
    iamRole: 'app-role',
    lastPingDateTime: '2026-10-12T03:10:00.000Z',
  });
  r.ssmInstance('i-0a11web00001', {
    pingStatus: 'ConnectionLost',
    agentVersion: '3.2.582.0',
    iamRole: 'web-role',
  });
  r.defaultHostManagement(false);

  r.launchTemplate('lt-0a11web', {
    name: 'web-asg',
    latestVersionNumber: 7,
    defaultVersionNumber: 7,
    latestVersion: {
      versionNumber: 7,
      iamInstanceProfileName: 'web-profile',
      httpTokens: 'required',
      userData: leakedUserData,
    },
  });
  r.launchTemplate('lt-0a11app', {
    name: 'app-asg',
    latestVersionNumber: 3,
    defaultVersionNumber: 3,
    latestVersion: {
      versionNumber: 3,
      iamInstanceProfileName: 'app-profile',
      httpTokens: 'required',
      userData: cleanUserData,
    },
  });

  // Default version 2 (what its Auto Scaling group launches) still holds a key pair; $Latest (3) is
  // clean. No current instance runs it, so the template fails one level lower (high).
  r.launchTemplate('lt-0a11batch', {
    name: 'batch-asg',
    latestVersionNumber: 3,
    defaultVersionNumber: 2,
    latestVersion: {
      versionNumber: 3,
      iamInstanceProfileName: 'app-profile',
      httpTokens: 'required',
      userData: cleanUserData,
    },
    versions: [
      {
        versionNumber: 2,
        iamInstanceProfileName: 'app-profile',
        httpTokens: 'required',
        userData: defaultVersionLeak,
      },
    ],
  });

  // RDS: one public with a world-open port, one private.
  r.dbSubnetGroup('prod-db', 'vpc-0a11prod', ['subnet-0a11db01', 'subnet-0a11db02']);
  r.dbSubnetGroup('reporting-public', 'vpc-0a11prod', ['subnet-0a11pub1']);
  r.dbInstance('reporting', {
    publiclyAccessible: true,
    endpointAddress: 'reporting.c0abcdefgh.us-east-1.rds.amazonaws.com',
    vpcId: 'vpc-0a11prod',
    dbSubnetGroupName: 'reporting-public',
    subnetIds: ['subnet-0a11pub1'],
    securityGroupIds: ['sg-0a11dbpub'],
  });
  r.networkInterface('eni-0a11rdspub', 'subnet-0a11pub1', {
    interfaceType: 'interface',
    description: 'RDSNetworkInterface',
    requesterManaged: true,
    securityGroupIds: ['sg-0a11dbpub'],
    privateIpAddresses: ['10.0.0.50'],
    publicIp: '54.210.10.50',
  });
  r.dbInstance('orders', {
    engine: 'mysql',
    engineVersion: '8.0.39',
    port: 3306,
    vpcId: 'vpc-0a11prod',
    dbSubnetGroupName: 'prod-db',
    subnetIds: ['subnet-0a11db01', 'subnet-0a11db02'],
    securityGroupIds: ['sg-0a11dbprv'],
  });
  // Publicly accessible, but its group admits only the app tier and its subnets have no route to
  // the internet gateway: fails at the lowest severity.
  r.dbInstance('orders-replica', {
    engine: 'mysql',
    engineVersion: '8.0.39',
    port: 3306,
    publiclyAccessible: true,
    vpcId: 'vpc-0a11prod',
    dbSubnetGroupName: 'prod-db',
    subnetIds: ['subnet-0a11db01', 'subnet-0a11db02'],
    securityGroupIds: ['sg-0a11dbprv'],
  });

  // Instance Connect Endpoint: reaches app-1 (sg-0a11app admits it), not batch-worker.
  r.instanceConnectEndpoint('eice-0a11admin', 'subnet-0a11app1', ['sg-0a11eice'], { name: 'prod-admin' });

  // Lambda: DynamoDB through the gateway endpoint of rtb-0a11app.
  r.lambdaFunction('orders-stream', {
    roleArn: `arn:aws:iam::${DEMO_ACCOUNT}:role/orders-stream-fn`,
    subnetIds: ['subnet-0a11app1'],
    securityGroupIds: ['sg-0a11app'],
  });
  // Not in a VPC: nothing to judge.
  r.lambdaFunction('nightly-report', { roleArn: `arn:aws:iam::${DEMO_ACCOUNT}:role/queue-worker-fn` });

  // ECS: a Fargate service with every endpoint it needs.
  const api = r.ecsTaskDefinition('api', {
    revision: 7,
    executionRoleArn: `arn:aws:iam::${DEMO_ACCOUNT}:role/ecs-task-execution`,
    taskRoleArn: `arn:aws:iam::${DEMO_ACCOUNT}:role/api-task`,
    containers: [
      {
        name: 'api',
        image: `${DEMO_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/api:2026.11`,
        logDriver: 'awslogs',
        secretSources: [`arn:aws:secretsmanager:us-east-1:${DEMO_ACCOUNT}:secret:prod/api/db-AbCdEf`],
      },
    ],
  });
  r.ecsService('prod', 'api', {
    taskDefinitionArn: api.arn,
    subnetIds: ['subnet-0a11app1'],
    securityGroupIds: ['sg-0a11app'],
    assignPublicIp: 'DISABLED',
  });

  // --- staging: the main table routes to the IGW, so every unassociated subnet is public ---------
  r.vpc('vpc-0b22stage', { cidrBlocks: ['10.1.0.0/16'], name: 'staging' });
  r.internetGateway('igw-0b22stage', 'vpc-0b22stage');
  r.subnet('subnet-0b22web1', 'vpc-0b22stage', {
    cidrBlock: '10.1.0.0/24',
    mapPublicIpOnLaunch: true,
    name: 'staging-web',
  });
  r.subnet('subnet-0b22int1', 'vpc-0b22stage', { cidrBlock: '10.1.1.0/24', name: 'staging-internal' });
  r.routeTable('rtb-0b22main', 'vpc-0b22stage', {
    main: true,
    routes: [route.igw('0.0.0.0/0', 'igw-0b22stage')],
  });
  r.routeTable('rtb-0b22int', 'vpc-0b22stage', { subnets: ['subnet-0b22int1'] });
  // S3 reached only through an interface endpoint: still no gateway endpoint on the route table.
  r.vpcEndpoint('vpce-0b22s3if', 'vpc-0b22stage', 's3', {
    type: 'Interface',
    privateDnsEnabled: false,
    subnetIds: ['subnet-0b22int1'],
  });
  r.networkAcl('acl-0b22dflt', 'vpc-0b22stage', {
    isDefault: true,
    subnetIds: ['subnet-0b22web1', 'subnet-0b22int1'],
  });
  r.securityGroup('sg-0b22dflt', 'vpc-0b22stage', {
    name: 'default',
    ingress: [sgRule.fromGroup('-1', undefined, 'sg-0b22dflt')],
  });
  r.securityGroup('sg-0b22ssh6', 'vpc-0b22stage', {
    name: 'staging-ssh-v6',
    ingress: [sgRule.tcp(22, '::/0')],
  });
  r.instance('i-0b22stage001', 'subnet-0b22int1', {
    name: 'staging-api',
    privateIpAddress: '10.1.1.10',
    securityGroupIds: ['sg-0b22ssh6'],
    ipv6Addresses: [],
    iamInstanceProfileArn: `arn:aws:iam::${DEMO_ACCOUNT}:instance-profile/app-profile`,
    userData: cleanUserData,
  });

  // A Fargate service in the public subnet without a public IP and without NAT: it cannot pull.
  const reports = r.ecsTaskDefinition('reports', {
    revision: 3,
    executionRoleArn: `arn:aws:iam::${DEMO_ACCOUNT}:role/ecs-task-execution`,
    taskRoleArn: `arn:aws:iam::${DEMO_ACCOUNT}:role/reports-task`,
    containers: [
      {
        name: 'reports',
        image: `${DEMO_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/reports:1.4`,
        logDriver: 'awslogs',
        secretSources: [`arn:aws:ssm:us-east-1:${DEMO_ACCOUNT}:parameter/staging/reports/token`],
      },
    ],
  });
  r.ecsService('staging', 'reports', {
    taskDefinitionArn: reports.arn,
    subnetIds: ['subnet-0b22web1'],
    securityGroupIds: ['sg-0b22dflt'],
    assignPublicIp: 'DISABLED',
  });

  // --- analytics: endpoints exist but DNS hostnames are off and the endpoint SG allows only 80 ---
  r.vpc('vpc-0c33anlt', { cidrBlocks: ['10.2.0.0/16'], name: 'analytics', enableDnsHostnames: false });
  r.subnet('subnet-0c33priv', 'vpc-0c33anlt', { cidrBlock: '10.2.0.0/24', name: 'analytics-private' });
  r.routeTable('rtb-0c33main', 'vpc-0c33anlt', { main: true });
  r.networkAcl('acl-0c33dflt', 'vpc-0c33anlt', { isDefault: true, subnetIds: ['subnet-0c33priv'] });
  r.securityGroup('sg-0c33vpce', 'vpc-0c33anlt', {
    name: 'analytics-endpoints',
    ingress: [sgRule.tcp(80, '10.2.0.0/16')],
  });
  r.securityGroup('sg-0c33nodes', 'vpc-0c33anlt', { name: 'analytics-nodes' });
  for (const service of ['ssm', 'ssmmessages']) {
    r.vpcEndpoint(`vpce-0c33${service.slice(0, 6)}`, 'vpc-0c33anlt', service, {
      subnetIds: ['subnet-0c33priv'],
      securityGroupIds: ['sg-0c33vpce'],
    });
  }
  r.instance('i-0c33spark01', 'subnet-0c33priv', {
    name: 'spark-driver',
    privateIpAddress: '10.2.0.21',
    securityGroupIds: ['sg-0c33nodes'],
    iamInstanceProfileArn: `arn:aws:iam::${DEMO_ACCOUNT}:instance-profile/analytics-profile`,
    userData: noUserData,
  });
  // A function whose role uses DynamoDB and SQS, in a subnet with no NAT and no such endpoint.
  r.lambdaFunction('queue-worker', {
    roleArn: `arn:aws:iam::${DEMO_ACCOUNT}:role/queue-worker-fn`,
    subnetIds: ['subnet-0c33priv'],
    securityGroupIds: ['sg-0c33nodes'],
  });
  return r;
}

function euWest1(): RegionBuilder {
  const r = new RegionBuilder('eu-west-1', DEMO_ACCOUNT);
  // The default VPC, as AWS creates it: public subnets, the default SG.
  r.vpc('vpc-0d44dflt', { cidrBlocks: ['172.31.0.0/16'], isDefault: true, name: 'default' });
  r.internetGateway('igw-0d44dflt', 'vpc-0d44dflt');
  r.subnet('subnet-0d44dfa', 'vpc-0d44dflt', {
    cidrBlock: '172.31.0.0/20',
    availabilityZone: 'eu-west-1a',
    mapPublicIpOnLaunch: true,
  });
  r.routeTable('rtb-0d44main', 'vpc-0d44dflt', {
    main: true,
    routes: [route.igw('0.0.0.0/0', 'igw-0d44dflt')],
  });
  r.networkAcl('acl-0d44dflt', 'vpc-0d44dflt', { isDefault: true, subnetIds: ['subnet-0d44dfa'] });
  r.securityGroup('sg-0d44dflt', 'vpc-0d44dflt', {
    name: 'default',
    ingress: [sgRule.fromGroup('-1', undefined, 'sg-0d44dflt')],
  });
  r.securityGroup('sg-0d44wiz', 'vpc-0d44dflt', {
    name: 'launch-wizard-1',
    ingress: [sgRule.tcp(22, '0.0.0.0/0'), sgRule.tcp(22, '::/0')],
  });

  // A spoke VPC whose default route goes to a transit gateway: egress is decided elsewhere.
  r.vpc('vpc-0e55spke', { cidrBlocks: ['10.20.0.0/16'], name: 'spoke' });
  r.subnet('subnet-0e55wl1', 'vpc-0e55spke', {
    cidrBlock: '10.20.1.0/24',
    availabilityZone: 'eu-west-1b',
    name: 'spoke-workloads',
  });
  r.routeTable('rtb-0e55main', 'vpc-0e55spke', {
    main: true,
    routes: [route.to('0.0.0.0/0', 'transit-gateway', 'tgw-0e55hub')],
  });
  r.networkAcl('acl-0e55dflt', 'vpc-0e55spke', { isDefault: true, subnetIds: ['subnet-0e55wl1'] });
  r.securityGroup('sg-0e55wl', 'vpc-0e55spke', {
    name: 'spoke-workloads',
    ingress: [sgRule.tcp([0, 65535], '10.0.0.0/8')],
  });
  r.instance('i-0e55etl0001', 'subnet-0e55wl1', {
    name: 'etl',
    privateIpAddress: '10.20.1.10',
    securityGroupIds: ['sg-0e55wl'],
    iamInstanceProfileArn: `arn:aws:iam::${DEMO_ACCOUNT}:instance-profile/app-profile`,
    userData: noUserData,
  });
  r.instance('i-0e55etl0002', 'subnet-0e55wl1', {
    name: 'etl-canary',
    privateIpAddress: '10.20.1.11',
    securityGroupIds: ['sg-0e55wl'],
    iamInstanceProfileArn: `arn:aws:iam::${DEMO_ACCOUNT}:instance-profile/app-profile`,
    userData: noUserData,
  });
  r.ssmInstance('i-0e55etl0002', { pingStatus: 'Online', agentVersion: '3.3.1345.0', iamRole: 'app-role' });
  r.defaultHostManagement(true, 'AWSSystemsManagerDefaultEC2InstanceManagementRole');
  r.prefixList('pl-6da54004', 'com.amazonaws.eu-west-1.s3', undefined);
  return r;
}

function iam(): GlobalBuilder {
  const g = new GlobalBuilder(DEMO_ACCOUNT);
  g.user('alice', {
    createDate: '2023-02-14T09:00:00Z',
    passwordEnabled: true,
    mfaActive: true,
    accessKeys: [
      {
        accessKeyId: 'AKIAIOSFODNN7ALICE01',
        status: 'Active',
        createDate: '2024-03-01T10:00:00Z',
        lastUsedDate: '2026-05-02T08:00:00Z',
        lastUsedService: 's3',
        lastUsedRegion: 'us-east-1',
      },
    ],
  });
  g.user('ci-deployer', {
    createDate: '2026-09-20T12:00:00Z',
    passwordEnabled: false,
    accessKeys: [
      {
        accessKeyId: 'AKIAIOSFODNN7CIDEP01',
        status: 'Active',
        createDate: '2026-10-01T12:00:00Z',
        lastUsedDate: '2026-10-31T22:10:00Z',
        lastUsedService: 'sts',
        lastUsedRegion: 'us-east-1',
      },
    ],
  });
  g.user('bob', {
    createDate: '2022-06-01T09:00:00Z',
    passwordEnabled: true,
    mfaActive: false,
    accessKeys: [
      { accessKeyId: 'AKIAIOSFODNN7BOB0001', status: 'Inactive', createDate: '2022-06-01T09:00:00Z' },
    ],
  });
  g.user('svc-legacy-backup', {
    createDate: '2026-08-15T00:00:00Z',
    passwordEnabled: false,
    accessKeys: [
      { accessKeyId: 'AKIAIOSFODNN7LEGACY1', status: 'Active', createDate: '2026-08-15T00:00:00Z' },
    ],
  });
  // The app tier keeps job state in DynamoDB (issue 14): app-1 reaches it through vpce-0a11ddbgw;
  // db-migrations, staging-api and etl run where no DynamoDB gateway endpoint is on the route table.
  g.role('app-role', {
    attachedPolicies: [SSM_CORE],
    inlinePolicies: [
      {
        name: 'job-state',
        document: {
          version: '2012-10-17',
          statements: [
            {
              sid: 'JobState',
              effect: 'Allow',
              action: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
              resource: [`arn:aws:dynamodb:*:${DEMO_ACCOUNT}:table/job-state`],
            },
          ],
        },
      },
    ],
  });
  g.role('analytics-role', { attachedPolicies: [SSM_CORE] });
  g.role('web-role', {
    attachedPolicies: [
      { name: 'AmazonS3ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess' },
    ],
  });
  g.role('AWSSystemsManagerDefaultEC2InstanceManagementRole', {
    path: '/service-role/',
    trustPolicy: {
      version: '2012-10-17',
      statements: [
        { effect: 'Allow', principal: { Service: ['ssm.amazonaws.com'] }, action: ['sts:AssumeRole'] },
      ],
    },
    attachedPolicies: [
      {
        name: 'AmazonSSMManagedEC2InstanceDefaultPolicy',
        arn: 'arn:aws:iam::aws:policy/AmazonSSMManagedEC2InstanceDefaultPolicy',
      },
    ],
  });
  // Workload roles (issue 14): what each workload's code calls, plus what its platform does for it.
  const allow = (sid: string, action: string[], resource = ['*']) => ({
    sid,
    effect: 'Allow' as const,
    action,
    resource,
  });
  const inline = (name: string, ...statements: ReturnType<typeof allow>[]) => ({
    name,
    document: { version: '2012-10-17', statements },
  });
  const lambdaTrust = {
    version: '2012-10-17',
    statements: [
      {
        effect: 'Allow' as const,
        principal: { Service: ['lambda.amazonaws.com'] },
        action: ['sts:AssumeRole'],
      },
    ],
  };
  const ecsTrust = {
    version: '2012-10-17',
    statements: [
      {
        effect: 'Allow' as const,
        principal: { Service: ['ecs-tasks.amazonaws.com'] },
        action: ['sts:AssumeRole'],
      },
    ],
  };
  const vpcAccess = {
    name: 'AWSLambdaVPCAccessExecutionRole',
    arn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole',
  };
  g.role('orders-stream-fn', {
    trustPolicy: lambdaTrust,
    attachedPolicies: [vpcAccess],
    inlinePolicies: [
      inline(
        'orders-table',
        allow(
          'Orders',
          ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query'],
          [`arn:aws:dynamodb:us-east-1:${DEMO_ACCOUNT}:table/orders`],
        ),
        allow('Logs', ['logs:CreateLogStream', 'logs:PutLogEvents']),
      ),
    ],
  });
  g.role('queue-worker-fn', {
    trustPolicy: lambdaTrust,
    attachedPolicies: [vpcAccess],
    inlinePolicies: [
      inline(
        'queue-and-table',
        allow(
          'Queue',
          ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
          [`arn:aws:sqs:us-east-1:${DEMO_ACCOUNT}:analytics-jobs`],
        ),
        allow(
          'Table',
          ['dynamodb:UpdateItem'],
          [`arn:aws:dynamodb:us-east-1:${DEMO_ACCOUNT}:table/job-state`],
        ),
        allow('Traces', ['xray:PutTraceSegments']),
      ),
    ],
  });
  g.role('ecs-task-execution', {
    trustPolicy: ecsTrust,
    attachedPolicies: [
      {
        name: 'AmazonECSTaskExecutionRolePolicy',
        arn: 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy',
      },
    ],
    inlinePolicies: [
      inline(
        'task-secrets',
        allow(
          'Secrets',
          ['secretsmanager:GetSecretValue'],
          [`arn:aws:secretsmanager:us-east-1:${DEMO_ACCOUNT}:secret:prod/api/*`],
        ),
        allow(
          'Parameters',
          ['ssm:GetParameters'],
          [`arn:aws:ssm:us-east-1:${DEMO_ACCOUNT}:parameter/staging/reports/*`],
        ),
      ),
    ],
  });
  g.role('api-task', {
    trustPolicy: ecsTrust,
    inlinePolicies: [
      inline(
        'api',
        allow('Assets', ['s3:GetObject'], [`arn:aws:s3:::prod-api-assets/*`]),
        allow('Events', ['sqs:SendMessage'], [`arn:aws:sqs:us-east-1:${DEMO_ACCOUNT}:order-events`]),
      ),
    ],
  });
  g.role('reports-task', {
    trustPolicy: ecsTrust,
    inlinePolicies: [
      inline('reports', allow('Upload', ['s3:PutObject'], [`arn:aws:s3:::staging-reports/*`])),
    ],
  });
  g.instanceProfile('app-profile', ['app-role']);
  g.instanceProfile('analytics-profile', ['analytics-role']);
  g.instanceProfile('web-profile', ['web-role']);
  g.instanceProfile('empty-profile', []);
  return g;
}

export function buildDemoSnapshot(): Snapshot {
  return buildSnapshot(
    [buildAccount({ accountId: DEMO_ACCOUNT, regions: [usEast1(), euWest1()], global: iam() })],
    '2026-11-01T06:00:00.000Z',
  );
}
