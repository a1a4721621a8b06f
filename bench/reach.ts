// `aws-audit reach --to <db>` on the `large` account (issue 15: under 1 s once the snapshot is
// loaded). The snapshot is written to a file and read back as the CLI reads it, so "load" is the
// CLI's own parse and validation; the query is then timed cold (first run) and warm (median).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runReachQuery } from '../src/analysis/reach-query/index.js';
import { readSnapshotFile, writeSnapshotFile } from '../src/snapshot/io.js';
import { SnapshotView } from '../src/snapshot/view.js';
import { generateSnapshot } from './generate.js';
import type { ReachTask, ReachBenchResult } from './tasks.js';

export async function reachTask(task: ReachTask): Promise<ReachBenchResult> {
  const dir = await mkdtemp(join(tmpdir(), 'aws-audit-reach-'));
  try {
    const file = join(dir, 'large.json');
    await writeSnapshotFile(file, generateSnapshot('large', task.seed));
    const loadStart = performance.now();
    const view = new SnapshotView(await readSnapshotFile(file));
    const loadMs = performance.now() - loadStart;
    const region = view.accounts[0]?.regions[0];
    const db = region?.data.dbInstances[0];
    if (!region || !db) throw new Error('the large account has no DB instance');
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < task.repeats; i++) {
      const start = performance.now();
      const answer = runReachQuery(view, { to: db.arn, whyNot: true });
      times.push(performance.now() - start);
      if ('error' in answer) throw new Error(answer.error);
      rows = answer.rows.length;
    }
    const sorted = [...times].sort((a, b) => a - b);
    return {
      task: 'reach',
      db: db.id,
      region: region.region,
      workloads:
        region.data.instances.filter((i) => i.state === 'running').length +
        region.data.lambdaFunctions.length +
        region.data.ecsServices.length,
      rows,
      loadMs,
      firstMs: times[0] ?? 0,
      medianMs: sorted[Math.floor(sorted.length / 2)] ?? 0,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
