import { route, sgRule, singleRegionSnapshot, type RegionBuilder } from '../test/support/builders/index.js';
import type { DbInstance, SecurityGroupRule } from '../src/snapshot/types.js';
import { ruleTester } from '../test/support/rule-tester.js';
import rule, { dbPort } from './rds-instance-not-publicly-accessible.js';

/** Fields of the DB instance; `subnetIds: undefined` drops the default subnets. */
type DbFields = { [K in keyof DbInstance]?: DbInstance[K] | undefined };

function withDb(
  fields: DbFields,
  ingress: SecurityGroupRule[] = [],
  more: (r: RegionBuilder) => void = () => undefined,
) {
  return singleRegionSnapshot((r) => {
    r.vpc('vpc-1');
    // subnet-pub routes to the internet gateway, subnet-a and subnet-b do not.
    r.subnet('subnet-pub', 'vpc-1', { cidrBlock: '10.0.0.0/24' });
    r.subnet('subnet-a', 'vpc-1', { cidrBlock: '10.0.1.0/24' });
    r.subnet('subnet-b', 'vpc-1', { cidrBlock: '10.0.2.0/24' });
    r.routeTable('rtb-main', 'vpc-1', { main: true });
    r.routeTable('rtb-pub', 'vpc-1', { subnets: ['subnet-pub'], routes: [route.igw('0.0.0.0/0', 'igw-1')] });
    r.securityGroup('sg-db', 'vpc-1', { name: 'db', ingress });
    const db = r.dbInstance('reports', {
      vpcId: 'vpc-1',
      securityGroupIds: ['sg-db'],
      subnetIds: ['subnet-a', 'subnet-pub'],
    });
    Object.assign(db, fields);
    if (db.subnetIds === undefined) delete db.subnetIds;
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
      name: 'public and world-open, but no subnet of its DB subnet group routes to the internet: medium (issue 20 item 15)',
      snapshot: withDb({ publiclyAccessible: true, subnetIds: ['subnet-a', 'subnet-b'] }, [
        sgRule.tcp(5432, '0.0.0.0/0'),
      ]),
      resourceId: 'reports',
      severity: 'medium',
      message:
        'DB instance reports (postgres) is publicly accessible and its security groups allow port 5432 from the whole internet, but no subnet of its DB subnet group routes to an internet gateway.',
      check: (finding) => {
        expect(finding.evidence.map((e) => e.summary)).toContain(
          "no subnet of reports's DB subnet group (subnet-a, subnet-b) has an active route to an internet gateway",
        );
      },
    },
    {
      // aws-facts §1.2: block-ingress or block-bidirectional blocks inbound through the gateway.
      name: 'public and world-open in a routed subnet, but VPC Block Public Access blocks inbound: medium',
      snapshot: withDb({ publiclyAccessible: true }, [sgRule.tcp(5432, '0.0.0.0/0')], (r) =>
        r.blockPublicAccess('block-ingress'),
      ),
      resourceId: 'reports',
      severity: 'medium',
      message:
        'no subnet of its DB subnet group takes inbound internet traffic (VPC Block Public Access blocks it)',
      evidenceKinds: ['vpc-block-public-access'],
    },
    {
      name: 'BPA on, but an allow-bidirectional exclusion of the routed subnet: stays critical',
      snapshot: withDb({ publiclyAccessible: true }, [sgRule.tcp(5432, '0.0.0.0/0')], (r) => {
        r.blockPublicAccess('block-bidirectional');
        r.blockPublicAccessExclusion('subnet-pub', 'allow-bidirectional');
      }),
      resourceId: 'reports',
      severity: 'critical',
    },
    {
      // Missing data never lowers severity: BPA that could not be read is not counted as blocking.
      name: 'BPA not readable: stays critical and the evidence says BPA was not counted',
      snapshot: withDb({ publiclyAccessible: true }, [sgRule.tcp(5432, '0.0.0.0/0')], (r) =>
        r.setCollection('vpcBlockPublicAccess', 'failed'),
      ),
      resourceId: 'reports',
      severity: 'critical',
      check: (finding) => {
        expect(finding.evidence.map((e) => e.summary)).toContain(
          'the VPC Block Public Access setting of us-east-1 was not readable, so it is not counted as blocking inbound traffic',
        );
      },
    },
    {
      name: 'public, closed group, no internet route: low',
      snapshot: withDb({ publiclyAccessible: true, subnetIds: ['subnet-a', 'subnet-b'] }, [
        sgRule.fromGroup('tcp', 5432, 'sg-app'),
      ]),
      resourceId: 'reports',
      severity: 'low',
    },
    {
      name: 'subnets from the DB subnet group kind when the instance record has none (older snapshots)',
      snapshot: withDb(
        { publiclyAccessible: true, subnetIds: undefined, dbSubnetGroupName: 'db' },
        [sgRule.tcp(5432, '0.0.0.0/0')],
        (r) => {
          r.dbSubnetGroup('db', 'vpc-1', ['subnet-a', 'subnet-b']);
        },
      ),
      resourceId: 'reports',
      severity: 'medium',
    },
    {
      name: 'one subnet of the group routes to the internet: stays critical, the route is evidence',
      snapshot: withDb({ publiclyAccessible: true }, [sgRule.tcp(5432, '0.0.0.0/0')]),
      resourceId: 'reports',
      severity: 'critical',
      check: (finding) => {
        expect(finding.evidence.map((e) => e.summary)).toContain(
          "subnet subnet-pub of reports's DB subnet group routes 0.0.0.0/0 to internet gateway igw-1 (route table rtb-pub)",
        );
      },
    },
    {
      name: 'subnets unknown: severity as before (critical), the message says the route is unknown',
      snapshot: withDb({ publiclyAccessible: true, subnetIds: undefined }, [sgRule.tcp(5432, '0.0.0.0/0')]),
      resourceId: 'reports',
      severity: 'critical',
      message:
        'whether its subnets route to the internet is unknown: the subnets of its DB subnet group are not known',
    },
    {
      name: 'route tables not collected: severity as before, says why',
      snapshot: withDb(
        { publiclyAccessible: true, subnetIds: ['subnet-a'] },
        [sgRule.tcp(5432, '0.0.0.0/0')],
        (r) => {
          r.setCollection('routeTables', 'failed');
        },
      ),
      resourceId: 'reports',
      severity: 'critical',
      message: 'routeTables could not be read',
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
