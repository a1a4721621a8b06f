// What the fixture reads from a request: service and region from the SigV4 credential scope (the
// signature itself is not verified), the operation from `Action` or `X-Amz-Target`, and the
// parameters in the protocol's own encoding.
import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from './protocols.js';

export interface CredentialScope {
  accessKeyId: string;
  region: string;
  service: string;
}

const SCOPE = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

export function credentialScope(headers: IncomingHttpHeaders): CredentialScope | undefined {
  const auth = headers.authorization;
  const match = typeof auth === 'string' ? SCOPE.exec(auth) : null;
  if (!match) return undefined;
  return { accessKeyId: match[1]!, region: match[2]!, service: match[3]! };
}

/** Parameters of a request, whatever the protocol: query-string keys or JSON members. */
export interface Params {
  string(name: string): string | undefined;
  int(name: string): number | undefined;
  bool(name: string): boolean | undefined;
  /** A list member: `Name.1`, `Name.2`… (ec2Query), `Name.member.1`… (awsQuery) or a JSON array. */
  list(name: string): string[];
  /** EC2-style filters: `Filter.N.Name` / `Filter.N.Value.M`, or JSON `Filters[{Key,Values}]`. */
  filters(): { name: string; values: string[] }[];
  /** True when the request named any parameter in `names`. */
  has(name: string): boolean;
}

export class QueryParams implements Params {
  readonly map: Map<string, string>;

  constructor(body: string) {
    this.map = new Map(new URLSearchParams(body));
  }

  string(name: string): string | undefined {
    return this.map.get(name);
  }

  int(name: string): number | undefined {
    const raw = this.map.get(name);
    if (raw === undefined) return undefined;
    const value = Number(raw);
    if (!Number.isInteger(value))
      throw new ApiError(400, 'InvalidParameterValue', `Invalid value '${raw}' for ${name}`);
    return value;
  }

  bool(name: string): boolean | undefined {
    const raw = this.map.get(name);
    return raw === undefined ? undefined : raw === 'true';
  }

  list(name: string): string[] {
    const values: string[] = [];
    for (const prefix of [`${name}.member.`, `${name}.`]) {
      for (let i = 1; ; i++) {
        const value = this.map.get(`${prefix}${i}`);
        if (value === undefined) break;
        values.push(value);
      }
      if (values.length) break;
    }
    return values;
  }

  filters(): { name: string; values: string[] }[] {
    const filters: { name: string; values: string[] }[] = [];
    for (let i = 1; ; i++) {
      const name = this.map.get(`Filter.${i}.Name`);
      if (name === undefined) break;
      filters.push({ name, values: this.list(`Filter.${i}.Value`) });
    }
    return filters;
  }

  has(name: string): boolean {
    for (const key of this.map.keys()) if (key === name || key.startsWith(`${name}.`)) return true;
    return false;
  }
}

export class JsonParams implements Params {
  readonly body: Record<string, unknown>;

  constructor(text: string) {
    let parsed: unknown = {};
    if (text.trim()) {
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new ApiError(400, 'SerializationException', 'Request body is not valid JSON');
      }
    }
    this.body = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
  }

  string(name: string): string | undefined {
    const value = this.body[name];
    return typeof value === 'string' ? value : undefined;
  }

  int(name: string): number | undefined {
    const value = this.body[name];
    return typeof value === 'number' ? value : undefined;
  }

  bool(name: string): boolean | undefined {
    const value = this.body[name];
    return typeof value === 'boolean' ? value : undefined;
  }

  list(name: string): string[] {
    const value = this.body[name];
    return Array.isArray(value) ? value.map(String) : [];
  }

  filters(): { name: string; values: string[] }[] {
    const value = this.body.Filters;
    if (!Array.isArray(value)) return [];
    return value.map((f: { Key?: unknown; Values?: unknown }) => ({
      name: String(f.Key),
      values: Array.isArray(f.Values) ? f.Values.map(String) : [],
    }));
  }

  has(name: string): boolean {
    return this.body[name] !== undefined;
  }
}
