// What the `live-small` benchmark (bench/live-small.ts, issue 18 item 2) asks of the endpoint: serve
// the demo snapshot file as it is on disk (examples/demo-account.json, every region of it), and
// answer chosen operations — and only those — with an HTML 500 page, with the configured latency.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DescribeVpcsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { GetServiceSettingCommand, SSMClient } from '@aws-sdk/client-ssm';
import { readSnapshotFile } from '../../src/snapshot/io.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { fakeAccountFromSnapshot, startFakeAws, type FakeAws } from './index.js';
import { clientConfig } from './helpers.js';

const LATENCY_MS = 40;
let demo: Snapshot;
let fake: FakeAws;
beforeAll(async () => {
  demo = await readSnapshotFile('examples/demo-account.json');
  fake = await startFakeAws({
    accounts: [fakeAccountFromSnapshot(demo.accounts[0]!)],
    latencyMs: LATENCY_MS,
    faults: [
      { service: 'ssm', operation: 'DescribeInstanceInformation', kind: 'html-error', status: 500 },
      { service: 'ecs', operation: 'ListClusters', kind: 'html-error', status: 500 },
    ],
  });
});
afterAll(() => fake.close());

/** One request as a JSON-protocol SDK sends it (the endpoint reads the SigV4 scope, not the signature). */
function jsonCall(service: string, target: string, region = 'us-east-1', body = '{}'): Promise<Response> {
  return fetch(fake.url, {
    method: 'POST',
    headers: {
      authorization: `AWS4-HMAC-SHA256 Credential=AKIAFAKEAWSTESTKEY01/20261207/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`,
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': target,
    },
    body,
  });
}

describe('the demo snapshot file on the endpoint, two APIs answering HTML 500', () => {
  it('serves every region of the file', async () => {
    for (const region of demo.accounts[0]!.regions) {
      const ec2 = new EC2Client(clientConfig(fake, { region: region.region }));
      try {
        const vpcs = await ec2.send(new DescribeVpcsCommand({}));
        expect((vpcs.Vpcs ?? []).map((v) => v.VpcId).sort()).toEqual(region.vpcs.map((v) => v.id).sort());
      } finally {
        ec2.destroy();
      }
    }
  });

  it.each([
    ['ssm', 'AmazonSSM.DescribeInstanceInformation'],
    ['ecs', 'AmazonEC2ContainerServiceV20141113.ListClusters'],
  ])('%s %s answers an HTML page with status 500, in every region', async (service, target) => {
    for (const region of ['us-east-1', 'eu-west-1']) {
      const response = await jsonCall(service, target, region);
      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      const body = await response.text();
      expect(body).toMatch(/^<!DOCTYPE html>/);
      expect(body).not.toContain('__type');
    }
    const last = fake.requests.at(-1)!;
    expect(last).toMatchObject({ service, status: 500, fault: 'html-error' });
    expect(last.durationMs).toBeGreaterThanOrEqual(LATENCY_MS - 1);
  });

  it('answers the other operations of the same services normally', async () => {
    const cluster = demo.accounts[0]!.regions[0]!.ecsServices[0]!.clusterArn;
    const response = await jsonCall(
      'ecs',
      'AmazonEC2ContainerServiceV20141113.ListServices',
      'us-east-1',
      JSON.stringify({ cluster }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).not.toMatch(/html/);
    const ssm = new SSMClient(clientConfig(fake));
    try {
      const setting = await ssm.send(
        new GetServiceSettingCommand({
          SettingId: '/ssm/managed-instance/default-ec2-instance-management-role',
        }),
      );
      expect(setting.ServiceSetting?.SettingId).toBeDefined();
    } finally {
      ssm.destroy();
    }
  });
});
