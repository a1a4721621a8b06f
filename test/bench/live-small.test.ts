// The live-small row's bound and verdict (bench/live-small.ts): the start-up term is the scan's own
// time to its first request, `--version` is printed beside it only for comparison, and the target
// needs both the wall time and the ratio.
import { describe, expect, it } from '@jest/globals';
import { liveSmallBounds, liveSmallRows, type LiveSmallResult } from '../../bench/live-small.js';

function result(scanMs: number[], firstRequestMs: number[], versionMs: number[]): LiveSmallResult {
  return {
    scanMs,
    firstRequestMs,
    versionMs,
    exitCodes: scanMs.map(() => 3),
    requests: scanMs.map(() => 77),
    htmlErrors: scanMs.map(() => 8),
    stats: { requests: 77, throttled: 0, errors: 8, dropped: 0, byOperation: [], serverCpuMs: 0 },
    rounds: 5,
    wavesRounds: 6,
    path: 'GetCallerIdentity 1 → DescribeRegions 1 → us-east-1: instances 1 → launchTemplates 2',
    resources: 134,
  };
}

describe('liveSmallBounds', () => {
  it('adds the median time to first request, and apart the median --version, to rounds × 40 ms', () => {
    const bounds = liveSmallBounds(result([1000, 1100, 1200], [900, 600, 700], [300, 250, 280]));
    expect(bounds).toEqual({
      network: 200,
      firstRequest: 700,
      version: 280,
      byFirstRequest: 900,
      byVersion: 480,
    });
  });
});

describe('liveSmallRows', () => {
  const verdictOf = (r: LiveSmallResult): string => liveSmallRows(r)[0]!.verdict;

  it('judges the ratio against the time-to-first-request bound, not --version', () => {
    // Wall 1.2 s: ×1.33 of 200 + 700 ms (met), ×2.50 of 200 + 280 ms (would miss).
    const met = result([1200], [700], [280]);
    expect(verdictOf(met)).not.toMatch(/miss/i);
    expect(liveSmallRows(met)[0]!.result).toContain('bound (time to first request) 900 ms: ×1.33');
    expect(liveSmallRows(met)[0]!.result).toContain('×2.50');
  });

  it('misses when the ratio is over ×1.5, or the wall time over 1.5 s whatever the ratio', () => {
    expect(verdictOf(result([1400], [600], [280]))).toMatch(/miss/i); // ×1.75 of 800 ms
    expect(verdictOf(result([1600], [1200], [280]))).toMatch(/miss/i); // ×1.14, but 1.6 s
  });
});
