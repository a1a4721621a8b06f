import { compareVersions, requiredSsmServices, ssmIdentity } from '../../src/analysis/ssm-reachability.js';
import { viewOf } from './helpers.js';

describe('SSM agent needs (aws-facts §5.2, §5.3)', () => {
  it('compares agent versions numerically, not as strings', () => {
    expect(compareVersions('3.3.40.0', '3.3.1345.0')).toBeLessThan(0);
    expect(compareVersions('3.10.0.0', '3.9.9.9')).toBeGreaterThan(0);
    expect(compareVersions('3.3.40', '3.3.40.0')).toBe(0);
  });

  it('needs ec2messages only for agents older than 3.3.40.0', () => {
    expect(requiredSsmServices('3.3.39.9')).toEqual(['ssm', 'ssmmessages', 'ec2messages']);
    expect(requiredSsmServices('3.3.40.0')).toEqual(['ssm', 'ssmmessages']);
    expect(requiredSsmServices(undefined)).toEqual(['ssm', 'ssmmessages']);
  });
});

describe('ssmIdentity', () => {
  function identity(options: { dhmc?: boolean; tokens?: string; agent?: string; dhmcCollected?: boolean }) {
    const { region, account } = viewOf((r) => {
      r.vpc('vpc-1');
      r.subnet('subnet-1', 'vpc-1');
      r.instance('i-1', 'subnet-1', {
        metadataOptions: { httpTokens: options.tokens ?? 'required', httpEndpoint: 'enabled' },
      });
      if (options.dhmc !== undefined) r.defaultHostManagement(options.dhmc, 'dhmc-role');
      if (options.dhmcCollected === false) r.setCollection('ssmDefaultHostManagement', 'failed');
      if (options.agent) r.ssmInstance('i-1', { agentVersion: options.agent, pingStatus: 'ConnectionLost' });
    });
    const instance = region.instance('i-1')!;
    return ssmIdentity(region, account, instance, region.ssmInstance('i-1'));
  }

  it('Default Host Management grants an identity to IMDSv2 instances without a profile', () => {
    const result = identity({ dhmc: true });
    expect([result.verdict, result.source]).toEqual(['granted', 'default-host-management']);
  });

  it('but not to IMDSv1 instances, nor to agents older than 3.2.582.0', () => {
    expect(identity({ dhmc: true, tokens: 'optional' }).reason).toContain('IMDSv1 is allowed');
    expect(identity({ dhmc: true, agent: '3.2.500.0' }).reason).toContain('older than 3.2.582.0');
  });

  it('the minimum agent version 3.2.582.0 itself qualifies; one build below does not', () => {
    expect(identity({ dhmc: true, agent: '3.2.582.0' })).toMatchObject({
      verdict: 'granted',
      source: 'default-host-management',
    });
    expect(identity({ dhmc: true, agent: '3.2.581.9' })).toMatchObject({ verdict: 'not-granted' });
    expect(identity({ dhmc: true, agent: '3.2.581.9' }).reason).toContain(
      'agent 3.2.581.9 is older than 3.2.582.0',
    );
  });

  it('no profile and no Default Host Management is no identity; an unread setting is undecided', () => {
    expect(identity({ dhmc: false }).verdict).toBe('not-granted');
    expect(identity({ dhmcCollected: false }).verdict).toBe('indeterminate');
  });
});
