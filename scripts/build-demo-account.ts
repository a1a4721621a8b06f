// Writes examples/demo-account.json from scripts/demo-account.ts (`npm run demo:build`).
import { writeFile } from 'node:fs/promises';
import { buildDemoSnapshot } from './demo-account.js';
import { parseSnapshot } from '../src/snapshot/io.js';

const target = process.argv[2] ?? 'examples/demo-account.json';
const snapshot = parseSnapshot(buildDemoSnapshot(), 'demo-account (generated)');
await writeFile(target, `${JSON.stringify(snapshot, null, 2)}\n`);
console.log(`wrote ${target}`);
