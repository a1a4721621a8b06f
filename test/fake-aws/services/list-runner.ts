// One generic runner for every "list" operation: memoised mapped records and pre-serialised items
// per (account, region, operation); ID and filter selection; the API's pagination; one page out.
import type { PageSpec } from '../pagination.js';
import { pageWindow } from '../pagination.js';
import type { SchemaRef } from '../wire/schema-writers.js';
import { Raw, jsonBody, jsonListItems, xmlListItems, xmlMembers } from '../wire/schema-writers.js';
import { ApiError, protocolOf } from '../wire/protocols.js';
import { hashString } from '../random.js';
import type { CallContext } from './context.js';

export interface Listing<R> {
  records: R[];
  /** One serialised item per record, in order. */
  items: string[];
}

export interface ListSpec<R> {
  /** Memo key; usually the operation name. */
  key: string;
  output: SchemaRef;
  /** The output member holding the list (`Vpcs`, `Users`, …). */
  member: string;
  /** The output member holding the next token, when the API pages. */
  tokenMember?: 'NextToken' | 'Marker' | 'NextMarker' | 'nextToken';
  page?: PageSpec;
  /** All records of this listing; called once per account (and region, for regional listings). */
  records: (ctx: CallContext) => R[];
  toAws: (record: R, ctx: CallContext) => unknown;
  /** Restricts the records for this request (IDs, filters, parent name). `undefined` = all. */
  select?: (records: R[], ctx: CallContext) => number[] | undefined;
  /** Extra output members (e.g. IAM `IsTruncated`) computed from the page. */
  extra?: (nextToken: string | undefined) => Record<string, unknown>;
  /** Listing scope: `region` (default) or `account` (IAM). */
  scope?: 'region' | 'account';
}

function isJson(ctx: CallContext): boolean {
  const protocol = protocolOf(ctx.service);
  return protocol === 'json' || protocol === 'rest-json';
}

export function listing<R>(spec: ListSpec<R>, ctx: CallContext): Listing<R> {
  const where = spec.scope === 'account' ? 'global' : ctx.region;
  return ctx.account.memo(`${where}|${spec.key}`, () => {
    const records = spec.records(ctx);
    const mapped = records.map((r) => spec.toAws(r, ctx));
    const items = isJson(ctx)
      ? jsonListItems(spec.output, spec.member, mapped)
      : xmlListItems(spec.output, spec.member, mapped);
    return { records, items };
  });
}

export function runList<R>(spec: ListSpec<R>, ctx: CallContext): string {
  const { records, items } = listing(spec, ctx);
  const selected = spec.select?.(records, ctx);
  const total = selected ? selected.length : items.length;
  let pageItems: string[];
  let nextToken: string | undefined;
  const json = isJson(ctx);
  if (spec.page) {
    const selection = selected ? String(hashString(selected.join(','))) : 'all';
    const scope = `${ctx.account.id}|${ctx.region}|${spec.key}|${selection}`;
    const window = pageWindow(spec.page, ctx.params, total, scope);
    if (window.requested !== undefined) ctx.note.pageSize = window.requested;
    pageItems = selected
      ? selected.slice(window.start, window.end).map((i) => items[i]!)
      : items.slice(window.start, window.end);
    nextToken = window.nextToken;
  } else {
    pageItems = selected ? selected.map((i) => items[i]!) : items;
  }
  ctx.note.items = pageItems.length;
  const output: Record<string, unknown> = {
    [spec.member]: new Raw(pageItems.join(json ? ',' : '')),
    ...(spec.extra?.(nextToken) ?? {}),
  };
  if (spec.tokenMember && nextToken !== undefined) output[spec.tokenMember] = nextToken;
  return json ? jsonBody(spec.output, output) : xmlMembers(spec.output, output);
}

/**
 * Selection by an ID list parameter and EC2 filters. Unknown IDs answer the API's NotFound code;
 * a filter the fixture does not implement answers InvalidParameterValue rather than being ignored.
 */
export function selectByIdsAndFilters<R>(
  records: R[],
  ctx: CallContext,
  options: {
    idParam?: string;
    id?: (r: R) => string;
    notFound?: string;
    /** A second list parameter selecting by name (`GroupName.N`, `LaunchTemplateName.N`). */
    nameParam?: string;
    name?: (r: R) => string;
    filters?: Record<string, (r: R) => (string | undefined)[]>;
  },
): number[] | undefined {
  const selectors: { values: string[]; key: (r: R) => string }[] = [];
  if (options.idParam && options.id)
    selectors.push({ values: ctx.params.list(options.idParam), key: options.id });
  if (options.nameParam && options.name) {
    selectors.push({ values: ctx.params.list(options.nameParam), key: options.name });
  }
  const filters = ctx.params.filters();
  if (!selectors.some((s) => s.values.length) && !filters.length) return undefined;
  let indices = records.map((_, i) => i);
  for (const { values, key } of selectors) {
    if (!values.length) continue;
    const wanted = new Set(values);
    indices = indices.filter((i) => wanted.has(key(records[i]!)));
    if (indices.length < wanted.size) {
      const found = new Set(indices.map((i) => key(records[i]!)));
      const missing = values.filter((v) => !found.has(v));
      throw new ApiError(
        400,
        options.notFound ?? 'InvalidParameterValue',
        `The ID '${missing.join(', ')}' does not exist`,
      );
    }
  }
  for (const filter of filters) {
    const read = options.filters?.[filter.name];
    if (!read) {
      throw new ApiError(
        400,
        'InvalidParameterValue',
        `The filter '${filter.name}' is invalid (not implemented by fake-aws)`,
      );
    }
    const wanted = new Set(filter.values);
    indices = indices.filter((i) => read(records[i]!).some((v) => v !== undefined && wanted.has(v)));
  }
  return indices;
}
