// The rule registry: every rule, in report order. The meta-test fails when a rule file is missing
// here, or lacks its doc page or test.
import type { Rule } from '../src/engine/types.js';
import ec2SecurityGroupNoPublicSsh from './ec2-security-group-no-public-ssh.js';

export const ruleRegistry: readonly Rule[] = [ec2SecurityGroupNoPublicSsh];
