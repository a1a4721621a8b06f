// An ECS service as the path engine sees it (design.md "Workloads and paths"): where its tasks sit
// and what they need to reach. In `awsvpc` mode each task gets its own ENI in one of the service's
// subnets, so each subnet is a placement; the ENI has a public IPv4 address only with
// `assignPublicIp: ENABLED`, which only Fargate accepts (aws-facts §10.2; EventBridge
// AwsVpcConfiguration API reference: "You can specify ENABLED only when LaunchType … is FARGATE").
//
// Which network carries the platform's own traffic (image pulls, log shipping, secrets):
// - Fargate platform 1.4.0 and later (and LATEST, which is 1.4.0 on Linux): the task ENI carries
//   all of it (aws-facts §10.2), so it is judged from the task's subnets;
// - Fargate before 1.4.0: a second, Fargate-owned ENI did, which the snapshot cannot see;
// - EC2 launch type (and capacity providers that are not Fargate): the container agent on the
//   instance pulls and ships logs through the instance's own ENI, not the task's.
// In the last two cases only the task role's calls are judged from the task's subnets.
import type { EcsService, EcsTaskDefinition } from '../../snapshot/types.js';
import type { AccountView } from '../../snapshot/view.js';
import { LINUX_EPHEMERAL_PORTS, type Placement } from '../path/index.js';
import { roleArnServiceNeeds } from '../service-needs.js';

/** How messages name a service: `ECS service prod/api` (cluster/name). */
export function ecsLabel(service: EcsService): string {
  const cluster = service.clusterArn.slice(service.clusterArn.lastIndexOf('/') + 1);
  return `ECS service ${cluster}/${service.name}`;
}

/** Whether the service's tasks run on Fargate: its launch type, or a FARGATE* capacity provider. */
export function runsOnFargate(service: EcsService): boolean {
  if (service.launchType !== undefined) return service.launchType === 'FARGATE';
  return (
    service.capacityProviders.length > 0 && service.capacityProviders.every((p) => p.startsWith('FARGATE'))
  );
}

/** 1.4.0 → [1, 4, 0]; undefined for anything that is not a dotted version. */
function versionParts(version: string): number[] | undefined {
  return /^\d+(\.\d+)*$/.test(version) ? version.split('.').map(Number) : undefined;
}

function atLeast(version: number[], floor: number[]): boolean {
  for (let i = 0; i < floor.length; i++) {
    const a = version[i] ?? 0;
    const b = floor[i] ?? 0;
    if (a !== b) return a > b;
  }
  return true;
}

export type EcsPlatformPath =
  /** The task ENI carries image pulls, logs and secrets: they are judged from the task's subnets. */
  | { through: 'task-eni'; note: string }
  /** Something else carries them (a Fargate-owned ENI, the container instance): not judged here. */
  | { through: 'elsewhere'; note: string };

/** Which network carries the service's image pulls, logs and secrets (module comment). */
export function ecsPlatformPath(service: EcsService): EcsPlatformPath {
  if (!runsOnFargate(service))
    return {
      through: 'elsewhere',
      note: `on the ${service.launchType ?? 'EC2'} launch type the container agent pulls images, ships logs and reads secrets through the container instance's network, not the task's`,
    };
  const set = service.platformVersion ?? 'LATEST';
  // LATEST is 1.4.0 for Linux tasks (aws-facts §10.2); Windows Fargate (1.0.0) is not modelled.
  const parts = set === 'LATEST' ? [1, 4, 0] : versionParts(set);
  if (parts && atLeast(parts, [1, 4, 0]))
    return {
      through: 'task-eni',
      note: `Fargate platform ${set} pulls images, ships logs and reads secrets through the task ENI`,
    };
  return {
    through: 'elsewhere',
    note: `Fargate platform ${set} pulls images, ships logs and reads secrets through a Fargate-owned ENI the snapshot does not show (1.4.0 moved them onto the task ENI)`,
  };
}

const ASSIGN_PUBLIC_IP_NOTE = 'assignPublicIp is DISABLED';
const EC2_NO_PUBLIC_IP_NOTE = 'task ENIs of the EC2 launch type never get a public IP';

/**
 * One placement per subnet of an `awsvpc` service (its tasks' ENIs, "any address of the subnet");
 * none for a service without an awsvpc configuration (bridge or host mode: the instance's network).
 */
export function ecsPlacements(service: EcsService): Placement[] {
  const config = service.awsvpc;
  if (!config) return [];
  const fargate = runsOnFargate(service);
  const enabled = config.assignPublicIp === 'ENABLED';
  const groups = [...new Set(config.securityGroupIds)];
  return [...new Set(config.subnetIds)].map((subnetId) => {
    const placement: Placement = {
      workloadId: service.arn,
      label: ecsLabel(service),
      subnetId,
      securityGroupIds: groups,
      publicIpv4: !fargate ? 'never' : enabled,
      // Fargate and the ECS-optimized AMIs are Linux: its ephemeral range (aws-facts §3.6).
      ephemeralPorts: LINUX_EPHEMERAL_PORTS,
      resourceArn: service.arn,
    };
    if (!fargate) placement.publicIpv4Note = EC2_NO_PUBLIC_IP_NOTE;
    else if (!enabled) placement.publicIpv4Note = ASSIGN_PUBLIC_IP_NOTE;
    return placement;
  });
}

