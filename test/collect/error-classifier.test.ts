import { describe, expect, it } from '@jest/globals';
import { classifyError } from '../../src/collect/error-classifier.js';

function awsError(name: string, status: number, message = 'm'): Error {
  const error = new Error(message);
  error.name = name;
  Object.assign(error, { $metadata: { httpStatusCode: status } });
  return error;
}

function nodeError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('classifyError', () => {
  it.each([
    ['AccessDenied', 403, 'access-denied'],
    ['AccessDeniedException', 400, 'access-denied'],
    ['UnauthorizedOperation', 403, 'access-denied'],
    ['SomethingNew', 403, 'access-denied'],
    ['OptInRequired', 401, 'opt-in-required'],
    ['SubscriptionRequiredException', 400, 'opt-in-required'],
    ['RequestLimitExceeded', 503, 'throttled'],
    ['Throttling', 400, 'throttled'],
    ['ThrottlingException', 400, 'throttled'],
    ['TooManyRequests', 429, 'throttled'],
    ['ExpiredToken', 400, 'expired-credentials'],
    ['ExpiredTokenException', 400, 'expired-credentials'],
    ['RequestExpired', 400, 'expired-credentials'],
    ['TimeoutError', 0, 'timeout'],
    ['InternalError', 500, 'unknown'],
  ])('%s (%i) → %s', (name, status, category) => {
    expect(classifyError(awsError(name, status))).toMatchObject({ code: name, category });
  });

  it('AuthFailure means opt-in only where the region may be disabled', () => {
    expect(classifyError(awsError('AuthFailure', 401)).category).toBe('access-denied');
    expect(classifyError(awsError('AuthFailure', 401), { regionMayBeDisabled: true }).category).toBe(
      'opt-in-required',
    );
    expect(classifyError(awsError('InvalidClientTokenId', 403), { regionMayBeDisabled: true }).category).toBe(
      'opt-in-required',
    );
  });

  it.each([
    ['ECONNRESET', 'read ECONNRESET', 'network'],
    ['ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:1', 'network'],
    ['ENOTFOUND', 'getaddrinfo ENOTFOUND ec2.x', 'network'],
    ['ETIMEDOUT', 'connect ETIMEDOUT', 'timeout'],
  ])('Node %s → %s', (code, message, category) => {
    expect(classifyError(nodeError(code, message))).toMatchObject({ code, category });
  });

  it("the SDK's TimeoutError for a reset socket is a network failure", () => {
    const error = Object.assign(new Error('socket hang up'), { name: 'TimeoutError', code: 'ECONNRESET' });
    expect(classifyError(error)).toMatchObject({ code: 'ECONNRESET', category: 'network' });
    expect(classifyError(new Error('AWS SDK error wrapper for TimeoutError: socket hang up'))).toMatchObject({
      code: 'TimeoutError',
      category: 'network',
      message: 'socket hang up',
    });
  });

  it('socket hang up without a code is a network failure', () => {
    expect(classifyError(new Error('socket hang up')).category).toBe('network');
  });

  it('a deserialisation failure is a malformed response', () => {
    const error = Object.assign(
      new Error(
        'Deserialization error: to see the raw response, inspect the hidden field {error}.$response on this object.',
      ),
      {
        $response: { statusCode: 200 },
      },
    );
    expect(classifyError(error).category).toBe('malformed-response');
    expect(classifyError(new SyntaxError('Unexpected end of JSON input')).category).toBe(
      'malformed-response',
    );
  });

  it('keeps messages to one bounded line', () => {
    const { message } = classifyError(
      awsError('AccessDenied', 403, `line one\nline two ${'x'.repeat(1000)}`),
    );
    expect(message).not.toContain('\n');
    expect(message.length).toBeLessThanOrEqual(301);
  });
});
