// RDS `PubliclyAccessible` (Security Hub RDS.2, `rds-instance-public-access-check`, aws-facts §8.1),
// with the exposure measured from the instance's security groups: world-open on the DB port is
// critical, closed groups lower the severity (aws-facts §3.4 "open to the world"), and so does a
// DB subnet group without an internet-gateway route (issue 20 item 15).
import {
  defineRegionalRule,
  fail,
  missingDataEvidence,
  pass,
  regionalRef,
} from '../src/engine/define-rule.js';
import type { Evidence, RegionalRuleContext, RuleResult } from '../src/engine/types.js';
import type { DbInstance } from '../src/snapshot/types.js';
import type { RegionView } from '../src/snapshot/view.js';
import { worldOpenIngress } from '../src/analysis/world-open.js';
import { dbInternetRoute, type DbInternetRoute } from '../src/analysis/db-reachability.js';

/** Engine default ports, for the rare record without an endpoint port (RDS user guide). */
const DEFAULT_PORTS: ReadonlyArray<[RegExp, number]> = [
  [/^(aurora-)?postgres/, 5432],
  [/^(aurora-mysql|aurora|mysql|mariadb)/, 3306],
  [/^oracle/, 1521],
  [/^sqlserver/, 1433],
  [/^db2/, 50000],
];

export function dbPort(db: DbInstance): number | undefined {
  return db.port ?? DEFAULT_PORTS.find(([pattern]) => pattern.test(db.engine))?.[1];
}

type GroupExposure =
  | { kind: 'open'; evidence: Evidence[] }
  | { kind: 'closed'; evidence: Evidence[] }
  | { kind: 'unknown'; why: string; evidence: Evidence[] };

function securityGroupExposure(region: RegionView, db: DbInstance, port: number | undefined): GroupExposure {
  if (port === undefined) return { kind: 'unknown', why: 'its port is not known', evidence: [] };
  const missing = region.missing(['securityGroups']);
  if (missing.length > 0)
    return {
      kind: 'unknown',
      why: 'its security groups could not be read',
      evidence: missingDataEvidence(region, missing),
    };
  const matches: Evidence[] = [];
  const unresolved: string[] = [];
  const absent: string[] = [];
  for (const groupId of db.securityGroupIds) {
    const group = region.securityGroup(groupId);
    if (!group) {
      absent.push(groupId);
      continue;
    }
    const open = worldOpenIngress(region, group, [port]);
    matches.push(...open.matches);
    unresolved.push(...open.unresolvedPrefixLists);
  }
  if (matches.length > 0) return { kind: 'open', evidence: matches };
  if (unresolved.length > 0)
    return {
      kind: 'unknown',
      why: `prefix list(s) ${[...new Set(unresolved)].join(', ')} on its security groups could not be read`,
      evidence: missingDataEvidence(region, ['prefixLists']),
    };
  if (absent.length > 0)
    return {
      kind: 'unknown',
      why: `security group(s) ${absent.join(', ')} are not in the snapshot`,
      evidence: absent.map((id) => ({
        kind: 'security-group',
        summary: `${id} is not in the snapshot`,
        resourceId: id,
      })),
    };
  return {
    kind: 'closed',
    evidence: [
      {
        kind: 'security-group',
        summary: `${db.securityGroupIds.join(', ') || 'no security group'} allow${db.securityGroupIds.length === 1 ? 's' : ''} no ingress to port ${port} from 0.0.0.0/0 or ::/0`,
        details: { securityGroupIds: db.securityGroupIds, port },
      },
    ],
  };
}

/** `dbInternetRoute`, or unknown when the subnets or route tables were not read. */
function internetRoute(region: RegionView, db: DbInstance): DbInternetRoute {
  const missing = region.missing(['subnets', 'routeTables']);
  if (missing.length > 0)
    return {
      verdict: 'unknown',
      why: `${missing.join(' and ')} could not be read`,
      evidence: missingDataEvidence(region, missing),
    };
  return dbInternetRoute(region, db);
}

