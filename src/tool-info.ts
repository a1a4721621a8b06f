// Tool identity used in snapshots and reports. A test keeps TOOL_VERSION equal to package.json.
export const TOOL_NAME = 'aws-audit';
export const TOOL_VERSION = '0.1.0';
export const PROJECT_URL = 'https://github.com/aws-audit/aws-audit';

/**
 * The repository `package.json` declares (`repository`), as a browsable https URL; undefined while
 * it declares none. Rule pages are linked only from it: a made-up URL would send readers of code
 * scanning alerts and reports to a 404. A test keeps this equal to package.json.
 */
export const REPOSITORY_URL: string | undefined = undefined;

/** The rule's documentation page in the declared repository, or undefined (no link at all). */
export function ruleDocUrl(ruleId: string): string | undefined {
  return REPOSITORY_URL === undefined ? undefined : `${REPOSITORY_URL}/blob/main/rules/${ruleId}.md`;
}
