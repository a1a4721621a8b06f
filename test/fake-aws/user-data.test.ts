import { gunzipSync } from 'node:zlib';
import { RegionBuilder, buildAccount } from '../support/builders/index.js';
import type { UserDataScan } from '../../src/snapshot/types.js';
import { buildDemoSnapshot } from '../../scripts/demo-account.js';
import { fakeAccountFromSnapshot, synthesiseUserData } from './index.js';

// aws-facts §4.2: the gitleaks shape of an access key id; secrets are 40 chars of [A-Za-z0-9/+].
const ACCESS_KEY_ID = /\b((?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b/;
const SECRET_LINE = /^aws_secret_access_key = ([A-Za-z0-9/+]{40})$/;

function leak(line: number, redactedKey: string, secretLine: number, redactedSecret: string): UserDataScan {
  return {
    present: true,
    bytes: 900,
    encoding: 'plain',
    secrets: [
      { type: 'aws-access-key-id', redacted: redactedKey, length: 20, sha256: 'x', line },
      { type: 'aws-secret-access-key', redacted: redactedSecret, length: 40, sha256: 'y', line: secretLine },
    ],
  };
}

test('gzip user data from the demo decodes to keys of the redacted shape on the recorded lines', () => {
  const account = buildDemoSnapshot().accounts[0]!;
  const worker = account.regions[0]!.instances.find((i) => i.id === 'i-0a11worker01')!;
  const raw = fakeAccountFromSnapshot(account).userData!['i-0a11worker01']!;
  expect(raw).toBeInstanceOf(Uint8Array);
  const text = gunzipSync(raw).toString('utf8');
  expect(Buffer.byteLength(text)).toBe(worker.userData!.bytes);
  const lines = text.split('\n');
  for (const secret of worker.userData!.secrets) {
    const line = lines[secret.line - 1]!;
    if (secret.type === 'aws-access-key-id') {
      const key = ACCESS_KEY_ID.exec(line)![1]!;
      expect(`${key.slice(0, 4)}…${key.slice(-4)}`).toBe(secret.redacted);
      expect(key).toHaveLength(20);
    } else {
      const value = SECRET_LINE.exec(line)![1]!;
      expect(value).toMatch(/^[A-Za-z0-9/+]{40}$/);
      expect(secret.redacted).toBe('[redacted, 40 chars]');
    }
  }
  // Launch templates get the same treatment.
  const template = fakeAccountFromSnapshot(account).launchTemplateUserData!['lt-0a11web']!;
  expect(gunzipSync(template).toString()).toMatch(/aws_secret_access_key = [A-Za-z0-9/+]{40}/);
});

test('plain user data is cloud-init text of the scanned size, keys on their lines', () => {
  const raw = synthesiseUserData(leak(4, 'ASIA…WXYZ', 9, '[redacted, 40 chars]'), 'i-1') as string;
  expect(typeof raw).toBe('string');
  const lines = raw.split('\n');
  expect(lines[0]).toBe('#cloud-config');
  expect(lines[3]).toMatch(/^aws_access_key_id = ASIA[A-Z2-7]{12}WXYZ$/);
  expect(lines[8]).toMatch(/^aws_secret_access_key = [A-Za-z0-9/+]{40}$/);
  expect(Buffer.byteLength(raw)).toBe(900);
  // Nothing else in the text looks like a key.
  expect(lines.filter((l) => ACCESS_KEY_ID.test(l))).toHaveLength(1);
});

test('two findings on one line share it; the output is deterministic per resource', () => {
  const scan = leak(3, 'AKIA…AAAA', 3, '[redacted, 40 chars]');
  const raw = synthesiseUserData(scan, 'lt-1') as string;
  expect(raw.split('\n')[2]).toMatch(
    /^aws_access_key_id = AKIA[A-Z2-7]{12}AAAA aws_secret_access_key = [A-Za-z0-9/+]{40}$/,
  );
  expect(synthesiseUserData(scan, 'lt-1')).toBe(raw);
  expect(synthesiseUserData(scan, 'lt-2')).not.toBe(raw);
});

test('no user data when the scan says none; opaque bytes for binary', () => {
  expect(
    synthesiseUserData({ present: false, bytes: 0, encoding: 'plain', secrets: [] }, 'i-1'),
  ).toBeUndefined();
  expect(synthesiseUserData(undefined, 'i-1')).toBeUndefined();
  const binary = synthesiseUserData(
    { present: true, bytes: 64, encoding: 'binary', secrets: [] },
    'i-1',
  ) as Uint8Array;
  expect(binary).toHaveLength(64);
  expect([binary[0], binary[1]]).not.toEqual([0x1f, 0x8b]);
  expect(() => new TextDecoder('utf-8', { fatal: true }).decode(binary)).toThrow();

  const region = new RegionBuilder('us-east-1');
  region.subnet('subnet-1', 'vpc-1');
  region.instance('i-none', 'subnet-1');
  expect(fakeAccountFromSnapshot(buildAccount({ regions: [region] })).userData).toEqual({});
});