/** One endpoint service a task needs and why (`image 1234….dkr.ecr…/api:1`, `awslogs log driver`). */
export interface EcsNeed {
  service: string;
  because: string[];
}

export interface EcsServiceNeeds {
  verdict: 'decided' | 'undecided';
  needs: EcsNeed[];
  /**
   * What the tasks fetch from outside this region's VPC endpoints (an image from another registry
   * or region, a secret in another region): their path is the internet, not modelled here.
   */
  outside: string[];
  /** Why undecided (the task role or a policy document is not in the snapshot). */
  missing: string[];
  missingKinds: ReturnType<typeof roleArnServiceNeeds>['missingKinds'];
}

// `<account>.dkr.ecr[-fips].<region>.amazonaws.com[.cn]/<repo>` (aws-facts §10.2).
const ECR_IMAGE = /^\d{12}\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\//;
// `arn:<partition>:<service>:<region>:…`
const ARN = /^arn:[^:]+:([^:]+):([^:]*):/;

/**
 * What the platform needs for the task definition in `region` (aws-facts §10.2): an ECR image
 * needs `ecr.api`, `ecr.dkr` and `s3` (layers); an `awslogs` log driver needs `logs`; a secret
 * from Secrets Manager `secretsmanager`, from Parameter Store (an ARN, or a bare name, which ECS
 * takes as a parameter of the task's region) `ssm`.
 */
export function ecsPlatformNeeds(
  region: string,
  definition: EcsTaskDefinition,
): { needs: Map<string, string[]>; outside: string[] } {
  const needs = new Map<string, string[]>();
  const outside: string[] = [];
  const need = (service: string, because: string): void => {
    const list = needs.get(service) ?? [];
    if (!list.includes(because)) list.push(because);
    needs.set(service, list);
  };
  for (const container of definition.containers) {
    if (container.image !== undefined) {
      const ecrRegion = ECR_IMAGE.exec(container.image)?.[1];
      const because = `image ${container.image}`;
      if (ecrRegion === region) for (const s of ['ecr.api', 'ecr.dkr', 's3']) need(s, because);
      else outside.push(because);
    }
    if (container.logDriver === 'awslogs') need('logs', `awslogs log driver of container ${container.name}`);
    for (const source of container.secretSources) {
      const arn = ARN.exec(source);
      const because = `secret ${source}`;
      if (!arn) need('ssm', because);
      else if (arn[2] !== region) outside.push(because);
      else if (arn[1] === 'secretsmanager') need('secretsmanager', because);
      else if (arn[1] === 'ssm') need('ssm', because);
      else outside.push(because);
    }
  }
  return { needs, outside };
}

/**
 * Everything the service's tasks need from their subnets: the platform's needs when the task ENI
 * carries them (`includePlatform`), plus the task role's services (its own code's calls).
 */
export function ecsServiceNeeds(
  account: AccountView,
  region: string,
  definition: EcsTaskDefinition,
  includePlatform: boolean,
): EcsServiceNeeds {
  // Services often share a task definition: one answer per definition, region and platform
  // (callers only read it), so they also share its words and evidence (rules/support/workload-reach.ts).
  let byDefinition = needsByAccount.get(account);
  if (byDefinition === undefined) needsByAccount.set(account, (byDefinition = new WeakMap()));
  let byCase = byDefinition.get(definition);
  if (byCase === undefined) byDefinition.set(definition, (byCase = new Map<string, EcsServiceNeeds>()));
  const key = `${region}|${String(includePlatform)}`;
  let needs = byCase.get(key);
  if (needs === undefined)
    byCase.set(key, (needs = definitionNeeds(account, region, definition, includePlatform)));
  return needs;
}

/** account → task definition → `region|includePlatform` → its needs. */
const needsByAccount = new WeakMap<AccountView, WeakMap<EcsTaskDefinition, Map<string, EcsServiceNeeds>>>();

function definitionNeeds(
  account: AccountView,
  region: string,
  definition: EcsTaskDefinition,
  includePlatform: boolean,
): EcsServiceNeeds {
  const byService = new Map<string, string[]>();
  const outside: string[] = [];
  if (includePlatform) {
    const platform = ecsPlatformNeeds(region, definition);
    for (const [service, because] of platform.needs) byService.set(service, [...because]);
    outside.push(...platform.outside);
  }
  const missing: string[] = [];
  let missingKinds: EcsServiceNeeds['missingKinds'] = [];
  if (definition.taskRoleArn !== undefined) {
    const role = roleArnServiceNeeds(account, definition.taskRoleArn);
    missing.push(...role.missing);
    missingKinds = role.missingKinds;
    const roleName = definition.taskRoleArn.slice(definition.taskRoleArn.lastIndexOf('/') + 1);
    for (const n of role.needs) {
      const list = byService.get(n.service) ?? [];
      const prefixes = [...new Set(n.because.map((b) => b.prefix))].join(', ');
      list.push(`task role ${roleName} (${prefixes})`);
      byService.set(n.service, list);
    }
  }
  const needs = [...byService]
    .map(([service, because]) => ({ service, because }))
    .sort((a, b) => a.service.localeCompare(b.service));
  return { verdict: missing.length > 0 ? 'undecided' : 'decided', needs, outside, missing, missingKinds };
}
