// Workload adapters for the path engine: a workload → its placements and the services it needs.
export { LAMBDA_PUBLIC_IP_NOTE, lambdaLabel, lambdaPlacements, lambdaServiceNeeds } from './lambda.js';
export {
  ecsLabel,
  ecsPlacements,
  ecsPlatformNeeds,
  ecsPlatformPath,
  ecsServiceNeeds,
  runsOnFargate,
  type EcsNeed,
  type EcsPlatformPath,
  type EcsServiceNeeds,
} from './ecs.js';
