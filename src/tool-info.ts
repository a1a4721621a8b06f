// Tool identity used in snapshots and reports. A test keeps TOOL_VERSION equal to package.json.
export const TOOL_NAME = 'aws-audit';
export const TOOL_VERSION = '0.1.0';
export const PROJECT_URL = 'https://github.com/aws-audit/aws-audit';

export function ruleDocUrl(ruleId: string): string {
  return `${PROJECT_URL}/blob/main/rules/${ruleId}.md`;
}
