// The one place that decides what a failed AWS call means. Every collector's failure passes
// through `classifyError`, so the snapshot's error categories mean the same thing everywhere.
import type { ErrorCategory } from '../snapshot/types.js';
import { redactAccessKeyId, redactSecretKey } from './user-data-scan.js';

export interface ClassifiedError {
  category: ErrorCategory;
  /** The AWS error code, a Node error code, or the error's name. */
  code: string;
  message: string;
}

export interface ClassifyContext {
  /**
   * True when the call went to a region the account may not have enabled (an explicitly requested
   * region whose opt-in status is unknown, or one DescribeRegions called `not-opted-in`). There,
   * EC2 answers `AuthFailure` and STS/IAM-style services `InvalidClientTokenId` or
   * `UnrecognizedClientException` rather than a clear opt-in error (aws-facts §6.5).
   */
  regionMayBeDisabled?: boolean;
}

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'AuthorizationError',
  'Forbidden',
]);
const OPT_IN = new Set(['OptInRequired', 'SubscriptionRequiredException', 'NotSubscribed']);
const DISABLED_REGION_CODES = new Set(['AuthFailure', 'InvalidClientTokenId', 'UnrecognizedClientException']);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
// The SDK's own throttling list (@smithy/core retry THROTTLING_ERROR_CODES, aws-facts §6.4): by the
// time one of these reaches us the SDK has already retried it.
const THROTTLED = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
]);
const TIMEOUT = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
]);
const NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

/** Longest message we keep: AWS messages are short; anything longer is not for a report. */
const MAX_MESSAGE = 300;

function field(error: unknown, key: string): unknown {
  return typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[key] : undefined;
}

function stringField(error: unknown, key: string): string | undefined {
  const value = field(error, key);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function httpStatus(error: unknown): number | undefined {
  const metadata = field(error, '$metadata');
  const status = field(metadata, 'httpStatusCode');
  return typeof status === 'number' ? status : undefined;
}

/** AWS service errors carry the code as `name` (SDK v3) or `Code`; Node errors as `code`. */
function errorCode(error: unknown): string {
  const nodeCode = stringField(error, 'code');
  const cause = field(error, 'cause');
  const causeCode = stringField(cause, 'code');
  const name = stringField(error, 'name');
  const awsCode = stringField(error, 'Code');
  if (awsCode) return awsCode;
  if (nodeCode) return nodeCode;
  if (causeCode) return causeCode;
  if (name && name !== 'Error') return name;
  return 'Error';
}

/** The response's content type, from the SDK's (non-enumerable) `$response`. */
function contentType(error: unknown): string | undefined {
  const headers = field(field(error, '$response'), 'headers');
  const value = field(headers, 'content-type') ?? field(headers, 'Content-Type');
  return typeof value === 'string' ? value.split(';')[0]?.trim() : undefined;
}

/**
 * An error answer that is not an AWS error document (XML or JSON): a proxy's or emulator's HTML
 * page, an unknown content type, or HTTP 501, which no AWS API answers for a supported call.
 */
function isNotAwsErrorDocument(error: unknown, status: number | undefined): boolean {
  if (status === 501) return true;
  const type = contentType(error);
  return status !== undefined && status >= 400 && type !== undefined && !/xml|json/i.test(type);
}

// The SDK's advice to programmers, appended to deserialisation errors; never shown to users.
const SDK_ADVICE =
  /\s*Deserialization error: to see the raw response, inspect the hidden field \{error\}\.\$response on this object\.?/g;
const EXCERPT = 120;

/** A short, one-line, redacted piece of what the server said, for a malformed response. */
function bodyExcerpt(message: string): string {
  const text = message
    .replace(SDK_ADVICE, '')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\b(?:AKIA|ASIA)[A-Z2-7]{16}\b/g, (id) => redactAccessKeyId(id))
    .replace(/(?<![A-Za-z0-9/+=])[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/g, (secret) => redactSecretKey(secret));
  return text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text;
}

function isDeserialisationFailure(error: unknown, message: string): boolean {
  return (
    message.startsWith('Deserialization error') ||
    field(error, '$responseBodyText') !== undefined ||
    stringField(error, 'name') === 'SyntaxError' ||
    /Unexpected (end of|token)|not valid JSON|Invalid XML|is not expected/.test(message)
  );
}

function cleanMessage(message: string): string {
  // One line, bounded: an AWS message is a sentence, never a body.
  const oneLine = message.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_MESSAGE ? `${oneLine.slice(0, MAX_MESSAGE)}…` : oneLine;
}

// The SDK's retry middleware stringifies errors it does not recognise as objects (e.g. from another
// realm) into "AWS SDK error wrapper for <Name>: <message>"; recover the name and message.
const WRAPPER = /^AWS SDK error wrapper for (\w+): (.*)$/s;

export function classifyError(error: unknown, context: ClassifyContext = {}): ClassifiedError {
  let code = errorCode(error);
  let rawMessage = error instanceof Error ? error.message : (stringField(error, 'message') ?? String(error));
  const wrapped = WRAPPER.exec(rawMessage);
  if (wrapped && code === 'Error') {
    code = wrapped[1] ?? code;
    rawMessage = wrapped[2] ?? rawMessage;
  }
  const status = httpStatus(error);
  const category = categorise(code, status, rawMessage, error, context);
  if (category === 'malformed-response') {
    // Say what came back (status, content type, a redacted excerpt), never a JavaScript error
    // name (`SyntaxError`) or the SDK's advice to programmers (issue 19 bug 4).
    const type = stringField(error, 'contentType') ?? contentType(error);
    const excerpt = bodyExcerpt(rawMessage === code || rawMessage === 'Unknown' ? '' : rawMessage);
    const what = `${status === undefined ? 'a response' : `HTTP ${status}`}${type ? ` (${type})` : ''}`;
    return {
      category,
      code: status === undefined ? 'MalformedResponse' : `HTTP ${status}`,
      message: `${what} that is not an AWS response document${excerpt ? `: ${excerpt}` : ''}`,
    };
  }
  return { category, code, message: cleanMessage((rawMessage || code).replace(SDK_ADVICE, '')) };
}

function categorise(
  code: string,
  status: number | undefined,
  message: string,
  error: unknown,
  context: ClassifyContext,
): ErrorCategory {
  // First: an HTML page's text ("Gateway Timeout", "Access Denied") says nothing about AWS.
  if (code === 'MalformedResponse' || isNotAwsErrorDocument(error, status)) return 'malformed-response';
  if (EXPIRED.has(code)) return 'expired-credentials';
  if (OPT_IN.has(code)) return 'opt-in-required';
  if (DISABLED_REGION_CODES.has(code))
    return context.regionMayBeDisabled ? 'opt-in-required' : 'access-denied';
  if (ACCESS_DENIED.has(code)) return 'access-denied';
  if (THROTTLED.has(code) || status === 429) return 'throttled';
  // Network before timeout: the SDK names a reset socket `TimeoutError` (code ECONNRESET) so that it
  // is retried; what the user needs to know is that the connection broke.
  if (NETWORK.has(code) || /socket hang up|ECONNRESET|ECONNREFUSED/i.test(message)) return 'network';
  if (TIMEOUT.has(code) || /timed? ?out/i.test(message)) return 'timeout';
  if (status === 403) return 'access-denied';
  if (isDeserialisationFailure(error, message)) return 'malformed-response';
  return 'unknown';
}
