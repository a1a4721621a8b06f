// `aws-audit compliance`: summarise a JSON report per control of a framework (FSBP or CIS v5.0.0)
// from the rules' references. Reads only; exit 0 once the report was read, 2 for a bad file or flag.
import { Command, Option } from 'commander';
import { FRAMEWORK_IDS, type FrameworkId } from '../../report/compliance-frameworks.js';
import { complianceOfReportFile } from '../../report/compliance.js';
import { renderComplianceText } from '../../report/compliance-text.js';
import { ExitCode } from '../../util/errors.js';
import type { CliIo } from '../io.js';

export interface ComplianceCommandOptions {
  framework: FrameworkId;
  json?: boolean;
}

export function complianceCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command('compliance')
    .description("per-control summary of a JSON report from the rules' Security Hub and CIS references")
    .argument('<report>', 'a JSON report written by `aws-audit scan` (aws-audit-report.json)')
    .addOption(
      new Option('--framework <id>', 'the framework to summarise against')
        .choices([...FRAMEWORK_IDS])
        .default('fsbp'),
    )
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, options: ComplianceCommandOptions) => {
      const summary = await complianceOfReportFile(file, options.framework);
      io.stdout(options.json ? `${JSON.stringify(summary, null, 2)}\n` : renderComplianceText(summary));
      setExitCode(ExitCode.Ok);
    });
}
