// What `aws-audit reach` does (commands/reach.ts declares its flags): check the flag combination,
// load the data (a snapshot, or a live read of just the network and workload kinds), ask the rules'
// path engine (src/analysis/reach-query) and print the answer (src/report/reach-table.ts or JSON,
// schemas/reach.schema.json).
import { REACH_KINDS, runReachQuery, type ReachRequest } from '../../analysis/reach-query/index.js';
import { renderReachTable } from '../../report/reach-table.js';
import { readSnapshotFile } from '../../snapshot/io.js';
import { SnapshotView } from '../../snapshot/view.js';
import { UserError } from '../../util/errors.js';
import { terminalWidth, useColor, type CliIo } from '../io.js';
import { rejectLiveFlags, type LiveOptions } from '../live-options.js';
import { collectLive } from '../scan-pipeline/collect-live.js';

export interface ReachOptions extends LiveOptions {
  snapshot?: string;
  from?: string;
  to?: string;
  port?: number;
  service?: string[];
  whyNot?: boolean;
  json?: boolean;
  quiet?: boolean;
}

/** The flag combinations that make a question (README "Reachability queries"); the rest is exit 2. */
export function checkReachFlags(options: ReachOptions): ReachRequest {
  const { from, to } = options;
  if (from === undefined && to === undefined) throw new UserError('reach needs --from, --to, or both');
  if (options.service && to !== undefined)
    throw new UserError('--service lists AWS services for --from alone; with --to, give --port');
  if (options.port !== undefined && to === undefined) throw new UserError('--port needs --to');
  if (options.whyNot && from !== undefined)
    throw new UserError('--why-not is for --to alone: --from already lists every path, reachable or not');
  const request: ReachRequest = { whyNot: options.whyNot === true };
  if (from !== undefined) request.from = from;
  if (to !== undefined) request.to = to;
  if (options.port !== undefined) request.port = options.port;
  if (options.service) request.services = [...new Set(options.service)];
  return request;
}

export async function runReach(io: CliIo, options: ReachOptions): Promise<void> {
  const request = checkReachFlags(options);
  let snapshot;
  if (options.snapshot !== undefined) {
    rejectLiveFlags(options, '--snapshot');
    snapshot = await readSnapshotFile(options.snapshot);
  } else {
    // Only the network and workload kinds: a few describe calls per region, no IAM, no rules.
    snapshot = await collectLive(io, options, REACH_KINDS);
  }
  const answer = runReachQuery(new SnapshotView(snapshot), request);
  if ('error' in answer) throw new UserError(answer.error);
  io.stdout(
    options.json
      ? `${JSON.stringify(answer, null, 2)}\n`
      : renderReachTable(answer, { color: useColor(io, io.stdoutIsTty), width: terminalWidth(io) }),
  );
}
