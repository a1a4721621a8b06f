// JSON Schema (draft 2020-12) for the snapshot file. Kept as a module, not a .json file, so it is
// found the same way from sources, tests and dist; `npm run schemas` writes schemas/*.json from it.
// Small builders keep the schema readable; `additionalProperties: false` catches drift between
// the TypeScript types and what a collector writes.
import { GLOBAL_KINDS, REGIONAL_KINDS, SNAPSHOT_SCHEMA_VERSION } from './types.js';
import { arr, bool, nonEmpty, obj, str, strArr, type Schema } from '../util/json-schema.js';

const int: Schema = { type: 'integer' };
const tags: Schema = { type: 'object', additionalProperties: str };

/** Every resource has an id and an ARN; name, owner and tags are optional. */
function resource(required: Record<string, Schema>, optional: Record<string, Schema> = {}): Schema {
  return obj({ id: nonEmpty, arn: nonEmpty, ...required }, { name: str, ownerId: str, tags, ...optional });
}

const collectionState: Schema = { enum: ['collected', 'failed', 'skipped'] };
const collectionMap = (kinds: readonly string[]): Schema => ({
  type: 'object',
  propertyNames: { enum: [...kinds] },
  additionalProperties: collectionState,
});

const policyDocument: Schema = obj(
  {
    statements: arr(
      obj(
        { effect: { enum: ['Allow', 'Deny'] } },
        {
          sid: str,
          action: strArr,
          notAction: strArr,
          resource: strArr,
          notResource: strArr,
          condition: {
            type: 'object',
            additionalProperties: { type: 'object', additionalProperties: strArr },
          },
          principal: { anyOf: [{ const: '*' }, { type: 'object', additionalProperties: strArr }] },
        },
      ),
    ),
  },
  { version: str },
);

