// Shared set-up for collector tests on aws-sdk-client-mock: every client mocked, STS answering
// with a fixed identity, pacing off, and a log that records every call.
import { EC2Client } from '@aws-sdk/client-ec2';
import { ECSClient } from '@aws-sdk/client-ecs';
import { IAMClient } from '@aws-sdk/client-iam';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { RDSClient } from '@aws-sdk/client-rds';
import { SSMClient } from '@aws-sdk/client-ssm';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { collectSnapshot, type CollectSnapshotOptions } from '../../src/collect/collect-snapshot.js';
import { DEFAULT_LIMITS } from '../../src/collect/limits.js';
import type { CallRecord, CollectLog } from '../../src/collect/types.js';
import type { ResourceKind, Snapshot } from '../../src/snapshot/types.js';

export const ACCOUNT = '111122223333';

export function mocks() {
  const ec2 = mockClient(EC2Client);
  const iam = mockClient(IAMClient);
  const ssm = mockClient(SSMClient);
  const rds = mockClient(RDSClient);
  const sts = mockClient(STSClient);
  const lambda = mockClient(LambdaClient);
  const ecs = mockClient(ECSClient);
  sts.on(GetCallerIdentityCommand).resolves({
    Account: ACCOUNT,
    Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/audit/session`,
    UserId: 'AROAEXAMPLE:session',
  });
  return {
    ec2,
    iam,
    ssm,
    rds,
    sts,
    lambda,
    ecs,
    reset() {
      for (const m of [ec2, iam, ssm, rds, sts, lambda, ecs]) m.restore();
    },
  };
}

export interface RecordingLog extends CollectLog {
  calls: CallRecord[];
  notes: string[];
}

export function recordingLog(): RecordingLog {
  const calls: CallRecord[] = [];
  const notes: string[] = [];
  return { calls, notes, progress: () => undefined, call: (c) => calls.push(c), note: (n) => notes.push(n) };
}

export async function collect(
  kinds: ResourceKind[],
  extra: Partial<CollectSnapshotOptions> = {},
): Promise<Snapshot> {
  return collectSnapshot({
    kinds,
    regions: ['us-east-1'],
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
    limits: { ...DEFAULT_LIMITS, bucket: false },
    iam: { sleep: () => Promise.resolve() },
    now: new Date('2026-11-21T12:00:00Z'),
    ...extra,
  });
}

/** An AWS service error as the SDK surfaces it. */
export function awsError(name: string, message: string, status = 400): Error {
  const error = new Error(message);
  error.name = name;
  Object.assign(error, { $metadata: { httpStatusCode: status }, $fault: 'client' });
  return error;
}
