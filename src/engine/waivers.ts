// Waivers: accepted risks, written down with a reason, an owner and an expiry (design.md
// "Findings, waivers, baseline"). A waived finding stays in the report, marked; gating ignores it.
// An expired waiver stops applying and is listed; a waiver that matches nothing is listed as stale
// so the file does not silently rot.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { parse as ParseYaml } from 'yaml';
import { describeFsError } from '../util/atomic-file.js';
import { UserError, errorMessage } from '../util/errors.js';
import type { Finding, ResourceRef } from './types.js';

/** Globs over a resource's account, region and id; an absent field matches anything. */
export interface WaiverScope {
  accountId?: string;
  region?: string;
  id?: string;
}

export interface Waiver {
  /** Position in the file (0-based), reported as `waiverIndex`. */
  index: number;
  ruleId: string;
  /** An ARN glob (`*` any run of characters, `?` one character), or account/region/id globs. */
  resource: string | WaiverScope;
  reason: string;
  owner?: string;
  /** `YYYY-MM-DD`: the waiver applies through the end of this day (UTC). */
  expires?: string;
}

/** One waiver as the report lists it, with how many failing findings it matched. */
export interface WaiverEntry {
  waiverIndex: number;
  ruleId: string;
  resource: string | WaiverScope;
  reason: string;
  owner?: string;
  expires?: string;
  matched: number;
}

/** The report's `waivers` section. */
export interface WaiverReport {
  file: string;
  /** In force and matched at least one failing finding. */
  applied: WaiverEntry[];
  /** Past their `expires` date: they no longer waive anything. */
  expired: WaiverEntry[];
  /** In force, for a rule that ran, but matched no failing finding: fixed, or a wrong match. */
  stale: WaiverEntry[];
}

const FIELDS = ['ruleId', 'resource', 'reason', 'owner', 'expires'] as const;
const SCOPE_FIELDS = ['accountId', 'region', 'id'] as const;

/** No ARN is longer than this; a longer glob cannot match anything and would strain the matcher. */
export const MAX_GLOB_LENGTH = 2048;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

/** A real calendar date in `YYYY-MM-DD` form (rejects 2026-02-30). */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function parseScope(
  value: Record<string, unknown>,
  fail: (field: string, problem: string) => never,
): WaiverScope {
  const scope: WaiverScope = {};
  for (const key of Object.keys(value)) {
    if (!(SCOPE_FIELDS as readonly string[]).includes(key))
      fail(`resource.${key}`, `unknown field (expected ${SCOPE_FIELDS.join(', ')})`);
  }
  for (const key of SCOPE_FIELDS) {
    const field = value[key];
    if (field === undefined) continue;
    // YAML reads an unquoted account id as a number; accept it rather than make people quote it.
    const text =
      typeof field === 'number' && Number.isInteger(field) ? String(field).padStart(12, '0') : field;
    if (!isNonEmptyString(text)) fail(`resource.${key}`, 'must be a non-empty string (a glob)');
    if (text.length > MAX_GLOB_LENGTH)
      fail(`resource.${key}`, `is ${text.length} characters; a glob is at most ${MAX_GLOB_LENGTH}`);
    scope[key] = text;
  }
  if (Object.keys(scope).length === 0)
    fail('resource', `needs at least one of ${SCOPE_FIELDS.join(', ')}, or an ARN glob string`);
  return scope;
}

