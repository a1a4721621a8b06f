// The Lambda and ECS reachability rules over the wire (issue 14): the demo account served by the
// fake AWS endpoint, collected by the real collectors and SDK clients, gives exactly the findings
// a scan of the demo snapshot gives; AccessDenied on each Lambda or ECS API makes only the rules
// (or, for the DynamoDB gateway rule, the subnets) that need what it lists unknown and leaves every
// other rule's findings identical.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ruleRegistry } from '../../rules/index.js';
import { evaluateSnapshot, type ScanResult } from '../../src/engine/scan.js';
import type { Finding } from '../../src/engine/types.js';
import type { FakeAws } from './index.js';
import { COLLECTED_AT, DEMO, liveScan, startDemoFake, verdicts } from '../reliability/support/fault-scan.js';

const WORKLOAD_RULES = ['lambda-function-vpc-service-reachable', 'ecs-service-private-image-pull'];

let fake: FakeAws;
let live: ScanResult;
let offline: ScanResult;

beforeAll(async () => {
  fake = await startDemoFake();
  live = await liveScan(fake);
  offline = evaluateSnapshot(DEMO, ruleRegistry, { kind: 'snapshot', file: 'demo' }, COLLECTED_AT);
}, 60_000);
afterAll(async () => {
  await fake.close();
});

const ofRule = (findings: readonly Finding[], ruleId: string) => findings.filter((f) => f.ruleId === ruleId);

describe('Lambda and ECS reachability through the local endpoint', () => {
  it.each(WORKLOAD_RULES)(
    '%s: the live scan gives the snapshot scan’s findings, path evidence included',
    (id) => {
      const mine = ofRule(live.findings, id);
      expect(live.coverage.collectionErrors).toEqual([]);
      // The demo passes and fails each rule once.
      expect(mine.map((f) => f.status).sort()).toEqual(['fail', 'pass']);
      expect(verdicts(mine)).toEqual(verdicts(ofRule(offline.findings, id)));
      const evidence = (findings: Finding[]) =>
        findings
          .map((f) => ({ id: f.resource.id, evidence: f.evidence.filter((e) => e.kind === 'path') }))
          .sort((a, b) => a.id.localeCompare(b.id));
      expect(evidence(mine)).toEqual(evidence(ofRule(offline.findings, id)));
      for (const f of mine) expect(f.evidence.some((e) => e.kind === 'path')).toBe(true);
    },
  );

  // The DynamoDB gateway rule counts functions and services as clients: an unread list leaves the
  // uncovered private subnets without a known client unknown (their "not applicable" pass depended
  // on it: subnet-0c33priv's only client is the function queue-worker); unread task definitions
  // touch only subnets where an awsvpc service runs, and in the demo those are covered or public.
  const DDB = 'vpc-private-subnet-dynamodb-gateway-endpoint';
  const UNCOVERED_WITHOUT_INSTANCE_CLIENT = ['subnet-0a11app2', 'subnet-0a11db02', 'subnet-0c33priv'];
  const UNCOVERED_WITHOUT_KNOWN_CLIENT = ['subnet-0a11app2', 'subnet-0a11db02'];
  it.each([
    ['lambda', 'ListFunctions', ['lambda-function-vpc-service-reachable'], UNCOVERED_WITHOUT_INSTANCE_CLIENT],
    ['ecs', 'ListClusters', ['ecs-service-private-image-pull'], UNCOVERED_WITHOUT_KNOWN_CLIENT],
    ['ecs', 'ListServices', ['ecs-service-private-image-pull'], UNCOVERED_WITHOUT_KNOWN_CLIENT],
    ['ecs', 'DescribeServices', ['ecs-service-private-image-pull'], UNCOVERED_WITHOUT_KNOWN_CLIENT],
    ['ecs', 'DescribeTaskDefinition', ['ecs-service-private-image-pull'], []],
  ])(
    '%s:%s denied → only %j turns unknown, and the DynamoDB gateway rule on %j; every other rule is identical',
    async (service, operation, affected, ddbUnknown) => {
      fake.setFaults([{ service, operation, kind: 'error' }]);
      let result: ScanResult;
      try {
        result = await liveScan(fake);
      } finally {
        fake.setFaults([]);
      }
      expect(result.coverage.complete).toBe(false);
      expect(new Set(result.coverage.collectionErrors.map((e) => e.operation))).toEqual(new Set([operation]));
      for (const rule of ruleRegistry) {
        const before = verdicts(ofRule(live.findings, rule.meta.id));
        const after = verdicts(ofRule(result.findings, rule.meta.id));
        if (rule.meta.id === DDB && ddbUnknown.length > 0) {
          const status = (findings: readonly Finding[]) =>
            Object.fromEntries(findings.map((f) => [f.resource.id, f.status]));
          const was = status(ofRule(live.findings, DDB));
          const expected = { ...was, ...Object.fromEntries(ddbUnknown.map((id) => [id, 'unknown'])) };
          expect(status(ofRule(result.findings, DDB))).toEqual(expected);
          // Those subnets had a verdict before: the denial is what made them unknown.
          for (const id of ddbUnknown) expect(was[id]).not.toBe('unknown');
          continue;
        }
        if (!affected.includes(rule.meta.id)) {
          expect([rule.meta.id, after]).toEqual([rule.meta.id, before]);
          continue;
        }
        // Each region that had a verdict now says unknown (per resource or for the whole region).
        expect(after.length).toBeGreaterThan(0);
        expect(after.every((f) => f.status === 'unknown')).toBe(true);
      }
    },
    60_000,
  );
});
