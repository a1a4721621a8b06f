import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import {
  MAX_BLOBS,
  MAX_DECODE_DEPTH,
  MAX_DECOMPRESSED_BYTES,
  scanUserData,
} from '../../src/collect/user-data-scan.js';

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
          redacted: '[redacted, 40 chars]',
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

describe('scanUserData: encodings that wrap a key (issue 20 item 5)', () => {
  const found = (scan: ReturnType<typeof scanUserData>): [string, number][] =>
    scan.secrets.map((s) => [s.type, s.line]);
  const credentials = `[default]\naws_access_key_id = ${KEY_ID_VALID}\naws_secret_access_key = ${SECRET}\n`;

  it.each([
    ['b64', b64(credentials)],
    ['base64', b64(credentials)],
    ['gz+b64', gzipSync(credentials).toString('base64')],
    ['gzip+base64', gzipSync(credentials).toString('base64')],
  ])('decodes cloud-init write_files content with encoding: %s', (encoding, content) => {
    const text = [
      '#cloud-config',
      'write_files:',
      '  - path: /root/.aws/credentials',
      `    encoding: ${encoding}`,
      `    content: ${content}`,
      '',
    ].join('\n');
    expect(found(scanUserData(b64(text)))).toEqual([
      ['aws-access-key-id', 6],
      ['aws-secret-access-key', 7],
    ]);
  });

  it('decodes a write_files block scalar whose base64 spans several lines', () => {
    const content = gzipSync(credentials).toString('base64');
    const lines = content.match(/.{1,40}/g) ?? [];
    const text = [
      '#cloud-config',
      'write_files:',
      '  - encoding: gz+b64',
      '    content: |',
      ...lines.map((l) => `      ${l}`),
    ].join('\n');
    expect(found(scanUserData(b64(text)))).toEqual([
      ['aws-access-key-id', 6],
      ['aws-secret-access-key', 7],
    ]);
  });

  it('decodes a base64 blob piped to base64 -d inside a script', () => {
    const text = `#!/bin/bash\necho ${b64(credentials)} | base64 -d > /root/.aws/credentials\n`;
    expect(found(scanUserData(b64(text)))).toEqual([
      ['aws-access-key-id', 3],
      ['aws-secret-access-key', 4],
    ]);
  });

  it('finds the secret of aws configure set, with or without a profile', () => {
    const text = [
      '#!/bin/bash',
      `aws configure set aws_access_key_id ${KEY_ID_VALID}`,
      `aws configure set aws_secret_access_key ${SECRET}`,
      `aws configure set profile.ci.aws_secret_access_key "${SECRET}"`,
    ].join('\n');
    expect(found(scanUserData(b64(text)))).toEqual([
      ['aws-access-key-id', 2],
      ['aws-secret-access-key', 3],
      ['aws-secret-access-key', 4],
    ]);
  });

  it('finds PowerShell Set-AWSCredential -AccessKey … -SecretKey …', () => {
    const text = `<powershell>\nSet-AWSCredential -AccessKey ${KEY_ID_VALID} -SecretKey '${SECRET}' -StoreAs default\n</powershell>\n`;
    expect(found(scanUserData(b64(text)))).toEqual([
      ['aws-access-key-id', 2],
      ['aws-secret-access-key', 2],
    ]);
  });

  it('decodes UTF-16 user data, with a byte-order mark or without (little-endian)', () => {
    const text = `<powershell>\r\nSet-AWSCredential -AccessKey ${KEY_ID_VALID} -SecretKey ${SECRET}\r\n</powershell>\r\n`;
    const withBom = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const bigEndian = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    for (const bytes of [withBom, Buffer.from(text, 'utf16le'), bigEndian]) {
      const scan = scanUserData(bytes.toString('base64'));
      expect(scan.encoding).toBe('utf-16');
      expect(found(scan)).toEqual([
        ['aws-access-key-id', 2],
        ['aws-secret-access-key', 2],
      ]);
    }
  });

  it('decodes a PowerShell -EncodedCommand (base64 of UTF-16LE)', () => {
    const command = `Set-AWSCredential -AccessKey ${KEY_ID_VALID} -SecretKey ${SECRET}`;
    const text = `<powershell>\npowershell.exe -EncodedCommand ${Buffer.from(command, 'utf16le').toString('base64')}\n</powershell>\n`;
    expect(found(scanUserData(b64(text)))).toEqual([
      ['aws-access-key-id', 2],
      ['aws-secret-access-key', 2],
    ]);
  });

  it(`decodes nested base64 up to ${MAX_DECODE_DEPTH} layers and no deeper`, () => {
    let payload = `aws_secret_access_key=${SECRET}`;
    for (let i = 0; i < MAX_DECODE_DEPTH; i += 1) payload = `echo ${b64(payload)} | base64 -d | sh`;
    expect(found(scanUserData(b64(payload)))).toEqual([['aws-secret-access-key', 1]]);
    expect(found(scanUserData(b64(`echo ${b64(payload)} | base64 -d | sh`)))).toEqual([]);
  });

  it(`stops after ${MAX_BLOBS} base64 runs per scan`, () => {
    const filler = Array.from({ length: MAX_BLOBS }, () => `echo ${b64('harmless text, nothing here')}`);
    const secretLine = `echo ${b64(`aws_secret_access_key=${SECRET}`)}`;
    expect(scanUserData(b64([secretLine, ...filler].join('\n'))).secrets).toHaveLength(1);
    expect(scanUserData(b64([...filler, secretLine].join('\n'))).secrets).toHaveLength(0);
  });

  it('shares one decompression budget across every layer of a scan', () => {
    const half = gzipSync(Buffer.alloc(MAX_DECOMPRESSED_BYTES / 2 + 1, 0x20)).toString('base64');
    const keyBlob = gzipSync(`aws_secret_access_key=${SECRET}`).toString('base64');
    const text = [`echo ${half}`, `echo ${half}`, `echo ${keyBlob}`].join('\n');
    expect(scanUserData(b64(text)).secrets).toEqual([]);
    expect(scanUserData(b64([`echo ${keyBlob}`, `echo ${half}`].join('\n'))).secrets).toHaveLength(1);
  });

  it('does not treat words or a bare key id or secret as base64 payloads', () => {
    const text = `ThisIsAVeryLongIdentifierNameWithoutSpaces\nkey=${SECRET}\n${KEY_ID_VALID}\n`;
    expect(found(scanUserData(b64(text)))).toEqual([['aws-access-key-id', 3]]);
  });
});

describe('redaction', () => {
  const SECRETS = [SECRET, 'abcdEFGHijklMNOPqrstUVWXyz0123456789+/AB'];

  it('keeps no character of a secret access key, only its length', () => {
    for (const secret of SECRETS) {
      const text = `aws_secret_access_key=${secret}\n`;
      for (const encoded of [
        b64(text),
        gzipSync(text).toString('base64'),
        b64(`echo ${b64(text)} | base64 -d`),
      ]) {
        const serialised = JSON.stringify(scanUserData(encoded));
        // No run of 4 or more of the secret's characters, anywhere (hash aside).
        const withoutHashes = serialised.replace(/[0-9a-f]{64}/g, '');
        for (let i = 0; i + 4 <= secret.length; i += 1)
          expect(withoutHashes).not.toContain(secret.slice(i, i + 4));
        expect(scanUserData(encoded).secrets[0]?.redacted).toBe('[redacted, 40 chars]');
      }
    }
  });

  it('keeps an access key id as its prefix and last four characters only', () => {
    expect(scanUserData(b64(`id=${KEY_ID_VALID}\n`)).secrets[0]?.redacted).toBe('AKIA…WXYZ');
  });
});
