// `npm run fake-aws`: serves the demo account (examples/demo-account.json) on a local AWS-format
// endpoint (test/fake-aws) so a live scan can be tried without an AWS account. Prints the
// environment and the exact command to run in another terminal; stops on Ctrl-C.
import { fakeAccountFromSnapshot, startFakeAws } from '../test/fake-aws/index.js';
import { readSnapshotFile } from '../src/snapshot/io.js';

const SNAPSHOT = process.argv[2] ?? 'examples/demo-account.json';

const snapshot = await readSnapshotFile(SNAPSHOT);
const fake = await startFakeAws({
  accounts: snapshot.accounts.map((account) => fakeAccountFromSnapshot(account)),
});
const regions = [
  ...new Set(snapshot.accounts.flatMap((account) => account.regions.map((region) => region.region))),
].join(',');

process.stdout.write(
  [
    `fake-aws: serving ${SNAPSHOT} (account ${snapshot.accounts.map((a) => a.accountId).join(', ')}) at ${fake.url}`,
    '',
    'In another terminal, from this checkout (after `npm run build`):',
    '',
    `  export AWS_ENDPOINT_URL=${fake.url}`,
    '  export AWS_ACCESS_KEY_ID=fake AWS_SECRET_ACCESS_KEY=fake AWS_REGION=us-east-1',
    `  node dist/src/cli/main.js scan --region ${regions} --out-dir reports/fake-aws`,
    '',
    'Any key works: the endpoint accepts every key as the demo account. Ctrl-C stops it.',
    '',
  ].join('\n'),
);

const stop = (): void => {
  void fake.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
