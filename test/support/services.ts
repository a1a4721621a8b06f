// The AWS services tests check names against, derived from the code's own table (src/collect/types.ts
// SERVICES), so a new service is added in one place: the collector's.
import { SERVICES } from '../../src/collect/types.js';

/** An IAM action of a service the scanner calls, e.g. `ec2:DescribeVpcs`. */
export const SERVICE_ACTION = new RegExp(`^(${SERVICES.join('|')}):[A-Za-z]+$`);

/**
 * The service prefix of a rule id: a service the scanner reads, or `vpc` (EC2's networking API,
 * which the console, Security Hub and CIS name as its own service).
 */
export const RULE_SERVICES: readonly string[] = [...SERVICES, 'vpc'];
export const RULE_ID_SERVICE = new RegExp(`^(${RULE_SERVICES.join('|')})-`);