export default defineRegionalRule({
  grading: [
    {
      severity: 'critical',
      when: 'publicly accessible and its security groups allow its port from the whole internet',
    },
    { severity: 'high', when: 'publicly accessible and its security groups could not be judged' },
    {
      severity: 'medium',
      when: 'publicly accessible but its security groups do not open its port to the internet',
    },
  ],
  meta: {
    id: 'rds-instance-not-publicly-accessible',
    title: 'RDS DB instances are not publicly accessible',
    severity: 'high',
    service: 'rds',
    resourceType: 'AWS::RDS::DBInstance',
    description:
      'Fails when an RDS DB instance has PubliclyAccessible set, so its endpoint resolves to a public address. Critical when one of its security groups also opens the DB port to 0.0.0.0/0 or ::/0; medium when its groups are closed to the world. One step lower (medium, low) when no subnet of its DB subnet group routes to an internet gateway, so its public address cannot be reached.',
    risk: 'A publicly accessible database is one security-group edit away from the internet, and with a world-open group it is exposed to credential brute force and engine exploits right now.',
    remediation:
      'Turn public access off: `aws rds modify-db-instance --db-instance-identifier mydb --no-publicly-accessible --apply-immediately`. Keep databases in private subnets and reach them from the application tier or through Session Manager port forwarding.',
    references: {
      securityHub: ['RDS.2'],
      cis: ['CIS v3.0.0 2.3.3', 'CIS v5.0.0 2.2.3'],
      awsConfig: ['rds-instance-public-access-check'],
      links: ['https://docs.aws.amazon.com/securityhub/latest/userguide/rds-controls.html#rds-2'],
    },
    scope: 'regional',
    resourceKind: 'dbInstances',
    requires: [
      'dbInstances',
      'securityGroups',
      'prefixLists',
      'subnets',
      'routeTables',
      'vpcBlockPublicAccess',
    ],
    precision: 'very-high',
  },
  *evaluate({ region }: RegionalRuleContext): Iterable<RuleResult> {
    for (const db of region.data.dbInstances) {
      const ref = regionalRef(region, 'AWS::RDS::DBInstance', db);
      const label = `DB instance ${db.id} (${db.engine})`;
      const setting: Evidence = {
        kind: 'db-instance',
        summary: `${db.id}: PubliclyAccessible=${db.publiclyAccessible}${db.endpointAddress ? `, endpoint ${db.endpointAddress}` : ''}`,
        resourceId: db.id,
        details: { publiclyAccessible: db.publiclyAccessible, port: db.port ?? null, status: db.status },
      };
      if (!db.publiclyAccessible) {
        yield pass(ref, `${label} is not publicly accessible.`, [setting]);
        continue;
      }
      const port = dbPort(db);
      const exposure = securityGroupExposure(region, db, port);
      const reach = internetRoute(region, db);
      // Without an internet-gateway route from its subnets the address is unreachable: one step lower.
      const lower = reach.verdict === 'not-routable';
      // aws-facts §1.2: VPC Block Public Access blocking inbound closes a routed subnet too.
      const routeNote = lower
        ? reach.verdict === 'not-routable' && reach.blockedByBpa
          ? ', but no subnet of its DB subnet group takes inbound internet traffic (VPC Block Public Access blocks it)'
          : ', but no subnet of its DB subnet group routes to an internet gateway'
        : reach.verdict === 'unknown'
          ? ` (whether its subnets route to the internet is unknown: ${reach.why})`
          : '';
      switch (exposure.kind) {
        case 'open':
          yield fail(
            ref,
            `${label} is publicly accessible and its security groups allow port ${port ?? '?'} from the whole internet${routeNote}.`,
            [setting, ...exposure.evidence, ...reach.evidence],
            lower ? 'medium' : 'critical',
          );
          break;
        case 'closed':
          yield fail(
            ref,
            `${label} is publicly accessible, though its security groups do not open port ${port ?? '?'} to the whole internet${routeNote.replace(', but no', ', and no')}.`,
            [setting, ...exposure.evidence, ...reach.evidence],
            lower ? 'low' : 'medium',
          );
          break;
        case 'unknown':
          // The flag alone decides the verdict; only the severity's raise depends on the groups.
          yield fail(
            ref,
            `${label} is publicly accessible; ${exposure.why}${routeNote}.`,
            [setting, ...exposure.evidence, ...reach.evidence],
            lower ? 'medium' : undefined,
          );
          break;
      }
    }
  },
});
