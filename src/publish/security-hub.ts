// `aws-audit publish security-hub`: imports ASFF findings with BatchImportFindings, one stream per
// (account, Security Hub region), and reports every refused finding (aws-facts §10.4). Waived
// findings are then set SUPPRESSED with BatchUpdateFindings: an import can set Workflow only when
// it creates a finding, so a waiver added after the first publish needs the update call. For the
// same reason a waiver that expired or was removed needs one too: the findings we suppressed
// earlier (our Note, GetFindings) that no waiver covers any more go back to NEW. A finding someone
// suppressed by hand in Security Hub (another Note author) is left alone.
import {
  BatchImportFindingsCommand,
  BatchUpdateFindingsCommand,
  GetFindingsCommand,
  type AwsSecurityFindingFilters,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { TOOL_NAME } from '../tool-info.js';
import { clip, type AsffFinding } from '../report/asff.js';
import { errorMessage } from '../util/errors.js';
import { chunks, importBatches } from './batches.js';

/** The only AWS write operations aws-audit sends; `aws-audit policy --publish` prints them. */
export { PUBLISH_PERMISSIONS } from './permissions.js';

/** BatchUpdateFindings: at most 100 identifiers per call; a Note's text at most 512 characters. */
const UPDATE_IDENTIFIERS = 100;
const NOTE_TEXT = 512;
/** GetFindings: at most 100 findings per page. */
const FINDINGS_PER_PAGE = 100;

/** The Note of a finding whose waiver no longer applies, set with its return to NEW. */
export const UNSUPPRESS_NOTE =
  'No aws-audit waiver covers this finding any more (the waiver expired or was removed): back to NEW.';

export interface RefusedFinding {
  id: string;
  accountId: string;
  region: string;
  /**
   * `import`: BatchImportFindings refused it; `suppress`: the waiver could not be applied;
   * `unsuppress`: the end of its waiver could not be applied (id empty when the suppressed
   * findings could not be listed at all).
   */
  stage: 'import' | 'suppress' | 'unsuppress';
  code: string;
  message: string;
}

export interface PublishOutcome {
  /** Findings sent to BatchImportFindings. */
  sent: number;
  /** Findings Security Hub accepted. */
  imported: number;
  /** Waived findings set SUPPRESSED by BatchUpdateFindings. */
  suppressed: number;
  /** Findings we had suppressed whose waiver ended, set back to NEW by BatchUpdateFindings. */
  unsuppressed: number;
  /** Fixed findings sent ARCHIVED. */
  archived: number;
  refused: RefusedFinding[];
  calls: { import: number; update: number; get: number };
}

/** Where one group of findings goes: its account and the Security Hub region of its ProductArn. */
export interface PublishTarget {
  accountId: string;
  region: string;
}

export type ClientFor = (target: PublishTarget) => SecurityHubClient;

export function securityHubRegion(finding: AsffFinding): string {
  return finding.ProductArn.split(':')[3] ?? '';
}

/** Findings grouped by (account, Security Hub region), in first-seen order. */
export function groupByTarget(
  findings: readonly AsffFinding[],
): { target: PublishTarget; findings: AsffFinding[] }[] {
  const groups = new Map<string, { target: PublishTarget; findings: AsffFinding[] }>();
  for (const finding of findings) {
    const target = { accountId: finding.AwsAccountId, region: securityHubRegion(finding) };
    const key = `${target.accountId} ${target.region}`;
    let group = groups.get(key);
    if (!group) {
      group = { target, findings: [] };
      groups.set(key, group);
    }
    group.findings.push(finding);
  }
  return [...groups.values()];
}

function errorCode(error: unknown): string {
  return error instanceof Error ? error.name : 'Error';
}

/** The Note a waived finding gets: reason, owner and expiry from the finding's product fields. */
function waiverNote(finding: AsffFinding): string {
  const field = (name: string): string | undefined => finding.ProductFields[`${TOOL_NAME}/${name}`];
  const parts = [`Waived: ${field('WaiverReason') ?? 'no reason given'}`];
  if (field('WaiverOwner')) parts.push(`owner ${field('WaiverOwner')}`);
  if (field('WaiverExpires')) parts.push(`expires ${field('WaiverExpires')}`);
  return clip(parts.join('; '), NOTE_TEXT);
}

async function publishGroup(
  client: SecurityHubClient,
  target: PublishTarget,
  findings: AsffFinding[],
  outcome: PublishOutcome,
  abortSignal?: AbortSignal,
): Promise<void> {
  const refuse = (id: string, stage: RefusedFinding['stage'], code: string, message: string): void => {
    outcome.refused.push({ id, ...target, stage, code, message });
  };
  const accepted = new Set<string>();
  for (const batch of importBatches(findings)) {
    if (abortSignal?.aborted) throw abortSignal.reason;
    outcome.sent += batch.length;
    outcome.calls.import += 1;
    try {
      const response = await client.send(
        new BatchImportFindingsCommand({ Findings: batch }),
        abortSignal ? { abortSignal } : {},
      );
      const failed = new Map((response.FailedFindings ?? []).map((f) => [f.Id ?? '', f]));
      for (const finding of batch) {
        const failure = failed.get(finding.Id);
        if (failure) refuse(finding.Id, 'import', failure.ErrorCode ?? 'Unknown', failure.ErrorMessage ?? '');
        else accepted.add(finding.Id);
      }
    } catch (error) {
      if (abortSignal?.aborted) throw error;
      // The whole call failed after the SDK's retries: every finding in it was refused.
      for (const finding of batch) refuse(finding.Id, 'import', errorCode(error), errorMessage(error));
    }
  }
  outcome.imported += accepted.size;
  outcome.archived += findings.filter((f) => f.RecordState === 'ARCHIVED' && accepted.has(f.Id)).length;

  // Waived findings, grouped by their note, suppressed through BatchUpdateFindings.
  const byNote = new Map<string, AsffFinding[]>();
  for (const finding of findings) {
    if (finding.Workflow?.Status !== 'SUPPRESSED' || !accepted.has(finding.Id)) continue;
    const note = waiverNote(finding);
    byNote.set(note, [...(byNote.get(note) ?? []), finding]);
  }
  const update = async (
    identifiers: FindingIdentifier[],
    status: 'SUPPRESSED' | 'NEW',
    note: string,
    stage: 'suppress' | 'unsuppress',
  ): Promise<number> => {
    let processed = 0;
    for (const batch of chunks(identifiers, UPDATE_IDENTIFIERS)) {
      if (abortSignal?.aborted) throw abortSignal.reason;
      outcome.calls.update += 1;
      try {
        const response = await client.send(
          new BatchUpdateFindingsCommand({
            FindingIdentifiers: batch,
            Workflow: { Status: status },
            Note: { Text: note, UpdatedBy: TOOL_NAME },
          }),
          abortSignal ? { abortSignal } : {},
        );
        processed += response.ProcessedFindings?.length ?? 0;
        for (const failure of response.UnprocessedFindings ?? [])
          refuse(
            failure.FindingIdentifier?.Id ?? '',
            stage,
            failure.ErrorCode ?? 'Unknown',
            failure.ErrorMessage ?? '',
          );
      } catch (error) {
        if (abortSignal?.aborted) throw error;
        for (const finding of batch) refuse(finding.Id, stage, errorCode(error), errorMessage(error));
      }
    }
    return processed;
  };
  for (const [note, waived] of byNote)
    outcome.suppressed += await update(waived.map(identifierOf), 'SUPPRESSED', note, 'suppress');

  // Waivers that ended: the active, unwaived findings of this report that Security Hub still holds
  // SUPPRESSED under our Note go back to NEW (aws-facts §10.4: only BatchUpdateFindings can).
  const unwaived = new Set(
    findings
      .filter((f) => f.RecordState === 'ACTIVE' && f.Workflow === undefined && accepted.has(f.Id))
      .map((f) => f.Id),
  );
  if (unwaived.size === 0) return;
  let stale: FindingIdentifier[];
  try {
    stale = await suppressedByUs(client, findings, unwaived, outcome, abortSignal);
  } catch (error) {
    if (abortSignal?.aborted) throw error;
    refuse('', 'unsuppress', errorCode(error), `could not list suppressed findings: ${errorMessage(error)}`);
    return;
  }
  outcome.unsuppressed += await update(stale, 'NEW', UNSUPPRESS_NOTE, 'unsuppress');
}

interface FindingIdentifier {
  Id: string;
  ProductArn: string;
}

function identifierOf(finding: AsffFinding): FindingIdentifier {
  return { Id: finding.Id, ProductArn: finding.ProductArn };
}

/**
 * The findings among `ids` that Security Hub holds ACTIVE and SUPPRESSED with a Note we wrote: the
 * ones a waiver of ours suppressed. GetFindings pages through the group's product's suppressed
 * findings (a read: `securityhub:GetFindings`, printed by `aws-audit policy --publish`).
 */
async function suppressedByUs(
  client: SecurityHubClient,
  findings: readonly AsffFinding[],
  ids: ReadonlySet<string>,
  outcome: PublishOutcome,
  abortSignal?: AbortSignal,
): Promise<FindingIdentifier[]> {
  const productArns = [...new Set(findings.map((f) => f.ProductArn))];
  const filters: AwsSecurityFindingFilters = {
    ProductArn: productArns.map((Value) => ({ Value, Comparison: 'EQUALS' })),
    WorkflowStatus: [{ Value: 'SUPPRESSED', Comparison: 'EQUALS' }],
    RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
  };
  const stale: FindingIdentifier[] = [];
  let nextToken: string | undefined;
  do {
    if (abortSignal?.aborted) throw abortSignal.reason;
    outcome.calls.get += 1;
    const page = await client.send(
      new GetFindingsCommand({
        Filters: filters,
        MaxResults: FINDINGS_PER_PAGE,
        ...(nextToken !== undefined ? { NextToken: nextToken } : {}),
      }),
      abortSignal ? { abortSignal } : {},
    );
    for (const found of page.Findings ?? [])
      if (found.Id && found.ProductArn && ids.has(found.Id) && found.Note?.UpdatedBy === TOOL_NAME)
        stale.push({ Id: found.Id, ProductArn: found.ProductArn });
    nextToken = page.NextToken || undefined;
  } while (nextToken !== undefined);
  return stale;
}

/** Imports every finding; accounts and regions in parallel, each paced by its own client. */
export async function publishToSecurityHub(
  findings: readonly AsffFinding[],
  clientFor: ClientFor,
  abortSignal?: AbortSignal,
): Promise<PublishOutcome> {
  const outcome: PublishOutcome = {
    sent: 0,
    imported: 0,
    suppressed: 0,
    unsuppressed: 0,
    archived: 0,
    refused: [],
    calls: { import: 0, update: 0, get: 0 },
  };
  await Promise.all(
    groupByTarget(findings).map(({ target, findings: group }) =>
      publishGroup(clientFor(target), target, group, outcome, abortSignal),
    ),
  );
  return outcome;
}
