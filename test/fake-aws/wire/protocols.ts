// The wire protocols the scanner's clients (and publish's Security Hub client) speak, with their success envelopes and error
// bodies exactly as AWS writes them (and as @aws-sdk/core's deserialisers read them).
import { escapeXml } from './schema-writers.js';

export type Protocol = 'ec2' | 'query' | 'json' | 'rest-json';

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** The service (SigV4 signing name) → protocol and XML namespace. */
export const SERVICES = {
  ec2: { protocol: 'ec2', xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/' },
  iam: { protocol: 'query', xmlns: 'https://iam.amazonaws.com/doc/2010-05-08/' },
  sts: { protocol: 'query', xmlns: 'https://sts.amazonaws.com/doc/2011-06-15/' },
  rds: { protocol: 'query', xmlns: 'http://rds.amazonaws.com/doc/2014-10-31/' },
  ssm: { protocol: 'json', jsonPrefix: 'AmazonSSM' },
  organizations: { protocol: 'json', jsonPrefix: 'AWSOrganizationsV20161128' },
  // restJson1: the operation is the HTTP method and path (REST_ROUTES in server.ts).
  securityhub: { protocol: 'rest-json' },
  lambda: { protocol: 'rest-json' },
  ecs: { protocol: 'json', jsonPrefix: 'AmazonEC2ContainerServiceV20141113' },
} as const satisfies Record<string, { protocol: Protocol; xmlns?: string; jsonPrefix?: string }>;

export type ServiceName = keyof typeof SERVICES;

export function isServiceName(name: string): name is ServiceName {
  return Object.hasOwn(SERVICES, name);
}

export function protocolOf(service: ServiceName): Protocol {
  return SERVICES[service].protocol;
}

const XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** A success body: `members` is the serialised result structure (XML members or a JSON object). */
export function successResponse(
  service: ServiceName,
  operation: string,
  members: string,
  requestId: string,
): WireResponse {
  const spec = SERVICES[service];
  if (spec.protocol === 'json' || spec.protocol === 'rest-json') {
    return {
      status: 200,
      headers: {
        'content-type': spec.protocol === 'json' ? 'application/x-amz-json-1.1' : 'application/json',
        'x-amzn-requestid': requestId,
      },
      body: members,
    };
  }
  const headers = { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId };
  if (spec.protocol === 'ec2') {
    // ec2Query: no Result wrapper, requestId first (aws-facts §6; SDK AwsEc2QueryProtocol).
    return {
      status: 200,
      headers,
      body: `${XML_HEADER}<${operation}Response xmlns="${spec.xmlns}"><requestId>${requestId}</requestId>${members}</${operation}Response>`,
    };
  }
  return {
    status: 200,
    headers,
    body:
      `${XML_HEADER}<${operation}Response xmlns="${spec.xmlns}"><${operation}Result>${members}</${operation}Result>` +
      `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`,
  };
}

/** An error body in the protocol's own format. */
export function errorResponse(
  service: ServiceName,
  status: number,
  code: string,
  message: string,
  requestId: string,
): WireResponse {
  const protocol = SERVICES[service].protocol;
  if (protocol === 'json' || protocol === 'rest-json') {
    return {
      status,
      headers: {
        'content-type': protocol === 'json' ? 'application/x-amz-json-1.1' : 'application/json',
        'x-amzn-requestid': requestId,
        'x-amzn-errortype': code,
      },
      body: JSON.stringify({ __type: code, message }),
    };
  }
  const headers = { 'content-type': 'text/xml;charset=UTF-8', 'x-amzn-requestid': requestId };
  if (protocol === 'ec2') {
    return {
      status,
      headers,
      body: `${XML_HEADER}<Response><Errors><Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error></Errors><RequestID>${requestId}</RequestID></Response>`,
    };
  }
  const type = status >= 500 ? 'Receiver' : 'Sender';
  const spec = SERVICES[service];
  const xmlns = 'xmlns' in spec ? ` xmlns="${spec.xmlns}"` : '';
  return {
    status,
    headers,
    body: `${XML_HEADER}<ErrorResponse${xmlns}><Error><Type>${type}</Type><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
  };
}

/** An API error a handler throws; the server writes it in the caller's protocol. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Per-protocol codes for the error classes the fixture produces on its own. */
export function accessDenied(service: ServiceName, operation: string, principalArn: string): ApiError {
  const action = `${service}:${operation}`;
  const who = principalArn;
  switch (protocolOf(service)) {
    case 'ec2':
      return new ApiError(403, 'UnauthorizedOperation', 'You are not authorized to perform this operation.');
    case 'query':
      return new ApiError(403, 'AccessDenied', `User: ${who} is not authorized to perform: ${action}`);
    case 'json':
    case 'rest-json':
      return new ApiError(
        400,
        'AccessDeniedException',
        `User: ${who} is not authorized to perform: ${action}`,
      );
  }
}

/** Throttling as each service answers it (aws-facts §6.2, §6.3). */
export function throttled(service: ServiceName): ApiError {
  switch (protocolOf(service)) {
    case 'ec2':
      return new ApiError(503, 'RequestLimitExceeded', 'Request limit exceeded.');
    case 'query':
      return new ApiError(400, 'Throttling', 'Rate exceeded');
    case 'json':
      return new ApiError(400, 'ThrottlingException', 'Rate exceeded');
    case 'rest-json':
      // Security Hub: HTTP 429 (aws-facts §10.4: 10 TPS, burst 30).
      return new ApiError(429, 'TooManyRequestsException', 'Rate exceeded');
  }
}

/** Expired temporary credentials, as each protocol answers them. */
export function expiredToken(service: ServiceName): ApiError {
  switch (protocolOf(service)) {
    case 'ec2':
      return new ApiError(400, 'RequestExpired', 'Request has expired.');
    case 'query':
      return new ApiError(403, 'ExpiredToken', 'The security token included in the request is expired');
    case 'json':
    case 'rest-json':
      return new ApiError(
        400,
        'ExpiredTokenException',
        'The security token included in the request is expired',
      );
  }
}

/**
 * A region the account has not opted in to: credentials are not valid there, so EC2 answers
 * `AuthFailure` (401) and the other regional services reject the token.
 */
export function regionNotOptedIn(service: ServiceName): ApiError {
  switch (protocolOf(service)) {
    case 'ec2':
      return new ApiError(401, 'AuthFailure', 'AWS was not able to validate the provided access credentials');
    case 'query':
      return new ApiError(
        403,
        'InvalidClientTokenId',
        'The security token included in the request is invalid.',
      );
    case 'json':
    case 'rest-json':
      return new ApiError(
        400,
        'UnrecognizedClientException',
        'The security token included in the request is invalid.',
      );
  }
}
