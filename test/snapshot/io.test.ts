import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSnapshot, readSnapshotFile, writeSnapshotFile } from '../../src/snapshot/io.js';
import { UserError } from '../../src/util/errors.js';
import { buildDemoSnapshot } from '../../scripts/demo-account.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'aws-audit-io-'));
});

async function expectUserError(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await expect(promise).rejects.toThrow(UserError);
  await expect(promise).rejects.toThrow(pattern);
}

describe('snapshot loading', () => {
  it('round-trips a snapshot through an owner-only file', async () => {
    const path = join(dir, 'demo.json');
    await writeSnapshotFile(path, buildDemoSnapshot());
    expect(await readSnapshotFile(path)).toEqual(buildDemoSnapshot());
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('names a missing file', async () => {
    await expectUserError(
      readSnapshotFile(join(dir, 'missing.json')),
      /cannot read snapshot .*missing\.json: no such file/,
    );
  });

  it('names a truncated file', async () => {
    const path = join(dir, 'truncated.json');
    const text = JSON.stringify(buildDemoSnapshot());
    await writeFile(path, text.slice(0, text.length / 2));
    await expectUserError(readSnapshotFile(path), /truncated\.json is not valid JSON .*truncated/);
  });

  it('reads a snapshot larger than its window as it reads it whole, with the same errors', async () => {
    // What a file past 16 MiB gets: walked from the descriptor through a window (here 256 bytes).
    const walked = { wholeFileLimit: 0, windowBytes: 256 };
    const path = join(dir, 'walked.json');
    await writeSnapshotFile(path, buildDemoSnapshot());
    expect(await readSnapshotFile(path, walked)).toEqual(buildDemoSnapshot());

    const text = await readFile(path, 'utf8');
    const cut = join(dir, 'cut.json');
    await writeFile(cut, text.slice(0, text.length / 2));
    await expectUserError(
      readSnapshotFile(cut, walked),
      /^snapshot .*cut\.json is not valid JSON \(Unexpected end of JSON input\); is the file truncated\?$/,
    );

    const at = text.indexOf('"vpcs"');
    const broken = join(dir, 'broken.json');
    await writeFile(broken, `${text.slice(0, at)}]${text.slice(at)}`);
    await expectUserError(
      readSnapshotFile(broken, walked),
      new RegExp(
        `^snapshot .*broken\\.json is not valid JSON \\(Expected a property name at byte ${Buffer.byteLength(text.slice(0, at))}\\)`,
      ),
    );

    const future = join(dir, 'future-walked.json');
    await writeFile(future, JSON.stringify({ ...buildDemoSnapshot(), schemaVersion: 7 }));
    await expectUserError(
      readSnapshotFile(future, walked),
      /future-walked\.json: schemaVersion 7 is not supported/,
    );
  });

  it('writes exactly JSON.stringify(snapshot, null, 2), piece by piece', async () => {
    const path = join(dir, 'pieces.json');
    await writeSnapshotFile(path, buildDemoSnapshot());
    expect(await readFile(path, 'utf8')).toBe(`${JSON.stringify(buildDemoSnapshot(), null, 2)}\n`);
  });

  it('names an unsupported schemaVersion', async () => {
    const path = join(dir, 'future.json');
    await writeFile(path, JSON.stringify({ ...buildDemoSnapshot(), schemaVersion: 7 }));
    await expectUserError(
      readSnapshotFile(path),
      /future\.json: schemaVersion 7 is not supported; this aws-audit reads schemaVersion 1/,
    );
  });

  it('names the offending path of a schema violation', () => {
    const snapshot = buildDemoSnapshot() as unknown as {
      accounts: { regions: { vpcs: { cidrBlocks: unknown }[] }[] }[];
    };
    snapshot.accounts[0]!.regions[1]!.vpcs[0]!.cidrBlocks = '172.31.0.0/16';
    expect(() => parseSnapshot(snapshot, 'bad.json')).toThrow(
      'snapshot bad.json: /accounts/0/regions/1/vpcs/0/cidrBlocks: must be array',
    );
  });

  it('names an unexpected property', () => {
    const snapshot = buildDemoSnapshot() as unknown as { accounts: { regions: Record<string, unknown>[] }[] };
    snapshot.accounts[0]!.regions[0]!.buckets = [];
    expect(() => parseSnapshot(snapshot, 'bad.json')).toThrow(
      /\/accounts\/0\/regions\/0: must NOT have additional properties \(buckets\)/,
    );
  });

  it('names an empty IAM name (a constraint carried by a JSDoc tag on the types)', () => {
    const snapshot = buildDemoSnapshot();
    snapshot.accounts[0]!.global.roles[0]!.name = '';
    expect(() => parseSnapshot(snapshot, 'bad.json')).toThrow(
      'snapshot bad.json: /accounts/0/global/roles/0/name: must NOT have fewer than 1 characters',
    );
  });

  it('names a collection state for a kind that does not exist', () => {
    const snapshot = buildDemoSnapshot();
    (snapshot.accounts[0]!.regions[0]!.collection as Record<string, string>).buckets = 'collected';
    expect(() => parseSnapshot(snapshot, 'bad.json')).toThrow(
      'snapshot bad.json: /accounts/0/regions/0/collection: must NOT have additional properties (buckets)',
    );
  });

  it('names an unknown kind in a collection error, with the kinds allowed', () => {
    const snapshot = buildDemoSnapshot();
    snapshot.accounts[0]!.errors.push({
      service: 'ec2',
      operation: 'DescribeBuckets',
      region: 'us-east-1',
      category: 'access-denied',
      code: 'AccessDenied',
      message: 'denied',
      kinds: ['buckets' as 'vpcs'],
    });
    expect(() => parseSnapshot(snapshot, 'bad.json')).toThrow(
      /\/accounts\/0\/errors\/\d+\/kinds\/0: must be equal to one of the allowed values \(vpcs, vpcAttributes, .*iamPolicies\)/,
    );
  });

  it('loads a region that lacks a list and its collection state (an older snapshot) with the list empty', () => {
    const snapshot = buildDemoSnapshot() as unknown as { accounts: { regions: Record<string, unknown>[] }[] };
    const region = snapshot.accounts[0]!.regions[0]!;
    delete region.prefixLists;
    delete (region.collection as Record<string, unknown>).prefixLists;
    const loaded = parseSnapshot(snapshot, 'old.json');
    expect(loaded.accounts[0]!.regions[0]!.prefixLists).toEqual([]);
    expect(loaded.accounts[0]!.regions[0]!.collection.prefixLists).toBeUndefined();
  });

  it('still rejects a region that lacks a list its collection state says was collected', () => {
    const snapshot = buildDemoSnapshot() as unknown as { accounts: { regions: Record<string, unknown>[] }[] };
    delete snapshot.accounts[0]!.regions[0]!.prefixLists;
    expect(() => parseSnapshot(snapshot, 'bad.json')).toThrow(
      "snapshot bad.json: /accounts/0/regions/0: must have required property 'prefixLists'",
    );
  });

  it('rejects a document that is not an object', () => {
    expect(() => parseSnapshot([1, 2], 'list.json')).toThrow(
      'snapshot list.json: the document must be a JSON object',
    );
  });

  it('does not change the demo file on disk when reading it', async () => {
    const before = await readFile('examples/demo-account.json', 'utf8');
    await readSnapshotFile('examples/demo-account.json');
    expect(await readFile('examples/demo-account.json', 'utf8')).toBe(before);
  });
});
