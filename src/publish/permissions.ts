// The only write actions aws-audit sends (Security Hub import), apart from the SDK client so that
// `aws-audit policy --publish` can print them without loading it; and the one read publish needs:
// GetFindings finds the findings it suppressed for a waiver that has since ended.
export const PUBLISH_PERMISSIONS = [
  'securityhub:BatchImportFindings',
  'securityhub:BatchUpdateFindings',
  'securityhub:GetFindings',
];
