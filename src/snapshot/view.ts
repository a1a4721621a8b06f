// An indexed, read-only view of a snapshot. Every index is built once, lazily, on first use, so a
// rule's work stays linear in the resources it looks at (no nested scans of all resources).
import type {
  AccountSnapshot,
  CollectionError,
  CollectionState,
  GlobalKind,
  IamInstanceProfile,
  IamManagedPolicy,
  IamRole,
  Instance,
  NetworkAcl,
  NetworkInterface,
  PrefixList,
  RegionSnapshot,
  RegionalKind,
  ResourceKind,
  RouteTable,
  RouteTableAssociation,
  SecurityGroup,
  Snapshot,
  SsmManagedInstance,
  Subnet,
  Vpc,
  VpcEndpoint,
  NatGateway,
  DbInstance,
  DbSubnetGroup,
  EcsService,
  EcsTaskDefinition,
  InstanceConnectEndpoint,
  LambdaFunction,
} from './types.js';
import { isGlobalKind } from './types.js';

function indexBy<T>(items: readonly T[], key: (item: T) => string): ReadonlyMap<string, T> {
  const map = new Map<string, T>();
  for (const item of items) map.set(key(item), item);
  return map;
}

function groupBy<T>(
  items: readonly T[],
  keys: (item: T) => Iterable<string>,
): ReadonlyMap<string, readonly T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    for (const key of keys(item)) {
      const list = map.get(key);
      if (list) list.push(item);
      else map.set(key, [item]);
    }
  }
  return map;
}

const EMPTY: readonly never[] = Object.freeze([]);

/** Memoises a computed index on first access. */
function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  let built = false;
  return () => {
    if (!built) {
      value = build();
      built = true;
    }
    return value as T;
  };
}

export class RegionView {
  readonly region: string;
  readonly data: RegionSnapshot;
  readonly account: AccountView;

  constructor(account: AccountView, data: RegionSnapshot) {
    this.account = account;
    this.data = data;
    this.region = data.region;
  }

  get accountId(): string {
    return this.account.accountId;
  }

  get partition(): string {
    return this.account.partition;
  }

  /** A kind's collection state; `undefined` when it was not requested. */
  state(kind: RegionalKind): CollectionState | undefined {
    return this.data.collection[kind];
  }

  isCollected(kind: ResourceKind): boolean {
    return isGlobalKind(kind) ? this.account.isCollected(kind) : this.data.collection[kind] === 'collected';
  }

  /** Kinds among `kinds` that are not fully collected here (regional) or for the account (global). */
  missing(kinds: readonly ResourceKind[]): ResourceKind[] {
    return kinds.filter((kind) => !this.isCollected(kind));
  }

  /** Collection errors that left any of `kinds` incomplete in this region (or globally, for IAM). */
  errorsFor(kinds: readonly ResourceKind[]): CollectionError[] {
    return this.account.data.errors.filter(
      (error) =>
        (error.region === this.region || error.region === 'global') &&
        error.kinds.some((kind) => kinds.includes(kind)),
    );
  }

