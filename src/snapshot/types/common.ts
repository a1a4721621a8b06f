// What every part of the snapshot shares: the resource base, the scalar shapes the JSON Schema
// constrains beyond their TypeScript type, collection states and collection errors.
//
// The JSON Schema is generated from these types (scripts/snapshot-schema.ts, ts-json-schema-generator):
// a JSDoc tag such as `@minLength 1` or `@pattern` becomes the schema keyword of the same name, and
// a doc comment becomes the field's `description`. The aliases below carry the constraints once.
import type { ResourceKind } from './kinds.js';

/**
 * A string that must not be empty (ids, ARNs, names that identify).
 * @minLength 1
 */
export type NonEmptyString = string;

/**
 * A whole number (ports, counts, version numbers).
 * @asType integer
 */
export type Integer = number;

/**
 * A sha256 digest, lower-case hex.
 * @pattern ^[0-9a-f]{64}$
 */
export type Sha256Hex = string;

/**
 * A 12-digit AWS account id.
 * @pattern ^[0-9]{12}$
 */
export type AccountId = string;

/**
 * An ISO 8601 date and time (RFC 3339 `date-time`).
 * @format date-time
 */
export type DateTime = string;

/**
 * Whether a kind was read. `collected`: the full sweep succeeded. `failed`: at least one call the
 * kind depends on failed, so its records are absent or incomplete and rules must say `unknown`.
 * `skipped`: deliberately not read (e.g. `--skip-user-data`). A kind absent from the map was not
 * requested, which rules also treat as not known.
 */
export type CollectionState = 'collected' | 'failed' | 'skipped';

export type ErrorCategory =
  | 'access-denied'
  | 'opt-in-required'
  | 'throttled'
  | 'network'
  | 'timeout'
  | 'expired-credentials'
  | 'malformed-response'
  | 'unknown';

export interface CollectionError {
  service: NonEmptyString;
  operation: NonEmptyString;
  /** AWS region, or `global` for IAM. */
  region: NonEmptyString;
  category: ErrorCategory;
  /** The AWS error code (e.g. `AccessDenied`, `RequestLimitExceeded`) or a Node error code. */
  code: string;
  message: string;
  /** The kinds this failure left incomplete. */
  kinds: ResourceKind[];
  /** Set when the call was about one resource (e.g. one instance's user data). */
  resourceId?: string;
}

export type Tags = Record<string, string>;

/** Every resource has an id and an ARN; name, owner and tags are optional. */
export interface Resource {
  id: NonEmptyString;
  arn: NonEmptyString;
  name?: string;
  ownerId?: string;
  tags?: Tags;
}
