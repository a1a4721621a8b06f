// Lambda (restJson1): ListFunctions, `GET /2015-03-31/functions` with `Marker` / `MaxItems` in the
// query string and `NextMarker` in the answer (aws-facts §10.1).
import { ListFunctionsResponse$ } from '@aws-sdk/client-lambda';
import type * as Lambda from '@aws-sdk/client-lambda';
import type * as snap from '../../../src/snapshot/types.js';
import type { HandlerTable } from './context.js';
import { runList, type ListSpec } from './list-runner.js';

/** The SDK sends the modelled path; AWS's own documentation writes it with a trailing slash. */
export const LAMBDA_ROUTES: Record<string, string> = {
  'GET /2015-03-31/functions': 'ListFunctions',
  'GET /2015-03-31/functions/': 'ListFunctions',
};

/**
 * MaxItems 1–10000 is valid, but "the absolute maximum of AWS Lambda functions that can be returned
 * is 50" per page (Lambda API reference, ListFunctions; aws-facts §10.1); 50 when absent.
 */
const LIST_FUNCTIONS: ListSpec<snap.LambdaFunction> = {
  key: 'ListFunctions',
  output: ListFunctionsResponse$,
  member: 'Functions',
  tokenMember: 'NextMarker',
  page: {
    sizeParam: 'MaxItems',
    tokenParam: 'Marker',
    min: 1,
    max: 10000,
    defaultSize: 50,
    servesAtMost: 50,
    style: 'lambda',
  },
  records: (ctx) => ctx.account.region(ctx.region).lambdaFunctions,
  toAws: (fn): Lambda.FunctionConfiguration => ({
    FunctionName: fn.name,
    FunctionArn: fn.arn,
    Runtime: 'nodejs20.x',
    Role: fn.roleArn,
    Handler: 'index.handler',
    CodeSize: 1024,
    Timeout: 3,
    MemorySize: 128,
    LastModified: '2024-01-01T00:00:00.000+0000',
    Version: '$LATEST',
    State: fn.state as Lambda.State | undefined,
    PackageType: 'Zip',
    VpcConfig: fn.vpcConfig
      ? {
          SubnetIds: fn.vpcConfig.subnetIds,
          SecurityGroupIds: fn.vpcConfig.securityGroupIds,
          VpcId: fn.vpcConfig.vpcId,
          Ipv6AllowedForDualStack: fn.vpcConfig.ipv6AllowedForDualStack,
        }
      : undefined,
  }),
};

export const lambdaHandlers: HandlerTable = {
  ListFunctions: (ctx) => runList(LIST_FUNCTIONS, ctx),
};
