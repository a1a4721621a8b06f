// Organizations fan-out below the CLI: account lists, the organisation listing, shared assumed
// credentials, bounded account concurrency and per-account isolation (src/collect/fan-out.ts,
// src/collect/organization.ts). Wire-level parts run on the fake AWS endpoint (127.0.0.1).
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import {
  fanOut,
  sharedCredentials,
  type AccountOutcome,
  type FanOutOptions,
} from '../../src/collect/fan-out.js';
import {
  accountState,
  isRoleName,
  listOrganizationAccounts,
  memberRoleArn,
  parseAccountIds,
} from '../../src/collect/organization.js';
import { RegionBuilder, buildAccount } from '../support/builders/index.js';
import { UserError } from '../../src/util/errors.js';
import { startFakeAws, type FakeAws } from '../fake-aws/index.js';

describe('parseAccountIds', () => {
  it('reads comma lists, lines with comments, and JSON arrays; drops duplicates, keeps order', () => {
    expect(parseAccountIds('222222222222, 111111111111,222222222222', '--accounts')).toEqual([
      '222222222222',
      '111111111111',
    ]);
    expect(parseAccountIds('# prod\n111111111111\n\n222222222222 # dev\r\n', '--accounts f')).toEqual([
      '111111111111',
      '222222222222',
    ]);
    expect(parseAccountIds(' ["333333333333", "111111111111"] ', '--accounts f.json')).toEqual([
      '333333333333',
      '111111111111',
    ]);
  });

  it.each([
    ['12345', "--accounts: '12345' is not a 12-digit account id"],
    ['111111111111,1111111111112', "--accounts: '1111111111112' is not a 12-digit account id"],
    ['111111111111\nabc', "--accounts: 'abc' is not a 12-digit account id (line 2)"],
    [
      '[111111111111]',
      '--accounts: entry 1 (111111111111) is not a string; write account ids as JSON strings',
    ],
    ['["111111111111", "x"]', "--accounts: 'x' is not a 12-digit account id (entry 2)"],
    ['[1, 2', '--accounts: not a valid JSON array of account ids'],
    ['{"a": 1}', '--accounts: \'{"a":\' is not a 12-digit account id'],
    ['  \n# only a comment\n', '--accounts: no account ids given'],
    ['[]', '--accounts: no account ids given'],
  ])('%j is refused with a message naming the flag and the entry', (text, message) => {
    let caught: unknown;
    try {
      parseAccountIds(text, '--accounts');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(UserError);
    expect((caught as UserError).message).toBe(message);
  });
});

describe('role names and ARNs', () => {
  it('builds the member role ARN in the caller partition', () => {
    expect(memberRoleArn('aws-us-gov', '111111111111', 'audit/aws-audit-member')).toBe(
      'arn:aws-us-gov:iam::111111111111:role/audit/aws-audit-member',
    );
  });
  it('accepts IAM role names with paths and refuses anything else', () => {
    expect(isRoleName('aws-audit-member')).toBe(true);
    expect(isRoleName('path/to/Role+=,.@_-')).toBe(true);
    expect(isRoleName('bad name')).toBe(false);
    expect(isRoleName('')).toBe(false);
    expect(isRoleName('x'.repeat(65))).toBe(false);
    expect(isRoleName('arn:aws:iam::111111111111:role/x')).toBe(false);
  });
});

describe('listOrganizationAccounts', () => {
  const orgs = mockClient(OrganizationsClient);
  afterEach(() => {
    orgs.reset();
  });
  afterAll(() => {
    orgs.restore();
  });

  it('pages through ListAccounts and keeps only ACTIVE accounts, State winning over the retired Status', async () => {
    orgs
      .on(ListAccountsCommand, { NextToken: undefined })
      .resolves({
        Accounts: [
          { Id: '333333333333', Name: 'c', State: 'ACTIVE' },
          { Id: '222222222222', Name: 'b', State: 'SUSPENDED', Status: 'SUSPENDED' },
          { Id: '555555555555', State: 'PENDING_CLOSURE' },
        ],
        NextToken: 'page2',
      })
      .on(ListAccountsCommand, { NextToken: 'page2' })
      .resolves({
        Accounts: [
          { Id: '111111111111', Name: 'a', Status: 'ACTIVE' }, // before the State field existed
          { Id: '444444444444', State: 'CLOSED', Status: 'ACTIVE' },
        ],
      });
    const listed = await listOrganizationAccounts(
      new OrganizationsClient({
        region: 'us-east-1',
        credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      }),
    );
    expect(listed.active).toEqual([
      { accountId: '111111111111', name: 'a' },
      { accountId: '333333333333', name: 'c' },
    ]);
    expect(listed.skipped).toEqual([
      { accountId: '222222222222', name: 'b', state: 'SUSPENDED' },
      { accountId: '444444444444', state: 'CLOSED' },
      { accountId: '555555555555', state: 'PENDING_CLOSURE' },
    ]);
    // The paginator reuses one input object, so only the last token can be read back.
    const calls = orgs.commandCalls(ListAccountsCommand);
    expect(calls).toHaveLength(2);
    expect(calls.map((call) => call.args[0].input.MaxResults)).toEqual([20, 20]);
  });

  it('reads UNKNOWN when an account carries neither field', () => {
    expect(accountState({})).toBe('UNKNOWN');
  });
});

describe('sharedCredentials', () => {
  type Identity = Awaited<ReturnType<Parameters<typeof sharedCredentials>[0]>>;
  it('resolves once for concurrent callers and reuses the result while it is fresh', async () => {
    let calls = 0;
    const provider = sharedCredentials(async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 10)); // an AssumeRole round trip
      return {
        accessKeyId: `k${calls}`,
        secretAccessKey: 's',
        expiration: new Date(Date.now() + 3600_000),
      } satisfies Identity;
    });
    const all = await Promise.all([provider(), provider(), provider()]);
    expect(all.map((c) => c.accessKeyId)).toEqual(['k1', 'k1', 'k1']);
    expect((await provider()).accessKeyId).toBe('k1');
    expect(calls).toBe(1);
  });

  it('refreshes credentials within five minutes of expiry, and never caches a failure', async () => {
    let calls = 0;
    const provider = sharedCredentials(() => {
      calls += 1;
      if (calls === 2) return Promise.reject(new Error('AccessDenied'));
      return Promise.resolve({
        accessKeyId: `k${calls}`,
        secretAccessKey: 's',
        expiration: new Date(Date.now() + 60_000),
      });
    });
    expect((await provider()).accessKeyId).toBe('k1');
    await expect(provider()).rejects.toThrow('AccessDenied');
    expect((await provider()).accessKeyId).toBe('k3');
  });
});

