import {
  DescribeInstancesCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { IAMClient, ListUsersCommand } from '@aws-sdk/client-iam';
import { DescribeInstanceInformationCommand, SSMClient } from '@aws-sdk/client-ssm';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { RegionBuilder, buildAccount } from '../support/builders/index.js';
import { buildDemoSnapshot } from '../../scripts/demo-account.js';
import { startFakeAws } from './index.js';
import type { FakeAws, FaultRule } from './index.js';
import { clientConfig, rejectionOf } from './helpers.js';

const demo = buildDemoSnapshot().accounts[0]!;
const NETWORK_ERROR = /socket hang up|ECONNRESET|aborted/;
let fake: FakeAws;
beforeAll(async () => {
  fake = await startFakeAws({ accounts: [{ snapshot: demo }], seed: 42 });
});
afterAll(() => fake.close());
afterEach(() => fake.setFaults([]));

async function failureOf(
  client: EC2Client | IAMClient | SSMClient | RDSClient | STSClient,
  call: () => Promise<unknown>,
) {
  try {
    return await rejectionOf(call());
  } finally {
    client.destroy();
  }
}

describe('each fault kind gives the SDK error a real failure would', () => {
  test.each([
    ['ec2 error', { service: 'ec2', kind: 'error' }, 'UnauthorizedOperation', 403],
    // IAM models no AccessDenied exception: the SDK names the error by its wire code.
    ['iam error', { service: 'iam', kind: 'error' }, 'AccessDenied', 403],
    ['ssm error', { service: 'ssm', kind: 'error' }, 'AccessDeniedException', 400],
    ['rds error', { service: 'rds', kind: 'error' }, 'AccessDenied', 403],
    [
      'custom code',
      { service: 'ec2', kind: 'error', status: 500, code: 'InternalError', message: 'boom' },
      'InternalError',
      500,
    ],
    ['ec2 throttle', { service: 'ec2', kind: 'throttle' }, 'RequestLimitExceeded', 503],
    ['iam throttle', { service: 'iam', kind: 'throttle' }, 'Throttling', 400],
    ['ssm throttle', { service: 'ssm', kind: 'throttle' }, 'ThrottlingException', 400],
    ['ec2 expired token', { service: 'ec2', kind: 'expired-token' }, 'RequestExpired', 400],
    ['iam expired token', { service: 'iam', kind: 'expired-token' }, 'ExpiredToken', 403],
    ['ssm expired token', { service: 'ssm', kind: 'expired-token' }, 'ExpiredTokenException', 400],
  ] as [string, FaultRule, string, number][])('%s', async (_name, rule, name, status) => {
    fake.setFaults([rule]);
    const calls = {
      ec2: () => {
        const c = new EC2Client(clientConfig(fake));
        return failureOf(c, () => c.send(new DescribeVpcsCommand({})));
      },
      iam: () => {
        const c = new IAMClient(clientConfig(fake));
        return failureOf(c, () => c.send(new ListUsersCommand({})));
      },
      ssm: () => {
        const c = new SSMClient(clientConfig(fake));
        return failureOf(c, () => c.send(new DescribeInstanceInformationCommand({})));
      },
      rds: () => {
        const c = new RDSClient(clientConfig(fake));
        return failureOf(c, () => c.send(new DescribeDBInstancesCommand({})));
      },
    } as const;
    const error = await calls[rule.service as keyof typeof calls]();
    expect(error.name).toBe(name);
    expect(error.$metadata?.httpStatusCode).toBe(status);
    expect(fake.requests.at(-1)).toMatchObject({ service: rule.service, fault: rule.kind, status });
  });

  test('drop destroys the socket: a network error without an HTTP status', async () => {
    fake.setFaults([{ service: 'ec2', kind: 'drop' }]);
    const ec2 = new EC2Client(clientConfig(fake));
    const error = await failureOf(ec2, () => ec2.send(new DescribeVpcsCommand({})));
    // Under Jest's VM realms the SDK wraps Node's error ("AWS SDK error wrapper for …"), so the
    // reliable signal is the message, not `code`.
    expect(error.message).toMatch(NETWORK_ERROR);
    expect(error.$metadata?.httpStatusCode).toBeUndefined();
    expect(fake.requests.at(-1)).toMatchObject({ fault: 'drop', status: 0 });
  });

  test('malformed: a 200 whose body is not XML or JSON fails to deserialise', async () => {
    fake.setFaults([{ kind: 'malformed' }]);
    const ec2 = new EC2Client(clientConfig(fake));
    const xmlError = await failureOf(ec2, () => ec2.send(new DescribeVpcsCommand({})));
    expect(xmlError.message).toContain('XML parse error');
    const ssm = new SSMClient(clientConfig(fake));
    const jsonError = await failureOf(ssm, () => ssm.send(new DescribeInstanceInformationCommand({})));
    expect(jsonError.name).toBe('SyntaxError');
  });

  test('truncated: the connection ends halfway through the promised body', async () => {
    fake.setFaults([{ service: 'ec2', kind: 'truncated' }]);
    const ec2 = new EC2Client(clientConfig(fake));
    const error = await failureOf(ec2, () => ec2.send(new DescribeVpcsCommand({})));
    expect(error.message).toMatch(NETWORK_ERROR);
    expect(fake.stats().dropped).toBeGreaterThan(0);
  });

  test('delay adds its milliseconds and then answers normally', async () => {
    fake.setFaults([{ operation: 'DescribeVpcs', kind: 'delay', delayMs: 150 }]);
    const ec2 = new EC2Client(clientConfig(fake));
    const { Vpcs } = await ec2.send(new DescribeVpcsCommand({}));
    ec2.destroy();
    expect(Vpcs?.length).toBeGreaterThan(0);
    expect(fake.requests.at(-1)!.durationMs).toBeGreaterThanOrEqual(140);
  });
});

describe('fault matching', () => {
  test('rules match by service, operation, region and account, in order; times counts down', async () => {
    fake.setFaults([
      {
        service: 'ec2',
        operation: 'DescribeSubnets',
        region: 'eu-west-1',
        kind: 'error',
        code: 'First',
        status: 400,
        times: 2,
      },
      { service: 'ec2', operation: 'DescribeSubnets', kind: 'error', code: 'Second', status: 400, times: 1 },
      { accountId: '999999999999', kind: 'drop' },
    ]);
    const west = new EC2Client(clientConfig(fake, { region: 'eu-west-1' }));
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) {
      codes.push(
        await west.send(new DescribeSubnetsCommand({})).then(
          () => 'ok',
          (e: Error) => e.name,
        ),
      );
    }
    west.destroy();
    expect(codes).toEqual(['First', 'First', 'Second', 'ok']);
    const east = new EC2Client(clientConfig(fake));
    await expect(east.send(new DescribeVpcsCommand({}))).resolves.toBeDefined();
    east.destroy();
  });

  test('probability draws from the seeded generator: the same seed fails the same calls', async () => {
    async function pattern(): Promise<string> {
      const server = await startFakeAws({
        accounts: [{ snapshot: demo }],
        seed: 7,
        faults: [{ service: 'sts', kind: 'error', probability: 0.5 }],
      });
      const sts = new STSClient(clientConfig(server));
      let out = '';
      for (let i = 0; i < 24; i++)
        out += await sts.send(new GetCallerIdentityCommand({})).then(
          () => '.',
          () => 'x',
        );
      sts.destroy();
      await server.close();
      return out;
    }
    const first = await pattern();
    expect(await pattern()).toBe(first);
    expect(first).toContain('x');
    expect(first).toContain('.');
  });

  test('the SDK retries a throttle fault and then succeeds', async () => {
    fake.setFaults([{ service: 'ec2', kind: 'throttle', times: 2 }]);
    const ec2 = new EC2Client(clientConfig(fake, { maxAttempts: 5 }));
    const result = await ec2.send(new DescribeVpcsCommand({}));
    ec2.destroy();
    expect(result.$metadata.attempts).toBe(3);
    expect(fake.requests.slice(-3).map((r) => r.throttled)).toEqual([true, true, false]);
  });
});

