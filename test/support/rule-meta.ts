// Rule metadata checks (Prowler's validated metadata, style.md): returns a list of problems.
import { ALL_KINDS } from '../../src/snapshot/types.js';
import { SEVERITIES, type RuleMeta } from '../../src/engine/types.js';
import { RULE_ID_SERVICE } from './services.js';

export function validateRuleMeta(meta: RuleMeta): string[] {
  const problems: string[] = [];
  if (!/^[a-z0-9]+(-[a-z0-9]+)+$/.test(meta.id)) problems.push(`id ${meta.id} is not kebab-case`);
  if (!RULE_ID_SERVICE.test(meta.id)) problems.push(`id ${meta.id} does not start with its service`);
  if (!meta.id.startsWith(`${meta.service}-`))
    problems.push(`id ${meta.id} does not start with service ${meta.service}`);
  if (/^ensure/i.test(meta.title)) problems.push('title starts with "Ensure"');
  if (meta.title.length === 0 || meta.title.length > 150)
    problems.push('title is empty or over 150 characters');
  if (meta.title.endsWith('.')) problems.push('title ends with a full stop');
  for (const field of ['description', 'risk', 'remediation'] as const) {
    if (meta[field].trim().length === 0) problems.push(`${field} is empty`);
    if (meta[field].length > 1024) problems.push(`${field} is over 1024 characters (SARIF limit)`);
  }
  if (!SEVERITIES.includes(meta.severity))
    problems.push(`severity ${String(meta.severity)} is not one of ${SEVERITIES.join(', ')}`);
  if (!meta.requires.includes(meta.resourceKind)) problems.push('requires does not include resourceKind');
  for (const kind of meta.requires)
    if (!ALL_KINDS.includes(kind)) problems.push(`requires names unknown kind ${kind}`);
  if (!/^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$/.test(meta.resourceType))
    problems.push(`resourceType ${meta.resourceType} is not AWS::Service::Type`);
  const tagCount = 2 + (meta.references.securityHub?.length ?? 0) + (meta.references.cis?.length ?? 0);
  if (tagCount > 10) problems.push(`references make ${tagCount} SARIF tags; at most 10 are shown`);
  return problems;
}