describe('fanOut on the fake endpoint', () => {
  const IDS = ['111111111111', '222222222222', '333333333333', '444444444444', '555555555555'];
  let fake: FakeAws;
  beforeAll(async () => {
    const account = (id: string) => {
      const region = new RegionBuilder('us-east-1', id);
      region.vpc(`vpc-${id.slice(0, 3)}`);
      return { snapshot: buildAccount({ accountId: id, regions: [region] }) };
    };
    fake = await startFakeAws({ accounts: IDS.map(account), denyAssumeRole: ['333333333333'] });
  });
  afterAll(() => fake.close());

  function options(overrides: Partial<FanOutOptions>): FanOutOptions {
    return {
      accountIds: IDS,
      roleName: 'aws-audit-member',
      partition: 'aws',
      baseCredentials: { accessKeyId: 'AKIAFAKEBASE', secretAccessKey: 'fake' },
      collect: { kinds: ['vpcs'], regions: ['us-east-1'], endpoint: fake.url, maxAttempts: 1 },
      onAccount: async () => {},
      ...overrides,
    };
  }

  it('isolates failures: a denied role and a failing identity are recorded, classified, and the rest collected', async () => {
    fake.setFaults([
      {
        accountId: '444444444444',
        service: 'sts',
        operation: 'GetCallerIdentity',
        kind: 'error',
        status: 403,
        code: 'InvalidClientTokenId',
      },
    ]);
    const outcomes: AccountOutcome[] = [];
    const result = await fanOut(
      options({
        externalId: 'ext-123',
        onAccount: (outcome) => {
          outcomes.push(outcome);
          return Promise.resolve();
        },
      }),
    );
    fake.setFaults([]);
    expect(result.collected).toEqual(['111111111111', '222222222222', '555555555555']);
    expect(result.failed).toEqual([
      {
        accountId: '333333333333',
        roleArn: 'arn:aws:iam::333333333333:role/aws-audit-member',
        stage: 'assume-role',
        category: 'access-denied',
        code: 'AccessDenied',
        message: expect.stringContaining('not authorized to perform: sts:AssumeRole'),
      },
      {
        accountId: '444444444444',
        roleArn: 'arn:aws:iam::444444444444:role/aws-audit-member',
        stage: 'identity',
        category: 'access-denied',
        code: 'InvalidClientTokenId',
        message: expect.any(String),
      },
    ]);
    const collected = outcomes.filter((o) => o.kind === 'collected');
    for (const outcome of collected) {
      if (outcome.kind !== 'collected') continue;
      expect(outcome.snapshot.accounts.map((a) => a.accountId)).toEqual([outcome.accountId]);
      expect(outcome.snapshot.accounts[0]?.regions[0]?.vpcs.map((v) => v.id)).toEqual([
        `vpc-${outcome.accountId.slice(0, 3)}`,
      ]);
    }
  });

  it('never has more than --account-concurrency accounts in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    await fanOut(
      options({
        accountIds: IDS.filter((id) => id !== '333333333333'),
        accountConcurrency: 2,
        onAccount: async () => {
          inFlight += 1;
          peak = Math.max(peak, inFlight);
          // Holding the slot: without the bound, every account would be here at once.
          await new Promise((resolve) => setTimeout(resolve, 150));
          inFlight -= 1;
        },
      }),
    );
    expect(peak).toBe(2);
  });

  it('starts no account once the run is aborted', async () => {
    fake.resetStats();
    const controller = new AbortController();
    controller.abort();
    const result = await fanOut(options({ signal: controller.signal }));
    expect(result.notStarted).toEqual(IDS);
    expect(result.collected).toEqual([]);
    expect(fake.requests).toEqual([]);
  });
});