describe('regions', () => {
  test('a not-opted-in region refuses the credentials in each regional protocol', async () => {
    const optIn = new RegionBuilder('me-south-1');
    optIn.data.availability = 'not-opted-in';
    const server = await startFakeAws({
      accounts: [{ snapshot: buildAccount({ regions: [new RegionBuilder('us-east-1'), optIn] }) }],
    });
    const ec2 = new EC2Client(clientConfig(server, { region: 'me-south-1' }));
    const ssm = new SSMClient(clientConfig(server, { region: 'me-south-1' }));
    const rds = new RDSClient(clientConfig(server, { region: 'me-south-1' }));
    const iam = new IAMClient(clientConfig(server, { region: 'me-south-1' }));
    try {
      expect((await rejectionOf(ec2.send(new DescribeVpcsCommand({})))).name).toBe('AuthFailure');
      expect((await rejectionOf(ssm.send(new DescribeInstanceInformationCommand({})))).name).toBe(
        'UnrecognizedClientException',
      );
      expect((await rejectionOf(rds.send(new DescribeDBInstancesCommand({})))).name).toBe(
        'InvalidClientTokenId',
      );
      // IAM is global: signed for us-east-1 whatever the client's region.
      await expect(iam.send(new ListUsersCommand({}))).resolves.toBeDefined();
    } finally {
      for (const c of [ec2, ssm, rds, iam]) c.destroy();
      await server.close();
    }
  });

  test('an unreachable region drops connections', async () => {
    const down = new RegionBuilder('sa-east-1');
    down.data.availability = 'unreachable';
    const server = await startFakeAws({ accounts: [{ snapshot: buildAccount({ regions: [down] }) }] });
    const ec2 = new EC2Client(clientConfig(server, { region: 'sa-east-1' }));
    const error = await failureOf(ec2, () => ec2.send(new DescribeVpcsCommand({})));
    await server.close();
    expect(error.message).toMatch(NETWORK_ERROR);
  });
});

