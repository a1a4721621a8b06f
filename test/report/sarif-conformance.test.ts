// Conformance of real SARIF output: (1) the official SARIF 2.1.0 JSON Schema, (2) our own check of
// GitHub's ingestion rules, which must reject every trap other scanners fell into (sarif-github.md).
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type * as Sarif from 'sarif';
import { githubConformanceProblems, pseudoPathProblem } from '../../src/report/github-conformance.js';
import { buildSarifLog, renderSarif } from '../../src/report/sarif.js';
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
  });

  it('rejects a file over 10 MB gzipped', () => {
    // Random bytes do not compress: base64 of 11 MiB gzips to about 11 MiB.
    const noise = randomBytes(11 * 1024 * 1024).toString('base64');
    const problems = githubConformanceProblems(
      JSON.stringify({ version: '2.1.0', $schema: 'x', runs: [], noise }),
    );
    expect(problems[0]).toMatch(/^file: \d+ bytes gzipped, over GitHub's 10485760$/);
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
