// Security Hub (restJson1): BatchImportFindings and BatchUpdateFindings with the limits AWS states
// (aws-facts §10.4): at most 100 findings and 6 MB per import, 240 KB per finding, the calling
// account must be each finding's AwsAccountId and the product ARN's account and region must be the
// caller's; Workflow (and Note) cannot be changed by an import once a finding exists, only by
// BatchUpdateFindings. GetFindings reads them back (EQUALS filters on the fields publish uses,
// pages of at most 100). Imported findings are kept per account and region for tests to read.
import { ApiError } from '../wire/protocols.js';
import { JsonParams } from '../wire/request.js';
import type { CallContext, HandlerTable } from './context.js';

export const SECURITY_HUB_LIMITS = {
  findingsPerImport: 100,
  bytesPerImport: 6 * 1024 * 1024,
  bytesPerFinding: 240 * 1024,
  identifiersPerUpdate: 100,
  findingsPerPage: 100,
} as const;

/** Routes of the restJson1 operations we serve: `METHOD path` → operation. */
export const SECURITY_HUB_ROUTES: Record<string, string> = {
  'POST /findings/import': 'BatchImportFindings',
  'PATCH /findings/batchupdate': 'BatchUpdateFindings',
  'POST /findings': 'GetFindings',
};

export type StoredFinding = Record<string, unknown> & {
  Id: string;
  ProductArn: string;
  AwsAccountId: string;
  Workflow: { Status: string };
};

/** A test's refusal of one finding on import, as a `FailedFindings` entry. */
export type SecurityHubRejecter = (
  finding: Record<string, unknown>,
) => { code: string; message: string } | undefined;

export interface SecurityHubState {
  /** `${accountId}|${region}|${productArn}|${id}` → the finding as stored. */
  findings: Map<string, StoredFinding>;
  reject?: SecurityHubRejecter;
}

const REQUIRED = [
  'AwsAccountId',
  'CreatedAt',
  'Description',
  'GeneratorId',
  'Id',
  'ProductArn',
  'Resources',
  'SchemaVersion',
  'Severity',
  'Title',
  'Types',
  'UpdatedAt',
] as const;

interface Failure {
  Id: string;
  ErrorCode: string;
  ErrorMessage: string;
}

function jsonBody(ctx: CallContext): Record<string, unknown> {
  return ctx.params instanceof JsonParams ? ctx.params.body : {};
}

function stateOf(ctx: CallContext): SecurityHubState {
  return ctx.server.securityHub;
}

function key(ctx: CallContext, productArn: string, id: string): string {
  return `${ctx.account.id}|${ctx.region}|${productArn}|${id}`;
}

function importProblem(ctx: CallContext, finding: Record<string, unknown>): Omit<Failure, 'Id'> | undefined {
  const missing = REQUIRED.find((field) => finding[field] === undefined);
  if (missing)
    return { ErrorCode: 'InvalidInput', ErrorMessage: `Finding is missing required field ${missing}` };
  if (Buffer.byteLength(JSON.stringify(finding)) > SECURITY_HUB_LIMITS.bytesPerFinding)
    return { ErrorCode: 'FindingSizeExceeded', ErrorMessage: 'Finding exceeds 240 KB' };
  const arn = String(finding.ProductArn).split(':');
  if (finding.AwsAccountId !== ctx.account.id || arn[4] !== ctx.account.id)
    return {
      ErrorCode: 'AccessDeniedException',
      ErrorMessage: `Account ${ctx.account.id} cannot import findings for account ${String(finding.AwsAccountId)}`,
    };
  if (arn[3] !== ctx.region)
    return { ErrorCode: 'InvalidProductArn', ErrorMessage: `Product ARN region is not ${ctx.region}` };
  const injected = stateOf(ctx).reject?.(finding);
  return injected && { ErrorCode: injected.code, ErrorMessage: injected.message };
}

function batchImportFindings(ctx: CallContext): string {
  const body = jsonBody(ctx);
  const findings = body.Findings;
  if (!Array.isArray(findings) || findings.length === 0)
    throw new ApiError(400, 'InvalidInputException', 'Findings must be a non-empty list');
  if (findings.length > SECURITY_HUB_LIMITS.findingsPerImport)
    throw new ApiError(400, 'InvalidInputException', 'Findings: at most 100 findings per request');
  if (Buffer.byteLength(JSON.stringify(body)) > SECURITY_HUB_LIMITS.bytesPerImport)
    throw new ApiError(413, 'InvalidInputException', 'Request exceeds 6 MB');
  const failed: Failure[] = [];
  for (const raw of findings as Record<string, unknown>[]) {
    const problem = importProblem(ctx, raw);
    if (problem) {
      failed.push({ Id: typeof raw.Id === 'string' ? raw.Id : '', ...problem });
      continue;
    }
    const storeKey = key(ctx, String(raw.ProductArn), String(raw.Id));
    const existing = stateOf(ctx).findings.get(storeKey);
    // aws-facts §10.4: once created, an import cannot change Workflow or Note.
    const kept = existing
      ? { Workflow: existing.Workflow, ...(existing.Note !== undefined ? { Note: existing.Note } : {}) }
      : { Workflow: (raw.Workflow as StoredFinding['Workflow'] | undefined) ?? { Status: 'NEW' } };
    stateOf(ctx).findings.set(storeKey, { ...(raw as StoredFinding), ...kept });
  }
  ctx.note.items = findings.length;
  return JSON.stringify({
    FailedCount: failed.length,
    SuccessCount: findings.length - failed.length,
    FailedFindings: failed,
  });
}

