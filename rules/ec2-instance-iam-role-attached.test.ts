import {
  singleRegionSnapshot,
  type GlobalBuilder,
  type RegionBuilder,
} from '../test/support/builders/index.js';
import type { Instance } from '../src/snapshot/types.js';
import { evaluateCase, ruleTester } from '../test/support/rule-tester.js';
import rule from './ec2-instance-iam-role-attached.js';

const profileArn = (name: string) => `arn:aws:iam::111111111111:instance-profile/${name}`;

function withInstance(
  fields: Partial<Instance>,
  iam: (g: GlobalBuilder) => void = () => undefined,
  region: (r: RegionBuilder) => void = () => undefined,
) {
  return singleRegionSnapshot((r, g) => {
    r.vpc('vpc-1');
    r.subnet('subnet-1', 'vpc-1');
    r.instance('i-1', 'subnet-1', { name: 'web', ...fields });
    iam(g);
    region(r);
  });
}

const roleAndProfile = (g: GlobalBuilder) => {
  g.role('app-role', {
    attachedPolicies: [
      { name: 'AmazonSSMManagedInstanceCore', arn: 'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore' },
    ],
  });
  g.instanceProfile('app', ['app-role']);
};

ruleTester.run(rule, {
  pass: [
    {
      name: 'profile with a role',
      snapshot: withInstance({ iamInstanceProfileArn: profileArn('app') }, roleAndProfile),
      resourceId: 'i-1',
      message: 'Instance i-1 (web) has instance profile app with role app-role.',
      evidenceKinds: ['instance-profile', 'iam-role'],
    },
    {
      name: 'a stopped instance keeps its profile and is evaluated',
      snapshot: withInstance({ iamInstanceProfileArn: profileArn('app'), state: 'stopped' }, roleAndProfile),
      resourceId: 'i-1',
      message: 'Stopped instance i-1',
    },
    {
      name: 'a profile with a path resolves by its full ARN',
      snapshot: withInstance(
        { iamInstanceProfileArn: 'arn:aws:iam::111111111111:instance-profile/teams/app' },
        (g) => {
          g.role('app-role');
          g.instanceProfile('app', ['app-role'], {
            path: '/teams/',
            arn: 'arn:aws:iam::111111111111:instance-profile/teams/app',
          });
        },
      ),
      resourceId: 'i-1',
    },
  ],
  fail: [
    {
      name: 'no instance profile',
      snapshot: withInstance({}),
      resourceId: 'i-1',
      message: 'Instance i-1 (web) has no IAM instance profile.',
    },
    {
      name: 'no instance profile fails even when IAM could not be read',
      snapshot: withInstance({}, (g) => {
        g.setCollection('iamInstanceProfiles', 'failed');
        g.setCollection('iamRoles', 'failed');
      }),
      resourceId: 'i-1',
    },
    {
      name: 'a profile without a role (peers only check presence)',
      snapshot: withInstance({ iamInstanceProfileArn: profileArn('empty') }, (g) =>
        g.instanceProfile('empty', []),
      ),
      resourceId: 'i-1',
      message: 'has instance profile empty, which contains no IAM role',
    },
    {
      name: 'a profile that no longer exists',
      snapshot: withInstance({ iamInstanceProfileArn: profileArn('deleted') }, roleAndProfile),
      resourceId: 'i-1',
      message: 'references instance profile deleted, which does not exist',
    },
  ],
  unknown: [
    {
      name: 'instance profiles not requested',
      snapshot: withInstance({ iamInstanceProfileArn: profileArn('app') }, (g) => {
        roleAndProfile(g);
        g.setCollection('iamInstanceProfiles', undefined);
      }),
      resourceId: 'i-1',
      message: 'IAM instance profiles could not be read',
    },
    {
      name: 'instance profiles failed to collect',
      snapshot: withInstance({ iamInstanceProfileArn: profileArn('app') }, (g) => {
        roleAndProfile(g);
        g.setCollection('iamInstanceProfiles', 'failed');
      }),
      resourceId: 'i-1',
      message: 'IAM instance profiles could not be read',
      evidenceKinds: ['instance-profile', 'not-collected'],
    },
    {
      name: 'roles not collected',
      snapshot: withInstance({ iamInstanceProfileArn: profileArn('app') }, (g) => {
        roleAndProfile(g);
        g.setCollection('iamRoles', undefined);
      }),
      resourceId: 'i-1',
      message: 'IAM roles could not be read',
    },
    {
      // issue 20 item 14: a complete IAM read that lacks the profile's role is inconsistent data.
      name: 'a profile naming a role that the complete role list does not contain',
      snapshot: withInstance({ iamInstanceProfileArn: profileArn('app') }, (g) => {
        g.role('other-role');
        g.instanceProfile('app', ['ghost-role']);
      }),
      resourceId: 'i-1',
      message: [
        'Instance i-1 (web) uses instance profile app, whose role ghost-role is not in the complete IAM role list',
        'inconsistent data',
      ],
      evidenceKinds: ['instance-profile', 'iam-role'],
      check: (finding) =>
        expect(finding.evidence[1]?.summary).toBe(
          'role ghost-role is named by profile app but absent from the IAM role list, which was read completely',
        ),
    },
  ],
});

describe('ec2-instance-iam-role-attached scope', () => {
  it('does not evaluate terminated instances', () => {
    const findings = evaluateCase(rule, withInstance({ state: 'terminated' }));
    expect(findings).toEqual([]);
  });
});
