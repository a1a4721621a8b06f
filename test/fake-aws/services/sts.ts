// STS (awsQuery): who the caller is, and AssumeRole issuing keys that map to the role's account.
import { AssumeRoleResponse$, GetCallerIdentityResponse$ } from '@aws-sdk/client-sts';
import type * as STS from '@aws-sdk/client-sts';
import { ApiError } from '../wire/protocols.js';
import { xmlMembers } from '../wire/schema-writers.js';
import { fillerFrom } from '../random.js';
import type { CallContext, HandlerTable, IssuedKey } from './context.js';

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+';

/** A fresh key for `accountId`, registered so later calls signed with it act as that account. */
export function issueKey(
  server: CallContext['server'],
  owner: Omit<IssuedKey, 'secretAccessKey'>,
  prefix: 'ASIA' | 'AKIA',
): string {
  const serial = server.nextKeySerial++;
  const accessKeyId = `${prefix}FAKE${serial.toString(32).toUpperCase().padStart(12, 'A')}`.slice(0, 20);
  const key: IssuedKey = {
    ...owner,
    secretAccessKey: fillerFrom(SECRET_ALPHABET, 40, `secret${accessKeyId}`),
  };
  server.keys.set(accessKeyId, key);
  return accessKeyId;
}

function getCallerIdentity(ctx: CallContext): string {
  const issued = ctx.server.keys.get(ctx.accessKeyId);
  const account = ctx.account;
  let result: STS.GetCallerIdentityResponse;
  if (issued?.roleName) {
    result = {
      Account: issued.accountId,
      Arn: `arn:${account.partition}:sts::${issued.accountId}:assumed-role/${issued.roleName}/${issued.sessionName}`,
      UserId: `AROA${fillerFrom(KEY_ALPHABET, 17, issued.roleArn)}:${issued.sessionName}`,
    };
  } else {
    const arn = account.snapshot.identity?.arn ?? `arn:${account.partition}:iam::${account.id}:user/fake-aws`;
    result = {
      Account: account.id,
      Arn: arn,
      UserId: account.snapshot.identity?.userId ?? `AIDA${fillerFrom(KEY_ALPHABET, 17, arn)}`,
    };
  }
  return xmlMembers(GetCallerIdentityResponse$, result);
}

const ROLE_ARN = /^arn:[a-z-]+:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/;

function assumeRole(ctx: CallContext): string {
  const roleArn = ctx.params.string('RoleArn') ?? '';
  const sessionName = ctx.params.string('RoleSessionName') ?? '';
  const match = ROLE_ARN.exec(roleArn);
  if (!match) throw new ApiError(400, 'ValidationError', `${roleArn} is invalid`);
  if (!/^[\w+=,.@-]{2,64}$/.test(sessionName)) {
    throw new ApiError(
      400,
      'ValidationError',
      "1 validation error detected: Value at 'roleSessionName' failed to satisfy constraint",
    );
  }
  const [, accountId, roleName] = match as unknown as [string, string, string];
  const caller = ctx.account.snapshot.identity?.arn ?? `arn:aws:iam::${ctx.account.id}:user/fake-aws`;
  // An account the server does not serve has no such role; a denied one refuses the caller.
  if (ctx.server.denyAssumeRole.has(accountId) || !ctx.server.accounts.has(accountId)) {
    throw new ApiError(
      403,
      'AccessDenied',
      `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
    );
  }
  const accessKeyId = issueKey(
    ctx.server,
    { accountId, roleArn, roleName, sessionName, sessionToken: '' },
    'ASIA',
  );
  const key = ctx.server.keys.get(accessKeyId)!;
  key.sessionToken = `FakeSessionToken/${accessKeyId}`;
  const result: STS.AssumeRoleResponse = {
    Credentials: {
      AccessKeyId: accessKeyId,
      SecretAccessKey: key.secretAccessKey,
      SessionToken: key.sessionToken,
      Expiration: new Date(Date.now() + 3600_000),
    },
    AssumedRoleUser: {
      AssumedRoleId: `AROA${fillerFrom(KEY_ALPHABET, 17, roleArn)}:${sessionName}`,
      Arn: `arn:${ctx.account.partition}:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
    },
  };
  return xmlMembers(AssumeRoleResponse$, result);
}

export const stsHandlers: HandlerTable = {
  GetCallerIdentity: getCallerIdentity,
  AssumeRole: assumeRole,
};
