import { singleRegionSnapshot } from '../test/support/builders/index.js';
import type { Instance, MetadataOptions } from '../src/snapshot/types.js';
import { evaluateCase, ruleTester } from '../test/support/rule-tester.js';
import rule from './ec2-instance-imdsv2-required.js';

const imds = (httpTokens: string, httpEndpoint = 'enabled'): MetadataOptions => ({
  httpTokens,
  httpEndpoint,
  httpPutResponseHopLimit: 1,
});

function withInstance(fields: Partial<Instance>) {
  return singleRegionSnapshot((r) => {
    r.vpc('vpc-1');
    r.subnet('subnet-1', 'vpc-1');
    r.instance('i-1', 'subnet-1', { name: 'api', ...fields });
  });
}

ruleTester.run(rule, {
  pass: [
    {
      name: 'tokens required',
      snapshot: withInstance({ metadataOptions: imds('required') }),
      resourceId: 'i-1',
      message: 'Instance i-1 (api) requires IMDSv2 tokens.',
      evidenceKinds: ['metadata-options'],
    },
    {
      name: 'metadata endpoint disabled with tokens required',
      snapshot: withInstance({ metadataOptions: imds('required', 'disabled') }),
      resourceId: 'i-1',
      message: 'Instance i-1 (api) has its instance metadata endpoint disabled and requires IMDSv2 tokens.',
    },
  ],
  fail: [
    {
      name: 'tokens optional on a running instance is high',
      snapshot: withInstance({ metadataOptions: imds('optional') }),
      resourceId: 'i-1',
      severity: 'high',
      message: 'Instance i-1 (api) allows IMDSv1 (HttpTokens is optional).',
      check: (finding) => expect(finding.evidence[0]?.details).toMatchObject({ httpTokens: 'optional' }),
    },
    {
      name: 'a stopped instance keeps the setting, at medium',
      snapshot: withInstance({ state: 'stopped', metadataOptions: imds('optional') }),
      resourceId: 'i-1',
      severity: 'medium',
      message: 'Stopped instance i-1 (api) allows IMDSv1 (HttpTokens is optional) and will when started.',
    },
    {
      // Security Hub EC2.8 / Config ec2-imdsv2-check judge HttpTokens alone (issue 20 item 16).
      name: 'metadata endpoint disabled but tokens optional fails (EC2.8), at low, saying why',
      snapshot: withInstance({ metadataOptions: imds('optional', 'disabled') }),
      resourceId: 'i-1',
      severity: 'low',
      message: [
        'Instance i-1 (api) has its instance metadata endpoint disabled but HttpTokens optional',
        'IMDSv1 answers as soon as the endpoint is enabled',
        'Security Hub EC2.8',
      ],
      check: (finding) =>
        expect(finding.evidence[0]?.details).toMatchObject({
          httpEndpoint: 'disabled',
          httpTokens: 'optional',
        }),
    },
  ],
  unknown: [
    {
      name: 'an unrecognised HttpTokens value with the endpoint enabled',
      snapshot: withInstance({ metadataOptions: imds('v2-only') }),
      resourceId: 'i-1',
      message: 'Instance i-1 (api) reports an unrecognised HttpTokens value "v2-only".',
      evidenceKinds: ['metadata-options'],
    },
    {
      name: 'an unrecognised HttpTokens value with the endpoint disabled is not a pass',
      snapshot: withInstance({ metadataOptions: imds('Required', 'disabled') }),
      resourceId: 'i-1',
      message: 'unrecognised HttpTokens value "Required"',
    },
    {
      name: 'metadata options absent',
      snapshot: singleRegionSnapshot((r) => {
        r.vpc('vpc-1');
        r.subnet('subnet-1', 'vpc-1');
        const instance = r.instance('i-1', 'subnet-1');
        delete instance.metadataOptions;
      }),
      resourceId: 'i-1',
      message: 'no metadata options',
    },
    {
      name: 'instances not collected',
      snapshot: singleRegionSnapshot((r) => {
        r.setCollection('instances', 'failed');
      }),
      resourceId: 'us-east-1',
    },
  ],
});

describe('ec2-instance-imdsv2-required scope', () => {
  it('does not evaluate terminated instances', () => {
    expect(
      evaluateCase(rule, withInstance({ state: 'terminated', metadataOptions: imds('optional') })),
    ).toEqual([]);
  });
});
