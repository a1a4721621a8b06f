// Reduces instance and launch-template user data to a `UserDataScan`: size, encoding, hash and
// redacted credential matches. The decoded text lives only inside `scanUserData`; it is never
// returned, thrown, or logged (design.md "No secret ever lands in a snapshot"; aws-facts §4.2).
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { SecretMatch, UserDataScan } from '../snapshot/types.js';

/** User data is at most 16 KB raw (aws-facts §4.2); a gzip bomb is cut off well above that. */
export const MAX_DECOMPRESSED_BYTES = 1024 * 1024;
/** Nested MIME parts are decoded this deep and no deeper. */
const MAX_MIME_DEPTH = 3;

// gitleaks `aws-access-token` (aws-facts §4.2), with its `.+EXAMPLE$` allowlist applied below.
const ACCESS_KEY_ID = /\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b/g;
// A 40-character secret only counts next to a keyword naming it, to keep false positives down.
const SECRET_ACCESS_KEY =
  /(?:aws_?secret_?access_?key|secret_?access_?key|aws_?secret_?key|SecretAccessKey)["']?\s*(?::|=|=>)\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi;

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function redactAccessKeyId(value: string): string {
  return `${value.slice(0, 4)}…${value.slice(-4)}`;
}

export function redactSecretKey(value: string): string {
  return `${value.slice(0, 4)}…(${value.length} chars)`;
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function gunzipBounded(bytes: Uint8Array): Buffer | undefined {
  try {
    return gunzipSync(bytes, { maxOutputLength: MAX_DECOMPRESSED_BYTES });
  } catch {
    return undefined;
  }
}

/** Text is plain when it decodes as UTF-8 and has no NUL bytes (cloud-init scripts, YAML). */
function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i += 1) if (text.charCodeAt(i) === 10) line += 1;
  return line;
}

function findSecrets(text: string, lineOffset: number, into: SecretMatch[]): void {
  for (const match of text.matchAll(ACCESS_KEY_ID)) {
    const value = match[1] ?? '';
    if (/EXAMPLE$/.test(value)) continue;
    into.push({
      type: 'aws-access-key-id',
      redacted: redactAccessKeyId(value),
      length: value.length,
      sha256: sha256(value),
      line: lineOffset + lineAt(text, match.index),
    });
  }
  for (const match of text.matchAll(SECRET_ACCESS_KEY)) {
    const value = match[1] ?? '';
    const start = match.index + match[0].length - value.length;
    into.push({
      type: 'aws-secret-access-key',
      redacted: redactSecretKey(value),
      length: value.length,
      sha256: sha256(value),
      line: lineOffset + lineAt(text, start),
    });
  }
}

/** MIME parts that are themselves base64 (and maybe gzip) are decoded and scanned too. */
function scanMimeParts(text: string, depth: number, into: SecretMatch[]): void {
  if (depth >= MAX_MIME_DEPTH) return;
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(text)?.[1];
  if (!boundary) return;
  const marker = `--${boundary}`;
  let offset = 0;
  for (const part of text.split(marker)) {
    const partStart = offset;
    offset += part.length + marker.length;
    const split = /\r?\n\r?\n/.exec(part);
    if (!split) continue;
    const headers = part.slice(0, split.index);
    if (!/content-transfer-encoding:\s*base64/i.test(headers)) continue;
    const body = part.slice(split.index + split[0].length).replace(/\s+/g, '');
    const decoded = decodePayload(Buffer.from(body, 'base64'));
    if (!decoded) continue;
    const bodyLine = lineAt(text, partStart + split.index + split[0].length);
    findSecrets(decoded.text, bodyLine - 1, into);
    scanMimeParts(decoded.text, depth + 1, into);
  }
}

function decodePayload(bytes: Uint8Array): { text: string; encoding: UserDataScan['encoding'] } | undefined {
  if (isGzip(bytes)) {
    const inflated = gunzipBounded(bytes);
    if (!inflated) return undefined;
    return { text: inflated.toString('utf8'), encoding: 'gzip' };
  }
  if (!looksLikeText(bytes)) return undefined;
  return { text: Buffer.from(bytes).toString('utf8'), encoding: 'plain' };
}

/**
 * Scans base64 user data (as DescribeInstanceAttribute and DescribeLaunchTemplateVersions return
 * it). Absent or empty user data yields `present: false`.
 */
export function scanUserData(base64: string | undefined): UserDataScan {
  if (base64 === undefined || base64.trim() === '') {
    return { present: false, bytes: 0, encoding: 'plain', secrets: [] };
  }
  const raw = Buffer.from(base64.replace(/\s+/g, ''), 'base64');
  const secrets: SecretMatch[] = [];
  if (isGzip(raw)) {
    const inflated = gunzipBounded(raw);
    if (!inflated) {
      // Corrupt or larger than the bound: record what we can without guessing at the content.
      return { present: true, bytes: raw.length, encoding: 'binary', sha256: sha256(raw), secrets };
    }
    const text = inflated.toString('utf8');
    findSecrets(text, 0, secrets);
    scanMimeParts(text, 0, secrets);
    return { present: true, bytes: inflated.length, encoding: 'gzip', sha256: sha256(inflated), secrets };
  }
  if (!looksLikeText(raw)) {
    // Still searched: a key in an otherwise binary blob is still a key.
    findSecrets(raw.toString('latin1'), 0, secrets);
    return { present: true, bytes: raw.length, encoding: 'binary', sha256: sha256(raw), secrets };
  }
  const text = raw.toString('utf8');
  findSecrets(text, 0, secrets);
  scanMimeParts(text, 0, secrets);
  return { present: true, bytes: raw.length, encoding: 'plain', sha256: sha256(raw), secrets };
}
