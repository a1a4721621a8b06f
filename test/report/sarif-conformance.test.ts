// Conformance of real SARIF output: (1) the official SARIF 2.1.0 JSON Schema, (2) our own check of
// GitHub's ingestion rules, which must reject every trap other scanners fell into (sarif-github.md).
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { jest } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type * as Sarif from 'sarif';
import {
  GITHUB_SARIF_LIMITS,
  githubConformanceProblems,
  githubLogProblems,
  gzipSizeBound,
  pseudoPathProblem,
} from '../../src/report/github-conformance.js';
import { buildSarifLog, checkedSarif, renderSarif } from '../../src/report/sarif.js';
import { demoScan } from './sarif-fixtures.js';

const OFFICIAL_SCHEMA = 'node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json';
const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

async function demoSarif(): Promise<string> {
  return renderSarif(buildSarifLog(await demoScan()));
}

describe('demo SARIF against the official SARIF 2.1.0 JSON Schema', () => {
  it('validates with zero errors', async () => {
    const schema = JSON.parse(await readFile(OFFICIAL_SCHEMA, 'utf8')) as { $schema: string };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const document = JSON.parse(await demoSarif()) as unknown;
    expect(validate(document) ? [] : validate.errors).toEqual([]);
    // The schema has teeth: a wrong version is rejected.
    expect(validate({ ...(document as object), version: '2.0.0' })).toBe(false);
  });
});

