// Which regional VPC endpoint services an IAM service prefix's calls go to. Data, not logic: one
// row per IAM prefix, the endpoint service names (`com.amazonaws.<region>.<name>`) its SDK calls
// resolve to. `ecr` pulls need the registry API, the Docker registry and S3, where ECR keeps the
// layers (aws-facts §10.2). Services with no regional VPC endpoint (global control planes such as
// `iam`, `organizations`, `route53`, `cloudfront`, `support`) have no row: no private path exists
// for them, so they are not a need the path engine can judge.
export const IAM_PREFIX_ENDPOINTS: Readonly<Record<string, readonly string[]>> = {
  athena: ['athena'],
  autoscaling: ['autoscaling'],
  cloudwatch: ['monitoring'],
  dynamodb: ['dynamodb'],
  ec2: ['ec2'],
  ec2messages: ['ec2messages'],
  ecr: ['ecr.api', 'ecr.dkr', 's3'],
  ecs: ['ecs'],
  elasticfilesystem: ['elasticfilesystem'],
  elasticloadbalancing: ['elasticloadbalancing'],
  events: ['events'],
  'execute-api': ['execute-api'],
  firehose: ['kinesis-firehose'],
  glue: ['glue'],
  kinesis: ['kinesis-streams'],
  kms: ['kms'],
  lambda: ['lambda'],
  logs: ['logs'],
  s3: ['s3'],
  secretsmanager: ['secretsmanager'],
  sns: ['sns'],
  sqs: ['sqs'],
  ssm: ['ssm'],
  ssmmessages: ['ssmmessages'],
  states: ['states'],
  sts: ['sts'],
  xray: ['xray'],
};

/** Endpoint services that also have gateway endpoints, reached through a prefix-list route (aws-facts §2.2, §2.5). */
export const GATEWAY_ENDPOINT_SERVICES: ReadonlySet<string> = new Set(['s3', 'dynamodb']);

const iamPrefixOf = new Map<string, string>();
for (const [prefix, services] of Object.entries(IAM_PREFIX_ENDPOINTS))
  for (const service of services) {
    // A service's own prefix wins over a prefix that also needs it (`s3` is `s3`'s, not `ecr`'s).
    const own = prefix === service.split('.')[0];
    if (!iamPrefixOf.has(service) || own) iamPrefixOf.set(service, prefix);
  }

/** The IAM action prefix of calls sent to an endpoint service (`monitoring` → `cloudwatch`). */
export function iamPrefixForEndpoint(service: string): string {
  return iamPrefixOf.get(service) ?? service.split('.')[0] ?? service;
}
