import { WORKLOAD_OBJECTS, buildBallast, scavengeProbe } from '../../bench/scavenge-probe.js';

const MIB = 1024 * 1024;

describe('the scavenge probe', () => {
  it('builds large-array ballast as 8 MB arrays until the heap has grown by the size asked', () => {
    const before = process.memoryUsage().heapUsed;
    const ballast = buildBallast('large-arrays', 32);
    expect(process.memoryUsage().heapUsed - before).toBeGreaterThanOrEqual(32 * MIB);
    expect(ballast.length).toBeGreaterThanOrEqual(4);
    expect(ballast.every((array) => array.length === 1_000_000)).toBe(true);
  });

  it('builds small-object ballast as chunks of 100,000 small objects', () => {
    const ballast = buildBallast('small-objects', 16);
    expect(ballast.length).toBeGreaterThanOrEqual(1);
    expect(ballast.every((chunk) => chunk.length === 100_000)).toBe(true);
    expect(ballast[0]?.[1]).toEqual({ id: 1, name: 'r-1', tags: [1] });
  });

  it('counts the young-generation collections of its workload', async () => {
    const result = await scavengeProbe('small-objects', 0);
    expect(result).toMatchObject({
      task: 'scavenge',
      layout: 'small-objects',
      oldGenMiB: 0,
      ballastParts: 0,
    });
    expect(result.allocated).toBe(WORKLOAD_OBJECTS);
    // A gigabyte of allocation cannot pass through a young generation of at most 32 MB without
    // collecting it: dozens of scavenges, each timed.
    expect(result.scavenges).toBeGreaterThan(10);
    expect(result.scavengeMs).toBeGreaterThan(0);
  });
});