function batchUpdateFindings(ctx: CallContext): string {
  const body = jsonBody(ctx);
  const identifiers = body.FindingIdentifiers;
  if (!Array.isArray(identifiers) || identifiers.length === 0)
    throw new ApiError(400, 'InvalidInputException', 'FindingIdentifiers must be a non-empty list');
  if (identifiers.length > SECURITY_HUB_LIMITS.identifiersPerUpdate)
    throw new ApiError(400, 'InvalidInputException', 'FindingIdentifiers: at most 100 per request');
  const note = body.Note as { Text?: unknown; UpdatedBy?: unknown } | undefined;
  if (note !== undefined && (typeof note.Text !== 'string' || typeof note.UpdatedBy !== 'string'))
    throw new ApiError(400, 'InvalidInputException', 'Note needs Text and UpdatedBy');
  const processed: { Id: string; ProductArn: string }[] = [];
  const unprocessed: {
    FindingIdentifier: { Id: string; ProductArn: string };
    ErrorCode: string;
    ErrorMessage: string;
  }[] = [];
  for (const raw of identifiers as { Id: string; ProductArn: string }[]) {
    const stored = stateOf(ctx).findings.get(key(ctx, raw.ProductArn, raw.Id));
    if (!stored) {
      unprocessed.push({
        FindingIdentifier: raw,
        ErrorCode: 'FindingNotFound',
        ErrorMessage: 'Finding not found',
      });
      continue;
    }
    const workflow = body.Workflow as { Status?: string } | undefined;
    if (workflow?.Status) stored.Workflow = { Status: workflow.Status };
    if (note)
      stored.Note = { Text: note.Text, UpdatedBy: note.UpdatedBy, UpdatedAt: new Date().toISOString() };
    processed.push(raw);
  }
  return JSON.stringify({ ProcessedFindings: processed, UnprocessedFindings: unprocessed });
}

/** The GetFindings filters the fixture answers: the finding's value for each filter name. */
const FILTER_FIELDS: Record<string, (finding: StoredFinding) => unknown> = {
  Id: (f) => f.Id,
  ProductArn: (f) => f.ProductArn,
  GeneratorId: (f) => f.GeneratorId,
  WorkflowStatus: (f) => f.Workflow.Status,
  RecordState: (f) => f.RecordState ?? 'ACTIVE',
};

function getFindings(ctx: CallContext): string {
  const body = jsonBody(ctx);
  const max = body.MaxResults === undefined ? SECURITY_HUB_LIMITS.findingsPerPage : Number(body.MaxResults);
  if (!Number.isInteger(max) || max < 1 || max > SECURITY_HUB_LIMITS.findingsPerPage)
    throw new ApiError(400, 'InvalidInputException', 'MaxResults must be between 1 and 100');
  const filters = (body.Filters ?? {}) as Record<string, { Value?: string; Comparison?: string }[]>;
  const tests = Object.entries(filters).map(([name, values]) => {
    const field = FILTER_FIELDS[name];
    if (!field || values.some((v) => v.Comparison !== 'EQUALS'))
      throw new ApiError(
        400,
        'InvalidInputException',
        `The fixture answers EQUALS filters on ${Object.keys(FILTER_FIELDS).join(', ')} only`,
      );
    // Values of one filter are ORed; filters are ANDed (API reference, AwsSecurityFindingFilters).
    return (finding: StoredFinding) => values.some((v) => field(finding) === v.Value);
  });
  const prefix = `${ctx.account.id}|${ctx.region}|`;
  const matching = [...stateOf(ctx).findings]
    .filter(([storeKey, finding]) => storeKey.startsWith(prefix) && tests.every((test) => test(finding)))
    .map(([, finding]) => finding);
  const start = body.NextToken === undefined ? 0 : Number(body.NextToken);
  const page = matching.slice(start, start + max);
  ctx.note.items = page.length;
  return JSON.stringify({
    Findings: page,
    ...(start + max < matching.length ? { NextToken: String(start + max) } : {}),
  });
}

export const securityHubHandlers: HandlerTable = {
  BatchImportFindings: batchImportFindings,
  BatchUpdateFindings: batchUpdateFindings,
  GetFindings: getFindings,
};
