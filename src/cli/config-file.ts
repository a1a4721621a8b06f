// The config file: `aws-audit.config.yaml` in the working directory, or `--config FILE`. Its keys
// are the command's long flag names (`fail-on: high`, `services: [ec2, iam]`); a flag given on
// the command line wins. Values go through the flag's own parser, so a bad value gets the same
// "expected one of …" as the flag, prefixed with the file and key: one line, exit 2.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { InvalidArgumentError, type Command, type Option } from 'commander';
import { UserError, errorMessage } from '../util/errors.js';
import { describeFsError } from '../util/atomic-file.js';
import type { CliIo } from './io.js';

export const CONFIG_FILE = 'aws-audit.config.yaml';

/** The waivers file `aws-audit init` writes beside the config, which points to it. */
export const WAIVERS_FILE = 'aws-audit.waivers.yaml';

/** Flags whose value is a path: resolved against the config file's folder, not the caller's. */
const PATH_KEYS = new Set(['waivers', 'baseline', 'out-dir', 'snapshot']);

/** Flags that make no sense in a file. */
const NOT_IN_CONFIG = new Set(['config', 'help', 'version']);

/** The command's options a config file may set, by long name without dashes. */
function configurableOptions(command: Command): Map<string, Option> {
  const options = new Map<string, Option>();
  for (const option of command.options) {
    const name = option.long?.replace(/^--/, '');
    if (name && !NOT_IN_CONFIG.has(name) && !option.negate) options.set(name, option);
  }
  return options;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value a flag would hold had `raw` been typed after it. */
function parseValue(option: Option, raw: unknown, where: string): unknown {
  const takesValue = option.required || option.optional;
  if (!takesValue) {
    if (typeof raw !== 'boolean') throw new UserError(`${where}: expected true or false`);
    return raw;
  }
  const text = Array.isArray(raw)
    ? raw
        .map((item) => (typeof item === 'string' || typeof item === 'number' ? String(item) : '\u0000'))
        .join(',')
    : typeof raw === 'string' || typeof raw === 'number'
      ? String(raw)
      : undefined;
  if (text === undefined || text.includes('\u0000'))
    throw new UserError(`${where}: expected a value or a list of values, not ${describe(raw)}`);
  if (!option.parseArg) return text;
  try {
    return option.parseArg(text, undefined);
  } catch (error) {
    if (error instanceof InvalidArgumentError) throw new UserError(`${where}: ${errorMessage(error)}`);
    throw error;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'a mapping' : typeof value;
}

/** Which file to read: `--config`, else `aws-audit.config.yaml` in the working directory if present. */
export function configPath(io: CliIo, explicit: string | undefined): string | undefined {
  if (explicit !== undefined) return isAbsolute(explicit) ? explicit : join(io.cwd, explicit);
  const found = join(io.cwd, CONFIG_FILE);
  return existsSync(found) ? found : undefined;
}

/** Reads the file's mapping; a missing `--config` file, bad YAML or a non-mapping is exit 2. */
async function readConfig(file: string, shown: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read config ${shown}: ${describeFsError(error)}`);
  }
  // The YAML parser loads only when there is a config file (start-up, issue 18).
  const { parseDocument } = await import('yaml');
  const document = parseDocument(text);
  const [first] = document.errors;
  if (first) {
    const line = first.linePos?.[0]?.line;
    // The parser's first line, without its trailing " at line N, column M:" (said up front).
    const what = (first.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
    throw new UserError(`config ${shown}${line ? ` line ${line}` : ''}: not valid YAML: ${what}`);
  }
  const value: unknown = document.toJS();
  if (value === null || value === undefined) return {};
  if (!isRecord(value)) throw new UserError(`config ${shown}: expected a mapping of flag names to values`);
  return value;
}

/**
 * Applies the config file to `command`'s parsed options: each key sets its flag unless the flag
 * was given on the command line. Run from a `preAction` hook, before the command does anything.
 */
export async function applyConfigFile(io: CliIo, command: Command): Promise<string | undefined> {
  const explicit = command.getOptionValue('config') as string | undefined;
  const file = configPath(io, explicit);
  if (file === undefined) return undefined;
  const shown = explicit ?? CONFIG_FILE;
  const values = await readConfig(file, shown);
  const allowed = configurableOptions(command);
  for (const [key, raw] of Object.entries(values)) {
    const option = allowed.get(key);
    if (!option)
      throw new UserError(
        `config ${shown}: unknown key '${key}'; allowed: ${[...allowed.keys()].sort().join(', ')}`,
      );
    const name = option.attributeName();
    if (command.getOptionValueSource(name) === 'cli') continue;
    const value = parseValue(option, raw, `config ${shown}: ${key}`);
    const resolved = PATH_KEYS.has(key) && typeof value === 'string' ? resolve(dirname(file), value) : value;
    command.setOptionValueWithSource(name, resolved, 'config');
  }
  return shown;
}
