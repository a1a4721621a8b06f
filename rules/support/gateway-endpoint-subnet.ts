// Shared judgement of the "private subnets reach <service> through a gateway endpoint on their
// route table" rules (S3, DynamoDB). aws-facts §2.2, §2.5: a subnet is covered iff an available
// Gateway endpoint for com.amazonaws.<region>.<service> of the subnet's own VPC lists the subnet's
// *effective* route table (explicit association, else its VPC's main table, §1.1), cross-checked
// with the `pl-` → `vpce-` route the association adds. An interface endpoint for the service does
// not put it on the route table (§2.4). An endpoint whose policy allows no request to the service
// at all (§2.3) covers nothing.
import { fail, missingDataEvidence, pass, unknown } from '../../src/engine/define-rule.js';
import type { Evidence, ResourceRef, RuleResult } from '../../src/engine/types.js';
import type { RegionalKind, ResourceKind, Route, Subnet, VpcEndpoint } from '../../src/snapshot/types.js';
import type { RegionView } from '../../src/snapshot/view.js';
import { associationEvidence, isActiveRoute, routeEvidence } from '../../src/analysis/route-tables.js';
import { classifySubnet, type EgressClass } from '../../src/analysis/subnet-class.js';
import { gatewayEndpointPolicy, type GatewayPolicyService } from '../../src/analysis/endpoint-policy.js';
import { getOrCreate } from '../../src/util/memo.js';

export const SUBNET_RESOURCE_TYPE = 'AWS::EC2::Subnet';

/** Without these the coverage of a subnet cannot be judged. */
export const GATEWAY_COVERAGE_KINDS: readonly RegionalKind[] = ['routeTables', 'vpcEndpoints'];

export interface GatewayServiceSpec {
  /** The endpoint service (and IAM prefix): `s3`, `dynamodb`. */
  service: GatewayPolicyService;
  /** How messages name it: `S3`, `DynamoDB`. */
  label: string;
  /** The article before the label: "an S3 gateway endpoint", "a DynamoDB gateway endpoint". */
  article: 'a' | 'an';
}

/** What a rule adds to the shared judgement (the workloads that make the subnet matter). */
export interface CoverageContext {
  /** A clause appended to pass and fail messages, e.g. "; instance i-0abc uses DynamoDB here". */
  suffix?: string;
  /** Evidence appended to pass and fail findings. */
  evidence?: readonly Evidence[];
}

const CLASS_PHRASE: Record<EgressClass, string> = {
  public: 'public',
  'private-nat': 'private with NAT egress',
  'private-indeterminate': 'private',
  'egress-only': 'private (IPv6 egress-only)',
  isolated: 'isolated',
};

// One name pattern per region and service: the same name serves gateway and interface endpoints,
// so callers branch on the type (aws-facts §2.1).
const namePatterns = new WeakMap<RegionView, Map<string, RegExp>>();

function serviceName(region: RegionView, service: string): RegExp {
  const byService = getOrCreate(namePatterns, region, () => new Map<string, RegExp>());
  let pattern = byService.get(service);
  if (!pattern) {
    pattern = new RegExp(`^(cn\\.)?com\\.amazonaws\\.${region.region.replace(/\./g, '\\.')}\\.${service}$`);
    byService.set(service, pattern);
  }
  return pattern;
}

const isAvailable = (e: VpcEndpoint): boolean => e.state.toLowerCase() === 'available';

function endpointEvidence(endpoint: VpcEndpoint, note: string): Evidence {
  return {
    kind: 'vpc-endpoint',
    summary: `${endpoint.id} (${endpoint.type} ${endpoint.serviceName}) is ${endpoint.state}${note}`,
    resourceId: endpoint.id,
    details: {
      endpointId: endpoint.id,
      type: endpoint.type,
      serviceName: endpoint.serviceName,
      state: endpoint.state,
      routeTableIds: endpoint.routeTableIds,
    },
  };
}

export function subnetLabel(subnet: Subnet): string {
  return subnet.name ? `Subnet ${subnet.id} (${subnet.name})` : `Subnet ${subnet.id}`;
}

/** The `unknown` for a subnet whose route tables or endpoints could not be read. */
export function coverageDataMissing(
  region: RegionView,
  ref: ResourceRef,
  subnet: Subnet,
  spec: GatewayServiceSpec,
  missing: readonly ResourceKind[],
): RuleResult {
  return unknown(
    ref,
    `${subnetLabel(subnet)}: ${missing.join(' and ')} could not be read, so ${spec.label} endpoint coverage is unknown.`,
    missingDataEvidence(region, missing),
  );
}

/**
 * Whether `subnet` is public (the rules do not apply), or the same undefined when no route table
 * governs it; callers that must decide applicability before judging coverage use it.
 */
export function isPublicSubnet(region: RegionView, subnet: Subnet): boolean | undefined {
  const classes = classifySubnet(region, subnet);
  if (!classes) return undefined;
  return egressOf(subnet, classes).class === 'public';
}

function egressOf(
  subnet: Subnet,
  classes: NonNullable<ReturnType<typeof classifySubnet>>,
): NonNullable<ReturnType<typeof classifySubnet>>['ipv4'] {
  // IPv6-only subnets are judged on IPv6 routing; all others on IPv4, the family the prefix-list route serves.
  return subnet.cidrBlock === undefined && subnet.ipv6CidrBlocks.length > 0 ? classes.ipv6 : classes.ipv4;
}

