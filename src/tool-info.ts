// Tool identity used in snapshots and reports. A test keeps TOOL_VERSION equal to package.json.
export const TOOL_NAME = 'aws-audit';
export const TOOL_VERSION = '0.1.0';
export const PROJECT_URL = 'https://github.com/aws-audit/aws-audit';

/**
 * The repository `package.json` declares (`repository`), as a browsable https URL; undefined while
 * it declares none. Rule pages are linked only from it: a made-up URL would send readers of code
 * scanning alerts and reports to a 404. A test keeps this equal to package.json.
 */
export const REPOSITORY_URL: string | undefined = PROJECT_URL;

/**
 * The rule's documentation page in the declared repository, or undefined (no link at all). The
 * link is pinned to this version's release tag (`v0.1.0`), not to `main`: a report keeps pointing
 * at the rule text that produced it after the rule changes on `main` (README "Releasing").
 */
export function ruleDocUrl(ruleId: string): string | undefined {
  return REPOSITORY_URL === undefined
    ? undefined
    : `${REPOSITORY_URL}/blob/v${TOOL_VERSION}/rules/${ruleId}.md`;
}
