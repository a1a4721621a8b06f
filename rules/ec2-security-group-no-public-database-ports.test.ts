import { sgRule, singleRegionSnapshot } from '../test/support/builders/index.js';
import type { SecurityGroupRule } from '../src/snapshot/types.js';
import { ruleTester } from '../test/support/rule-tester.js';
import { groupInVpc, type GroupPlacement } from '../test/support/security-group-fixture.js';
import rule from './ec2-security-group-no-public-database-ports.js';

function withGroup(ingress: SecurityGroupRule[], place?: GroupPlacement) {
  return groupInVpc(ingress, place, { groupName: 'data' });
}

ruleTester.run(rule, {
  pass: [
    {
      name: 'PostgreSQL from the application security group only',
      snapshot: withGroup([sgRule.fromGroup('tcp', 5432, 'sg-app')]),
      resourceId: 'sg-1',
    },
    {
      name: 'MySQL from a private CIDR',
      snapshot: withGroup([sgRule.tcp(3306, '10.0.0.0/8')]),
      resourceId: 'sg-1',
    },
    {
      name: 'web ports from the world are not database ports',
      snapshot: withGroup([sgRule.tcp(443, '0.0.0.0/0'), sgRule.tcp(80, '::/0')]),
      resourceId: 'sg-1',
    },
    {
      name: 'UDP 11211 is outside this TCP check',
      snapshot: withGroup([sgRule.udp(11211, '0.0.0.0/0')]),
      resourceId: 'sg-1',
    },
  ],
  fail: [
    {
      name: 'PostgreSQL from 0.0.0.0/0 on a public instance is critical and names the engine',
      snapshot: withGroup([sgRule.tcp(5432, '0.0.0.0/0')], { subnet: 'subnet-pub', publicIp: '54.0.0.7' }),
      resourceId: 'sg-1',
      severity: 'critical',
      message: 'allows database ports (port 5432 PostgreSQL) from 0.0.0.0/0',
    },
    {
      name: 'a range 3300-5500 covers MySQL and PostgreSQL, named with their engines',
      snapshot: withGroup([sgRule.tcp([3300, 5500], '0.0.0.0/0')]),
      resourceId: 'sg-1',
      message: 'database ports (ports 3306 MySQL, 5432 PostgreSQL) from 0.0.0.0/0',
    },
    {
      name: 'a range 6000-7000 covers Redis',
      snapshot: withGroup([sgRule.tcp([6000, 7000], '0.0.0.0/0')], { subnet: 'subnet-priv' }),
      resourceId: 'sg-1',
      severity: 'high',
      message: 'port 6379 Redis',
    },
    {
      name: 'protocol -1 from ::/0 opens every database port, IPv6 only',
      snapshot: withGroup([sgRule.all('::/0')]),
      resourceId: 'sg-1',
      severity: 'low',
      message:
        'allows database ports (all 17: 1433 SQL Server, 1434 SQL Server browser, 1521/2483 Oracle, 3306 MySQL, 5432 PostgreSQL, 5601 Kibana, 6379 Redis, 7199/9160 Cassandra, 8888 Cassandra OpsCenter, 9092 Kafka, 9200/9300 Elasticsearch, 11211 Memcached, 27017/27018 MongoDB) from ::/0',
      check: (finding) =>
        expect(finding.evidence[0]?.details?.['ports']).toEqual([
          1433, 1434, 1521, 2483, 3306, 5432, 5601, 6379, 7199, 8888, 9092, 9160, 9200, 9300, 11211, 27017,
          27018,
        ]),
    },
    {
      name: 'MongoDB through a customer prefix list containing 0.0.0.0/0',
      snapshot: singleRegionSnapshot((r) => {
        r.vpc('vpc-1');
        r.prefixList('pl-1', 'partners', ['0.0.0.0/0']);
        r.securityGroup('sg-1', 'vpc-1', { ingress: [sgRule.fromPrefixList('tcp', 27017, 'pl-1')] });
      }),
      resourceId: 'sg-1',
      message: ['27017 MongoDB', 'via prefix list pl-1'],
    },
  ],
  unknown: [
    {
      name: 'MySQL from a prefix list whose entries could not be read',
      snapshot: singleRegionSnapshot((r) => {
        r.vpc('vpc-1');
        r.prefixList('pl-1', 'partners', undefined);
        r.securityGroup('sg-1', 'vpc-1', { ingress: [sgRule.fromPrefixList('tcp', 3306, 'pl-1')] });
      }),
      resourceId: 'sg-1',
      message: 'could not be read',
    },
  ],
});
