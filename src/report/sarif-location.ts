// The pseudo-path a SARIF result points at. GitHub rejects a whole upload when one result lacks a
// physical location or uses a URI scheme other than `file` (an ARN parses as scheme `arn`), so each
// resource gets a made-up, repo-relative path instead (sarif-github.md "Location", §2).
import { createHash } from 'node:crypto';
import type { ResourceRef } from '../engine/types.js';

/** The top-level folder of every pseudo-path; a test keeps it absent from the repository. */
export const PSEUDO_PATH_ROOT = 'aws';

/** ARNs whose resource part is a bare name (no `type/` or `type:` prefix). */
const BARE_RESOURCE_TYPE: Record<string, string> = { s3: 'bucket', sns: 'topic', sqs: 'queue' };

interface ParsedArn {
  service: string;
  region: string;
  accountId: string;
  type: string;
  id: string;
}

/** `arn:partition:service:region:account:resource`, where resource is `type/id`, `type:id` or `name`. */
export function parseArn(arn: string): ParsedArn | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  const [, partition = '', service = '', region = '', accountId = ''] = parts;
  const resource = parts.slice(5).join(':');
  if (partition === '' || service === '' || resource === '') return undefined;
  const cut = resource.search(/[/:]/);
  const type = cut < 0 ? (BARE_RESOURCE_TYPE[service] ?? 'resource') : resource.slice(0, cut);
  const id = cut < 0 ? resource : resource.slice(cut + 1);
  if (type === '' || id === '') return undefined;
  return { service, region, accountId, type, id };
}

/** A segment that can never be empty, `.` or `..`, nor contain `/`, `:`, `%` or spaces unescaped. */
function segmentOk(raw: string): boolean {
  return raw !== '' && raw !== '.' && raw !== '..';
}

/**
 * `aws/<account>/<region|global>/<service>/<type>/<id>`, every segment taken from the ARN and
 * `encodeURIComponent`-ed. Only where the ARN leaves a field empty (S3 buckets carry no account or
 * region) does the finding's own account/region fill it: both come from the scope being scanned,
 * never from a lookup that can fail, so the path is as stable as the fingerprint. An ARN that does
 * not parse gets a path ending in a hash of the ARN: stable, and still never the ARN itself.
 */
export function resourcePseudoPath(resource: Pick<ResourceRef, 'arn' | 'accountId' | 'region'>): string {
  const parsed = parseArn(resource.arn);
  const accountId = parsed?.accountId || resource.accountId;
  const region = parsed?.region || resource.region || 'global';
  const tail =
    parsed && segmentOk(parsed.service) && segmentOk(parsed.type) && segmentOk(parsed.id)
      ? [parsed.service, parsed.type, parsed.id]
      : ['unparsed-arn', 'resource', createHash('sha256').update(resource.arn).digest('hex').slice(0, 16)];
  const segments = [accountId, region, ...tail].map((segment) => (segmentOk(segment) ? segment : '_'));
  return [PSEUDO_PATH_ROOT, ...segments.map(encodeURIComponent)].join('/');
}
