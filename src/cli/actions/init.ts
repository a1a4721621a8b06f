// What `aws-audit init` writes (commands/init.ts declares it): a commented starter config and
// waivers file in the working directory, so a new user edits values instead of guessing key names.
// Never overwrites without --force.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ruleRegistry } from '../../../rules/index.js';
import { ruleServices } from '../../engine/select-rules.js';
import { SEVERITIES } from '../../engine/types.js';
import { writeFileAtomic } from '../../util/atomic-file.js';
import { UserError } from '../../util/errors.js';
import { CONFIG_FILE, WAIVERS_FILE } from '../config-file.js';
import type { CliIo } from '../io.js';
import { REPORT_FORMATS } from '../scan-pipeline/scan-options.js';

/** Readable by the team (it holds no secret), unlike reports and snapshots. */
const SHARED_FILE_MODE = 0o644;

export function starterConfig(): string {
  const severities = SEVERITIES.join(' | ');
  return `# aws-audit configuration, read by \`aws-audit scan\` from the working directory (or --config FILE).
# Keys are scan's long flag names; a flag given on the command line wins over this file.
# Relative paths are relative to this file. \`aws-audit scan --help\` lists every flag.

# Exit 1 when a failing, unwaived finding is at or above this severity: ${severities}
fail-on: high

# Report formats: ${REPORT_FORMATS.join(', ')}
format: [json, console]

# Where reports are written.
out-dir: reports

# Accepted risks (rule, resource, reason, owner, expiry); see that file's comments.
waivers: ${WAIVERS_FILE}

# Run only the rules of these services: ${ruleServices(ruleRegistry).join(', ')} (default: all).
# services: [ec2, iam]

# Rule ids not to run (\`aws-audit rules\` lists them).
# skip-rules: [ec2-instance-iam-role-attached]

# Leave results below this severity out of the reports and the gate: ${severities}
# min-severity: medium

# Live scans: regions to read (default: every enabled region) and the credentials profile.
# region: [us-east-1, eu-west-1]
# profile: audit

# Exit 0/1 even when the scan could not cover everything (the report still says so).
# allow-incomplete: false
`;
}

export function starterWaivers(): string {
  const example = ruleRegistry[0]?.meta.id ?? 'rule-id';
  return `# Accepted risks: findings that are known, owned and on a deadline. Used by \`aws-audit scan
# --waivers ${WAIVERS_FILE}\` (the starter ${CONFIG_FILE} points here already).
#
# Each entry:
#   ruleId    a rule id (\`aws-audit rules\` lists them)                         required
#   resource  an ARN glob (\`*\` any characters, \`?\` one character), or a mapping
#             of accountId / region / id globs (absent fields match anything)  required
#   reason    why the risk is accepted                                         required
#   owner     who answers for it                                               recommended
#   expires   YYYY-MM-DD; applies through that day (UTC), then stops applying  recommended
#
# A waived finding still appears in the reports (marked waived, with the reason) but does not fail
# --fail-on. Expired waivers and waivers that match nothing are listed on every scan.
waivers: []
# Example (remove the [] above, then uncomment):
# waivers:
#   - ruleId: ${example}
#     resource: arn:aws:ec2:us-east-1:123456789012:security-group/sg-0123456789abcdef0
#     reason: Bastion replaced by Session Manager in Q3; SSH closes then.
#     owner: platform-team@example.com
#     expires: 2027-09-30
`;
}

export async function runInit(io: CliIo, options: { force?: boolean }): Promise<void> {
  const files: [string, string][] = [
    [CONFIG_FILE, starterConfig()],
    [WAIVERS_FILE, starterWaivers()],
  ];
  // Both checked before either is written: never half an init.
  const existing = files.map(([name]) => name).filter((name) => existsSync(join(io.cwd, name)));
  if (existing.length > 0 && !options.force)
    throw new UserError(
      `${existing.join(' and ')} already exist${existing.length === 1 ? 's' : ''}; use --force to overwrite`,
    );
  for (const [name, text] of files) {
    await writeFileAtomic(join(io.cwd, name), text, SHARED_FILE_MODE);
    io.stdout(`wrote ${name}\n`);
  }
  io.stdout(
    `next: aws-audit scan --snapshot examples/demo-account.json (or a live scan), which reads ${CONFIG_FILE}\n`,
  );
}
