// aws-facts §2.2: a subnet is covered by an S3 gateway endpoint iff an available Gateway endpoint
// for com.amazonaws.<region>.s3 of the subnet's own VPC lists the subnet's *effective* route table
// (explicit association, else its VPC's main table, §1.1) — cross-checked with the `pl-` → `vpce-`
// route that the association adds. An S3 interface endpoint does not put S3 on the route table.
// An endpoint whose policy allows no S3 request at all (§2.3) covers nothing.
import {
  defineRegionalRule,
  fail,
  missingDataEvidence,
  pass,
  regionalRef,
  unknown,
} from '../src/engine/define-rule.js';
import type { Evidence, RegionalRuleContext, RuleResult } from '../src/engine/types.js';
import type { Route, Subnet, VpcEndpoint } from '../src/snapshot/types.js';
import type { RegionView } from '../src/snapshot/view.js';
import { associationEvidence, isActiveRoute, routeEvidence } from '../src/analysis/route-tables.js';
import { classifySubnet, type EgressClass } from '../src/analysis/subnet-class.js';
import { s3EndpointPolicy } from '../src/analysis/endpoint-policy.js';

const RESOURCE_TYPE = 'AWS::EC2::Subnet';
const NEEDED = ['routeTables', 'vpcEndpoints'] as const;

const CLASS_PHRASE: Record<EgressClass, string> = {
  public: 'public',
  'private-nat': 'private with NAT egress',
  'private-indeterminate': 'private',
  'egress-only': 'private (IPv6 egress-only)',
  isolated: 'isolated',
};

