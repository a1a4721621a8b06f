// Preloaded with `node --import` by the start-up test: lists every module the process loaded in
// $AWS_AUDIT_LOADED_MODULES, one a line. ES modules (ours, commander's entry) are appended as they
// load by a loader hook (loaded-modules-hooks.mjs), as file:// URLs; on exit the CommonJS modules
// (require.cache: the AWS SDK and ajv are CommonJS) are appended as paths.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const target = process.env.AWS_AUDIT_LOADED_MODULES;
if (target) {
  register('./loaded-modules-hooks.mjs', import.meta.url);
  const cache = createRequire(import.meta.url).cache;
  process.on('exit', () => appendFileSync(target, `${Object.keys(cache).join('\n')}\n`));
}
