// GitHub code scanning's ingestion rules for a SARIF file, checked offline. The JSON Schema (and
// the upload action's own check) accepts logical-only, location-less and `arn:` results that
// GitHub then rejects as a whole file, so this encodes every rule and limit of sarif-github.md
// (§1 "What GitHub requires", §2 "Results with no file", "Limits to enforce before uploading").
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

/** A parsed document of unknown trust: every property may be missing or of the wrong type. */
type Loose = { [key: string]: unknown } | undefined;

function asObject(value: unknown): Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as { [key: string]: unknown })
    : undefined;
}

function asArray(value: unknown): unknown[] | undefined {
  return Array.isArray(value) ? value : undefined;
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function textOf(value: unknown): unknown {
  return asObject(value)?.text;
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
  if (!nonEmptyString(r?.id)) problems.push(`${where}.id: missing or empty`);
  if (r?.name !== undefined && (!nonEmptyString(r.name) || r.name.length > L.ruleNameChars))
    problems.push(`${where}.name: must be a non-empty string of at most ${L.ruleNameChars} characters`);
  for (const field of ['shortDescription', 'fullDescription'] as const) {
    const text = textOf(r?.[field]);
    if (!nonEmptyString(text)) problems.push(`${where}.${field}.text: missing or empty`);
    else if (text.length > L.descriptionChars)
      problems.push(`${where}.${field}.text: ${text.length} characters, over ${L.descriptionChars}`);
  }
  if (!nonEmptyString(textOf(r?.help))) problems.push(`${where}.help.text: missing or empty`);
  const properties = asObject(r?.properties);
  const tags = properties?.tags;
  if (tags !== undefined) {
    const list = asArray(tags);
    if (!list || !list.every(nonEmptyString))
      problems.push(`${where}.properties.tags: must be non-empty strings`);
    else if (list.length > L.tagsShown)
      problems.push(`${where}.properties.tags: ${list.length} tags, GitHub shows only ${L.tagsShown}`);
    else if (new Set(list).size !== list.length) problems.push(`${where}.properties.tags: duplicates`);
  }
  const securitySeverity = properties?.['security-severity'];
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
  if (!nonEmptyString(r?.ruleId)) problems.push(`${where}.ruleId: missing or empty`);
  else if (!ruleIds.has(r.ruleId)) problems.push(`${where}.ruleId: ${r.ruleId} is not in tool.driver.rules`);
  const message = asObject(r?.message);
  if (!nonEmptyString(message?.text))
    problems.push(
      `${where}.message.text: missing or empty` +
        (message?.id !== undefined ? ' (message.id/arguments without text is rejected, GH1007)' : ''),
    );
  const level = r?.level;
  if (
    level !== undefined &&
    !(typeof level === 'string' && ['none', 'note', 'warning', 'error'].includes(level))
  )
    problems.push(`${where}.level: ${JSON.stringify(level)} is not none, note, warning or error`);
  const locations = asArray(r?.locations);
  if (!locations || locations.length === 0) {
    problems.push(`${where}.locations: missing or empty; GitHub rejects the whole file`);
  } else {
    if (locations.length > 1)
      problems.push(
        `${where}.locations: ${locations.length} locations; emit exactly one (GitHub uses only the first)`,
      );
    if (locations.length > L.locationsPerResult)
      problems.push(`${where}.locations: over GitHub's limit of ${L.locationsPerResult}`);
    const physical = asObject(asObject(locations[0])?.physicalLocation);
    if (!physical) {
      problems.push(`${where}.locations[0].physicalLocation: missing (a logical-only location is rejected)`);
    } else {
      const uriProblem = pseudoPathProblem(asObject(physical.artifactLocation)?.uri);
      if (uriProblem)
        problems.push(`${where}.locations[0].physicalLocation.artifactLocation.uri ${uriProblem}`);
      const startLine = asObject(physical.region)?.startLine;
      if (typeof startLine !== 'number' || !Number.isInteger(startLine) || startLine < 1)
        problems.push(`${where}.locations[0].physicalLocation.region.startLine: must be an integer >= 1`);
    }
  }
  if (!nonEmptyString(asObject(r?.partialFingerprints)?.primaryLocationLineHash))
    problems.push(
      `${where}.partialFingerprints.primaryLocationLineHash: missing (GitHub cannot fingerprint a file that does not exist)`,
    );
}

function checkRun(run: unknown, where: string, runKeys: Set<string>, problems: string[]): void {
  const r = asObject(run);
  const L = GITHUB_SARIF_LIMITS;
  const driver = asObject(asObject(r?.tool)?.driver);
  if (!nonEmptyString(driver?.name)) problems.push(`${where}.tool.driver.name: missing or empty`);
  const category = asObject(r?.automationDetails)?.id;
  if (!nonEmptyString(category))
    problems.push(`${where}.automationDetails.id: missing; every run needs its own category`);
  const key = [driver?.name, driver?.version, driver?.semanticVersion, driver?.guid, category]
    .map(String)
    .join('\u0000');
  if (runKeys.has(key))
    problems.push(
      `${where}: duplicate run key (same tool and automationDetails.id as an earlier run); upload-sarif throws`,
    );
  runKeys.add(key);
  const extensions = asArray(asObject(r?.tool)?.extensions) ?? [];
  if (extensions.length > L.extensionsPerRun)
    problems.push(`${where}.tool.extensions: ${extensions.length}, over ${L.extensionsPerRun}`);
  const rules = asArray(driver?.rules);
  if (!rules) problems.push(`${where}.tool.driver.rules: missing`);
  else if (rules.length > L.rulesPerRun)
    problems.push(`${where}.tool.driver.rules: ${rules.length}, over ${L.rulesPerRun}`);
  const ruleIds = new Set<string>();
  (rules ?? []).forEach((rule, index) => {
    checkRule(rule, `${where}.tool.driver.rules[${index}]`, problems);
    const id = asObject(rule)?.id;
    if (typeof id === 'string') {
      if (ruleIds.has(id)) problems.push(`${where}.tool.driver.rules[${index}].id: duplicate ${id}`);
      ruleIds.add(id);
    }
  });
  const results = asArray(r?.results);
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

/** Every reason GitHub code scanning would reject (or silently mangle) this SARIF text. */
export function githubConformanceProblems(sarifText: string): string[] {
  const problems: string[] = [];
  const gzipped = gzipSync(sarifText).length;
  if (gzipped > GITHUB_SARIF_LIMITS.gzippedBytes)
    problems.push(`file: ${gzipped} bytes gzipped, over GitHub's ${GITHUB_SARIF_LIMITS.gzippedBytes}`);
  let document: unknown;
  try {
    document = JSON.parse(sarifText);
  } catch {
    return [...problems, 'file: not valid JSON'];
  }
  const log = asObject(document);
  if (log?.version !== '2.1.0') problems.push('version: must be "2.1.0"');
  if (!nonEmptyString(log?.$schema)) problems.push('$schema: missing');
  const runs = asArray(log?.runs);
  if (!runs || runs.length === 0) return [...problems, 'runs: missing or empty'];
  if (runs.length > GITHUB_SARIF_LIMITS.runsPerFile)
    problems.push(
      `runs: ${runs.length} runs, over GitHub's limit of ${GITHUB_SARIF_LIMITS.runsPerFile} per file`,
    );
  const runKeys = new Set<string>();
  runs.forEach((run, index) => checkRun(run, `runs[${index}]`, runKeys, problems));
  return problems;
}