function s3ServiceName(region: RegionView): RegExp {
  // The same name serves gateway and interface endpoints; branch on the type (aws-facts §2.1).
  return new RegExp(`^(cn\\.)?com\\.amazonaws\\.${region.region.replace(/\./g, '\\.')}\\.s3$`);
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

function subnetLabel(subnet: Subnet): string {
  return subnet.name ? `Subnet ${subnet.id} (${subnet.name})` : `Subnet ${subnet.id}`;
}

function* evaluate({ region }: RegionalRuleContext): Iterable<RuleResult> {
  const missing = region.missing([...NEEDED]);
  const s3Name = s3ServiceName(region);
  for (const subnet of region.data.subnets) {
    const ref = regionalRef(region, RESOURCE_TYPE, subnet);
    const label = subnetLabel(subnet);
    if (missing.length > 0) {
      yield unknown(
        ref,
        `${label}: ${missing.join(' and ')} could not be read, so S3 endpoint coverage is unknown.`,
        missingDataEvidence(region, missing),
      );
      continue;
    }
    const classes = classifySubnet(region, subnet);
    if (!classes) {
      yield unknown(
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
      continue;
    }
    const table = classes.routeTable.table;
    const association = associationEvidence(subnet, classes.routeTable);
    // IPv6-only subnets are judged on IPv6 routing; all others on IPv4, the family the S3 prefix-list route serves.
    const egress =
      subnet.cidrBlock === undefined && subnet.ipv6CidrBlocks.length > 0 ? classes.ipv6 : classes.ipv4;
    const egressEvidence = egress.route ? [routeEvidence(table, egress.route)] : [];
    if (egress.class === 'public') {
      // Not applicable: a public subnet reaches S3 through its internet gateway; the rule is about
      // private subnets whose S3 traffic would otherwise cross a NAT device or fail.
      yield pass(
        ref,
        `${label} is public (${egress.reason} in route table ${table.id}); the S3 gateway endpoint rule applies to non-public subnets only.`,
        [association, ...egressEvidence],
      );
      continue;
    }
    const s3Endpoints = region.endpointsOfVpc(subnet.vpcId).filter((e) => s3Name.test(e.serviceName));
    const gateways = s3Endpoints.filter((e) => e.type.toLowerCase() === 'gateway');
    const interfaces = s3Endpoints.filter((e) => e.type.toLowerCase() === 'interface');
    const endpointRoutes = table.routes.filter((r) => r.target.kind === 'gateway-endpoint');
    const routeTo = (endpoint: VpcEndpoint): Route | undefined =>
      endpointRoutes.find((r) => r.target.id === endpoint.id);
    const context = `${label} (${CLASS_PHRASE[egress.class]}; ${egress.reason}) uses route table ${table.id}${classes.routeTable.via === 'main' ? ` (the main table of ${subnet.vpcId})` : ''}`;

    // An endpoint whose policy lets no S3 request through is no S3 endpoint (issue 20 item 3).
    const covering = gateways.find((e) => {
      const r = routeTo(e);
      return isAvailable(e) && r !== undefined && isActiveRoute(r) && s3EndpointPolicy(e).verdict === 'some';
    });
    if (covering) {
      const r = routeTo(covering) as Route;
      const listed = covering.routeTableIds.includes(table.id);
      yield pass(
        ref,
        `${context}, which routes ${r.destinationPrefixListId ?? 'the S3 prefix list'} to S3 gateway endpoint ${covering.id}.`,
        [
          association,
          routeEvidence(table, r),
          endpointEvidence(
            covering,
            `${
              listed
                ? ` and lists ${table.id}`
                : ` (its RouteTableIds do not list ${table.id}, but the route is active)`
            }; ${s3EndpointPolicy(covering).reason}`,
          ),
          ...egressEvidence,
        ],
      );
      continue;
    }

    const evidence: Evidence[] = [association, ...egressEvidence];
    const reasons: string[] = [];
    const onTable = gateways.filter((e) => e.routeTableIds.includes(table.id) || routeTo(e) !== undefined);
    for (const e of onTable) {
      const r = routeTo(e);
      const policy = s3EndpointPolicy(e);
      if (!isAvailable(e)) reasons.push(`S3 gateway endpoint ${e.id} is ${e.state}, not available`);
      else if (!r)
        reasons.push(`S3 gateway endpoint ${e.id} lists ${table.id} but the table has no route to it`);
      else if (!isActiveRoute(r)) reasons.push(`its route to S3 gateway endpoint ${e.id} is ${r.state}`);
      else reasons.push(`S3 gateway endpoint ${e.id} carries no S3 traffic: ${policy.reason}`);
      evidence.push(endpointEvidence(e, policy.verdict === 'none' ? `; ${policy.reason}` : ''));
      if (r) evidence.push(routeEvidence(table, r));
    }
    if (onTable.length === 0) {
      reasons.push(
        gateways.length > 0
          ? `no S3 gateway endpoint is associated with it (${gateways.map((e) => `${e.id} serves ${e.routeTableIds.join(', ') || 'no table'}`).join('; ')})`
          : `${subnet.vpcId} has no S3 gateway endpoint`,
      );
      for (const e of gateways)
        evidence.push(endpointEvidence(e, ` and serves ${e.routeTableIds.join(', ') || 'no route table'}`));
    }
    // A gateway-endpoint route whose endpoint is not an S3 gateway of this VPC (e.g. DynamoDB, or gone).
    for (const r of endpointRoutes)
      if (!gateways.some((e) => e.id === r.target.id))
        evidence.push(routeEvidence(table, r, 'not an S3 gateway endpoint of this VPC'));
    if (interfaces.length > 0) {
      reasons.push(
        `the S3 interface endpoint ${interfaces.map((e) => e.id).join(', ')} does not replace a gateway endpoint on the route table`,
      );
      for (const e of interfaces)
        evidence.push(endpointEvidence(e, `, private DNS ${e.privateDnsEnabled ? 'on' : 'off'}`));
    }
    yield fail(
      ref,
      `${context}, which is not on an available S3 gateway endpoint: ${reasons.join('; ')}.`,
      evidence,
    );
  }
}

export default defineRegionalRule({
  meta: {
    id: 'vpc-private-subnet-s3-gateway-endpoint',
    title: 'Private subnets reach S3 through a gateway endpoint on their route table',
    severity: 'medium',
    service: 'vpc',
    resourceType: RESOURCE_TYPE,
    description:
      "Fails when a non-public subnet's effective route table (its explicit association, else its own VPC's main table) is not associated with an available S3 gateway endpoint of that VPC, cross-checked with the prefix-list route the association adds, and whose endpoint policy lets some S3 request through. An S3 interface endpoint alone still fails, and the message says so. Public subnets pass as not applicable.",
    risk: 'Without the gateway endpoint, S3 traffic from private subnets crosses a NAT device (paid per GB, and on the internet path) or fails outright in isolated subnets; endpoint policies and aws:SourceVpce bucket conditions cannot apply to it. SSM Agent updates and patching read AWS-owned S3 buckets.',
    remediation:
      'Create a Gateway endpoint for com.amazonaws.<region>.s3 in the VPC (free of charge) and associate it with the route table of every private subnet, including the main table when subnets use it implicitly: aws ec2 modify-vpc-endpoint --vpc-endpoint-id vpce-… --add-route-table-ids rtb-….',
    references: {
      awsConfig: ['vpc-endpoint-enabled', 'service-vpc-endpoint-enabled'],
      links: [
        'https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html',
        'https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-s3.html',
      ],
    },
    scope: 'regional',
    resourceKind: 'subnets',
    requires: ['subnets', 'routeTables', 'vpcEndpoints', 'natGateways', 'networkInterfaces'],
    precision: 'very-high',
  },
  evaluate,
});
