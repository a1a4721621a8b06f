// aws-facts §10.1: a function attached to a VPC has a Hyperplane ENI in each of its subnets and may
// run in any of them, never with a public IP; the calls its own code makes (its execution role's
// services, less what the Lambda service does for it outside the VPC: logs, ENI management, X-Ray)
// need a NAT gateway or VPC endpoints from every one of those subnets.
import { defineRegionalRule, regionalRef } from '../src/engine/define-rule.js';
import type { RegionalRuleContext, RuleResult } from '../src/engine/types.js';
import type { LambdaFunction } from '../src/snapshot/types.js';
import { lambdaPlacements, lambdaServiceNeeds } from '../src/analysis/workloads/index.js';
import type { ServiceNeeds } from '../src/analysis/service-needs.js';
import { judgeWorkload, WORKLOAD_PATH_REQUIRES, type WorkloadCase } from './support/workload-reach.js';

const RESOURCE_TYPE = 'AWS::Lambda::Function';

function label(fn: LambdaFunction): string {
  return `Function ${fn.name}`;
}

type WorkloadNeeds = WorkloadCase['needs'];

/**
 * A role's needs in the words of this rule, once per needs object (one per role and evaluation,
 * service-needs.ts), so that the functions sharing a role share the list and its evidence.
 */
const needsInWords = new WeakMap<ServiceNeeds['needs'], WorkloadNeeds>();

function wordedNeeds(needs: ServiceNeeds['needs']): WorkloadNeeds {
  let worded = needsInWords.get(needs);
  if (worded === undefined) {
    worded = needs.map((n) => ({
      service: n.service,
      because: [...new Set(n.because.map((b) => `role ${b.policy} allows ${b.prefix}`))],
    }));
    needsInWords.set(needs, worded);
  }
  return worded;
}

function* evaluate({ region, account }: RegionalRuleContext): Iterable<RuleResult> {
  for (const fn of region.data.lambdaFunctions) {
    // Not attached to a VPC: Lambda's own network reaches every public AWS endpoint; nothing here
    // to judge, so no finding (a pass would count functions whose network nobody can misconfigure).
    const placements = lambdaPlacements(fn);
    if (placements.length === 0) continue;
    const needs = lambdaServiceNeeds(account, fn);
    // Global control planes (iam, route53, …) have no VPC endpoint: said, not judged.
    const global = needs.withoutEndpoint;
    const note =
      global.length > 0
        ? `not judged: ${global.join(', ')}, which ${global.length > 1 ? 'have' : 'has'} no regional VPC endpoint`
        : undefined;
    yield judgeWorkload(region, {
      ref: regionalRef(region, RESOURCE_TYPE, fn),
      label: label(fn),
      placements,
      needs: wordedNeeds(needs.needs),
      undecided: needs.missing,
      missingKinds: needs.missingKinds,
      ...(note === undefined ? {} : { note }),
    });
  }
}

export default defineRegionalRule({
  meta: {
    id: 'lambda-function-vpc-service-reachable',
    title:
      'Every Lambda function attached to a VPC reaches the AWS services its role uses from each of its subnets',
    severity: 'medium',
    service: 'lambda',
    resourceType: RESOURCE_TYPE,
    description:
      "Fails for a function attached to a VPC when, from any one of its subnets, a service its execution role's identity policies allow by service prefix (DynamoDB, SQS, S3, Secrets Manager, …) has no working path on tcp 443: no usable interface endpoint (private DNS, security groups and network ACLs both ways, endpoint policy), no routed gateway endpoint for S3 or DynamoDB, and no NAT gateway. A function never has a public IP, so an internet-gateway route does not help it. What the Lambda service does for the function outside its VPC (CloudWatch Logs, ENI management, X-Ray) is not a need. Functions not attached to a VPC get no finding.",
    risk: 'A function that cannot reach a service it calls hangs until its timeout: every invocation fails (or is retried and billed) and event sources back up. It usually shows only after a deploy moves the function into a VPC or a subnet loses its NAT route.',
    remediation:
      "From every subnet of the function: add a NAT gateway route, or VPC endpoints for the services it calls (a gateway endpoint for S3 and DynamoDB on the subnet's route table; interface endpoints with private DNS for the others), with the endpoint security group admitting tcp 443 from the function's security groups and those groups allowing 443 out.",
    references: {
      links: [
        'https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-internet.html',
        'https://docs.aws.amazon.com/lambda/latest/dg/configuration-vpc-endpoints.html',
      ],
    },
    scope: 'regional',
    resourceKind: 'lambdaFunctions',
    requires: ['lambdaFunctions', ...WORKLOAD_PATH_REQUIRES, 'iamRoles', 'iamPolicies'],
    precision: 'high',
  },
  evaluate,
});
