// `aws-audit publish security-hub`: the one command that writes to AWS. It imports the findings
// of saved JSON reports into Security Hub; 0 when every finding was accepted, 3 when Security Hub
// refused any, 2 for a usage or input error. The work is ../actions/publish.ts, loaded when it runs.
import { Command, InvalidArgumentError, Option } from 'commander';
import { isRegionName } from '../../collect/region-names.js';
import type { PublishOptions } from '../actions/publish.js';
import { addCommandHelp } from '../help.js';
import type { CliIo } from '../io.js';
import { parseList } from '../options.js';
import { parseEndpointUrl, parseRoleArn } from '../live-options.js';
import { parseRoleName } from '../org/org-options.js';

function parseOneRegion(value: string): string {
  if (!isRegionName(value))
    throw new InvalidArgumentError(`'${value}' is not a region name (expected e.g. us-east-1).`);
  return value;
}

export function publishCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  const securityHub = new Command('security-hub')
    .description('import the findings of aws-audit JSON reports into AWS Security Hub (BatchImportFindings)')
    .requiredOption(
      '--report <files>',
      'aws-audit-report.json file(s), comma-separated or repeated',
      parseList,
    )
    .addOption(
      new Option(
        '--region <region>',
        'Security Hub region for every finding (default: each finding in its own region; IAM findings in the account’s first scanned region)',
      ).argParser(parseOneRegion),
    )
    .option('--profile <name>', 'shared config/credentials profile (default: the SDK default chain)')
    .addOption(new Option('--role-arn <arn>', 'IAM role to assume for the import').argParser(parseRoleArn))
    .option('--external-id <id>', 'external id for --role-arn')
    .addOption(
      new Option(
        '--org-role-name <name>',
        'assume this role in each account the findings name (Security Hub accepts findings only from their own account)',
      ).argParser(parseRoleName),
    )
    .addOption(
      new Option('--endpoint-url <url>', 'send the calls to this endpoint').argParser(parseEndpointUrl),
    )
    .option('-q, --quiet', 'print nothing on stdout except errors')
    .action(async (options: PublishOptions) => {
      const { runPublishSecurityHub } = await import('../actions/publish.js');
      setExitCode(await runPublishSecurityHub(io, options));
    });
  return new Command('publish')
    .description('send findings to another system (the only command that writes to AWS)')
    .addCommand(addCommandHelp(securityHub));
}
