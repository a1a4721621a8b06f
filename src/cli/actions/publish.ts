// What `aws-audit publish security-hub` does (commands/publish.ts declares its flags): import the
// findings of saved JSON reports into Security Hub (src/publish); exit 0 only when every finding was
// accepted, 3 when Security Hub refused any (each is listed).
import { readPublishableFindings } from '../../publish/read-findings.js';
import type { PublishOutcome, RefusedFinding } from '../../publish/security-hub.js';
import { ExitCode, oneLine } from '../../util/errors.js';
import type { CliIo } from '../io.js';

export interface PublishOptions {
  report: string[];
  region?: string;
  profile?: string;
  roleArn?: string;
  externalId?: string;
  orgRoleName?: string;
  endpointUrl?: string;
  quiet?: boolean;
}

export async function runPublishSecurityHub(io: CliIo, options: PublishOptions): Promise<number> {
  const findings = await readPublishableFindings(
    options.report,
    options.region !== undefined ? { region: options.region } : {},
  );
  if (findings.length === 0) {
    if (!options.quiet) io.stdout('No findings to publish.\n');
    return ExitCode.Ok;
  }
  // The Security Hub client and credential providers load only when there is something to send,
  // so every other command starts without them (start-up, issue 18).
  const [{ createSecurityHubClient }, { credentialsPerAccount }, { publishToSecurityHub }] =
    await Promise.all([
      import('../../publish/security-hub-client.js'),
      import('../../publish/credentials.js'),
      import('../../publish/security-hub.js'),
    ]);
  const accounts = [...new Set(findings.map((f) => f.AwsAccountId))];
  const partition = findings[0]!.ProductArn.split(':')[1] ?? 'aws';
  const credentialsFor = credentialsPerAccount(accounts, {
    partition,
    region: options.region ?? findings[0]!.ProductArn.split(':')[3] ?? 'us-east-1',
    ...(options.profile !== undefined ? { profile: options.profile } : {}),
    ...(options.roleArn !== undefined ? { roleArn: options.roleArn } : {}),
    ...(options.externalId !== undefined ? { externalId: options.externalId } : {}),
    ...(options.orgRoleName !== undefined ? { orgRoleName: options.orgRoleName } : {}),
    ...(options.endpointUrl !== undefined ? { endpoint: options.endpointUrl } : {}),
  });
  const outcome = await publishToSecurityHub(
    findings,
    (target) =>
      createSecurityHubClient({
        region: target.region,
        credentials: credentialsFor(target.accountId),
        ...(options.endpointUrl !== undefined ? { endpoint: options.endpointUrl } : {}),
      }),
    io.abortSignal,
  );
  for (const refused of outcome.refused)
    io.stderr(
      oneLine(
        `aws-audit publish: ${STAGE_TEXT[refused.stage]}: ${refused.id || 'waivers that ended'} (${refused.accountId} ${refused.region}): ${refused.code}: ${refused.message}`,
      ) + '\n',
    );
  if (!options.quiet) io.stdout(describeOutcome(outcome));
  return outcome.refused.length === 0 ? ExitCode.Ok : ExitCode.Incomplete;
}

const STAGE_TEXT: Record<RefusedFinding['stage'], string> = {
  import: 'not imported',
  suppress: 'not suppressed',
  unsuppress: 'not unsuppressed',
};

function describeOutcome(outcome: PublishOutcome): string {
  const refusedImports = outcome.refused.filter((r) => r.stage === 'import').length;
  return (
    `Security Hub: ${outcome.imported} of ${outcome.sent} finding(s) imported in ${outcome.calls.import} call(s)` +
    `${outcome.archived > 0 ? `, ${outcome.archived} archived as fixed` : ''}` +
    `${outcome.suppressed > 0 ? `, ${outcome.suppressed} waived finding(s) suppressed` : ''}` +
    `${outcome.unsuppressed > 0 ? `, ${outcome.unsuppressed} finding(s) whose waiver ended set back to NEW` : ''}` +
    `${refusedImports > 0 ? `; ${refusedImports} refused (listed on stderr)` : ''}.\n`
  );
}
