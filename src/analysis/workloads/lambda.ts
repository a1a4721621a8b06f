// A Lambda function as the path engine sees it (design.md "Workloads and paths"): where it sits
// and what it needs to reach. A function attached to a VPC has a Hyperplane ENI in each of its
// subnets and may run in any of them, so each subnet is a placement of its own; those ENIs never
// get a public IPv4 address, so an internet-gateway route does not help it (aws-facts §10.1).
import type { LambdaFunction } from '../../snapshot/types.js';
import type { AccountView } from '../../snapshot/view.js';
import { LINUX_EPHEMERAL_PORTS, type Placement } from '../path/index.js';
import { LAMBDA_PLATFORM_ACTIONS, roleArnServiceNeeds, type ServiceNeeds } from '../service-needs.js';

/** Why a function's ENI has no public IP, in the words of the Lambda Developer Guide (aws-facts §10.1). */
export const LAMBDA_PUBLIC_IP_NOTE =
  "Lambda's ENIs never get a public IP, even in a public subnet: only a NAT gateway or VPC endpoints give a function a way out";

/** How messages name a function. */
export function lambdaLabel(fn: LambdaFunction): string {
  return `function ${fn.name}`;
}

/** One placement per subnet of a function attached to a VPC; none for a function outside a VPC. */
export function lambdaPlacements(fn: LambdaFunction): Placement[] {
  const config = fn.vpcConfig;
  if (!config) return [];
  const groups = [...new Set(config.securityGroupIds)];
  return [...new Set(config.subnetIds)].map((subnetId) => ({
    workloadId: fn.arn,
    label: lambdaLabel(fn),
    subnetId,
    securityGroupIds: groups,
    publicIpv4: 'never',
    publicIpv4Note: LAMBDA_PUBLIC_IP_NOTE,
    // Lambda runs on Amazon Linux: the Linux ephemeral range for replies (aws-facts §3.6).
    ephemeralPorts: LINUX_EPHEMERAL_PORTS,
    resourceArn: fn.arn,
  }));
}

/**
 * What the function's own code calls: its execution role's services, minus what the Lambda
 * service does for it outside the VPC (logs, ENI management, X-Ray: LAMBDA_PLATFORM_ACTIONS,
 * aws-facts §10.1). Undecided when the role or a policy document is not in the snapshot.
 */
export function lambdaServiceNeeds(account: AccountView, fn: LambdaFunction): ServiceNeeds {
  if (fn.roleArn === undefined)
    return {
      verdict: 'undecided',
      needs: [],
      withoutEndpoint: [],
      missing: [`${lambdaLabel(fn)} has no execution role in the snapshot`],
      missingKinds: [],
    };
  return roleArnServiceNeeds(account, fn.roleArn, { platformActions: LAMBDA_PLATFORM_ACTIONS });
}
