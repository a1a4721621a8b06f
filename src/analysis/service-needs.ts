// What a workload needs to reach (design.md "Workloads and paths", its *intent*): the AWS services
// whose actions its role's identity policies explicitly allow by service prefix, mapped to the
// regional endpoint services those calls go to (service-endpoints.ts), minus the calls the
// platform makes for the workload outside its network (a caller-supplied list: for Lambda,
// LAMBDA_PLATFORM_ACTIONS). `*` and NotAction grants name no service and are not a need; Deny
// statements do not remove one (a need that is denied is the role's problem, not the path's).
// A policy whose document is not known makes the answer undecided, naming what is missing.
import type { GlobalKind, IamRole } from '../snapshot/types.js';
import type { AccountView } from '../snapshot/view.js';
import { getOrCreate } from '../util/memo.js';
import { iamPatternMatches } from './iam-policy.js';
import { rolePolicies } from './role-policies.js';
import { IAM_PREFIX_ENDPOINTS } from './service-endpoints.js';

/**
 * What the Lambda service does for a function outside its VPC (aws-facts §10.1): writes its logs,
 * manages its Hyperplane ENIs (the AWSLambdaVPCAccessExecutionRole actions; v3 of that policy,
 * edited 2024-01-05, adds ec2:DescribeSubnets — AWS managed policy reference page) and, through
 * the execution environment's daemon, sends X-Ray segments. None needs a path from the subnets.
 */
export const LAMBDA_PLATFORM_ACTIONS: readonly string[] = [
  'logs:*',
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
  'xray:*',
];

/**
 * The actions well-known AWS managed policies allow, by name. The snapshot holds customer-managed
 * documents only; an AWS managed policy outside this table leaves the answer undecided. Where a
 * policy's exact actions matter for platform exclusions (the Lambda and ECS execution policies)
 * they are listed; elsewhere `<prefix>:*` stands for the policy's service prefixes.
 */
export const AWS_MANAGED_POLICY_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  AmazonS3ReadOnlyAccess: ['s3:*', 's3-object-lambda:*'],
  AmazonS3FullAccess: ['s3:*', 's3-object-lambda:*'],
  AmazonSQSFullAccess: ['sqs:*'],
  AmazonSQSReadOnlyAccess: ['sqs:*'],
  AmazonSNSFullAccess: ['sns:*'],
  AmazonSSMManagedInstanceCore: ['ssm:*', 'ec2messages:*', 'ssmmessages:*'],
  AmazonEC2ContainerRegistryReadOnly: ['ecr:*'],
  AmazonECSTaskExecutionRolePolicy: [
    'ecr:GetAuthorizationToken',
    'ecr:BatchCheckLayerAvailability',
    'ecr:GetDownloadUrlForLayer',
    'ecr:BatchGetImage',
    'logs:CreateLogStream',
    'logs:PutLogEvents',
  ],
  AWSLambdaBasicExecutionRole: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
  AWSLambdaVPCAccessExecutionRole: [
    'logs:CreateLogGroup',
    'logs:CreateLogStream',
    'logs:PutLogEvents',
    'ec2:CreateNetworkInterface',
    'ec2:DescribeNetworkInterfaces',
    'ec2:DescribeSubnets',
    'ec2:DeleteNetworkInterface',
    'ec2:AssignPrivateIpAddresses',
    'ec2:UnassignPrivateIpAddresses',
  ],
  CloudWatchAgentServerPolicy: ['cloudwatch:*', 'ec2:*', 'logs:*', 'ssm:*'],
};

export interface ServiceNeed {
  /** Endpoint service name (`monitoring`, `ecr.api`, `s3`). */
  service: string;
  /** The IAM prefixes and the policies granting them that make it a need. */
  because: { prefix: string; policy: string }[];
}

export interface ServiceNeeds {
  /** `undecided` when a policy document (or the role, or IAM itself) is not in the snapshot. */
  verdict: 'decided' | 'undecided';
  needs: ServiceNeed[];
  /** Prefixes granted that have no regional VPC endpoint (e.g. `iam`): no private path to judge. */
  withoutEndpoint: string[];
  /** What is missing, for messages: "the document of policy X (arn) is not in the snapshot". */
  missing: string[];
  /** Snapshot kinds whose absence made it undecided. */
  missingKinds: GlobalKind[];
}

export interface ServiceNeedsOptions {
  /** Action patterns the platform performs outside the workload's network, left out. */
  platformActions?: readonly string[];
}

const AWS_MANAGED_ARN = /^arn:[^:]+:iam::aws:policy\//;

