// Raw user data synthesised from a snapshot's redacted scan results, so that the collector's
// scanner, reading it back through DescribeInstanceAttribute / DescribeLaunchTemplateVersions,
// finds keys with the same redacted form on the same lines. The keys are fake test strings
// built from the redacted parts plus deterministic filler — never real credentials.
import { gzipSync } from 'node:zlib';
import type { AccountSnapshot, SecretMatch, UserDataScan } from '../../src/snapshot/types.js';
import { fillerFrom } from './random.js';
import type { FakeAwsAccount } from './types.js';

const KEY_ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+';

/** `AKIA…Q7XZ` → `{ head: 'AKIA', tail: 'Q7XZ' }`; `[redacted, 40 chars]` → nothing shown. */
function redactedParts(redacted: string): { head: string; tail: string } {
  if (!redacted.includes('…')) return { head: '', tail: '' };
  const [head = '', rest = ''] = redacted.split('…');
  return { head, tail: rest.startsWith('(') ? '' : rest };
}

/** A fake key id matching the gitleaks shape `(AKIA|ASIA|…)[A-Z2-7]{16}` (aws-facts §4.2). */
function fakeAccessKeyId(match: SecretMatch, seed: string): string {
  const { head, tail } = redactedParts(match.redacted);
  const prefix = head || 'AKIA';
  const length = match.length || 20;
  const filler = fillerFrom(KEY_ID_ALPHABET, Math.max(0, length - prefix.length - tail.length), seed);
  return `${prefix}${filler}${tail}`;
}

/** A fake secret access key: 40 characters of `[A-Za-z0-9/+]` (a redacted secret shows none of them). */
function fakeSecretKey(match: SecretMatch, seed: string): string {
  const { head, tail } = redactedParts(match.redacted);
  const length = match.length || 40;
  return `${head}${fillerFrom(SECRET_ALPHABET, Math.max(0, length - head.length - tail.length), seed)}${tail}`;
}

function secretLine(match: SecretMatch, seed: string): string {
  return match.type === 'aws-access-key-id'
    ? `aws_access_key_id = ${fakeAccessKeyId(match, seed)}`
    : `aws_secret_access_key = ${fakeSecretKey(match, seed)}`;
}

/**
 * The raw user data a scan result describes: cloud-init text with each secret on its line, padded
 * to the scanned size when that is larger; gzip-compressed when the scan saw gzip, UTF-16LE when
 * it saw UTF-16 (then the size is that of the UTF-8 text). `undefined`
 * when the scan says there was none.
 */
export function synthesiseUserData(
  scan: UserDataScan | undefined,
  resourceId: string,
): string | Uint8Array | undefined {
  if (!scan?.present) return undefined;
  if (scan.encoding === 'binary') {
    // Opaque bytes: neither text nor gzip.
    const size = Math.max(scan.bytes, 16);
    return Uint8Array.from({ length: size }, (_, i) => (i === 0 ? 0xff : (i * 131 + 7) % 256));
  }
  const bySecretLine = new Map<number, string[]>();
  for (const [index, match] of scan.secrets.entries()) {
    const texts = bySecretLine.get(match.line) ?? [];
    texts.push(secretLine(match, `${resourceId}|${index}|${match.type}`));
    bySecretLine.set(match.line, texts);
  }
  const lastLine = Math.max(3, ...bySecretLine.keys());
  const lines: string[] = [];
  for (let n = 1; n <= lastLine; n++) {
    const secrets = bySecretLine.get(n);
    if (secrets) lines.push(secrets.join(' '));
    else if (n === 1) lines.push('#cloud-config');
    else if (n === 2) lines.push('runcmd:');
    else lines.push(`  - echo "provisioning step ${n}"`);
  }
  let text = `${lines.join('\n')}\n`;
  const missing = scan.bytes - Buffer.byteLength(text);
  if (missing >= 2) text += `#${'-'.repeat(missing - 2)}\n`;
  else if (missing === 1) text += '\n';
  if (scan.encoding === 'utf-16') return Buffer.from(text, 'utf16le');
  return scan.encoding === 'gzip' ? gzipSync(Buffer.from(text)) : text;
}

/**
 * The `launchTemplateUserData` key of one template version: the template id for its latest version
 * (as before versions were served), `<id>:<n>` for another version.
 */
export function launchTemplateUserDataKey(
  template: { id: string; latestVersionNumber?: number; latestVersion?: { versionNumber: number } },
  versionNumber: number,
): string {
  const latest = template.latestVersionNumber ?? template.latestVersion?.versionNumber ?? 1;
  return versionNumber === latest ? template.id : `${template.id}:${versionNumber}`;
}

/** A served account whose user data (instances and launch templates) is synthesised from the snapshot. */
export function fakeAccountFromSnapshot(account: AccountSnapshot): FakeAwsAccount {
  const userData: Record<string, string | Uint8Array> = {};
  const launchTemplateUserData: Record<string, string | Uint8Array> = {};
  for (const region of account.regions) {
    for (const instance of region.instances) {
      const raw = synthesiseUserData(instance.userData, instance.id);
      if (raw !== undefined) userData[instance.id] = raw;
    }
    for (const template of region.launchTemplates) {
      const raw = synthesiseUserData(template.latestVersion?.userData, template.id);
      if (raw !== undefined) launchTemplateUserData[template.id] = raw;
      for (const version of template.versions ?? []) {
        const key = launchTemplateUserDataKey(template, version.versionNumber);
        const other = synthesiseUserData(version.userData, key);
        if (other !== undefined) launchTemplateUserData[key] = other;
      }
    }
  }
  return { snapshot: account, userData, launchTemplateUserData };
}
