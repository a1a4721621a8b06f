// IAM and endpoint policy JSON → our normalised `PolicyDocument` (every value an array).
// GetAccountAuthorizationDetails returns documents URL-encoded (RFC 3986, aws-facts §4.3).
import type { PolicyDocument, PolicyStatement } from '../snapshot/types.js';
import { compact } from './records.js';

function scalar(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

function asArray(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(scalar);
  return [scalar(value)];
}

function principalOf(value: unknown): PolicyStatement['principal'] {
  if (value === undefined || value === null) return undefined;
  if (value === '*') return '*';
  if (typeof value !== 'object' || Array.isArray(value)) return { AWS: asArray(value) ?? [] };
  const out: Record<string, string[]> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) out[key] = asArray(item) ?? [];
  return out;
}

function conditionOf(value: unknown): PolicyStatement['condition'] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const out: Record<string, Record<string, string[]>> = {};
  for (const [operator, keys] of Object.entries(value as Record<string, unknown>)) {
    if (typeof keys !== 'object' || keys === null) continue;
    const inner: Record<string, string[]> = {};
    for (const [key, item] of Object.entries(keys as Record<string, unknown>))
      inner[key] = asArray(item) ?? [];
    out[operator] = inner;
  }
  return out;
}

function statementOf(value: unknown): PolicyStatement | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const raw = value as Record<string, unknown>;
  const effect = raw.Effect === 'Deny' ? 'Deny' : raw.Effect === 'Allow' ? 'Allow' : undefined;
  if (!effect) return undefined;
  return compact({
    sid: typeof raw.Sid === 'string' ? raw.Sid : undefined,
    effect,
    action: asArray(raw.Action),
    notAction: asArray(raw.NotAction),
    resource: asArray(raw.Resource),
    notResource: asArray(raw.NotResource),
    condition: conditionOf(raw.Condition),
    principal: principalOf(raw.Principal),
  }) as PolicyStatement;
}

/** Parses a policy JSON string (URL-decoding it first when it is encoded). Undefined when unreadable. */
export function parsePolicyDocument(text: string | undefined): PolicyDocument | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  let json = text.trim();
  if (!json.startsWith('{')) {
    try {
      json = decodeURIComponent(json);
    } catch {
      return undefined;
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const raw = parsed as Record<string, unknown>;
  const statements = (Array.isArray(raw.Statement) ? raw.Statement : [raw.Statement])
    .map(statementOf)
    .filter((statement): statement is PolicyStatement => statement !== undefined);
  return compact({ version: typeof raw.Version === 'string' ? raw.Version : undefined, statements });
}
