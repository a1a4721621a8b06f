// The scanner's two credential patterns, tested on the source (src/collect/user-data-scan.ts) so that
// `npm run test:unit` after an edit tests the edit, not a stale dist/: every key-id prefix gitleaks
// knows (aws-facts §4.2), the identifier prefixes that are not keys, and both ends of each match —
// the `\b` around a key id and the lookahead that ends a 40-character secret.
import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { scanUserData } from '../../src/collect/user-data-scan.js';
import type { SecretMatch } from '../../src/snapshot/types.js';

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');
const scan = (text: string): SecretMatch[] => scanUserData(b64(text)).secrets;

/** 16 characters of the key-id body alphabet `[A-Z2-7]`. */
const BODY = 'QZ7XW2MN4PLK3JRV';
/** 40 characters of the secret alphabet `[A-Za-z0-9/+]`. */
const SECRET = 'Zk8p3Xw+9QmL2vN7rT4yB1cD6eF0gH5jK8lM3nP/';

describe('access key id pattern (gitleaks aws-access-token, aws-facts §4.2)', () => {
  it.each([
    ['AKIA', 'long-term access key'],
    ['ASIA', 'temporary (STS) access key'],
    ['ABIA', 'STS bearer token'],
    ['ACCA', 'context-specific credential'],
    ['A3TX', 'A3T + letter'],
    ['A3T7', 'A3T + digit'],
    ['A3T0', 'A3T + digit outside the body alphabet'],
  ])('reports a %s key id (%s), redacted to prefix and last four, with its hash and line', (prefix) => {
    const keyId = `${prefix}${BODY}`;
    expect(scan(`#!/bin/sh\nKEY=${keyId}\n`)).toEqual([
      {
        type: 'aws-access-key-id',
        redacted: `${prefix}…${BODY.slice(-4)}`,
        length: 20,
        sha256: sha256(keyId),
        line: 2,
      },
    ]);
  });

  it.each([
    ['AIDA', 'IAM user id'],
    ['AROA', 'role id'],
    ['AIPA', 'instance profile id'],
    ['AGPA', 'group id'],
    ['ANPA', 'managed policy id'],
    ['AKIB', 'near miss of AKIA'],
    ['A3U7', 'near miss of A3T'],
  ])('does not report %s… (%s): not an access key', (prefix) => {
    expect(scan(`id=${prefix}${BODY}\n`)).toEqual([]);
  });

  it('does not report a key id with a lowercase letter or a digit outside [A-Z2-7] in its body', () => {
    expect(
      scan(`a=AKIA${BODY.slice(0, 15)}q\nb=AKIA${BODY.slice(0, 15)}8\nc=AKIA${BODY.slice(0, 15)}1\n`),
    ).toEqual([]);
  });

  it('needs a word boundary after the 20th character: a 21-character run is not a key id', () => {
    expect(scan(`x=AKIA${BODY}Q\n`)).toEqual([]);
    expect(scan(`x=AKIA${BODY}_tail\n`)).toEqual([]);
  });

  it('needs a word boundary before the prefix: a key id glued to a word is not reported', () => {
    expect(scan(`x=XAKIA${BODY}\n`)).toEqual([]);
    expect(scan(`x=9ASIA${BODY}\n`)).toEqual([]);
  });

  it('reports a key id between punctuation, quotes, or at the very start and end of the data', () => {
    const keyId = `ASIA${BODY}`;
    for (const text of [keyId, `"${keyId}"`, `key:${keyId},`, `(${keyId})`, `=${keyId}\r\n`])
      expect([text, scan(text).map((s) => s.redacted)]).toEqual([text, [`ASIA…${BODY.slice(-4)}`]]);
  });

  it('reports each of several key ids on one line, in order', () => {
    const text = `ids AKIA${BODY} ABIA${BODY.slice(1)}A ACCA${BODY.slice(2)}AB`;
    expect(scan(text).map((s) => s.redacted)).toEqual([
      `AKIA…${BODY.slice(-4)}`,
      `ABIA…${BODY.slice(-3)}A`,
      `ACCA…${BODY.slice(-2)}AB`,
    ]);
  });

  it('skips documentation keys ending in EXAMPLE whatever the prefix, and only those', () => {
    expect(scan('a=AKIAIOSFODNN7EXAMPLE\nb=ASIAIOSFODNN7EXAMPLE\n')).toEqual([]);
    expect(scan('a=AKIAIOSFODNN7EXAMPLEQ\n')).toEqual([]); // 21 characters: no key at all
    expect(scan('a=AKIAIOSFEXAMPLEODNNQ\n').map((s) => s.redacted)).toEqual(['AKIA…DNNQ']);
  });
});

