// Reduces instance and launch-template user data to a `UserDataScan`: size, encoding, hash and
// redacted credential matches. The decoded text lives only inside `scanUserData`; it is never
// returned, thrown, or logged (design.md "No secret ever lands in a snapshot"; aws-facts §4.2).
//
// Besides the plain text, it decodes what user data commonly wraps a key in: gzip, UTF-16
// (Windows user data), base64 runs (MIME parts, cloud-init `write_files` with `encoding: b64`,
// `gz+b64`, …, `echo … | base64 -d`, PowerShell `-EncodedCommand`), each nested at most
// `MAX_DECODE_DEPTH` deep, and all of it within `MAX_DECOMPRESSED_BYTES` and `MAX_BLOBS` per scan.
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { SecretMatch, UserDataScan } from '../snapshot/types.js';

/**
 * User data is at most 16 KB raw (aws-facts §4.2); a gzip bomb is cut off well above that. The
 * bound is per scan: every decoded or inflated layer draws on the same budget.
 */
export const MAX_DECOMPRESSED_BYTES = 1024 * 1024;
/** Base64 inside base64 (inside gzip…) is decoded this many layers deep and no deeper. */
export const MAX_DECODE_DEPTH = 3;
/** At most this many base64 runs are decoded per scan, however many the text holds. */
export const MAX_BLOBS = 256;
/** Shorter base64-looking runs are words, not payloads (`Zm9v` is "foo", too short to hold a key). */
const MIN_BLOB_CHARS = 20;

