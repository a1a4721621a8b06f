// GitHub code scanning's ingestion rules for a SARIF file, checked offline. The JSON Schema (and
// the upload action's own check) accepts logical-only, location-less and `arn:` results that
// GitHub then rejects as a whole file, so this encodes every rule and limit of sarif-github.md
// (§1 "What GitHub requires", §2 "Results with no file", "Limits to enforce before uploading").
//
// The checks read the document through `field` and `items`, which give what `JSON.parse` of the
// serialised text would: a report checks the object it has just serialised instead of parsing
// 28 MB back (`githubLogProblems`), and anything the two could disagree on (a getter, a `toJSON`,
// a class instance, a Proxy, a hole) sends it back to parsing the text.
import { types } from 'node:util';
import { gzipSync } from 'node:zlib';

/** Hard limits reject the whole file; `tagsShown` is the display limit we hold ourselves to. */
export const GITHUB_SARIF_LIMITS = {
  gzippedBytes: 10 * 1024 * 1024,
  runsPerFile: 20,
  resultsPerRun: 25_000,
  /** Only the top 5,000 results of a run are shown: our runs split by service beyond this. */
  resultsShownPerRun: 5_000,
  rulesPerRun: 25_000,
  extensionsPerRun: 100,
  locationsPerResult: 1_000,
  tagsShown: 10,
  ruleNameChars: 255,
  descriptionChars: 1_024,
} as const;

/** A document of unknown trust: every property may be missing or of the wrong type. */
type Loose = { [key: string]: unknown } | undefined;

/** The value is not plain JSON data, so what `JSON.parse` of its text gives is not evident from it. */
class NotPlainJson extends Error {}

/**
 * `value` as `JSON.parse(JSON.stringify(value))` would give it back, for a property's value
 * (undefined: the property is left out) — or NotPlainJson thrown. Mirrors SerializeJSONProperty:
 * non-finite numbers become null, -0 becomes 0, undefined / functions / symbols are omitted;
 * objects and arrays are taken only when plain (own enumerable data properties read through
 * `field` / `items`, the ordinary prototype, no `toJSON` anywhere, no Proxy), which a parsed
 * document always is.
 */
function jsonView(value: unknown): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) return null;
      return value === 0 ? 0 : value;
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'object': {
      if (value === null) return null;
      if (types.isProxy(value) || 'toJSON' in value) throw new NotPlainJson();
      const prototype: unknown = Object.getPrototypeOf(value);
      const plain = Array.isArray(value)
        ? prototype === Array.prototype
        : prototype === Object.prototype || prototype === null;
      if (!plain) throw new NotPlainJson();
      return value;
    }
    default:
      throw new NotPlainJson(); // bigint: JSON.stringify throws on it
  }
}

/** `object[key]` as the parsed text has it: JSON writes own enumerable properties only. */
function field(object: Loose, key: string): unknown {
  if (object === undefined) return undefined;
  const descriptor = Object.getOwnPropertyDescriptor(object, key);
  if (descriptor === undefined || descriptor.enumerable !== true) return undefined;
  if (!('value' in descriptor)) throw new NotPlainJson(); // a getter: not called a second time
  return jsonView(descriptor.value);
}

/** Every item of a plain array as the parsed text has it: a left-out value is written `null`. */
function items(list: unknown[]): unknown[] {
  const values: unknown[] = [];
  for (let index = 0; index < list.length; index++) {
    const descriptor = Object.getOwnPropertyDescriptor(list, index);
    if (descriptor === undefined || !('value' in descriptor)) throw new NotPlainJson(); // a hole or a getter
    values.push(jsonView(descriptor.value) ?? null);
  }
  return values;
}

function asObject(value: unknown): Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as { [key: string]: unknown })
    : undefined;
}

/** The items of an array (as the parsed text has them), or undefined for anything else. */
function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? items(value) : undefined;
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function textOf(value: unknown): unknown {
  return field(asObject(value), 'text');
}

const URI_REFERENCE_CHARS = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$/;

/** Why GitHub (or our display policy) would not take `uri` as a result's file, or undefined. */
export function pseudoPathProblem(uri: unknown): string | undefined {
  if (!nonEmptyString(uri)) return 'is missing or empty (GitHub: "expected artifact location")';
  if (/^arn:/i.test(uri))
    return `is an ARN (${uri}); GitHub reads "arn" as a URI scheme and rejects the file`;
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(uri)) return `has a URI scheme (${uri}); use a relative path`;
  if (uri.startsWith('/')) return `starts with "/" (${uri}); use a relative path`;
  if (!URI_REFERENCE_CHARS.test(uri))
    return `has characters that must be percent-encoded, or a bad %-escape (${uri})`;
  for (const segment of uri.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return `has a segment that does not decode (${uri})`;
    }
    if (decoded === '') return `has an empty segment (${uri})`;
    if (decoded === '.' || decoded === '..') return `has a "${decoded}" segment (${uri})`;
  }
  return undefined;
}

