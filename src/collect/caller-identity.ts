// Who a set of credentials is: STS GetCallerIdentity, the one call every entry point makes before
// any other (single account, the organisation's caller, each member account of a fan-out). It
// needs no permission (aws-facts §6.3), so a failure always means the credentials.
import type { STSClient } from '@aws-sdk/client-sts';
import { stsSdk } from './sdk.js';

export interface Identity {
  accountId: string;
  /** From the ARN (`arn:<partition>:…`): role ARNs and IAM's region depend on it. */
  partition: string;
  arn: string;
  userId?: string;
}

/** STS GetCallerIdentity; throws the SDK's error as is (callers classify it for their stage). */
export async function getCallerIdentity(sts: STSClient): Promise<Identity> {
  const { GetCallerIdentityCommand } = stsSdk();
  const out = await sts.send(new GetCallerIdentityCommand({}));
  if (!out.Account || !out.Arn) throw new Error('GetCallerIdentity returned no account');
  return {
    accountId: out.Account,
    partition: out.Arn.split(':')[1] ?? 'aws',
    arn: out.Arn,
    ...(out.UserId ? { userId: out.UserId } : {}),
  };
}
