// `aws-audit reach`: reachability questions on a snapshot (or a live read of just the network and
// workload kinds), answered by the rules' path engine. This file declares the flags; the query
// runs in ../actions/reach.ts, loaded when the command runs.
import { Command, InvalidArgumentError, Option } from 'commander';
import type { ReachOptions } from '../actions/reach.js';
import type { CliIo } from '../io.js';
import { withLiveOptions } from '../live-options.js';
import { parseList } from '../options.js';

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^[0-9]+$/.test(value) || port < 1 || port > 65535)
    throw new InvalidArgumentError('expected a port number from 1 to 65535.');
  return port;
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
      const { runReach } = await import('../actions/reach.js');
      await runReach(io, options);
    });
}
