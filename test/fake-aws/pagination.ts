// Pagination as each API does it (aws-facts §6.1): page-size parameter and range, the service's own
// error for an out-of-range value, its default page when the parameter is absent, and opaque
// continuation tokens that return every item exactly once.
import { ApiError } from './wire/protocols.js';
import { hashString } from './random.js';
import type { Params } from './wire/request.js';

export interface PageSpec {
  sizeParam: 'MaxResults' | 'MaxRecords' | 'MaxItems' | 'maxResults';
  tokenParam: 'NextToken' | 'Marker' | 'nextToken';
  min: number;
  max: number;
  /** Page size when the request names none; `undefined` = everything (EC2 describes). */
  defaultSize?: number;
  /** DescribeVpcEndpoints: "If the value is greater than 1,000, we return only 1,000 items". */
  clampAbove?: boolean;
  /** Items served per page at most, whatever the (valid) request asks: Lambda ListFunctions, 50. */
  servesAtMost?: number;
  style: 'ec2' | 'iam' | 'rds' | 'json' | 'organizations' | 'lambda' | 'ecs';
}

export interface PageWindow {
  start: number;
  end: number;
  nextToken?: string;
  /** The page size the request asked for, if any. */
  requested?: number;
}

function rangeError(spec: PageSpec, value: number): ApiError {
  const camel = spec.sizeParam[0]!.toLowerCase() + spec.sizeParam.slice(1);
  const tooLow = value < spec.min;
  const constraint = tooLow
    ? `Member must have value greater than or equal to ${spec.min}`
    : `Member must have value less than or equal to ${spec.max}`;
  switch (spec.style) {
    case 'ec2':
      return new ApiError(
        400,
        'InvalidParameterValue',
        `Value ( ${value} ) for parameter ${camel} is invalid. Expecting a value between ${spec.min} and ${spec.max}.`,
      );
    case 'rds':
      return new ApiError(
        400,
        'InvalidParameterValue',
        `Invalid value ${value} for ${spec.sizeParam}. Must be between ${spec.min} and ${spec.max}`,
      );
    case 'iam':
      return new ApiError(
        400,
        'ValidationError',
        `1 validation error detected: Value '${value}' at '${camel}' failed to satisfy constraint: ${constraint}`,
      );
    case 'json':
      return new ApiError(
        400,
        'ValidationException',
        `1 validation error detected: Value '${value}' at '${camel}' failed to satisfy constraint: ${constraint}`,
      );
    case 'organizations':
      return new ApiError(
        400,
        'InvalidInputException',
        `You provided a value that does not match the required pattern or range for ${spec.sizeParam}.`,
      );
    case 'lambda':
      return new ApiError(
        400,
        'InvalidParameterValueException',
        `1 validation error detected: Value '${value}' at '${camel}' failed to satisfy constraint: ${constraint}`,
      );
    case 'ecs':
      return new ApiError(
        400,
        'InvalidParameterException',
        `${spec.sizeParam} must be between ${spec.min} and ${spec.max}.`,
      );
  }
}

function tokenError(spec: PageSpec): ApiError {
  switch (spec.style) {
    case 'ec2':
      return new ApiError(
        400,
        'InvalidPaginationToken',
        'The specified pagination token is not valid or is expired.',
      );
    case 'rds':
      return new ApiError(400, 'InvalidParameterValue', 'The marker is not valid.');
    case 'iam':
      return new ApiError(400, 'ValidationError', 'Invalid Marker.');
    case 'json':
      return new ApiError(400, 'InvalidNextToken', 'The specified token isn\u2019t valid.');
    case 'organizations':
      return new ApiError(400, 'InvalidInputException', 'You specified an invalid value for nextToken.');
    case 'lambda':
      return new ApiError(400, 'InvalidParameterValueException', 'Invalid Marker.');
    case 'ecs':
      return new ApiError(400, 'InvalidParameterException', 'Invalid nextToken.');
  }
}

// Tokens carry the listing they belong to and the next offset; base64url keeps them opaque.
function encodeToken(scope: string, offset: number): string {
  return Buffer.from(`fake-aws:${hashString(scope).toString(36)}:${offset}`).toString('base64url');
}

function decodeToken(spec: PageSpec, scope: string, token: string): number {
  const parts = Buffer.from(token, 'base64url').toString().split(':');
  const offset = Number(parts[2]);
  if (
    parts[0] !== 'fake-aws' ||
    parts[1] !== hashString(scope).toString(36) ||
    !Number.isInteger(offset) ||
    offset < 0
  ) {
    throw tokenError(spec);
  }
  return offset;
}

/**
 * The slice of `total` items this request gets. `scope` names the listing (operation, account,
 * region, filters) so a token from one listing is rejected by another.
 */
export function pageWindow(spec: PageSpec, params: Params, total: number, scope: string): PageWindow {
  const requested = params.int(spec.sizeParam);
  let size = requested ?? spec.defaultSize ?? Number.POSITIVE_INFINITY;
  if (requested !== undefined) {
    if (requested < spec.min || (requested > spec.max && !spec.clampAbove)) throw rangeError(spec, requested);
    size = Math.min(requested, spec.max);
  }
  if (spec.servesAtMost !== undefined) size = Math.min(size, spec.servesAtMost);
  const token = params.string(spec.tokenParam);
  const start = token ? decodeToken(spec, scope, token) : 0;
  if (start > total) throw tokenError(spec);
  const end = Math.min(total, start + size);
  const window: PageWindow = { start, end };
  if (end < total) window.nextToken = encodeToken(scope, end);
  if (requested !== undefined) window.requested = requested;
  return window;
}