describe('token buckets', () => {
  test('an empty EC2 bucket answers RequestLimitExceeded; the SDK retry gets through after refill', async () => {
    const server = await startFakeAws({
      accounts: [{ snapshot: demo }],
      // 3 tokens, refilled at one every 250 ms.
      throttling: { ec2: { burst: 3, refillPerSecond: 4 } },
    });
    const ec2 = new EC2Client(clientConfig(server));
    try {
      const results = [];
      for (let i = 0; i < 5; i++) {
        results.push(
          await ec2.send(new DescribeSubnetsCommand({ MaxResults: 5 })).then(
            () => 'ok',
            (e: Error) => e.name,
          ),
        );
      }
      expect(results.slice(0, 3)).toEqual(['ok', 'ok', 'ok']);
      expect(results).toContain('RequestLimitExceeded');
      const retrying = new EC2Client(clientConfig(server, { maxAttempts: 10 }));
      const all = await Promise.all(
        Array.from({ length: 4 }, () => retrying.send(new DescribeSubnetsCommand({ MaxResults: 5 }))),
      );
      retrying.destroy();
      expect(all.every((r) => r.Subnets !== undefined)).toBe(true);
      expect(Math.max(...all.map((r) => r.$metadata.attempts ?? 1))).toBeGreaterThan(1);
      const stats = server.stats().byOperation.find((s) => s.operation === 'DescribeSubnets')!;
      expect(stats.throttled).toBeGreaterThanOrEqual(2);
      expect(stats.ok + stats.throttled).toBe(stats.requests);
    } finally {
      ec2.destroy();
      await server.close();
    }
  });

  test('DescribeInstances unpaged and unfiltered draws from the small bucket; paged calls from the normal one', async () => {
    const server = await startFakeAws({
      accounts: [{ snapshot: demo }],
      throttling: {
        ec2: { burst: 4, refillPerSecond: 0.001 },
        ec2Unpaged: { burst: 2, refillPerSecond: 0.001 },
      },
    });
    const ec2 = new EC2Client(clientConfig(server));
    const outcome = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: Error) => e.name,
      );
    try {
      const unpaged = [];
      for (let i = 0; i < 3; i++) unpaged.push(await outcome(ec2.send(new DescribeInstancesCommand({}))));
      expect(unpaged).toEqual(['ok', 'ok', 'RequestLimitExceeded']);
      const paged = [];
      for (let i = 0; i < 5; i++)
        paged.push(await outcome(ec2.send(new DescribeInstancesCommand({ MaxResults: 1000 }))));
      expect(paged).toEqual(['ok', 'ok', 'ok', 'ok', 'RequestLimitExceeded']);
    } finally {
      ec2.destroy();
      await server.close();
    }
  });

  test('IAM answers Throttling and SSM ThrottlingException when their buckets are empty', async () => {
    const server = await startFakeAws({
      accounts: [{ snapshot: demo }],
      throttling: { iam: { burst: 1, refillPerSecond: 0.001 }, ssm: { burst: 1, refillPerSecond: 0.001 } },
    });
    const iam = new IAMClient(clientConfig(server));
    const ssm = new SSMClient(clientConfig(server));
    try {
      await iam.send(new ListUsersCommand({}));
      const iamError = await rejectionOf(iam.send(new ListUsersCommand({})));
      expect([iamError.name, iamError.$metadata?.httpStatusCode]).toEqual(['Throttling', 400]);
      await ssm.send(new DescribeInstanceInformationCommand({}));
      const ssmError = await rejectionOf(ssm.send(new DescribeInstanceInformationCommand({})));
      expect([ssmError.name, ssmError.$metadata?.httpStatusCode]).toEqual(['ThrottlingException', 400]);
      expect(server.stats().throttled).toBe(2);
    } finally {
      iam.destroy();
      ssm.destroy();
      await server.close();
    }
  });
});

test('the request log is capped while the counters keep counting', async () => {
  const server = await startFakeAws({ accounts: [{ snapshot: demo }], requestLogLimit: 10 });
  const sts = new STSClient(clientConfig(server));
  for (let i = 0; i < 25; i++) await sts.send(new GetCallerIdentityCommand({}));
  sts.destroy();
  await server.close();
  expect(server.requests.length).toBeLessThanOrEqual(10);
  const stats = server.stats();
  expect(stats.requests).toBe(25);
  expect(stats.recordsDiscarded + server.requests.length).toBe(25);
});
