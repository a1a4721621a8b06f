// Closing the endpoint ends the answers still waiting out a `delay` fault: a delayed call whose
// client is gone (a killed CLI, a timed-out SDK call) must not keep the process alive for the rest
// of its delay. Run in a child Node, whose exit is the thing tested (a leaked timer kept Jest's
// worker alive after its last test: "A worker process has failed to exit gracefully").
import { access, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runBuiltScript, tempDir } from '../support/cli.js';

const BUILT_FAKE = join(process.cwd(), 'dist/test/fake-aws/index.js');

const DEMO = join(process.cwd(), 'examples/demo-account.json');

/** Starts the endpoint with a 10-minute delay on DescribeVpcs, sends one, closes `waitMs` after it arrived, and ends. */
const script = (waitMs: number): string => `
import { readFileSync } from 'node:fs';
import { startFakeAws } from ${JSON.stringify(pathToFileURL(BUILT_FAKE).href)};
const fake = await startFakeAws({
  accounts: [{ snapshot: JSON.parse(readFileSync(${JSON.stringify(DEMO)}, 'utf8')).accounts[0] }],
  faults: [{ service: 'ec2', operation: 'DescribeVpcs', kind: 'delay', delayMs: 600000 }],
});
const call = fetch(fake.url, {
  method: 'POST',
  headers: {
    authorization: 'AWS4-HMAC-SHA256 Credential=AKIAFAKEAWSTESTKEY01/20261207/us-east-1/ec2/aws4_request, SignedHeaders=host, Signature=0',
    'content-type': 'application/x-www-form-urlencoded',
  },
  body: 'Action=DescribeVpcs&Version=2016-11-15',
}).then(() => 'answered', () => 'connection closed');
while (fake.stats().firstArrivalAt === undefined) await new Promise((r) => setTimeout(r, 10));
await new Promise((r) => setTimeout(r, ${waitMs}));
await fake.close();
process.stdout.write(await call);
`;

beforeAll(async () => {
  await access(BUILT_FAKE).catch(() => {
    throw new Error(`${BUILT_FAKE} is missing: run \`npm run build\` (npm test does it first)`);
  });
});

// 0 ms: closed before the handler reaches its delay; 300 ms: closed while the delay runs.
it.each([0, 300])('closing %i ms after a delayed call arrived ends the process', async (waitMs) => {
  const dir = await tempDir('aws-audit-fake-close-');
  const file = join(dir, 'close.mjs');
  await writeFile(file, script(waitMs));
  // The limit only turns a hang into a failure: an ended process takes well under a second.
  const run = await runBuiltScript(file, [], {}, { timeoutMs: 30_000 });
  expect(run).toMatchObject({ code: 0, stdout: 'connection closed', stderr: '' });
});
