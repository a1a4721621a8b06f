// IMDSv2 only: `MetadataOptions.HttpTokens == "required"` (aws-facts §5.3, §5.5; Security Hub EC2.8).
import { defineRegionalRule, fail, pass, regionalRef, unknown } from '../src/engine/define-rule.js';
import type { Evidence, RegionalRuleContext, RuleResult } from '../src/engine/types.js';
import type { Instance } from '../src/snapshot/types.js';
import { instanceLabel, isEvaluatedInstance } from './support/instances.js';

function metadataEvidence(instance: Instance): Evidence {
  const options = instance.metadataOptions;
  return {
    kind: 'metadata-options',
    summary:
      `${instance.id} metadata options: HttpEndpoint=${options?.httpEndpoint ?? '?'}, ` +
      `HttpTokens=${options?.httpTokens ?? '?'}, HttpPutResponseHopLimit=${options?.httpPutResponseHopLimit ?? '?'}`,
    resourceId: instance.id,
    details: {
      httpEndpoint: options?.httpEndpoint ?? null,
      httpTokens: options?.httpTokens ?? null,
      httpPutResponseHopLimit: options?.httpPutResponseHopLimit ?? null,
      state: instance.state,
    },
  };
}

export default defineRegionalRule({
  meta: {
    id: 'ec2-instance-imdsv2-required',
    title: 'EC2 instances require IMDSv2 session tokens',
    severity: 'high',
    service: 'ec2',
    resourceType: 'AWS::EC2::Instance',
    description:
      'Fails when an instance (running or stopped) has HttpTokens "optional", which answers IMDSv1 requests: high when running, medium when stopped, low when its metadata endpoint is disabled (Security Hub EC2.8 judges HttpTokens alone; enabling the endpoint brings IMDSv1 back). An unrecognised HttpTokens value is unknown.',
    risk: 'IMDSv1 answers plain GET requests, so a server-side request forgery or an open proxy on the instance hands out its role credentials. IMDSv2 requires a PUT-issued session token that such requests cannot obtain. Default Host Management also refuses IMDSv1 instances.',
    remediation:
      'Require tokens: `aws ec2 modify-instance-metadata-options --instance-id i-0abc --http-tokens required --http-endpoint enabled`. Set HttpTokens=required in launch templates and AMIs (ImdsSupport v2.0), after checking that SDKs and agents on the instance are recent enough for IMDSv2.',
    references: {
      securityHub: ['EC2.8'],
      cis: ['CIS v3.0.0 5.6', 'CIS v5.0.0 5.7'],
      awsConfig: ['ec2-imdsv2-check'],
      links: ['https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-IMDS-existing-instances.html'],
    },
    scope: 'regional',
    resourceKind: 'instances',
    requires: ['instances'],
    precision: 'very-high',
  },
  *evaluate({ region }: RegionalRuleContext): Iterable<RuleResult> {
    for (const instance of region.data.instances) {
      if (!isEvaluatedInstance(instance)) continue;
      const ref = regionalRef(region, 'AWS::EC2::Instance', instance);
      const label = instanceLabel(instance);
      const options = instance.metadataOptions;
      if (!options) {
        yield unknown(ref, `${label} has no metadata options in the snapshot.`, [metadataEvidence(instance)]);
        continue;
      }
      const disabled = options.httpEndpoint === 'disabled';
      if (options.httpTokens === 'required') {
        yield pass(
          ref,
          `${label} ${disabled ? 'has its instance metadata endpoint disabled and requires' : 'requires'} IMDSv2 tokens.`,
          [metadataEvidence(instance)],
        );
        continue;
      }
      if (options.httpTokens !== 'optional') {
        // Never a pass on a value we cannot read, even behind a disabled endpoint.
        yield unknown(ref, `${label} reports an unrecognised HttpTokens value "${options.httpTokens}".`, [
          metadataEvidence(instance),
        ]);
        continue;
      }
      if (disabled) {
        // Security Hub EC2.8 and Config ec2-imdsv2-check judge HttpTokens alone: a disabled
        // endpoint is one API call from answering IMDSv1 (aws-facts §5.5). Low: nothing answers now.
        yield fail(
          ref,
          `${label} has its instance metadata endpoint disabled but HttpTokens optional: IMDSv1 answers as soon as the endpoint is enabled, so Security Hub EC2.8 (Config ec2-imdsv2-check) counts it non-compliant.`,
          [metadataEvidence(instance)],
          'low',
        );
        continue;
      }
      // A stopped instance answers nothing until started, and starts with the same setting.
      yield fail(
        ref,
        `${label} allows IMDSv1 (HttpTokens is optional)${instance.state === 'running' ? '' : ' and will when started'}.`,
        [metadataEvidence(instance)],
        instance.state === 'running' ? 'high' : 'medium',
      );
    }
  },
});
