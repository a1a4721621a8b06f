// What `aws-audit compliance` does (commands/compliance.ts declares it): read a JSON report and
// print its per-control summary.
import type { FrameworkId } from '../../report/compliance-frameworks.js';
import { complianceOfReportFile } from '../../report/compliance.js';
import { renderComplianceText } from '../../report/compliance-text.js';
import { ExitCode, type ExitCodeValue } from '../../util/errors.js';
import type { CliIo } from '../io.js';

export interface ComplianceCommandOptions {
  framework: FrameworkId;
  json?: boolean;
}

export async function runCompliance(
  io: CliIo,
  file: string,
  options: ComplianceCommandOptions,
): Promise<ExitCodeValue> {
  const summary = await complianceOfReportFile(file, options.framework);
  io.stdout(options.json ? `${JSON.stringify(summary, null, 2)}\n` : renderComplianceText(summary));
  return ExitCode.Ok;
}