function checkRule(rule: unknown, where: string, problems: string[]): void {
  const r = asObject(rule);
  const L = GITHUB_SARIF_LIMITS;
  if (!nonEmptyString(field(r, 'id'))) problems.push(`${where}.id: missing or empty`);
  const name = field(r, 'name');
  if (name !== undefined && (!nonEmptyString(name) || name.length > L.ruleNameChars))
    problems.push(`${where}.name: must be a non-empty string of at most ${L.ruleNameChars} characters`);
  for (const description of ['shortDescription', 'fullDescription'] as const) {
    const text = textOf(field(r, description));
    if (!nonEmptyString(text)) problems.push(`${where}.${description}.text: missing or empty`);
    else if (text.length > L.descriptionChars)
      problems.push(`${where}.${description}.text: ${text.length} characters, over ${L.descriptionChars}`);
  }
  if (!nonEmptyString(textOf(field(r, 'help')))) problems.push(`${where}.help.text: missing or empty`);
  const properties = asObject(field(r, 'properties'));
  const tags = field(properties, 'tags');
  if (tags !== undefined) {
    const list = asArray(tags);
    if (!list || !list.every(nonEmptyString))
      problems.push(`${where}.properties.tags: must be non-empty strings`);
    else if (list.length > L.tagsShown)
      problems.push(`${where}.properties.tags: ${list.length} tags, GitHub shows only ${L.tagsShown}`);
    else if (new Set(list).size !== list.length) problems.push(`${where}.properties.tags: duplicates`);
  }
  const securitySeverity = field(properties, 'security-severity');
  if (securitySeverity !== undefined) {
    const valid =
      typeof securitySeverity === 'string' &&
      /^\d+(\.\d+)?$/.test(securitySeverity) &&
      Number(securitySeverity) > 0 &&
      Number(securitySeverity) <= 10;
    if (!valid)
      problems.push(`${where}.properties.security-severity: must be a string score in (0, 10], e.g. "8.0"`);
  }
}

function checkResult(result: unknown, where: string, ruleIds: ReadonlySet<string>, problems: string[]): void {
  const r = asObject(result);
  const L = GITHUB_SARIF_LIMITS;
  const ruleId = field(r, 'ruleId');
  if (!nonEmptyString(ruleId)) problems.push(`${where}.ruleId: missing or empty`);
  else if (!ruleIds.has(ruleId)) problems.push(`${where}.ruleId: ${ruleId} is not in tool.driver.rules`);
  const message = asObject(field(r, 'message'));
  if (!nonEmptyString(field(message, 'text')))
    problems.push(
      `${where}.message.text: missing or empty` +
        (field(message, 'id') !== undefined
          ? ' (message.id/arguments without text is rejected, GH1007)'
          : ''),
    );
  const level = field(r, 'level');
  if (
    level !== undefined &&
    !(typeof level === 'string' && ['none', 'note', 'warning', 'error'].includes(level))
  )
    problems.push(`${where}.level: ${JSON.stringify(level)} is not none, note, warning or error`);
  const locations = asArray(field(r, 'locations'));
  if (!locations || locations.length === 0) {
    problems.push(`${where}.locations: missing or empty; GitHub rejects the whole file`);
  } else {
    if (locations.length > 1)
      problems.push(
        `${where}.locations: ${locations.length} locations; emit exactly one (GitHub uses only the first)`,
      );
    if (locations.length > L.locationsPerResult)
      problems.push(`${where}.locations: over GitHub's limit of ${L.locationsPerResult}`);
    const physical = asObject(field(asObject(locations[0]), 'physicalLocation'));
    if (!physical) {
      problems.push(`${where}.locations[0].physicalLocation: missing (a logical-only location is rejected)`);
    } else {
      const uriProblem = pseudoPathProblem(field(asObject(field(physical, 'artifactLocation')), 'uri'));
      if (uriProblem)
        problems.push(`${where}.locations[0].physicalLocation.artifactLocation.uri ${uriProblem}`);
      const startLine = field(asObject(field(physical, 'region')), 'startLine');
      if (typeof startLine !== 'number' || !Number.isInteger(startLine) || startLine < 1)
        problems.push(`${where}.locations[0].physicalLocation.region.startLine: must be an integer >= 1`);
    }
  }
  if (!nonEmptyString(field(asObject(field(r, 'partialFingerprints')), 'primaryLocationLineHash')))
    problems.push(
      `${where}.partialFingerprints.primaryLocationLineHash: missing (GitHub cannot fingerprint a file that does not exist)`,
    );
}

