// The subnets a DB instance may sit in: its own list when RDS gave one, else its DB subnet
// group's (RDS places it in one of them and may fail over to another). One function, so the
// admin-path rule and `aws-audit reach --to <db>` judge the same subnets.
import type { DbInstance } from '../snapshot/types.js';
import type { RegionView } from '../snapshot/view.js';

/** Undefined when neither the instance nor its (collected) DB subnet group names a subnet. */
export function dbSubnetIds(region: RegionView, db: DbInstance): string[] | undefined {
  if (db.subnetIds && db.subnetIds.length > 0) return [...new Set(db.subnetIds)];
  const group = db.dbSubnetGroupName === undefined ? undefined : region.dbSubnetGroup(db.dbSubnetGroupName);
  return group && group.subnetIds.length > 0 ? [...new Set(group.subnetIds)] : undefined;
}
