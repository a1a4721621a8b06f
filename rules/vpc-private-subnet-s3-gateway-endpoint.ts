// aws-facts §2.2: a subnet is covered by an S3 gateway endpoint iff an available Gateway endpoint
// for com.amazonaws.<region>.s3 of the subnet's own VPC lists the subnet's *effective* route table
// (explicit association, else its VPC's main table, §1.1) — cross-checked with the `pl-` → `vpce-`
// route that the association adds. An S3 interface endpoint does not put S3 on the route table.
// An endpoint whose policy allows no S3 request at all (§2.3) covers nothing. The judgement is shared
// with the DynamoDB twin: rules/support/gateway-endpoint-subnet.ts.
import { defineRegionalRule, regionalRef } from '../src/engine/define-rule.js';
import type { RegionalRuleContext, RuleResult } from '../src/engine/types.js';
import {
  coverageDataMissing,
  GATEWAY_COVERAGE_KINDS,
  judgeGatewayCoverage,
  SUBNET_RESOURCE_TYPE,
  type GatewayServiceSpec,
} from './support/gateway-endpoint-subnet.js';

const RESOURCE_TYPE = SUBNET_RESOURCE_TYPE;
const S3: GatewayServiceSpec = { service: 's3', label: 'S3', article: 'an' };

function* evaluate({ region }: RegionalRuleContext): Iterable<RuleResult> {
  const missing = region.missing([...GATEWAY_COVERAGE_KINDS]);
  for (const subnet of region.data.subnets) {
    const ref = regionalRef(region, RESOURCE_TYPE, subnet);
    yield missing.length > 0
      ? coverageDataMissing(region, ref, subnet, S3, missing)
      : judgeGatewayCoverage(region, ref, subnet, S3);
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