function checkRun(run: unknown, where: string, runKeys: Set<string>, problems: string[]): void {
  const r = asObject(run);
  const L = GITHUB_SARIF_LIMITS;
  const tool = asObject(field(r, 'tool'));
  const driver = asObject(field(tool, 'driver'));
  if (!nonEmptyString(field(driver, 'name'))) problems.push(`${where}.tool.driver.name: missing or empty`);
  const category = field(asObject(field(r, 'automationDetails')), 'id');
  if (!nonEmptyString(category))
    problems.push(`${where}.automationDetails.id: missing; every run needs its own category`);
  const key = [...['name', 'version', 'semanticVersion', 'guid'].map((key) => field(driver, key)), category]
    .map(String)
    .join('\u0000');
  if (runKeys.has(key))
    problems.push(
      `${where}: duplicate run key (same tool and automationDetails.id as an earlier run); upload-sarif throws`,
    );
  runKeys.add(key);
  const extensions = asArray(field(tool, 'extensions')) ?? [];
  if (extensions.length > L.extensionsPerRun)
    problems.push(`${where}.tool.extensions: ${extensions.length}, over ${L.extensionsPerRun}`);
  const rules = asArray(field(driver, 'rules'));
  if (!rules) problems.push(`${where}.tool.driver.rules: missing`);
  else if (rules.length > L.rulesPerRun)
    problems.push(`${where}.tool.driver.rules: ${rules.length}, over ${L.rulesPerRun}`);
  const ruleIds = new Set<string>();
  (rules ?? []).forEach((rule, index) => {
    checkRule(rule, `${where}.tool.driver.rules[${index}]`, problems);
    const id = field(asObject(rule), 'id');
    if (typeof id === 'string') {
      if (ruleIds.has(id)) problems.push(`${where}.tool.driver.rules[${index}].id: duplicate ${id}`);
      ruleIds.add(id);
    }
  });
  const results = asArray(field(r, 'results'));
  if (!results) {
    problems.push(`${where}.results: missing (an empty array says "no findings")`);
    return;
  }
  if (results.length > L.resultsPerRun)
    problems.push(
      `${where}.results: ${results.length} results, over GitHub's hard limit of ${L.resultsPerRun}`,
    );
  results.forEach((result, index) => checkResult(result, `${where}.results[${index}]`, ruleIds, problems));
}

/**
 * An upper bound on `gzipSync(bytes)` for `length` bytes: zlib's `deflateBound()` for deflate's
 * default parameters (windowBits 15, memLevel 8, which Node's gzipSync and GitHub's upload-sarif
 * use; zlib.h: a single Z_FINISH deflate never writes more), plus the gzip wrapper's 18 bytes.
 * Incompressible data comes within bytes of it (test/report/sarif-conformance.test.ts). Not
 * 5 bytes per 65,535: zlib ends a block every 16,383 literals, each stored block costing 5.
 */
export function gzipSizeBound(length: number): number {
  const shifted = (bits: number): number => Math.floor(length / 2 ** bits);
  return length + shifted(12) + shifted(14) + shifted(25) + 13 - 6 + 18;
}

/** The gzip-size problem of the file's bytes, or undefined; gzips only when the bound is over. */
function gzipSizeProblem(bytes: Uint8Array): string | undefined {
  const limit = GITHUB_SARIF_LIMITS.gzippedBytes;
  if (gzipSizeBound(bytes.length) <= limit) return undefined;
  const gzipped = gzipSync(bytes).length;
  return gzipped > limit ? `file: ${gzipped} bytes gzipped, over GitHub's ${limit}` : undefined;
}

/** The document's problems (after the size problem, if any), read as `field` / `items` describe. */
function documentProblems(document: unknown, problems: string[]): string[] {
  const log = asObject(jsonView(document));
  if (field(log, 'version') !== '2.1.0') problems.push('version: must be "2.1.0"');
  if (!nonEmptyString(field(log, '$schema'))) problems.push('$schema: missing');
  const runs = asArray(field(log, 'runs'));
  if (!runs || runs.length === 0) return [...problems, 'runs: missing or empty'];
  if (runs.length > GITHUB_SARIF_LIMITS.runsPerFile)
    problems.push(
      `runs: ${runs.length} runs, over GitHub's limit of ${GITHUB_SARIF_LIMITS.runsPerFile} per file`,
    );
  const runKeys = new Set<string>();
  runs.forEach((run, index) => checkRun(run, `runs[${index}]`, runKeys, problems));
  return problems;
}

function parsedProblems(sarifText: string, problems: string[]): string[] {
  let document: unknown;
  try {
    document = JSON.parse(sarifText);
  } catch {
    return [...problems, 'file: not valid JSON'];
  }
  return documentProblems(document, problems);
}

function sizeProblems(bytes: Uint8Array): string[] {
  const problem = gzipSizeProblem(bytes);
  return problem === undefined ? [] : [problem];
}

/** Every reason GitHub code scanning would reject (or silently mangle) this SARIF text. */
export function githubConformanceProblems(sarifText: string): string[] {
  return parsedProblems(sarifText, sizeProblems(Buffer.from(sarifText)));
}

/**
 * `githubConformanceProblems(text)` for a log just serialised as `text` (`JSON.stringify`, so
 * valid JSON) and encoded as `bytes`, without parsing the text back: the checks read `log` itself
 * as the parsed text would have it, and parse the text only when `log` holds something not plain.
 */
export function githubLogProblems(log: unknown, text: string, bytes: Uint8Array): string[] {
  const problems = sizeProblems(bytes);
  try {
    return documentProblems(log, [...problems]);
  } catch (error) {
    if (!(error instanceof NotPlainJson)) throw error;
    return parsedProblems(text, problems);
  }
}