describe('GitHub ingestion check', () => {
  it('accepts the demo SARIF', async () => {
    expect(githubConformanceProblems(await demoSarif())).toEqual([]);
  });

  type Mutation = (log: Sarif.Log) => void;
  const result0 = (log: Sarif.Log): Sarif.Result => log.runs[0]!.results![0]!;
  const rule0 = (log: Sarif.Log): Sarif.ReportingDescriptor => log.runs[0]!.tool.driver.rules![0]!;
  const location0 = (log: Sarif.Log): Sarif.Location => result0(log).locations![0]!;
  const traps: [string, Mutation, RegExp][] = [
    [
      'an ARN as the URI (Trivy)',
      (log) => {
        location0(log).physicalLocation!.artifactLocation!.uri =
          'arn:aws:ec2:us-east-1:123456789012:security-group/sg-1';
      },
      /artifactLocation\.uri is an ARN/,
    ],
    [
      'an https URI',
      (log) => {
        location0(log).physicalLocation!.artifactLocation!.uri = 'https://console.aws.amazon.com/x';
      },
      /has a URI scheme/,
    ],
    [
      'an empty URI',
      (log) => {
        location0(log).physicalLocation!.artifactLocation!.uri = '';
      },
      /uri is missing or empty/,
    ],
    [
      'a leading slash',
      (log) => {
        location0(log).physicalLocation!.artifactLocation!.uri = '/aws/1/x';
      },
      /starts with "\/"/,
    ],
    [
      'an empty segment',
      (log) => {
        location0(log).physicalLocation!.artifactLocation!.uri = 'aws//x';
      },
      /empty segment/,
    ],
    [
      'a ".." segment',
      (log) => {
        location0(log).physicalLocation!.artifactLocation!.uri = 'aws/../x';
      },
      /"\.\." segment/,
    ],
    [
      'an unescaped space',
      (log) => {
        location0(log).physicalLocation!.artifactLocation!.uri = 'aws/my doc';
      },
      /must be percent-encoded/,
    ],
    [
      'a missing location',
      (log) => {
        delete result0(log).locations;
      },
      /locations: missing or empty; GitHub rejects the whole file/,
    ],
    [
      'an empty locations array',
      (log) => {
        result0(log).locations = [];
      },
      /locations: missing or empty/,
    ],
    [
      'a logical-only location',
      (log) => {
        delete location0(log).physicalLocation;
      },
      /physicalLocation: missing \(a logical-only location is rejected\)/,
    ],
    [
      'two locations',
      (log) => {
        result0(log).locations!.push(location0(log));
      },
      /2 locations; emit exactly one/,
    ],
    [
      'a missing region.startLine',
      (log) => {
        delete location0(log).physicalLocation!.region;
      },
      /region\.startLine: must be an integer >= 1/,
    ],
    [
      'a missing primaryLocationLineHash',
      (log) => {
        result0(log).partialFingerprints = {};
      },
      /primaryLocationLineHash: missing/,
    ],
    [
      'an empty message',
      (log) => {
        result0(log).message = { text: '' };
      },
      /message\.text: missing or empty/,
    ],
    [
      'message.id without text (GH1007)',
      (log) => {
        result0(log).message = { id: 'default', arguments: ['x'] };
      },
      /message\.id\/arguments without text is rejected/,
    ],
    [
      'a result whose rule is not listed',
      (log) => {
        result0(log).ruleId = 'nope';
      },
      /ruleId: nope is not in tool\.driver\.rules/,
    ],
    [
      'more than 10 tags',
      (log) => {
        rule0(log).properties!.tags = Array.from({ length: 11 }, (_, i) => `t${i}`);
      },
      /11 tags, GitHub shows only 10/,
    ],
    [
      'a numeric security-severity',
      (log) => {
        rule0(log).properties!['security-severity'] = 8;
      },
      /security-severity: must be a string score/,
    ],
    [
      'an empty help text',
      (log) => {
        rule0(log).help = { text: '' };
      },
      /help\.text: missing or empty/,
    ],
    [
      'a missing fullDescription',
      (log) => {
        delete rule0(log).fullDescription;
      },
      /fullDescription\.text: missing or empty/,
    ],
    [
      'a description over 1,024 characters',
      (log) => {
        rule0(log).shortDescription = { text: 'x'.repeat(1025) };
      },
      /shortDescription\.text: 1025 characters, over 1024/,
    ],
    [
      'a rule name over 255 characters',
      (log) => {
        rule0(log).name = 'N'.repeat(256);
      },
      /name: must be a non-empty string of at most 255/,
    ],
    [
      'duplicate run keys',
      (log) => {
        log.runs.push(structuredClone(log.runs[0]!));
      },
      /runs\[1\]: duplicate run key/,
    ],
    [
      'a run without automationDetails.id',
      (log) => {
        delete log.runs[0]!.automationDetails;
      },
      /automationDetails\.id: missing/,
    ],
    [
      'more than 20 runs',
      (log) => {
        const run = log.runs[0]!;
        log.runs = Array.from({ length: 21 }, (_, i) => ({
          ...run,
          automationDetails: { id: `aws-audit/${i}/` },
        }));
      },
      /runs: 21 runs, over GitHub's limit of 20 per file/,
    ],
    [
      'more than 25,000 results in a run',
      (log) => {
        const result = result0(log);
        log.runs[0]!.results = Array.from({ length: 25_001 }, () => result);
      },
      /25001 results, over GitHub's hard limit of 25000/,
    ],
    [
      'more than 100 tool extensions',
      (log) => {
        log.runs[0]!.tool.extensions = Array.from({ length: 101 }, (_, i) => ({ name: `x${i}` }));
      },
      /tool\.extensions: 101, over 100/,
    ],
    [
      'a wrong version',
      (log) => {
        (log as { version: string }).version = '2.0.0';
      },
      /^version: must be "2\.1\.0"$/,
    ],
  ];

  it.each(traps)('rejects %s', async (_name, mutate, expected) => {
    const log = JSON.parse(await demoSarif()) as Sarif.Log;
    mutate(log);
    const problems = githubConformanceProblems(JSON.stringify(log));
    expect(problems.some((problem) => expected.test(problem))).toBe(true);
    // The check of the object (no parse) finds the same problems, in the same order.
    const text = JSON.stringify(log);
    expect(githubLogProblems(log, text, Buffer.from(text))).toEqual(problems);
  });

  it('rejects a file over 10 MB gzipped', () => {
    // Random bytes do not compress: base64 of 11 MiB gzips to about 11 MiB.
    const noise = randomBytes(11 * 1024 * 1024).toString('base64');
    const problems = githubConformanceProblems(
      JSON.stringify({ version: '2.1.0', $schema: 'x', runs: [], noise }),
    );
    expect(problems[0]).toMatch(/^file: \d+ bytes gzipped, over GitHub's 10485760$/);
  });

  it('rejects a 28 MB-class file over the limit whether checked from text or from the log', () => {
    const noise = randomBytes(11 * 1024 * 1024).toString('base64');
    const log = { version: '2.1.0', $schema: 'x', runs: [], noise };
    const { text, bytes, problems } = checkedSarif(log as unknown as Sarif.Log);
    expect(problems).toEqual(githubConformanceProblems(text));
    expect(problems[0]).toMatch(/^file: \d+ bytes gzipped, over GitHub's 10485760$/);
    expect(bytes.equals(Buffer.from(text))).toBe(true);
  });

  it('rejects text that is not JSON', () => {
    expect(githubConformanceProblems('{"runs": [')).toEqual(['file: not valid JSON']);
  });

  it('pseudoPathProblem accepts the paths we emit', () => {
    expect(pseudoPathProblem('aws/123456789012/us-east-1/ssm/document/My%20Doc%251%3Av')).toBeUndefined();
    expect(pseudoPathProblem('aws/1/x/%zz')).toMatch(/bad %-escape/);
  });

  it('refuses to render a log GitHub would reject', async () => {
    const log = JSON.parse(await demoSarif()) as Sarif.Log;
    delete result0(log).locations;
    expect(() => renderSarif(log)).toThrow(
      /^cannot write SARIF: runs\[0\]\.results\[0\]\.locations: missing or empty/,
    );
  });
});

describe('gzip size bound', () => {
  const limit = GITHUB_SARIF_LIMITS.gzippedBytes;

  it.each([0, 1, 1_000, 16_383, 65_535, 1 << 20, 10_400_000])(
    'is never below gzip of %i incompressible bytes, and within 0.1 % of it',
    (length) => {
      const gzipped = gzipSync(randomBytes(length)).length;
      expect(gzipped).toBeLessThanOrEqual(gzipSizeBound(length));
      expect(gzipSizeBound(length) - gzipped).toBeLessThan(20 + length / 1000);
    },
  );

  it('is not 5 bytes per 65,535-byte stored block: zlib ends a block every 16,383 literals', () => {
    const length = 1 << 20;
    expect(gzipSync(randomBytes(length)).length).toBeGreaterThan(
      length + 5 * Math.ceil(length / 65_535) + 18,
    );
  });

  /** A SARIF text of exactly `length` UTF-8 bytes (multi-byte characters among them). */
  function sarifOfLength(length: number): { log: Sarif.Log; text: string } {
    const base = { version: '2.1.0' as const, $schema: 'x', runs: [], padding: '' };
    const empty = Buffer.byteLength(JSON.stringify(base, null, 2) + '\n');
    const unit = 'aws → audit — ';
    const unitBytes = Buffer.byteLength(unit);
    const units = Math.floor((length - empty) / unitBytes);
    base.padding = unit.repeat(units) + 'x'.repeat(length - empty - units * unitBytes);
    const text = `${JSON.stringify(base, null, 2)}\n`;
    expect(Buffer.byteLength(text)).toBe(length);
    return { log: base, text };
  }

  // The largest byte length whose bound is within the limit: gzip is skipped up to it.
  let skipUpTo = limit;
  while (gzipSizeBound(skipUpTo) > limit) skipUpTo--;

  it.each([
    ['just under the threshold (gzip skipped)', skipUpTo],
    ['just over the threshold (gzipped)', skipUpTo + 1],
  ])('gives the problems of a direct gzip %s', (_name, length) => {
    expect(gzipSizeBound(skipUpTo)).toBeLessThanOrEqual(limit);
    expect(gzipSizeBound(skipUpTo + 1)).toBeGreaterThan(limit);
    const { log, text } = sarifOfLength(length);
    const gzipped = gzipSync(text).length;
    const expected = [
      ...(gzipped > limit ? [`file: ${gzipped} bytes gzipped, over GitHub's ${limit}`] : []),
      'runs: missing or empty',
    ];
    expect(githubConformanceProblems(text)).toEqual(expected);
    expect(checkedSarif(log).problems).toEqual(expected);
  });
});

describe('checking the log instead of its parsed text', () => {
  async function demoLog(): Promise<Sarif.Log> {
    return JSON.parse(await demoSarif()) as Sarif.Log;
  }

  function bothWays(log: unknown): { fromLog: string[]; fromText: string[] } {
    const text = `${JSON.stringify(log, null, 2)}\n`;
    return {
      fromLog: githubLogProblems(log, text, Buffer.from(text)),
      fromText: githubConformanceProblems(text),
    };
  }

  it('does not parse the text of a plain log', async () => {
    const log = buildSarifLog(await demoScan());
    const parse = jest.spyOn(JSON, 'parse');
    try {
      expect(checkedSarif(log).problems).toEqual([]);
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });

  it('reads values as JSON writes them: left-out, null, non-finite and -0', async () => {
    const log = await demoLog();
    const result = log.runs[0]!.results![0]! as unknown as Record<string, unknown>;
    result.level = undefined; // left out: no level problem
    result.ruleId = () => 'x'; // a function is left out: "missing"
    const region = (result.locations as Sarif.Location[])[0]!.physicalLocation!.region!;
    region.startLine = Number.NaN; // written null
    (log.runs[0]!.tool.driver as unknown as Record<string, unknown>).version = -0; // written 0
    const rule = log.runs[0]!.tool.driver.rules![0]!;
    rule.properties!.tags = ['security', undefined as unknown as string]; // written null: not a string
    const parse = jest.spyOn(JSON, 'parse');
    let fromLog: string[];
    try {
      const text = `${JSON.stringify(log, null, 2)}\n`;
      fromLog = githubLogProblems(log, text, Buffer.from(text));
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
    const { fromText } = bothWays(log);
    expect(fromLog).toEqual(fromText);
    expect(fromText.length).toBeGreaterThanOrEqual(3);
  });

  class Uri {
    constructor(readonly value: string) {}
    toJSON(): string {
      return this.value;
    }
  }

  const notPlain: [string, (log: Sarif.Log) => void][] = [
    [
      'a toJSON on a checked path',
      (log) => {
        const location = log.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!;
        (location as Record<string, unknown>).uri = new Uri('arn:aws:s3:::b');
      },
    ],
    [
      'a plain object with its own toJSON',
      (log) => {
        const location = log.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!;
        (location as Record<string, unknown>).uri = { toJSON: () => 'arn:aws:s3:::b' };
      },
    ],
    [
      'a getter',
      (log) => {
        Object.defineProperty(log.runs[0]!.results![0]!, 'ruleId', { get: () => '', enumerable: true });
      },
    ],
    [
      'a non-enumerable property (not written)',
      (log) => {
        Object.defineProperty(log.runs[0]!.results![0]!, 'message', {
          value: { text: 'x' },
          enumerable: false,
        });
      },
    ],
    [
      'a class instance',
      (log) => {
        class Message {
          text = 'shown';
        }
        log.runs[0]!.results![0]!.message = new Message();
      },
    ],
    [
      'a Proxy',
      (log) => {
        log.runs[0]!.results![0]!.message = new Proxy({ text: 'x' }, { ownKeys: () => [] });
      },
    ],
    [
      'a hole in the results',
      (log) => {
        log.runs[0]!.results!.length += 1;
      },
    ],
    [
      'a Date on a checked path',
      (log) => {
        (log.runs[0]!.tool.driver as unknown as Record<string, unknown>).version = new Date(0);
      },
    ],
  ];

  it.each(notPlain)("gives the parsed text's problems for %s", async (_name, mutate) => {
    const log = await demoLog();
    mutate(log);
    const { fromLog, fromText } = bothWays(log);
    expect(fromLog).toEqual(fromText);
  });
});
