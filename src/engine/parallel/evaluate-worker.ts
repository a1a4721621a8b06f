// A worker thread of the evaluation pool (pool.ts): it receives one account's data once and then
// scopes (the account's global rules, or one region) one at a time, runs the same code as the
// in-thread path (run.ts `evaluateAccountScope` / `evaluateRegionScope`) and posts the findings.
import { parentPort, workerData } from 'node:worker_threads';
import { ruleRegistry } from '../../../rules/index.js';
import { AccountView } from '../../snapshot/view.js';
import { errorMessage } from '../../util/errors.js';
import { evaluateAccountScope, evaluateRegionScope, type Outcome } from '../run.js';
import type { Rule } from '../types.js';
import type { AccountSlice, FromWorker, ToWorker, WorkerSetup } from './protocol.js';

const setup = workerData as WorkerSetup;
const port = parentPort;
if (!port) throw new Error('evaluate-worker.ts runs only as a worker thread (engine/parallel/pool.ts)');

const byId = new Map(ruleRegistry.map((rule) => [rule.meta.id, rule]));
const rules: Rule[] = setup.ruleIds.map((id) => {
  const rule = byId.get(id);
  if (!rule) throw new Error(`rule ${id} is not in the registry`);
  return rule;
});

interface HeldAccount {
  view: AccountView;
  now: Date;
}

/** Accounts this worker holds, without their regions (those come one unit at a time). */
const accounts = new Map<number, HeldAccount>();

function accountFor(key: number, slice: AccountSlice | undefined): HeldAccount {
  if (slice) {
    const held = { view: new AccountView(slice.data), now: new Date(slice.collectedAt) };
    accounts.set(key, held);
    return held;
  }
  const held = accounts.get(key);
  if (!held) throw new Error(`account ${key} was not sent to this worker`);
  return held;
}

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
    reply = { type: 'done', unitId: message.unitId, outcomes, evaluated };
  } catch (error) {
    reply = { type: 'failed', unitId: message.unitId, message: errorMessage(error) };
  }
  port.postMessage(reply);
});
