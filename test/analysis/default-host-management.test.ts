// The Default Host Management role's trust policy (aws-facts §5.3): which statements let
// ssm.amazonaws.com assume the role.
import {
  DHMC_SERVICE_PRINCIPAL,
  defaultHostManagementRole,
  trustsService,
} from '../../src/analysis/default-host-management.js';
import { GlobalBuilder } from '../support/builders/index.js';
import type { PolicyStatement } from '../../src/snapshot/types.js';
import { viewOf } from './helpers.js';

const ssm = { Service: [DHMC_SERVICE_PRINCIPAL] };
const roleTrusting = (...statements: PolicyStatement[]) =>
  new GlobalBuilder().role('dhmc', { trustPolicy: { statements } });

describe('trustsService', () => {
  it('an Allow with NotAction trusts the service only when sts:AssumeRole is not among the excluded actions', () => {
    const allExceptIam = roleTrusting({ effect: 'Allow', notAction: ['iam:*'], principal: ssm });
    expect(trustsService(allExceptIam, DHMC_SERVICE_PRINCIPAL)).toEqual({
      verdict: 'trusts',
      reason: 'its trust policy lets ssm.amazonaws.com assume it',
    });
    const allExceptSts = roleTrusting({ effect: 'Allow', notAction: ['sts:*'], principal: ssm });
    expect(trustsService(allExceptSts, DHMC_SERVICE_PRINCIPAL)).toEqual({
      verdict: 'does-not-trust',
      reason: 'its trust policy does not let ssm.amazonaws.com assume it',
    });
  });

  it('a Deny with NotAction that leaves sts:AssumeRole out does not cancel the Allow', () => {
    const role = roleTrusting(
      { effect: 'Allow', action: ['sts:AssumeRole'], principal: ssm },
      { effect: 'Deny', notAction: ['sts:AssumeRole'], principal: ssm },
    );
    expect(trustsService(role, DHMC_SERVICE_PRINCIPAL).verdict).toBe('trusts');
  });
});

describe('defaultHostManagementRole', () => {
  it('a role path is looked up by its name; a missing role is not-granted, with the role as evidence', () => {
    const { account } = viewOf(() => undefined);
    const result = defaultHostManagementRole(
      account,
      'service-role/AWSSystemsManagerDefaultEC2InstanceManagementRole',
      'arn:aws:ec2:us-east-1:123456789012:instance/i-1',
    );
    expect(result.verdict).toBe('not-granted');
    expect(result.reason).toBe(
      'Default Host Management role AWSSystemsManagerDefaultEC2InstanceManagementRole does not exist',
    );
    expect(result.evidence).toEqual([
      {
        kind: 'iam-role',
        summary:
          "Default Host Management role AWSSystemsManagerDefaultEC2InstanceManagementRole is not in the account's role list",
        resourceId: 'AWSSystemsManagerDefaultEC2InstanceManagementRole',
        details: {
          role: 'AWSSystemsManagerDefaultEC2InstanceManagementRole',
          purpose: 'default-host-management',
        },
      },
    ]);
  });
});
