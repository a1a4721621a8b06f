// Shared by the fake-aws tests: client configuration pointing the real SDK at the fixture.
import type { FakeAws, FakeAwsCredentials } from './types.js';

export interface ClientOptions {
  region?: string;
  credentials?: FakeAwsCredentials;
  maxAttempts?: number;
}

/** Config for any SDK v3 client: the fixture's endpoint, dummy credentials, no retries by default. */
export function clientConfig(fake: FakeAws, options: ClientOptions = {}) {
  return {
    endpoint: fake.url,
    region: options.region ?? 'us-east-1',
    credentials: options.credentials ?? {
      accessKeyId: 'AKIAFAKEAWSTESTKEY01',
      secretAccessKey: 'fake-secret',
    },
    maxAttempts: options.maxAttempts ?? 1,
  };
}

/** The rejection of `promise`, or a failure if it resolved. */
export async function rejectionOf(
  promise: Promise<unknown>,
): Promise<Error & { $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { $metadata?: { httpStatusCode?: number } };
  }
  throw new Error('expected the call to fail, it succeeded');
}