  private readonly vpcIndex = lazy(() => indexBy(this.data.vpcs, (v) => v.id));
  private readonly subnetIndex = lazy(() => indexBy(this.data.subnets, (s) => s.id));
  private readonly sgIndex = lazy(() => indexBy(this.data.securityGroups, (g) => g.id));
  private readonly eniIndex = lazy(() => indexBy(this.data.networkInterfaces, (n) => n.id));
  private readonly instanceIndex = lazy(() => indexBy(this.data.instances, (i) => i.id));
  private readonly routeTableIndex = lazy(() => indexBy(this.data.routeTables, (t) => t.id));
  private readonly prefixListIndex = lazy(() => indexBy(this.data.prefixLists, (p) => p.id));
  private readonly natIndex = lazy(() => indexBy(this.data.natGateways, (n) => n.id));
  private readonly ssmIndex = lazy(() => indexBy(this.data.ssmInstances, (s) => s.instanceId));
  private readonly dbSubnetGroupIndex = lazy(() => indexBy(this.data.dbSubnetGroups, (g) => g.name));
  private readonly dbInstanceIndex = lazy(() => indexBy(this.data.dbInstances, (d) => d.id));
  // Functions by name and by ARN: rules and `reach` accept either.
  private readonly lambdaIndex = lazy(() => {
    const map = new Map<string, LambdaFunction>();
    for (const fn of this.data.lambdaFunctions) map.set(fn.id, fn).set(fn.arn, fn);
    return map;
  });
  private readonly ecsServiceIndex = lazy(() => indexBy(this.data.ecsServices, (s) => s.arn));
  private readonly taskDefinitionIndex = lazy(() => indexBy(this.data.ecsTaskDefinitions, (t) => t.arn));
  private readonly iceIndex = lazy(() => indexBy(this.data.instanceConnectEndpoints, (e) => e.id));
  private readonly iceByVpcIndex = lazy(() => groupBy(this.data.instanceConnectEndpoints, (e) => [e.vpcId]));
  private readonly routeTablesByVpcIndex = lazy(() => groupBy(this.data.routeTables, (t) => [t.vpcId]));
  private readonly endpointsByVpcIndex = lazy(() => groupBy(this.data.vpcEndpoints, (e) => [e.vpcId]));
  private readonly subnetsByVpcIndex = lazy(() => groupBy(this.data.subnets, (s) => [s.vpcId]));
  private readonly enisBySgIndex = lazy(() =>
    groupBy(this.data.networkInterfaces, (n) => n.securityGroupIds),
  );
  private readonly enisByInstanceIndex = lazy(() =>
    groupBy(this.data.networkInterfaces, (n) => (n.attachedInstanceId ? [n.attachedInstanceId] : [])),
  );
  private readonly naclBySubnetIndex = lazy(() => {
    const map = new Map<string, NetworkAcl>();
    for (const acl of this.data.networkAcls) for (const subnetId of acl.subnetIds) map.set(subnetId, acl);
    return map;
  });
  // Route-table associations, resolved once per region (aws-facts §1.1): live explicit subnet
  // associations by subnet id, and main associations by VPC id. Gateway (edge) associations never
  // govern a subnet (§1.4 item 1) and are left out of both.
  private readonly explicitRouteTableIndex = lazy(() => {
    const map = new Map<string, { table: RouteTable; association: RouteTableAssociation }>();
    for (const table of this.data.routeTables)
      for (const association of table.associations)
        if (
          association.subnetId !== undefined &&
          (association.state === undefined || association.state === 'associated')
        )
          map.set(association.subnetId, { table, association });
    return map;
  });
  private readonly mainRouteTableIndex = lazy(() => {
    const map = new Map<string, { table: RouteTable; association: RouteTableAssociation }>();
    for (const table of this.data.routeTables)
      for (const association of table.associations)
        if (association.main && association.gatewayId === undefined && association.subnetId === undefined)
          map.set(table.vpcId, { table, association });
    return map;
  });
  private readonly defaultNaclByVpcIndex = lazy(() =>
    indexBy(
      this.data.networkAcls.filter((a) => a.isDefault),
      (a) => a.vpcId,
    ),
  );

