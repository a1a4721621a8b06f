// aws-facts §10.2: an awsvpc ECS task has its own ENI in one of the service's subnets (any of
// them), with a public IP only when `assignPublicIp` is ENABLED on Fargate; on Fargate 1.4.0 and
// later that ENI carries the image pull (ecr.api, ecr.dkr, and S3 for the layers), the awslogs
// driver's logs and the secrets (Secrets Manager, SSM Parameter Store), and always the task role's
// own calls. Each must have a path from every subnet.
import { defineRegionalRule, missingDataEvidence, regionalRef, unknown } from '../src/engine/define-rule.js';
import type { RegionalRuleContext, RuleResult } from '../src/engine/types.js';
import {
  ecsLabel,
  ecsPlacements,
  ecsPlatformPath,
  ecsServiceNeeds,
} from '../src/analysis/workloads/index.js';
import { judgeWorkload, WORKLOAD_PATH_REQUIRES } from './support/workload-reach.js';

const RESOURCE_TYPE = 'AWS::ECS::Service';

function* evaluate({ region, account }: RegionalRuleContext): Iterable<RuleResult> {
  for (const service of region.data.ecsServices) {
    // A deleted service keeps being listed as INACTIVE for a while: nothing runs.
    if (service.status === 'INACTIVE') continue;
    // Bridge or host mode (EC2): tasks share the container instance's network, which is the
    // instance's path (ec2-instance-aws-service-reachable); the service has no placement of its own.
    const placements = ecsPlacements(service);
    if (placements.length === 0) continue;
    const ref = regionalRef(region, RESOURCE_TYPE, service);
    const label = ecsLabel(service);
    if (!region.isCollected('ecsTaskDefinitions')) {
      yield unknown(
        ref,
        `${label}: task definitions could not be read, so what its tasks pull, log and read is not known.`,
        missingDataEvidence(region, ['ecsTaskDefinitions']),
      );
      continue;
    }
    const definition = region.taskDefinitionOf(service);
    if (!definition) {
      yield unknown(
        ref,
        `${label}: its task definition ${service.taskDefinitionArn ?? '(none named)'} is not in the snapshot, so what its tasks pull, log and read is not known.`,
        [
          {
            kind: 'not-collected',
            summary: `task definition ${service.taskDefinitionArn ?? '(none)'} of ${label} not found`,
          },
        ],
      );
      continue;
    }
    const platform = ecsPlatformPath(service);
    const onTaskEni = platform.through === 'task-eni';
    const needs = ecsServiceNeeds(account, region.region, definition, onTaskEni);
    const undecided = [
      ...needs.missing,
      // aws-facts §10.2: pulls go over the task ENI only from Fargate 1.4.0 on.
      ...(onTaskEni ? [] : [`image pulls, logs and secrets are not judged: ${platform.note}`]),
      ...needs.outside.map(
        (what) => `${what} comes from outside this region's VPC endpoints (its internet path is not judged)`,
      ),
    ];
    yield judgeWorkload(region, {
      ref,
      label,
      placements,
      needs: needs.needs,
      undecided,
      missingKinds: needs.missingKinds,
      ...(onTaskEni ? { note: platform.note } : {}),
    });
  }
}

export default defineRegionalRule({
  meta: {
    id: 'ecs-service-private-image-pull',
    title:
      'Every awsvpc ECS service can pull its images, ship its logs and read its secrets from each of its subnets',
    severity: 'medium',
    service: 'ecs',
    resourceType: RESOURCE_TYPE,
    description:
      "Fails for an awsvpc ECS service when, from any one of its subnets, its tasks have no working path on tcp 443 to what they need: for an ECR image ecr.api, ecr.dkr and S3 (image layers); for the awslogs driver CloudWatch Logs; for secrets Secrets Manager or SSM Parameter Store; and the services its task role uses. Ways: interface endpoints (private DNS, security groups and network ACLs both ways, endpoint policy), gateway endpoints for S3 and DynamoDB, a NAT gateway, or an internet gateway when the task gets a public IP (assignPublicIp ENABLED, Fargate only). Judged for Fargate platform 1.4.0 and later, where the task ENI carries pulls, logs and secrets; on the EC2 launch type and older Fargate only the task role's calls are judged and the result is never a pass. Bridge and host mode services get no finding.",
    risk: 'A task that cannot pull its image never starts (CannotPullContainerError, ResourceInitializationError): the service stays below its desired count, deployments hang and a scale-out in an incident does nothing. A task that cannot ship its logs or read its secrets fails the same way.',
    remediation:
      "From every subnet of the service: a NAT gateway route, or interface endpoints with private DNS for ecr.api, ecr.dkr, logs and secretsmanager / ssm as used, plus the S3 gateway endpoint on the subnet's route table (ECR layers live in S3). The endpoint security group must admit tcp 443 from the task's security groups. In a public subnet, assignPublicIp ENABLED also works on Fargate.",
    references: {
      links: [
        'https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html',
        'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-networking.html',
        'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/platform-version-migration.html',
      ],
    },
    scope: 'regional',
    resourceKind: 'ecsServices',
    requires: ['ecsServices', 'ecsTaskDefinitions', ...WORKLOAD_PATH_REQUIRES, 'iamRoles', 'iamPolicies'],
    precision: 'high',
  },
  evaluate,
});