const userDataScan: Schema = obj(
  {
    present: bool,
    bytes: int,
    encoding: { enum: ['plain', 'gzip', 'utf-16', 'binary'] },
    secrets: arr(
      obj({
        type: { enum: ['aws-access-key-id', 'aws-secret-access-key'] },
        redacted: str,
        length: int,
        sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' },
        line: int,
      }),
    ),
  },
  { sha256: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
);

/** One launch template version's data, as the collector keeps it (user data only as a scan). */
const launchTemplateVersion = obj(
  { versionNumber: int },
  { iamInstanceProfileArn: str, iamInstanceProfileName: str, httpTokens: str, userData: userDataScan },
);

const attachment = obj({ vpcId: str, state: str });

const sgPeer: Schema = {
  oneOf: [
    obj({ kind: { const: 'cidr-ipv4' }, cidr: nonEmpty }),
    obj({ kind: { const: 'cidr-ipv6' }, cidr: nonEmpty }),
    obj({ kind: { const: 'prefix-list' }, prefixListId: nonEmpty }),
    obj({ kind: { const: 'security-group' }, groupId: nonEmpty }, { userId: str, vpcId: str }),
  ],
};
const sgRule = obj(
  { protocol: nonEmpty, peer: sgPeer },
  { fromPort: int, toPort: int, description: str, ruleId: str },
);

const routeTargetKinds = [
  'local',
  'internet-gateway',
  'egress-only-internet-gateway',
  'nat-gateway',
  'instance',
  'network-interface',
  'transit-gateway',
  'vpc-peering',
  'virtual-private-gateway',
  'gateway-endpoint',
  'gateway-load-balancer-endpoint',
  'core-network',
  'local-gateway',
  'carrier-gateway',
  'unknown',
];

const region: Schema = obj({
  region: nonEmpty,
  availability: { enum: ['enabled', 'not-opted-in', 'unreachable'] },
  collection: collectionMap(REGIONAL_KINDS),
  vpcs: arr(
    resource(
      { cidrBlocks: strArr, ipv6CidrBlocks: strArr, isDefault: bool },
      {
        state: str,
        enableDnsSupport: bool,
        enableDnsHostnames: bool,
        dhcpOptionsId: str,
        domainNameServers: strArr,
      },
    ),
  ),
  subnets: arr(
    resource(
      {
        vpcId: nonEmpty,
        availabilityZone: str,
        ipv6CidrBlocks: strArr,
        mapPublicIpOnLaunch: bool,
        assignIpv6AddressOnCreation: bool,
      },
      { cidrBlock: str, ipv6Native: bool },
    ),
  ),
  routeTables: arr(
    resource({
      vpcId: nonEmpty,
      associations: arr(obj({ id: str, main: bool }, { subnetId: str, gatewayId: str, state: str })),
      routes: arr(
        obj(
          { target: obj({ kind: { enum: routeTargetKinds }, id: str }), state: str },
          {
            destinationCidrBlock: str,
            destinationIpv6CidrBlock: str,
            destinationPrefixListId: str,
            origin: str,
          },
        ),
      ),
    }),
  ),
  internetGateways: arr(resource({ attachments: arr(attachment) })),
  natGateways: arr(
    resource({ vpcId: str, subnetId: str, state: str, connectivityType: { enum: ['public', 'private'] } }),
  ),
  egressOnlyInternetGateways: arr(resource({ attachments: arr(attachment) })),
  vpcEndpoints: arr(
    resource(
      {
        vpcId: nonEmpty,
        type: nonEmpty,
        serviceName: nonEmpty,
        state: str,
        routeTableIds: strArr,
        subnetIds: strArr,
        securityGroupIds: strArr,
        networkInterfaceIds: strArr,
        privateDnsEnabled: bool,
      },
      { policyDocument },
    ),
  ),
  securityGroups: arr(
    resource({ name: str, ingress: arr(sgRule), egress: arr(sgRule) }, { vpcId: str, description: str }),
  ),
  networkAcls: arr(
    resource({
      vpcId: nonEmpty,
      isDefault: bool,
      subnetIds: strArr,
      entries: arr(
        obj(
          { ruleNumber: int, egress: bool, protocol: nonEmpty, action: { enum: ['allow', 'deny'] } },
          { cidrBlock: str, ipv6CidrBlock: str, portRange: obj({ from: int, to: int }) },
        ),
      ),
    }),
  ),
  networkInterfaces: arr(
    resource(
      {
        vpcId: str,
        subnetId: str,
        interfaceType: str,
        securityGroupIds: strArr,
        privateIpAddresses: strArr,
        ipv6Addresses: strArr,
        requesterManaged: bool,
        sourceDestCheck: bool,
      },
      { availabilityZone: str, status: str, publicIp: str, attachedInstanceId: str, description: str },
    ),
  ),
  instances: arr(
    resource(
      { state: nonEmpty, ipv6Addresses: strArr, networkInterfaceIds: strArr, securityGroupIds: strArr },
      {
        instanceType: str,
        vpcId: str,
        subnetId: str,
        availabilityZone: str,
        privateIpAddress: str,
        publicIpAddress: str,
        iamInstanceProfileArn: str,
        metadataOptions: obj({ httpTokens: str, httpEndpoint: str }, { httpPutResponseHopLimit: int }),
        launchTime: str,
        launchTemplateId: str,
        launchTemplateVersion: str,
        platform: str,
        imageId: str,
        userData: userDataScan,
      },
    ),
  ),
  launchTemplates: arr(
    resource(
      { name: str },
      {
        defaultVersionNumber: int,
        latestVersionNumber: int,
        latestVersion: launchTemplateVersion,
        versions: arr(launchTemplateVersion),
      },
    ),
  ),
  prefixLists: arr(
    resource({ name: str, addressFamily: { enum: ['IPv4', 'IPv6'] }, awsManaged: bool }, { entries: strArr }),
  ),
  ssmInstances: arr(
    obj(
      { instanceId: nonEmpty, pingStatus: str },
      {
        lastPingDateTime: str,
        agentVersion: str,
        isLatestVersion: bool,
        platformType: str,
        iamRole: str,
        resourceType: str,
      },
    ),
  ),
  dbInstances: arr(
    resource(
      { engine: str, status: str, publiclyAccessible: bool, securityGroupIds: strArr },
      {
        engineVersion: str,
        endpointAddress: str,
        port: int,
        vpcId: str,
        dbSubnetGroupName: str,
        subnetIds: strArr,
        storageEncrypted: bool,
      },
    ),
  ),
  dbSubnetGroups: arr(resource({ name: str, vpcId: str, subnetIds: strArr }, { status: str })),
  lambdaFunctions: arr(
    resource(
      { name: nonEmpty },
      {
        roleArn: str,
        state: str,
        vpcConfig: obj(
          { subnetIds: strArr, securityGroupIds: strArr, ipv6AllowedForDualStack: bool },
          { vpcId: str },
        ),
      },
    ),
  ),
  ecsServices: arr(
    resource(
      { name: nonEmpty, clusterArn: nonEmpty, capacityProviders: strArr },
      {
        launchType: str,
        platformVersion: str,
        taskDefinitionArn: str,
        awsvpc: obj({ subnetIds: strArr, securityGroupIds: strArr, assignPublicIp: str }),
        status: str,
      },
    ),
  ),
  ecsTaskDefinitions: arr(
    resource(
      {
        family: nonEmpty,
        containers: arr(obj({ name: str, secretSources: strArr }, { image: str, logDriver: str })),
      },
      { revision: int, networkMode: str, executionRoleArn: str, taskRoleArn: str },
    ),
  ),
  instanceConnectEndpoints: arr(
    resource({
      vpcId: nonEmpty,
      subnetId: nonEmpty,
      securityGroupIds: strArr,
      preserveClientIp: bool,
      state: str,
      networkInterfaceIds: strArr,
    }),
  ),
});
// The optional regional members that are records, not lists.
(region.properties as Record<string, Schema>).ssmDefaultHostManagement = obj(
  { enabled: bool },
  { roleName: str, status: str },
);
(region.properties as Record<string, Schema>).vpcBlockPublicAccess = obj(
  {
    mode: str,
    exclusions: arr(
      obj({ id: nonEmpty, mode: str, state: str }, { resourceArn: str, vpcId: str, subnetId: str }),
    ),
  },
  { state: str, managedBy: str },
);

const globalPart: Schema = obj({
  collection: collectionMap(GLOBAL_KINDS),
  users: arr(
    resource(
      {
        name: nonEmpty,
        createDate: str,
        accessKeys: arr(
          obj(
            { accessKeyId: nonEmpty, status: str, createDate: str },
            { lastUsedDate: str, lastUsedService: str, lastUsedRegion: str },
          ),
        ),
      },
      { path: str, passwordEnabled: bool, passwordLastUsed: str, mfaActive: bool },
    ),
  ),
  roles: arr(
    resource(
      {
        name: nonEmpty,
        attachedPolicies: arr(obj({ name: str, arn: str })),
        inlinePolicies: arr(obj({ name: str }, { document: policyDocument })),
      },
      { path: str, createDate: str, roleLastUsed: str, trustPolicy: policyDocument },
    ),
  ),
  instanceProfiles: arr(resource({ name: nonEmpty, roleNames: strArr }, { path: str })),
  policies: arr(resource({ name: nonEmpty }, { document: policyDocument })),
});

const collectionError: Schema = obj(
  {
    service: nonEmpty,
    operation: nonEmpty,
    region: nonEmpty,
    category: {
      enum: [
        'access-denied',
        'opt-in-required',
        'throttled',
        'network',
        'timeout',
        'expired-credentials',
        'malformed-response',
        'unknown',
      ],
    },
    code: str,
    message: str,
    kinds: strArr,
  },
  { resourceId: str },
);

export const snapshotSchema: Schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://aws-audit.dev/schemas/snapshot-v1.json',
  title: 'aws-audit snapshot',
  ...obj(
    {
      schemaVersion: { const: SNAPSHOT_SCHEMA_VERSION },
      tool: obj({ name: nonEmpty, version: nonEmpty }),
      collectedAt: { type: 'string', format: 'date-time' },
      partition: nonEmpty,
      accounts: arr(
        obj(
          {
            accountId: { type: 'string', pattern: '^[0-9]{12}$' },
            partition: nonEmpty,
            regions: arr(region),
            global: globalPart,
            errors: arr(collectionError),
          },
          { identity: obj({ arn: str }, { userId: str }) },
        ),
      ),
    },
    { rules: { type: 'array', items: nonEmpty, minItems: 1, uniqueItems: true } },
  ),
};
