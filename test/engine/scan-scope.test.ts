// What a scan was asked to cover (engine/scan-scope.ts): a narrowed scan must never pass for a
// full one (issue 21, defect 1), and naming every rule of the pack is not a narrowing.
import { ruleRegistry } from '../../rules/index.js';
import { fullScope, requestedScope } from '../../src/engine/scan-scope.js';

const pack = ruleRegistry;
const everyId = pack.map((rule) => rule.meta.id);

describe('requestedScope', () => {
  it('no --region and no --rules: the full scope', () => {
    expect(requestedScope(undefined, undefined, pack)).toEqual({
      full: true,
      regions: 'all',
      rules: 'all',
      rulesInPack: pack.length,
    });
    expect(requestedScope(undefined, undefined, pack)).toEqual(fullScope(pack));
  });

  it('--region narrows, recorded sorted and without repeats', () => {
    expect(requestedScope(['us-east-1', 'eu-west-1', 'us-east-1'], undefined, pack)).toMatchObject({
      full: false,
      regions: ['eu-west-1', 'us-east-1'],
      rules: 'all',
    });
  });

  it('--rules narrows to the rules named', () => {
    expect(requestedScope(undefined, [everyId[1]!, everyId[0]!], pack)).toMatchObject({
      full: false,
      regions: 'all',
      rules: [everyId[0], everyId[1]].sort(),
    });
  });

  it('--rules naming every rule of the pack is the whole pack', () => {
    expect(requestedScope(undefined, [...everyId].reverse(), pack)).toEqual(fullScope(pack));
  });
});
