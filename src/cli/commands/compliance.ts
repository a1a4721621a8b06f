// `aws-audit compliance`: summarise a JSON report per control of a framework (FSBP or CIS v5.0.0)
// from the rules' references. Reads only; exit 0 once the report was read, 2 for a bad file or flag.
// The report reader and the summary load when the command runs (../actions/compliance.ts).
import { Command, Option } from 'commander';
import { FRAMEWORK_IDS } from '../../report/compliance-frameworks.js';
import type { ComplianceCommandOptions } from '../actions/compliance.js';
import type { CliIo } from '../io.js';

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
      const { runCompliance } = await import('../actions/compliance.js');
      setExitCode(await runCompliance(io, file, options));
    });
}
