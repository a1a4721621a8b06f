// Step 1 of a single-account live run: read the account for the given kinds with the user's flags,
// showing progress. (A fan-out collects each account in src/collect/fan-out.ts; see ../org/.)
import type { ResourceKind, Snapshot } from '../../snapshot/types.js';
import type { CliIo } from '../io.js';
import { collectionFlags, credentialFlags, type LiveOptions } from '../live-options.js';
import { progressDisplayFor, terminalLog } from '../terminal-log.js';

export async function collectLive(
  io: CliIo,
  options: LiveOptions & { quiet?: boolean },
  kinds: readonly ResourceKind[],
): Promise<Snapshot> {
  // The collection layer (and with it the AWS SDK) loads when a live read starts, never for
  // --help, `rules` or a snapshot scan (start-up, issue 18).
  const { collectSnapshot } = await import('../../collect/collect-snapshot.js');
  const display = progressDisplayFor(io, options, {
    label: 'collecting',
    unit: 'region×kind',
    requests: true,
  });
  const snapshot = await collectSnapshot({
    kinds,
    ...collectionFlags(io, options),
    ...credentialFlags(options),
    log: terminalLog(io, options, display),
    ...(io.abortSignal ? { signal: io.abortSignal } : {}),
  }).then(
    (collected) => {
      display?.finish();
      return collected;
    },
    (error: unknown) => {
      display?.abandon();
      throw error;
    },
  );
  // Interrupted: the cancelled calls came back as failures; nothing of this run is evaluated or
  // written (program.ts turns the abort into exit 130 / 143).
  io.abortSignal?.throwIfAborted();
  return snapshot;
}
