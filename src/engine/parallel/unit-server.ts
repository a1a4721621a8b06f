// The body of an evaluation worker thread (pool.ts): it receives one account's data once and then
// scopes (the account's global rules, or one region) one at a time, runs the same code as the
// in-thread path (run.ts `evaluateAccountScope` / `evaluateRegionScope`) and posts the results.
// The engine's own entry (evaluate-worker.ts) posts findings whole; a streamed scan's entry
// (cli/scan-pipeline/stream-worker.ts) passes a renderer, and passes go back as report text.
import { parentPort, workerData } from 'node:worker_threads';
import { ruleRegistry } from '../../../rules/index.js';
import { AccountView } from '../../snapshot/view.js';
import { errorMessage } from '../../util/errors.js';
import { evaluateAccountScope, evaluateRegionScope, type Outcome } from '../run.js';
import type { Rule } from '../types.js';
import type { AccountSlice, FromWorker, ToWorker, UnitOutcome, WorkerSetup } from './protocol.js';
import type { PassRenderer, StreamedFinding } from './rendered-pass.js';
import { Utf8Builder } from '../../util/utf8-builder.js';

interface HeldAccount {
  view: AccountView;
  now: Date;
}

/**
 * One rule's outcome in a unit with its passes rendered: each pass's texts appended to its
 * format's buffer, the pass itself reduced to what the main thread reads and where its text ends.
 */
function renderedOutcome(
  render: PassRenderer,
  ruleIndex: number,
  { findings, errors }: Outcome,
): UnitOutcome {
  let builders: Utf8Builder[] | undefined;
  const items = findings.map((finding): StreamedFinding => {
    if (finding.status !== 'pass') return finding;
    const texts = render(ruleIndex, finding);
    const formats = (builders ??= texts.map(() => new Utf8Builder()));
    const { ruleId, severity, fingerprint, resource } = finding;
    return {
      ruleId,
      severity,
      fingerprint,
      accountId: resource.accountId,
      region: resource.region,
      ends: texts.map((text, format) => formats[format]!.append(text)),
    };
  });
  return {
    findings: items,
    errors,
    ...(builders && { rendered: builders.map((builder) => builder.take()) }),
  };
}

/** The rules `setup` names, from the registry, in its order. */
function rulesOf(setup: WorkerSetup): Rule[] {
  const byId = new Map(ruleRegistry.map((rule) => [rule.meta.id, rule]));
  return setup.ruleIds.map((id) => {
    const rule = byId.get(id);
    if (!rule) throw new Error(`rule ${id} is not in the registry`);
    return rule;
  });
}

/**
 * Serves units on this worker's port until the pool ends the thread. `renderer`, when given, is
 * made once from the rules and the setup's `render` options; each pass then goes back rendered.
 */
export function serveUnits(renderer?: (rules: readonly Rule[], render: unknown) => PassRenderer): void {
  const setup = workerData as WorkerSetup;
  const port = parentPort;
  if (!port) throw new Error('an evaluation worker runs only as a worker thread (engine/parallel/pool.ts)');
  const rules = rulesOf(setup);
  const render = renderer?.(rules, setup.render);
  /** Accounts this worker holds, without their regions (those come one unit at a time). */
  const accounts = new Map<number, HeldAccount>();

  const accountFor = (key: number, slice: AccountSlice | undefined): HeldAccount => {
    if (slice) {
      const held = { view: new AccountView(slice.data), now: new Date(slice.collectedAt) };
      accounts.set(key, held);
      return held;
    }
    const held = accounts.get(key);
    if (!held) throw new Error(`account ${key} was not sent to this worker`);
    return held;
  };

  const sent = (outcomes: Outcome[]): UnitOutcome[] =>
    render === undefined
      ? outcomes
      : outcomes.map((outcome, index) => renderedOutcome(render, index, outcome));

  port.on('message', (message: ToWorker) => {
    if (message.type === 'forget') {
      accounts.delete(message.accountKey);
      return;
    }
    let reply: FromWorker;
    try {
      const { view: account, now } = accountFor(message.accountKey, message.account);
      const outcomes: Outcome[] = rules.map(() => ({ findings: [], errors: [] }));
      let evaluated = 0;
      const progress = { planned: () => undefined, evaluated: () => void evaluated++ };
      if (message.region) evaluateRegionScope(account, message.region, rules, now, outcomes, progress);
      else evaluateAccountScope(account, rules, now, outcomes, progress);
      reply = { type: 'done', unitId: message.unitId, outcomes: sent(outcomes), evaluated };
    } catch (error) {
      reply = { type: 'failed', unitId: message.unitId, message: errorMessage(error) };
    }
    // The rendered text's buffers move to the main thread instead of being copied.
    const transfer =
      reply.type === 'done'
        ? reply.outcomes.flatMap((outcome) =>
            (outcome.rendered ?? []).map((bytes) => bytes.buffer as ArrayBuffer),
          )
        : [];
    port.postMessage(reply, transfer);
  });
}
