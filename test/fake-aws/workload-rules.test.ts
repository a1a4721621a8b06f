// The Lambda and ECS reachability rules over the wire (issue 14): the demo account served by the
// fake AWS endpoint, collected by the real collectors and SDK clients, gives exactly the findings
// a scan of the demo snapshot gives; AccessDenied on each Lambda or ECS API makes only the rules
// that need what it lists unknown and leaves every other rule's findings identical.
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

  it.each([
    ['lambda', 'ListFunctions', ['lambda-function-vpc-service-reachable']],
    ['ecs', 'ListClusters', ['ecs-service-private-image-pull']],
    ['ecs', 'ListServices', ['ecs-service-private-image-pull']],
    ['ecs', 'DescribeServices', ['ecs-service-private-image-pull']],
    ['ecs', 'DescribeTaskDefinition', ['ecs-service-private-image-pull']],
  ])(
    '%s:%s denied → only %j turns unknown; every other rule is identical',
    async (service, operation, affected) => {
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
