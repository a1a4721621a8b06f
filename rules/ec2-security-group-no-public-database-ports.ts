import { definePublicIngressRule } from './support/public-ingress.js';

/**
 * Database and data-store ports Prowler checks one rule each
 * (`ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_*`), aws-facts §3.4.
 */
export const DATABASE_PORTS: Readonly<Record<number, string>> = {
  1433: 'SQL Server',
  1434: 'SQL Server browser',
  1521: 'Oracle',
  2483: 'Oracle',
  3306: 'MySQL',
  5432: 'PostgreSQL',
  5601: 'Kibana',
  6379: 'Redis',
  7199: 'Cassandra',
  8888: 'Cassandra OpsCenter',
  9092: 'Kafka',
  9160: 'Cassandra',
  9200: 'Elasticsearch',
  9300: 'Elasticsearch',
  11211: 'Memcached',
  27017: 'MongoDB',
  27018: 'MongoDB',
};

export default definePublicIngressRule({
  meta: {
    id: 'ec2-security-group-no-public-database-ports',
    title: 'Security groups do not allow database ports from the whole internet',
    severity: 'high',
    description:
      'Fails when a security group ingress rule (tcp or all protocols) whose port range includes a database port (MySQL 3306, PostgreSQL 5432, SQL Server 1433/1434, Oracle 1521/2483, MongoDB 27017/27018, Redis 6379, Memcached 11211, Cassandra 7199/9160/8888, Elasticsearch 9200/9300, Kibana 5601, Kafka 9092) is open to the whole internet: 0.0.0.0/0 or ::/0, directly or through a prefix list, or sources (CIDRs and prefix-list entries of the group, for the same port) that together cover all of IPv4 or IPv6.',
    risk: 'Data stores reachable from the internet are found by mass scanners within hours; exposed Redis, MongoDB and Elasticsearch instances are routinely wiped or ransomed, and SQL engines face credential brute force.',
    remediation:
      'Remove the 0.0.0.0/0 and ::/0 sources for the database ports. Allow only the application security groups (a security-group reference) or private CIDRs that need the database.',
    references: {
      securityHub: ['EC2.19'],
      awsConfig: ['vpc-sg-restricted-common-ports'],
      links: ['https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-19'],
    },
    precision: 'very-high',
  },
  label: 'database ports',
  ports: Object.keys(DATABASE_PORTS).map(Number),
  portNames: DATABASE_PORTS,
  severityByExposure: { internet: 'critical', attached: 'high', unattached: 'low' },
});
