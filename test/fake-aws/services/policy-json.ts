// Our normalised policy documents written back as IAM policy JSON.
import type { PolicyDocument } from '../../../src/snapshot/types.js';

export function policyObject(document: PolicyDocument): Record<string, unknown> {
  return {
    Version: document.version ?? '2012-10-17',
    Statement: document.statements.map((s) => {
      const statement: Record<string, unknown> = {};
      if (s.sid !== undefined) statement.Sid = s.sid;
      statement.Effect = s.effect;
      if (s.principal !== undefined) statement.Principal = s.principal;
      if (s.action !== undefined) statement.Action = s.action;
      if (s.notAction !== undefined) statement.NotAction = s.notAction;
      if (s.resource !== undefined) statement.Resource = s.resource;
      if (s.notResource !== undefined) statement.NotResource = s.notResource;
      if (s.condition !== undefined) statement.Condition = s.condition;
      return statement;
    }),
  };
}

export function policyJson(document: PolicyDocument): string {
  return JSON.stringify(policyObject(document));
}

/** aws-facts §4.3: IAM returns policy documents URL-encoded per RFC 3986. */
export function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
