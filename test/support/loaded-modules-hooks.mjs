// Module-loader hooks (node:module `register`) of loaded-modules.mjs: appends the URL of each module
// as it loads to $AWS_AUDIT_LOADED_MODULES. Hooks run before the module is evaluated, so every
// line is written before the process can exit.
import { appendFileSync } from 'node:fs';

const target = process.env.AWS_AUDIT_LOADED_MODULES;

export async function load(url, context, nextLoad) {
  if (target) appendFileSync(target, `${url}\n`);
  return nextLoad(url, context);
}
