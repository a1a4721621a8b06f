// Parsers for flag values. Each throws InvalidArgumentError, which commander reports naming the
// flag, and the CLI turns into exit 2.
import { InvalidArgumentError, Option } from 'commander';
import { SEVERITIES, isSeverity, type Severity } from '../engine/types.js';

export function parseSeverity(value: string): Severity {
  const lower = value.toLowerCase();
  if (!isSeverity(lower)) throw new InvalidArgumentError(`expected one of ${SEVERITIES.join(', ')}.`);
  return lower;
}

/** A severity flag whose --help shows the allowed values: `--fail-on <low|medium|high|critical>`. */
export function severityOption(flag: string, description: string): Option {
  return new Option(`${flag} <${SEVERITIES.join('|')}>`, description).argParser(parseSeverity);
}

/** Comma-separated, repeatable: `--rules a,b --rules c`. */
export function parseList(value: string, previous: string[] | undefined): string[] {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  if (items.length === 0) throw new InvalidArgumentError('expected a comma-separated list.');
  return [...(previous ?? []), ...items];
}

/** A list restricted to `allowed` values. Given values replace the default rather than add to it. */
export function listParserFor(allowed: readonly string[]): (value: string) => string[] {
  return (value) => {
    const items = parseList(value, undefined);
    const bad = items.filter((item) => !allowed.includes(item));
    if (bad.length > 0)
      throw new InvalidArgumentError(`unknown value ${bad.join(', ')}; expected ${allowed.join(', ')}.`);
    return [...new Set(items)];
  };
}

export function parsePositiveInt(value: string): number {
  if (!/^[1-9][0-9]*$/.test(value)) throw new InvalidArgumentError('expected a whole number greater than 0.');
  return Number(value);
}