describe('secret access key pattern (keyword, separator, 40 characters, end of secret)', () => {
  const found = (text: string): string[] =>
    scan(text)
      .filter((s) => s.type === 'aws-secret-access-key')
      .map((s) => s.sha256);

  it.each([
    ['aws_secret_access_key = ', ''],
    ['AWS_SECRET_ACCESS_KEY=', ''],
    ['export AWS_SECRET_ACCESS_KEY="', '"'],
    ['awssecretaccesskey: ', ''],
    ['secret_access_key => ', ''],
    ['aws_secret_key=', ''],
    ['"SecretAccessKey": "', '"'],
    ["secretaccesskey:'", "'"],
  ])('reports the 40 characters after %j', (before, after) => {
    expect(scan(`${before}${SECRET}${after}\n`)).toEqual([
      {
        type: 'aws-secret-access-key',
        redacted: '[redacted, 40 chars]',
        length: 40,
        sha256: sha256(SECRET),
        line: 1,
      },
    ]);
  });

  it('ends the secret at its 40th character only when no secret character follows (the lookahead)', () => {
    // 41, 44 and 60 secret characters: not a secret access key, and never its first 40 characters.
    expect(found(`aws_secret_access_key=${SECRET}A\n`)).toEqual([]);
    expect(found(`aws_secret_access_key=${SECRET}abcd\n`)).toEqual([]);
    expect(found(`aws_secret_access_key=${SECRET}${SECRET.slice(0, 20)}\n`)).toEqual([]);
    // A `/`, `+` or `=` after the 40th character continues a base64 value, so it is no key either.
    expect(found(`aws_secret_access_key=${SECRET}/\n`)).toEqual([]);
    expect(found(`aws_secret_access_key=${SECRET}+\n`)).toEqual([]);
    expect(found(`aws_secret_access_key=${SECRET}=\n`)).toEqual([]);
  });

  it('ends the secret at any character outside [A-Za-z0-9/+=], or at the end of the data', () => {
    for (const end of ['', '\n', '\r\n', ' ', '"', "'", ',', ';', '}', '#'])
      expect([end, found(`aws_secret_access_key=${SECRET}${end}`)]).toEqual([end, [sha256(SECRET)]]);
  });

  it('does not report fewer than 40 characters', () => {
    expect(found(`aws_secret_access_key=${SECRET.slice(1)}\n`)).toEqual([]);
  });

  it('does not report 40 characters behind an unknown keyword or a separator it does not know', () => {
    expect(found(`aws_session_token=${SECRET}\n`)).toEqual([]);
    expect(found(`aws_secret_access_key ${SECRET}\n`)).toEqual([]);
    expect(found(`aws_secret_access_key -> ${SECRET}\n`)).toEqual([]);
  });

  it('gives the line of the secret, not of the keyword, when the separator spans a line break', () => {
    expect(scan(`#!/bin/sh\naws_secret_access_key =\n  ${SECRET}\n`)).toEqual([
      expect.objectContaining({ type: 'aws-secret-access-key', line: 3 }),
    ]);
  });
});