  vpc(id: string): Vpc | undefined {
    return this.vpcIndex().get(id);
  }
  subnet(id: string): Subnet | undefined {
    return this.subnetIndex().get(id);
  }
  securityGroup(id: string): SecurityGroup | undefined {
    return this.sgIndex().get(id);
  }
  networkInterface(id: string): NetworkInterface | undefined {
    return this.eniIndex().get(id);
  }
  instance(id: string): Instance | undefined {
    return this.instanceIndex().get(id);
  }
  routeTable(id: string): RouteTable | undefined {
    return this.routeTableIndex().get(id);
  }
  prefixList(id: string): PrefixList | undefined {
    return this.prefixListIndex().get(id);
  }
  natGateway(id: string): NatGateway | undefined {
    return this.natIndex().get(id);
  }
  ssmInstance(instanceId: string): SsmManagedInstance | undefined {
    return this.ssmIndex().get(instanceId);
  }
  dbSubnetGroup(name: string): DbSubnetGroup | undefined {
    return this.dbSubnetGroupIndex().get(name);
  }
  dbInstance(id: string): DbInstance | undefined {
    return this.dbInstanceIndex().get(id);
  }
  /** A Lambda function by name or ARN. */
  lambdaFunction(nameOrArn: string): LambdaFunction | undefined {
    return this.lambdaIndex().get(nameOrArn);
  }
  /** Functions attached to a VPC (with subnets); the others have no network placement to judge. */
  vpcLambdaFunctions(): readonly LambdaFunction[] {
    return this.data.lambdaFunctions.filter((fn) => (fn.vpcConfig?.subnetIds.length ?? 0) > 0);
  }
  ecsService(arn: string): EcsService | undefined {
    return this.ecsServiceIndex().get(arn);
  }
  ecsTaskDefinition(arn: string): EcsTaskDefinition | undefined {
    return this.taskDefinitionIndex().get(arn);
  }
  /** The task definition a service runs; undefined when not collected or not found. */
  taskDefinitionOf(service: EcsService): EcsTaskDefinition | undefined {
    return service.taskDefinitionArn === undefined
      ? undefined
      : this.ecsTaskDefinition(service.taskDefinitionArn);
  }
  instanceConnectEndpoint(id: string): InstanceConnectEndpoint | undefined {
    return this.iceIndex().get(id);
  }
  instanceConnectEndpointsOfVpc(vpcId: string): readonly InstanceConnectEndpoint[] {
    return this.iceByVpcIndex().get(vpcId) ?? EMPTY;
  }
  routeTablesOfVpc(vpcId: string): readonly RouteTable[] {
    return this.routeTablesByVpcIndex().get(vpcId) ?? EMPTY;
  }
  endpointsOfVpc(vpcId: string): readonly VpcEndpoint[] {
    return this.endpointsByVpcIndex().get(vpcId) ?? EMPTY;
  }
  subnetsOfVpc(vpcId: string): readonly Subnet[] {
    return this.subnetsByVpcIndex().get(vpcId) ?? EMPTY;
  }
  /** Network interfaces (of any type) that carry the group. */
  interfacesWithSecurityGroup(groupId: string): readonly NetworkInterface[] {
    return this.enisBySgIndex().get(groupId) ?? EMPTY;
  }
  interfacesOfInstance(instanceId: string): readonly NetworkInterface[] {
    return this.enisByInstanceIndex().get(instanceId) ?? EMPTY;
  }
  /** The route table a subnet is explicitly (and live) associated with, if any. */
  explicitRouteTableOf(
    subnetId: string,
  ): { table: RouteTable; association: RouteTableAssociation } | undefined {
    return this.explicitRouteTableIndex().get(subnetId);
  }
  /** The main route table of a VPC (the table of the VPC's own main association). */
  mainRouteTableOf(vpcId: string): { table: RouteTable; association: RouteTableAssociation } | undefined {
    return this.mainRouteTableIndex().get(vpcId);
  }
  /** The subnet's network ACL: its explicit association, else its VPC's default ACL (§3.6). */
  networkAclOfSubnet(subnet: Subnet): NetworkAcl | undefined {
    return this.naclBySubnetIndex().get(subnet.id) ?? this.defaultNaclByVpcIndex().get(subnet.vpcId);
  }
}

export class AccountView {
  readonly data: AccountSnapshot;
  readonly regions: readonly RegionView[];

  constructor(data: AccountSnapshot) {
    this.data = data;
    this.regions = data.regions.map((region) => new RegionView(this, region));
  }

  get accountId(): string {
    return this.data.accountId;
  }

  get partition(): string {
    return this.data.partition;
  }

  isCollected(kind: GlobalKind): boolean {
    return this.data.global.collection[kind] === 'collected';
  }

  private readonly roleIndex = lazy(() => indexBy(this.data.global.roles, (r) => r.name));
  private readonly profileByArnIndex = lazy(() => indexBy(this.data.global.instanceProfiles, (p) => p.arn));
  private readonly policyIndex = lazy(() => indexBy(this.data.global.policies, (p) => p.arn));

  role(name: string): IamRole | undefined {
    return this.roleIndex().get(name);
  }
  instanceProfileByArn(arn: string): IamInstanceProfile | undefined {
    return this.profileByArnIndex().get(arn);
  }
  managedPolicy(arn: string): IamManagedPolicy | undefined {
    return this.policyIndex().get(arn);
  }
}

export class SnapshotView {
  readonly snapshot: Snapshot;
  readonly accounts: readonly AccountView[];

  constructor(snapshot: Snapshot) {
    this.snapshot = snapshot;
    this.accounts = snapshot.accounts.map((account) => new AccountView(account));
  }

  /** The moment the data describes; age-based rules measure from here, so results are reproducible. */
  get collectedAt(): Date {
    return new Date(this.snapshot.collectedAt);
  }
}