function parseEntry(entry: unknown, index: number, file: string, knownRuleIds: ReadonlySet<string>): Waiver {
  const fail = (field: string, problem: string): never => {
    throw new UserError(`waivers ${file}: waivers[${index}]${field === '' ? '' : `.${field}`}: ${problem}`);
  };
  if (!isRecord(entry)) return fail('', 'must be a mapping with ruleId, resource, reason, owner, expires');
  for (const key of Object.keys(entry)) {
    if (!(FIELDS as readonly string[]).includes(key))
      fail(key, `unknown field (expected ${FIELDS.join(', ')})`);
  }
  const { ruleId, resource, reason, owner, expires } = entry;
  if (!isNonEmptyString(ruleId)) return fail('ruleId', 'required, a rule id');
  if (!knownRuleIds.has(ruleId))
    fail('ruleId', `unknown rule id ${ruleId} (run 'aws-audit rules' to list them)`);
  let match: string | WaiverScope;
  if (isNonEmptyString(resource)) {
    if (resource.length > MAX_GLOB_LENGTH)
      fail('resource', `is ${resource.length} characters; an ARN glob is at most ${MAX_GLOB_LENGTH}`);
    match = resource;
  } else if (isRecord(resource)) match = parseScope(resource, fail);
  else return fail('resource', 'required: an ARN glob, or a mapping of accountId, region, id globs');
  if (!isNonEmptyString(reason))
    return fail('reason', 'required, a non-empty string saying why the risk is accepted');
  const waiver: Waiver = { index, ruleId, resource: match, reason: reason.trim() };
  if (owner !== undefined) {
    if (!isNonEmptyString(owner)) fail('owner', 'must be a non-empty string');
    else waiver.owner = owner;
  }
  if (expires !== undefined) {
    if (typeof expires !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(expires))
      fail('expires', 'must be a date written YYYY-MM-DD');
    else if (!isIsoDate(expires)) fail('expires', `${expires} is not a date that exists`);
    else waiver.expires = expires;
  }
  return waiver;
}

// The YAML parser (70-odd modules) loads on the first waivers file, not at every CLI start (issue 18).
const require = createRequire(import.meta.url);
function parseYaml(text: string): unknown {
  return (require('yaml') as { parse: typeof ParseYaml }).parse(text);
}

/**
 * The YAML library's first line ends "at line 3, column 1:" and shows the line below it; one line
 * of ours ends with that line itself, quoted (JSON escapes keep it one line).
 */
export function yamlProblem(error: unknown, text: string): string {
  const head = (errorMessage(error).split('\n')[0] ?? '').replace(/:\s*$/, '');
  const line = (error as { linePos?: { line: number }[] } | undefined)?.linePos?.[0]?.line;
  const source = line === undefined ? undefined : text.split(/\r?\n/)[line - 1];
  return source === undefined || source.trim() === '' ? head : `${head}: ${JSON.stringify(source.trim())}`;
}

/** Whether a waiver matches every resource: `resource: "*"`, or a scope of `*` globs only. */
function matchesEverything(match: string | WaiverScope): boolean {
  if (typeof match === 'string') return /^\*+$/.test(match);
  return SCOPE_FIELDS.every((key) => {
    const glob = match[key];
    return glob === undefined || /^\*+$/.test(glob);
  });
}

/**
 * Warnings for waivers that are valid but risky: one that waives a rule for every resource with no
 * owner or no expiry silences the rule for good, with no one to ask.
 */
export function waiverWarnings(waivers: readonly Waiver[], file: string): string[] {
  return waivers
    .filter((w) => matchesEverything(w.resource) && (w.owner === undefined || w.expires === undefined))
    .map((w) => {
      const missing = [w.owner === undefined ? 'owner' : '', w.expires === undefined ? 'expires' : '']
        .filter((part) => part !== '')
        .join(' and ');
      return `waivers ${file}: waivers[${w.index}] waives ${w.ruleId} for every resource without ${missing}; add them so the exception is reviewed`;
    });
}

/** Parses a waivers document (YAML or JSON: a list, or `{ waivers: [...] }`). */
export function parseWaivers(text: string, file: string, knownRuleIds: ReadonlySet<string>): Waiver[] {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new UserError(`waivers ${file} is not valid YAML or JSON: ${yamlProblem(error, text)}`);
  }
  let entries: unknown;
  if (Array.isArray(document)) entries = document;
  else if (isRecord(document) && Object.keys(document).length === 1 && Array.isArray(document.waivers))
    entries = document.waivers;
  else
    throw new UserError(
      `waivers ${file}: the document must be a list of waivers, or a mapping with one key "waivers"`,
    );
  return (entries as unknown[]).map((entry, index) => parseEntry(entry, index, file, knownRuleIds));
}

