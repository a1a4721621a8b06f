// `aws-audit reach`: reachability questions on a snapshot (or a live read of just the network and
// workload kinds), answered by the rules' path engine — src/analysis/reach-query. This file only
// checks the flag combination, loads the data, and prints the answer (src/report/reach-table.ts or
// JSON, schemas/reach.schema.json).
import { Command, InvalidArgumentError, Option } from 'commander';
import type { ReachRequest } from '../../analysis/reach-query/index.js';
import { readSnapshotFile } from '../../snapshot/io.js';
import { SnapshotView } from '../../snapshot/view.js';
import { UserError } from '../../util/errors.js';
import { terminalWidth, useColor, type CliIo } from '../io.js';
import { rejectLiveFlags, withLiveOptions, type LiveOptions } from '../live-options.js';
import { parseList } from '../options.js';
import { collectLive } from '../scan-pipeline/collect-live.js';

interface ReachOptions extends LiveOptions {
  snapshot?: string;
  from?: string;
  to?: string;
  port?: number;
  service?: string[];
  whyNot?: boolean;
  json?: boolean;
  quiet?: boolean;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^[0-9]+$/.test(value) || port < 1 || port > 65535)
    throw new InvalidArgumentError('expected a port number from 1 to 65535.');
  return port;
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

export function reachCommand(io: CliIo): Command {
  return withLiveOptions(new Command('reach'))
    .description(
      'answer reachability questions with the rules’ path engine: what a workload reaches, or who reaches a database, instance or endpoint',
    )
    .option('--snapshot <file>', 'query a saved snapshot (default: read the network of the live account)')
    .option(
      '--from <resource>',
      'source: instance id or Name, Lambda function name or ARN, ECS service ARN or name, Instance Connect Endpoint id (with --to)',
    )
    .option('--to <resource>', 'target: DB instance id or ARN, instance id or Name, interface endpoint id')
    .addOption(
      new Option('--port <n>', 'with --to: the port to check (default: the target’s own)').argParser(
        parsePort,
      ),
    )
    .option(
      '--service <names>',
      'with --from alone: AWS services to check (default: every one known)',
      parseList,
    )
    .option(
      '--why-not',
      'with --to alone: also list the sources that cannot reach, with the first broken hop',
    )
    .option('--json', 'print the answer as JSON (schemas/reach.schema.json)')
    .option('-q, --quiet', 'no progress on stderr during a live read')
    .action(async (options: ReachOptions) => {
      const request = checkReachFlags(options);
      // The path engine and the table load when a query runs, never for --help or other
      // commands (start-up, issue 18).
      const { runReachQuery, REACH_KINDS } = await import('../../analysis/reach-query/index.js');
      const { renderReachTable } = await import('../../report/reach-table.js');
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
    });
}