/** `s3:GetObject` → `s3`; undefined for `*`, `s3*` or a wildcard in the prefix (no explicit service). */
function explicitPrefix(action: string): string | undefined {
  const colon = action.indexOf(':');
  if (colon <= 0) return undefined;
  const prefix = action.slice(0, colon).toLowerCase();
  return /^[a-z0-9-]+$/.test(prefix) ? prefix : undefined;
}

function isPlatform(action: string, platform: readonly string[]): boolean {
  return platform.some((pattern) => iamPatternMatches(pattern, action, true));
}

/** The services `role`'s identity policies make it need, per the module comment. */
export function roleServiceNeeds(
  account: AccountView,
  role: IamRole,
  options: ServiceNeedsOptions = {},
): ServiceNeeds {
  const platform = options.platformActions ?? [];
  const granted = new Map<string, Set<string>>(); // prefix → policies
  const grant = (prefix: string, policy: string): void => {
    const set = granted.get(prefix) ?? new Set<string>();
    set.add(policy);
    granted.set(prefix, set);
  };
  const missing: string[] = [];
  const { known, unknown } = rolePolicies(account, role);
  for (const source of known) {
    // roles.ts keeps SSM-only excerpts of some AWS managed policies: not a full document here.
    const full = source.kind !== 'aws-managed' || account.managedPolicy(source.id)?.document !== undefined;
    if (!full) {
      unknown.push(source);
      continue;
    }
    for (const statement of source.document?.statements ?? []) {
      if (statement.effect !== 'Allow') continue;
      for (const action of statement.action ?? []) {
        const prefix = explicitPrefix(action);
        if (prefix && !isPlatform(action, platform)) grant(prefix, source.name);
      }
    }
  }
  for (const source of unknown) {
    const actions = AWS_MANAGED_ARN.test(source.id) ? AWS_MANAGED_POLICY_ACTIONS[source.name] : undefined;
    if (!actions) {
      missing.push(`the document of policy ${source.name} (${source.id}) is not in the snapshot`);
      continue;
    }
    for (const action of actions) {
      const prefix = explicitPrefix(action);
      if (prefix && !isPlatform(action, platform)) grant(prefix, source.name);
    }
  }
  const byService = new Map<string, ServiceNeed>();
  const withoutEndpoint: string[] = [];
  for (const [prefix, policies] of [...granted].sort(([a], [b]) => a.localeCompare(b))) {
    const services = IAM_PREFIX_ENDPOINTS[prefix];
    if (!services) {
      withoutEndpoint.push(prefix);
      continue;
    }
    for (const service of services) {
      const need = byService.get(service) ?? { service, because: [] };
      for (const policy of policies) need.because.push({ prefix, policy });
      byService.set(service, need);
    }
  }
  const needs = [...byService.values()].sort((a, b) => a.service.localeCompare(b.service));
  const customerDocsMissing =
    unknown.some((s) => s.kind === 'customer-managed') && !account.isCollected('iamPolicies');
  return {
    verdict: missing.length > 0 ? 'undecided' : 'decided',
    needs,
    withoutEndpoint,
    missing,
    missingKinds: customerDocsMissing ? ['iamPolicies'] : [],
  };
}

/** `roleServiceNeeds` for a role named by ARN (a Lambda function's or an ECS task's role). */
export function roleArnServiceNeeds(
  account: AccountView,
  roleArn: string,
  options: ServiceNeedsOptions = {},
): ServiceNeeds {
  const undecided = (why: string, kinds: GlobalKind[]): ServiceNeeds => ({
    verdict: 'undecided',
    needs: [],
    withoutEndpoint: [],
    missing: [why],
    missingKinds: kinds,
  });
  if (!account.isCollected('iamRoles')) return undecided('IAM roles were not collected', ['iamRoles']);
  const name = roleArn.slice(roleArn.lastIndexOf('/') + 1);
  const role = account.role(name);
  if (!role) return undecided(`role ${roleArn} is not in the snapshot`, []);
  // Many functions and task definitions share a role: one answer per role, platform and evaluation.
  const byPlatform = getOrCreate(
    getOrCreate(needsByRole, account, () => new WeakMap()),
    role,
    () => new Map(),
  );
  return getOrCreate(byPlatform, options.platformActions, () => roleServiceNeeds(account, role, options));
}

/** account → role → platform actions left out → the role's needs (callers only read them). */
const needsByRole = new WeakMap<
  AccountView,
  WeakMap<IamRole, Map<readonly string[] | undefined, ServiceNeeds>>
>();