export async function readWaiversFile(file: string, knownRuleIds: ReadonlySet<string>): Promise<Waiver[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read waivers ${file}: ${describeFsError(error)}`);
  }
  return parseWaivers(text, file, knownRuleIds);
}

/** `*` any run of characters (including `:` and `/`), `?` exactly one; everything else literal. */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 's');
}

type Matcher = (resource: ResourceRef) => boolean;

function resourceMatcher(match: string | WaiverScope): Matcher {
  if (typeof match === 'string') {
    const arn = globToRegExp(match);
    return (resource) => arn.test(resource.arn);
  }
  const tests = SCOPE_FIELDS.flatMap((key) => {
    const glob = match[key];
    return glob === undefined ? [] : [{ key, pattern: globToRegExp(glob) }];
  });
  return (resource) => tests.every(({ key, pattern }) => pattern.test(resource[key]));
}

/** Expired once the UTC calendar day of `now` is after `expires`. */
export function isExpired(waiver: Pick<Waiver, 'expires'>, now: Date): boolean {
  return waiver.expires !== undefined && now.toISOString().slice(0, 10) > waiver.expires;
}

export interface WaiverOutcome {
  findings: Finding[];
  report: WaiverReport;
}

/** Marks findings one at a time and, at the end, reports what each waiver did (`applyWaivers`). */
export interface WaiverMarker {
  mark(finding: Finding): Finding;
  report(): WaiverReport;
}

/**
 * Marks failing findings matched by a waiver in force (the first in file order wins). Only `fail`
 * findings are waived: a pass needs no waiver, and an unknown is missing data that no waiver
 * should hide. `evaluatedRuleIds` limits the stale list to rules that actually ran. One finding
 * at a time, so a streamed scan (engine/stream-scan.ts) marks each as it is evaluated.
 */
export function waiverMarker(
  waivers: readonly Waiver[],
  options: { file: string; now: Date; evaluatedRuleIds: ReadonlySet<string> },
): WaiverMarker {
  const compiled = waivers.map((waiver) => ({
    waiver,
    expired: isExpired(waiver, options.now),
    matches: resourceMatcher(waiver.resource),
    matched: 0,
  }));
  const mark = (finding: Finding): Finding => {
    if (finding.status !== 'fail') return finding;
    let waiverMark: Finding['waiver'];
    for (const entry of compiled) {
      if (entry.waiver.ruleId !== finding.ruleId || !entry.matches(finding.resource)) continue;
      entry.matched += 1;
      if (entry.expired || waiverMark !== undefined) continue;
      waiverMark = { reason: entry.waiver.reason, waiverIndex: entry.waiver.index };
      if (entry.waiver.owner !== undefined) waiverMark.owner = entry.waiver.owner;
      if (entry.waiver.expires !== undefined) waiverMark.expires = entry.waiver.expires;
    }
    return waiverMark === undefined ? finding : { ...finding, waiver: waiverMark };
  };
  const listed = (entry: (typeof compiled)[number]): WaiverEntry => {
    const { waiver } = entry;
    const item: WaiverEntry = {
      waiverIndex: waiver.index,
      ruleId: waiver.ruleId,
      resource: waiver.resource,
      reason: waiver.reason,
      matched: entry.matched,
    };
    if (waiver.owner !== undefined) item.owner = waiver.owner;
    if (waiver.expires !== undefined) item.expires = waiver.expires;
    return item;
  };
  const report = (): WaiverReport => ({
    file: options.file,
    applied: compiled.filter((e) => !e.expired && e.matched > 0).map(listed),
    expired: compiled.filter((e) => e.expired).map(listed),
    stale: compiled
      .filter((e) => !e.expired && e.matched === 0 && options.evaluatedRuleIds.has(e.waiver.ruleId))
      .map(listed),
  });
  return { mark, report };
}

/** `waiverMarker` over a whole list of findings. */
export function applyWaivers(
  findings: readonly Finding[],
  waivers: readonly Waiver[],
  options: { file: string; now: Date; evaluatedRuleIds: ReadonlySet<string> },
): WaiverOutcome {
  const marker = waiverMarker(waivers, options);
  const marked = findings.map((finding) => marker.mark(finding));
  return { findings: marked, report: marker.report() };
}