// gitleaks `aws-access-token` (aws-facts §4.2), with its `.+EXAMPLE$` allowlist applied below.
const ACCESS_KEY_ID = /\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b/g;
// A 40-character secret only counts next to a keyword naming it, to keep false positives down:
// `name = value` forms (shell, INI, YAML, JSON), then the two CLI forms that separate by spaces,
// `aws configure set [profile.p.]aws_secret_access_key VALUE` and PowerShell's
// `Set-AWSCredential … -SecretKey VALUE`.
const SECRET_ACCESS_KEY =
  /(?:aws_?secret_?access_?key|secret_?access_?key|aws_?secret_?key|SecretAccessKey)["']?\s*(?::|=|=>)\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi;
const SECRET_ACCESS_KEY_ARGUMENT =
  /(?:\baws\s+configure\s+set\s+(?:[\w.-]+\.)?aws_secret_access_key|-SecretKey)\s+["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi;
// A base64 run on one line, or a block of lines holding nothing else (a MIME body, a YAML `|` block).
const INLINE_BLOB = /[A-Za-z0-9+/]{20,}={0,2}/g;
const BLOB_LINE = /^[A-Za-z0-9+/]+={0,2}$/;

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function redactAccessKeyId(value: string): string {
  return `${value.slice(0, 4)}…${value.slice(-4)}`;
}

/** No character of a secret access key survives: its length (and the hash beside it) is all. */
export function redactSecretKey(value: string): string {
  return `[redacted, ${value.length} chars]`;
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Work left for this scan: decoded bytes and base64 runs. */
interface Budget {
  bytes: number;
  blobs: number;
}

function gunzipBounded(bytes: Uint8Array, budget: Budget): Buffer | undefined {
  if (budget.bytes <= 0) return undefined;
  try {
    const inflated = gunzipSync(bytes, { maxOutputLength: budget.bytes });
    budget.bytes -= inflated.length;
    return inflated;
  } catch {
    // Cut off at the bound (or corrupt): the work up to the bound is spent either way.
    budget.bytes = 0;
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

/**
 * UTF-16 text as Windows tools write it: a byte-order mark, or (no BOM) little-endian ASCII, where
 * most odd bytes are zero and no even byte is. Returns the text, or undefined for anything else.
 */
function utf16Text(bytes: Uint8Array): string | undefined {
  if (bytes.length < 2) return undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return Buffer.from(bytes.subarray(2)).toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  if (bytes.length % 2 !== 0) return undefined;
  let zeroHigh = 0;
  for (let i = 0; i < bytes.length; i += 2) {
    if (bytes[i] === 0) return undefined;
    if (bytes[i + 1] === 0) zeroHigh += 1;
  }
  return zeroHigh * 10 >= (bytes.length / 2) * 9 ? Buffer.from(bytes).toString('utf16le') : undefined;
}

/** Decoded base64 is worth scanning only when it reads as text: no control characters but tab and newlines. */
function printable(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u0008\u000b\u000e-\u001f\u007f\ufffd]/.test(text);
}

type Decoded = { text: string; encoding: UserDataScan['encoding'] };

/** Bytes → text: gunzipped, UTF-16 or UTF-8; undefined when they are none of these. */
function decodeBytes(bytes: Uint8Array, budget: Budget): Decoded | undefined {
  if (isGzip(bytes)) {
    const inflated = gunzipBounded(bytes, budget);
    const inner = inflated && textOf(inflated);
    return inner && { text: inner.text, encoding: 'gzip' };
  }
  return textOf(bytes);
}

function textOf(bytes: Uint8Array): Decoded | undefined {
  if (looksLikeText(bytes)) return { text: Buffer.from(bytes).toString('utf8'), encoding: 'plain' };
  const utf16 = utf16Text(bytes);
  return utf16 === undefined ? undefined : { text: utf16, encoding: 'utf-16' };
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
  for (const pattern of [SECRET_ACCESS_KEY, SECRET_ACCESS_KEY_ARGUMENT])
    for (const match of text.matchAll(pattern)) {
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

/** The base64 runs of a text with the 1-based line each starts on. */
function base64Runs(text: string): { blob: string; line: number }[] {
  const runs: { blob: string; line: number }[] = [];
  const lines = text.split('\n');
  let block: string[] = [];
  let blockStart = 0;
  const endBlock = (): void => {
    const joined = block.join('');
    if (joined.length >= MIN_BLOB_CHARS) runs.push({ blob: joined, line: blockStart });
    block = [];
  };
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line.length > 0 && BLOB_LINE.test(line)) {
      if (block.length === 0) blockStart = index + 1;
      block.push(line);
      // A padded line ends its block: base64 cannot continue after `=`.
      if (line.endsWith('=')) endBlock();
      return;
    }
    endBlock();
    for (const match of raw.matchAll(INLINE_BLOB)) runs.push({ blob: match[0], line: index + 1 });
  });
  endBlock();
  return runs;
}

/**
 * Finds secrets in `text`, then in whatever its base64 runs decode to (gzip and UTF-16 included),
 * `depth` layers down at most. Lines are those of the outermost text: a secret inside a blob is
 * reported at the line where the blob starts plus its line inside the blob.
 */
function scanText(
  text: string,
  lineOffset: number,
  depth: number,
  budget: Budget,
  into: SecretMatch[],
): void {
  findSecrets(text, lineOffset, into);
  if (depth >= MAX_DECODE_DEPTH) return;
  for (const { blob, line } of base64Runs(text)) {
    if (budget.blobs <= 0 || budget.bytes <= 0) return;
    if (blob.replace(/=+$/, '').length % 4 === 1) continue; // not base64
    budget.blobs -= 1;
    const bytes = Buffer.from(blob, 'base64');
    budget.bytes -= bytes.length;
    const decoded = decodeBytes(bytes, budget);
    if (!decoded || !printable(decoded.text)) continue;
    scanText(decoded.text, lineOffset + line - 1, depth + 1, budget, into);
  }
}

/** One match per (type, hash, line): a run decoded twice over (MIME and YAML) reports once. */
function distinct(matches: SecretMatch[]): SecretMatch[] {
  const seen = new Set<string>();
  return matches.filter((m) => {
    const key = `${m.type}|${m.sha256}|${m.line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
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
  const budget: Budget = { bytes: MAX_DECOMPRESSED_BYTES, blobs: MAX_BLOBS };
  const secrets: SecretMatch[] = [];
  if (isGzip(raw)) {
    const inflated = gunzipBounded(raw, budget);
    const decoded = inflated && textOf(inflated);
    if (!inflated || !decoded) {
      // Corrupt, larger than the bound, or not text: record what we can without guessing at it.
      return { present: true, bytes: raw.length, encoding: 'binary', sha256: sha256(raw), secrets };
    }
    scanText(decoded.text, 0, 0, budget, secrets);
    return {
      present: true,
      bytes: inflated.length,
      encoding: 'gzip',
      sha256: sha256(inflated),
      secrets: distinct(secrets),
    };
  }
  const decoded = textOf(raw);
  if (!decoded) {
    // Still searched: a key in an otherwise binary blob is still a key.
    findSecrets(raw.toString('latin1'), 0, secrets);
    return { present: true, bytes: raw.length, encoding: 'binary', sha256: sha256(raw), secrets };
  }
  scanText(decoded.text, 0, 0, budget, secrets);
  return {
    present: true,
    bytes: raw.length,
    encoding: decoded.encoding,
    sha256: sha256(raw),
    secrets: distinct(secrets),
  };
}
