// The resources a finding's evidence names (its route table, security group, endpoint, …) as SARIF
// `relatedLocations`, on the same pseudo-paths as primary locations (sarif-location.ts), so a
// reader of the alert can open each one. GitHub uses only `locations[0]` for identity; these never
// change an alert's identity.
import type * as Sarif from 'sarif';
import type { Evidence, Finding } from '../engine/types.js';
import { resourcePseudoPath } from './sarif-location.js';

/** Related locations per result: enough for a route, a group, an endpoint and their neighbours. */
export const RELATED_LOCATIONS_MAX = 10;

/** EC2 id prefixes and the ARN resource type they stand for. */
const EC2_TYPE_BY_PREFIX: Record<string, string> = {
  sg: 'security-group',
  rtb: 'route-table',
  vpce: 'vpc-endpoint',
  eni: 'network-interface',
  acl: 'network-acl',
  subnet: 'subnet',
  igw: 'internet-gateway',
  nat: 'natgateway',
  vpc: 'vpc',
  i: 'instance',
  lt: 'launch-template',
  pl: 'prefix-list',
};

/**
 * The ARN of the resource an evidence item names, built from its id and the finding's scope, or
 * undefined when the id is not a resource (an access key id, a setting): never guessed.
 */
function evidenceArn(evidence: Evidence, finding: Finding): string | undefined {
  const id = evidence.resourceId;
  if (id === undefined || id === '') return undefined;
  if (id.startsWith('arn:')) return id;
  const { accountId, region, arn } = finding.resource;
  const partition = arn.split(':')[1] || 'aws';
  if (region === 'global') return undefined;
  if (evidence.kind === 'db-instance') return `arn:${partition}:rds:${region}:${accountId}:db:${id}`;
  const prefix = /^([a-z]+)-[0-9a-z]+$/.exec(id)?.[1];
  const type = prefix === undefined ? undefined : EC2_TYPE_BY_PREFIX[prefix];
  return type === undefined ? undefined : `arn:${partition}:ec2:${region}:${accountId}:${type}/${id}`;
}

export function evidenceLocations(finding: Finding): Sarif.Location[] {
  const primary = resourcePseudoPath(finding.resource);
  const seen = new Set([primary]);
  const locations: Sarif.Location[] = [];
  for (const evidence of finding.evidence) {
    if (locations.length >= RELATED_LOCATIONS_MAX) break;
    const arn = evidenceArn(evidence, finding);
    if (arn === undefined) continue;
    const uri = resourcePseudoPath({
      arn,
      accountId: finding.resource.accountId,
      region: finding.resource.region,
    });
    if (seen.has(uri)) continue;
    seen.add(uri);
    locations.push({
      id: locations.length + 1,
      physicalLocation: { artifactLocation: { uri }, region: { startLine: 1 } },
      logicalLocations: [{ fullyQualifiedName: arn, name: evidence.resourceId, kind: 'resource' }],
      message: { text: evidence.summary },
    });
  }
  return locations;
}
