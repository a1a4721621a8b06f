// Preloaded with `node --import` by the start-up test: on exit, writes every CommonJS module the
// process loaded (require.cache; the AWS SDK and ajv are CommonJS) to $AWS_AUDIT_LOADED_MODULES.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const cache = createRequire(import.meta.url).cache;
process.on('exit', () => {
  const target = process.env.AWS_AUDIT_LOADED_MODULES;
  if (target) writeFileSync(target, Object.keys(cache).join('\n'));
});