/** The finding for one subnet whose route tables and endpoints were read (see the module comment). */
export function judgeGatewayCoverage(
  region: RegionView,
  ref: ResourceRef,
  subnet: Subnet,
  spec: GatewayServiceSpec,
  context: CoverageContext = {},
): RuleResult {
  const { label: service, article } = spec;
  const label = subnetLabel(subnet);
  const suffix = context.suffix ?? '';
  const extra = context.evidence ?? [];
  const classes = classifySubnet(region, subnet);
  if (!classes) {
    return unknown(
      ref,
      `${label}: no route table governs it in this snapshot (neither an explicit association nor a main table of ${subnet.vpcId}; a shared VPC?).`,
      [
        {
          kind: 'route-table-association',
          summary: `no explicit or main route table visible for ${subnet.id} in ${subnet.vpcId}`,
          resourceId: subnet.id,
        },
      ],
    );
  }
  const table = classes.routeTable.table;
  const association = associationEvidence(subnet, classes.routeTable);
  const egress = egressOf(subnet, classes);
  const egressEvidence = egress.route ? [routeEvidence(table, egress.route)] : [];
  if (egress.class === 'public') {
    // Not applicable: a public subnet reaches the service through its internet gateway; the rule is
    // about private subnets whose traffic would otherwise cross a NAT device or fail.
    return pass(
      ref,
      `${label} is public (${egress.reason} in route table ${table.id}); the ${service} gateway endpoint rule applies to non-public subnets only.`,
      [association, ...egressEvidence],
    );
  }
  const name = serviceName(region, spec.service);
  const endpoints = region.endpointsOfVpc(subnet.vpcId).filter((e) => name.test(e.serviceName));
  const gateways = endpoints.filter((e) => e.type.toLowerCase() === 'gateway');
  const interfaces = endpoints.filter((e) => e.type.toLowerCase() === 'interface');
  const endpointRoutes = table.routes.filter((r) => r.target.kind === 'gateway-endpoint');
  const routeTo = (endpoint: VpcEndpoint): Route | undefined =>
    endpointRoutes.find((r) => r.target.id === endpoint.id);
  const policyOf = (e: VpcEndpoint) => gatewayEndpointPolicy(e, spec.service);
  const where = `${label} (${CLASS_PHRASE[egress.class]}; ${egress.reason}) uses route table ${table.id}${classes.routeTable.via === 'main' ? ` (the main table of ${subnet.vpcId})` : ''}`;

  // An endpoint whose policy lets no request to the service through is no endpoint for it (issue 20 item 3).
  const covering = gateways.find((e) => {
    const r = routeTo(e);
    return isAvailable(e) && r !== undefined && isActiveRoute(r) && policyOf(e).verdict === 'some';
  });
  if (covering) {
    const r = routeTo(covering) as Route;
    const listed = covering.routeTableIds.includes(table.id);
    return pass(
      ref,
      `${where}, which routes ${r.destinationPrefixListId ?? `the ${service} prefix list`} to ${service} gateway endpoint ${covering.id}${suffix}.`,
      [
        association,
        routeEvidence(table, r),
        endpointEvidence(
          covering,
          `${
            listed
              ? ` and lists ${table.id}`
              : ` (its RouteTableIds do not list ${table.id}, but the route is active)`
          }; ${policyOf(covering).reason}`,
        ),
        ...egressEvidence,
        ...extra,
      ],
    );
  }

  const evidence: Evidence[] = [association, ...egressEvidence];
  const reasons: string[] = [];
  const onTable = gateways.filter((e) => e.routeTableIds.includes(table.id) || routeTo(e) !== undefined);
  for (const e of onTable) {
    const r = routeTo(e);
    const policy = policyOf(e);
    if (!isAvailable(e)) reasons.push(`${service} gateway endpoint ${e.id} is ${e.state}, not available`);
    else if (!r)
      reasons.push(`${service} gateway endpoint ${e.id} lists ${table.id} but the table has no route to it`);
    else if (!isActiveRoute(r))
      reasons.push(`its route to ${service} gateway endpoint ${e.id} is ${r.state}`);
    else reasons.push(`${service} gateway endpoint ${e.id} carries no ${service} traffic: ${policy.reason}`);
    evidence.push(endpointEvidence(e, policy.verdict === 'none' ? `; ${policy.reason}` : ''));
    if (r) evidence.push(routeEvidence(table, r));
  }
  if (onTable.length === 0) {
    reasons.push(
      gateways.length > 0
        ? `no ${service} gateway endpoint is associated with it (${gateways.map((e) => `${e.id} serves ${e.routeTableIds.join(', ') || 'no table'}`).join('; ')})`
        : `${subnet.vpcId} has no ${service} gateway endpoint`,
    );
    for (const e of gateways)
      evidence.push(endpointEvidence(e, ` and serves ${e.routeTableIds.join(', ') || 'no route table'}`));
  }
  // A gateway-endpoint route whose endpoint is not one of this service's gateways in this VPC (the
  // other service's, or gone).
  for (const r of endpointRoutes)
    if (!gateways.some((e) => e.id === r.target.id))
      evidence.push(routeEvidence(table, r, `not ${article} ${service} gateway endpoint of this VPC`));
  if (interfaces.length > 0) {
    reasons.push(
      `the ${service} interface endpoint ${interfaces.map((e) => e.id).join(', ')} does not replace a gateway endpoint on the route table`,
    );
    for (const e of interfaces)
      evidence.push(endpointEvidence(e, `, private DNS ${e.privateDnsEnabled ? 'on' : 'off'}`));
  }
  return fail(
    ref,
    `${where}, which is not on an available ${service} gateway endpoint: ${reasons.join('; ')}${suffix}.`,
    [...evidence, ...extra],
  );
}
