// The only write actions aws-audit sends (Security Hub import), apart from the SDK client so that
// `aws-audit policy --publish` can print them without loading it.
export const PUBLISH_PERMISSIONS = ['securityhub:BatchImportFindings', 'securityhub:BatchUpdateFindings'];
