// Lambda functions per region (aws-facts §10.1): one ListFunctions sweep, all pages. Only what
// network placement and intent need — name, ARN, execution role, VpcConfig, state — never code,
// environment variables or layers.
import type { FunctionConfiguration, LambdaClient } from '@aws-sdk/client-lambda';
import type { LambdaFunction, LambdaVpcConfig, RegionSnapshot } from '../../snapshot/types.js';
import { runSweep, sends, type RegionalCollector } from '../collector.js';
import { compact, ids } from '../records.js';
import type { RegionContext } from '../types.js';
import { lambdaSdk } from '../sdk.js';

const { ListFunctionsCommand, paginateListFunctions } = lambdaSdk();

/**
 * aws-facts §10.1: the VPC is taken from the function's subnets when the snapshot knows them;
 * Lambda's own `VpcId` only as a fallback (emulators have been seen to return a placeholder).
 */
export function lambdaVpcConfig(
  config: FunctionConfiguration['VpcConfig'],
  subnetVpc: (subnetId: string) => string | undefined,
): LambdaVpcConfig | undefined {
  const subnetIds = ids(config?.SubnetIds, (id) => id);
  if (subnetIds.length === 0) return undefined; // not attached to a VPC
  const fromSubnets = subnetIds.map(subnetVpc).find((vpcId) => vpcId !== undefined);
  const reported = config?.VpcId ? config.VpcId : undefined;
  return {
    subnetIds,
    securityGroupIds: ids(config?.SecurityGroupIds, (id) => id),
    ipv6AllowedForDualStack: config?.Ipv6AllowedForDualStack === true,
    ...compact({ vpcId: fromSubnets ?? reported }),
  };
}

export function mapLambdaFunction(
  fn: FunctionConfiguration,
  context: RegionContext,
  region: Pick<RegionSnapshot, 'subnets'>,
): LambdaFunction | undefined {
  if (!fn.FunctionName) return undefined;
  const vpcOfSubnet = new Map(region.subnets.map((s) => [s.id, s.vpcId]));
  const vpcConfig = lambdaVpcConfig(fn.VpcConfig, (id) => vpcOfSubnet.get(id));
  return {
    id: fn.FunctionName,
    arn:
      fn.FunctionArn ??
      `arn:${context.partition}:lambda:${context.region}:${context.accountId}:function:${fn.FunctionName}`,
    name: fn.FunctionName,
    ...compact({ roleArn: fn.Role, state: fn.State, vpcConfig }),
  };
}

export const lambdaFunctionsCollector: RegionalCollector = {
  kind: 'lambdaFunctions',
  scope: 'regional',
  ...sends('lambda', ListFunctionsCommand),
  // The subnets give each function's VPC (aws-facts §10.1).
  dependsOn: ['subnets'],
  async collect(run) {
    const functions = await runSweep(
      run.clients.lambda,
      {
        service: 'lambda',
        command: ListFunctionsCommand,
        paginate: (config: { client: LambdaClient; pageSize?: number }, input) =>
          paginateListFunctions(config, input),
        pageSize: 50, // MaxItems: at most 50 returned per page (aws-facts §10.1)
        input: {},
        items: (page) => page.Functions,
        map: (fn) => fn,
      },
      run,
    );
    run.region.lambdaFunctions = functions
      .map((fn) => mapLambdaFunction(fn, run.context, run.region))
      .filter((fn): fn is LambdaFunction => fn !== undefined);
    return run.region.lambdaFunctions.length;
  },
};
