import { sgRule, singleRegionSnapshot, type RegionBuilder } from '../src/snapshot/builders.js';
import type { DbInstance, SecurityGroupRule } from '../src/snapshot/types.js';
import { ruleTester } from '../test/support/rule-tester.js';
import rule, { dbPort } from './rds-instance-not-publicly-accessible.js';

function withDb(
  fields: Partial<DbInstance>,
  ingress: SecurityGroupRule[] = [],
  more: (r: RegionBuilder) => void = () => undefined,
) {
  return singleRegionSnapshot((r) => {
    r.vpc('vpc-1');
    r.securityGroup('sg-db', 'vpc-1', { name: 'db', ingress });
    r.dbInstance('reports', { vpcId: 'vpc-1', securityGroupIds: ['sg-db'], ...fields });
    more(r);
  });
}

ruleTester.run(rule, {
  pass: [
    {
      name: 'not publicly accessible',
      snapshot: withDb({}),
      resourceId: 'reports',
      message: 'DB instance reports (postgres) is not publicly accessible.',
    },
    {
      name: 'not public, even with a world-open group (another rule reports the group)',
      snapshot: withDb({}, [sgRule.tcp(5432, '0.0.0.0/0')]),
      resourceId: 'reports',
    },
  ],
  fail: [
    {
      name: 'public and its group opens the DB port to the world: critical',
      snapshot: withDb({ publiclyAccessible: true }, [sgRule.tcp(5432, '0.0.0.0/0')]),
      resourceId: 'reports',
      severity: 'critical',
      message:
        'DB instance reports (postgres) is publicly accessible and its security groups allow port 5432 from the whole internet.',
      evidenceKinds: ['db-instance', 'security-group-rule'],
    },
    {
      name: 'public, world-open through -1 over IPv6 only',
      snapshot: withDb({ publiclyAccessible: true, engine: 'mysql', port: 3306 }, [sgRule.all('::/0')]),
      resourceId: 'reports',
      severity: 'critical',
    },
    {
      name: 'public but its group is closed: medium',
      snapshot: withDb({ publiclyAccessible: true }, [sgRule.fromGroup('tcp', 5432, 'sg-app')]),
      resourceId: 'reports',
      severity: 'medium',
      message: 'though its security groups do not open port 5432',
    },
    {
      name: 'public, group open on another port only: medium',
      snapshot: withDb({ publiclyAccessible: true, port: 6543 }, [sgRule.tcp(5432, '0.0.0.0/0')]),
      resourceId: 'reports',
      severity: 'medium',
    },
    {
      name: 'public with security groups not collected: default severity, says why',
      snapshot: withDb({ publiclyAccessible: true }, [], (r) => {
        r.setCollection('securityGroups', 'failed');
      }),
      resourceId: 'reports',
      severity: 'high',
      message: 'its security groups could not be read',
    },
    {
      name: 'public with an unreadable prefix list: default severity',
      snapshot: withDb({ publiclyAccessible: true }, [sgRule.fromPrefixList('tcp', 5432, 'pl-1')], (r) => {
        r.prefixList('pl-1', 'partners', undefined);
      }),
      resourceId: 'reports',
      severity: 'high',
      message: 'prefix list(s) pl-1',
    },
  ],
  unknown: [
    {
      name: 'DB instances not collected',
      snapshot: singleRegionSnapshot((r) => {
        r.setCollection('dbInstances', 'failed');
      }),
      resourceId: 'us-east-1',
      message: 'dbInstances could not be read',
    },
  ],
});

describe('dbPort', () => {
  it('falls back to the engine default port', () => {
    const base = { id: 'x', arn: 'x', status: 'available', publiclyAccessible: true, securityGroupIds: [] };
    expect(dbPort({ ...base, engine: 'aurora-postgresql' })).toBe(5432);
    expect(dbPort({ ...base, engine: 'mariadb' })).toBe(3306);
    expect(dbPort({ ...base, engine: 'sqlserver-se' })).toBe(1433);
    expect(dbPort({ ...base, engine: 'oracle-ee', port: 1522 })).toBe(1522);
  });
});
