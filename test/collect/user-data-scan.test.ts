import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { MAX_DECOMPRESSED_BYTES, scanUserData } from '../../src/collect/user-data-scan.js';

const KEY_ID = 'AKIA2E0A8F3B244C9986';
const KEY_ID_VALID = 'AKIAZ7Q2MN4PLK3JWXYZ';
const SECRET = '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';
const b64 = (text: string | Buffer): string => Buffer.from(text).toString('base64');

describe('scanUserData', () => {
  it('reports absent user data as not present', () => {
    expect(scanUserData(undefined)).toEqual({ present: false, bytes: 0, encoding: 'plain', secrets: [] });
    expect(scanUserData('')).toEqual({ present: false, bytes: 0, encoding: 'plain', secrets: [] });
  });

  it('finds an access key id and a keyword-adjacent secret in plain text, redacted, with line, length and hash', () => {
    const text = `#!/bin/bash\necho hi\nexport AWS_ACCESS_KEY_ID=${KEY_ID_VALID}\nexport AWS_SECRET_ACCESS_KEY="${SECRET}"\n`;
    const scan = scanUserData(b64(text));
    expect(scan).toEqual({
      present: true,
      bytes: Buffer.byteLength(text),
      encoding: 'plain',
      sha256: createHash('sha256').update(text).digest('hex'),
      secrets: [
        {
          type: 'aws-access-key-id',
          redacted: 'AKIA…WXYZ',
          length: 20,
          sha256: createHash('sha256').update(KEY_ID_VALID).digest('hex'),
          line: 3,
        },
        {
          type: 'aws-secret-access-key',
          redacted: 'Zk8p…(40 chars)',
          length: 40,
          sha256: createHash('sha256').update(SECRET).digest('hex'),
          line: 4,
        },
      ],
    });
  });

  it('does not match a key id containing characters outside [A-Z2-7] (e.g. digits 0, 1, 8, 9)', () => {
    expect(scanUserData(b64(`key=${KEY_ID}\n`)).secrets).toEqual([]);
  });

  it('gunzips gzip user data (magic 1f 8b) and scans the text', () => {
    const text = `#cloud-config\nwrite_files:\n  - content: |\n      [default]\n      aws_access_key_id = ${KEY_ID_VALID}\n      aws_secret_access_key = ${SECRET}\n`;
    const scan = scanUserData(gzipSync(text).toString('base64'));
    expect(scan.encoding).toBe('gzip');
    expect(scan.bytes).toBe(Buffer.byteLength(text));
    expect(scan.secrets.map((s) => [s.type, s.line])).toEqual([
      ['aws-access-key-id', 5],
      ['aws-secret-access-key', 6],
    ]);
  });

  it('decodes base64 parts of a cloud-init MIME multipart document', () => {
    const part = `#!/bin/sh\nAWS_ACCESS_KEY_ID=${KEY_ID_VALID}\n`;
    const mime = [
      'Content-Type: multipart/mixed; boundary="==BOUNDARY=="',
      'MIME-Version: 1.0',
      '',
      '--==BOUNDARY==',
      'Content-Type: text/cloud-config; charset="us-ascii"',
      '',
      '#cloud-config',
      'packages: [jq]',
      '--==BOUNDARY==',
      'Content-Type: text/x-shellscript; charset="us-ascii"',
      'Content-Transfer-Encoding: base64',
      '',
      b64(part),
      '--==BOUNDARY==--',
      '',
    ].join('\n');
    const scan = scanUserData(b64(mime));
    expect(scan.encoding).toBe('plain');
    expect(scan.secrets).toHaveLength(1);
    expect(scan.secrets[0]).toMatchObject({ type: 'aws-access-key-id', redacted: 'AKIA…WXYZ', line: 14 });
  });

  it('ignores AWS documentation example keys ending in EXAMPLE', () => {
    expect(scanUserData(b64('aws_access_key_id=AKIAIOSFODNN7EXAMPLE\n')).secrets).toEqual([]);
  });

  it('does not flag a 40-character string without a secret keyword nearby', () => {
    expect(scanUserData(b64(`checksum=${SECRET}\n`)).secrets).toEqual([]);
  });

  it('never carries the secret itself: the serialised result holds neither the key id nor the secret', () => {
    const text = `AWS_ACCESS_KEY_ID=${KEY_ID_VALID}\naws_secret_access_key: ${SECRET}\n`;
    for (const encoded of [b64(text), gzipSync(text).toString('base64')]) {
      const serialised = JSON.stringify(scanUserData(encoded));
      expect(serialised).not.toContain(KEY_ID_VALID);
      expect(serialised).not.toContain(SECRET);
      expect(serialised).not.toContain(SECRET.slice(0, 20));
      expect(serialised).not.toContain('export');
    }
  });

  it('bounds decompression: a gzip bomb is recorded as binary without being inflated', () => {
    const bomb = gzipSync(Buffer.alloc(MAX_DECOMPRESSED_BYTES * 2, 0x41));
    const scan = scanUserData(bomb.toString('base64'));
    expect(scan).toMatchObject({ present: true, encoding: 'binary', bytes: bomb.length, secrets: [] });
  });

  it('still searches binary data', () => {
    const blob = Buffer.concat([Buffer.from([0, 1, 2, 255]), Buffer.from(` ${KEY_ID_VALID} `)]);
    const scan = scanUserData(blob.toString('base64'));
    expect(scan.encoding).toBe('binary');
    expect(scan.secrets.map((s) => s.redacted)).toEqual(['AKIA…WXYZ']);
  });
});
