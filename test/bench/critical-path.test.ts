// The critical-path model behind the live-small bench (bench/critical-path.ts): chains follow the
// collectors' `dependsOn`, faults cost the malformed-response attempts and silence the dependents.
import { describe, expect, it } from '@jest/globals';
import { REGIONAL_ROUNDS, defaultRounds, scanChain } from '../../bench/critical-path.js';
import { buildDemoSnapshot } from '../../scripts/demo-account.js';
import { REGIONAL_COLLECTORS } from '../../src/collect/collectors/index.js';
import { MALFORMED_MAX_ATTEMPTS } from '../../src/collect/retry-policy.js';
import type { AccountSnapshot, ResourceKind } from '../../src/snapshot/types.js';

const DEMO = buildDemoSnapshot().accounts[0]!;

describe('scanChain', () => {
  it('follows a dependency: VPC attributes come one round after the VPC pages', () => {
    // The demo's first region with 2,500 VPCs.
    const first = DEMO.regions[0]!;
    const vpcs = Array.from({ length: 2500 }, (_, n) => ({ ...first.vpcs[0]!, id: `vpc-${n}` }));
    const account: AccountSnapshot = { ...DEMO, regions: [{ ...first, vpcs }] };
    const kinds: ResourceKind[] = ['vpcs', 'vpcAttributes', 'subnets'];
    // GetCallerIdentity, 3 pages of 1,000 VPCs, then all attribute calls at once.
    expect(scanChain(account, kinds, { describeRegions: false })).toMatchObject({
      rounds: 1 + 3 + 1,
      path: 'GetCallerIdentity 1 → us-east-1: vpcs 3 → vpcAttributes 1',
    });
    expect(scanChain(account, kinds, { describeRegions: true }).rounds).toBe(1 + 1 + 3 + 1);
  });

  it('counts ECS as ListClusters → ListServices → DescribeServices → task definitions on the demo', () => {
    const kinds: ResourceKind[] = ['ecsServices', 'ecsTaskDefinitions', 'vpcs'];
    const chain = scanChain(DEMO, kinds, { describeRegions: true });
    expect(chain.path).toBe(
      'GetCallerIdentity 1 → DescribeRegions 1 → us-east-1: ecsServices 3 → ecsTaskDefinitions 1',
    );
    expect(chain.rounds).toBe(6);
    // In whole waves the same kinds cost no more here (vpcs shares the first wave).
    expect(chain.wavesRounds).toBe(6);
  });

  it('an HTML 500 on a kind’s first call costs its attempts and leaves its dependents uncalled', () => {
    const kinds: ResourceKind[] = ['ecsServices', 'ecsTaskDefinitions'];
    const chain = scanChain(DEMO, kinds, { describeRegions: false, faulted: new Set(['ListClusters']) });
    expect(chain.rounds).toBe(1 + MALFORMED_MAX_ATTEMPTS);
    expect(chain.path).toBe(`GetCallerIdentity 1 → us-east-1: ecsServices ${MALFORMED_MAX_ATTEMPTS}`);
    // Without the fault: 3 calls, then the task definitions.
    expect(scanChain(DEMO, kinds, { describeRegions: false }).rounds).toBe(1 + 3 + 1);
  });

  it('refuses a fault it does not model (not a kind’s first call)', () => {
    expect(() =>
      scanChain(DEMO, ['ecsServices'], { describeRegions: false, faulted: new Set(['DescribeServices']) }),
    ).toThrow(/not modelled/);
  });

  it('shows the waves schedule costing more when a slow kind shares a wave with a dependency', () => {
    // Waves: [vpcs 1, ecsServices 3] then [vpcAttributes 1] = 4; by dependency: max(1 + 1, 3) = 3.
    const chain = scanChain(DEMO, ['vpcs', 'vpcAttributes', 'ecsServices'], { describeRegions: false });
    expect(chain.rounds).toBe(1 + 3);
    expect(chain.wavesRounds).toBe(1 + 4);
  });

  it('counts an empty sweep as one call, and block public access as options then exclusions', () => {
    const empty = { ...DEMO.regions[0]!, vpcs: [] };
    expect(defaultRounds('vpcs', empty)).toBe(1);
    expect(REGIONAL_ROUNDS.vpcBlockPublicAccess?.(empty)).toBe(2);
  });

  it('models every collector that is more than one sweep with no inputs', () => {
    const unmodelled = Object.values(REGIONAL_COLLECTORS).filter(
      (c) => REGIONAL_ROUNDS[c.kind] === undefined && (c.operations.length > 1 || c.dependsOn.length > 0),
    );
    expect(unmodelled.map((c) => c.kind)).toEqual([]);
  });

  it('computes the whole pack on the demo', () => {
    const all = Object.keys(REGIONAL_COLLECTORS) as ResourceKind[];
    expect(scanChain(DEMO, all, { describeRegions: true }).rounds).toBeGreaterThanOrEqual(6);
  });
});
