// Collecting one account: identity, regions in parallel, IAM once. Each kind is run by its
// collector; a failure is classified, recorded with service/operation/region and the kinds it
// left incomplete, and never stops the other kinds, regions or the account.
import type { STSClient } from '@aws-sdk/client-sts';
import type {
  AccountSnapshot,
  CollectionError,
  GlobalKind,
  GlobalSnapshot,
  RegionAvailability,
  RegionSnapshot,
  RegionalKind,
  ResourceKind,
} from '../snapshot/types.js';
import {
  CallFailure,
  operationName,
  type Collector,
  type GlobalCollector,
  type RegionalCollector,
} from './collector.js';
import {
  createEc2Client,
  createGlobalClients,
  createRegionClients,
  createStsClient,
  type ClientSettings,
} from './clients.js';
import { REGIONAL_COLLECTORS, globalCollectors } from './collectors/index.js';
import type { IamUsersOptions } from './collectors/iam.js';
import { getCallerIdentity } from './caller-identity.js';
import { CredentialError, describeCredentialSources } from './credentials.js';
import { classifyError, type ClassifyContext } from './error-classifier.js';
import type { CollectionPlan } from './plan.js';
import { resolveRegions, type RegionTarget } from './regions.js';
import type { AccountContext, CollectLog, RegionContext } from './types.js';
import { blankGlobal, blankRegion } from '../snapshot/blank.js';

export interface CollectAccountOptions {
  clients: ClientSettings;
  /** Where STS and DescribeRegions are called. */
  homeRegion: string;
  /** Explicit regions; default: every enabled region. */
  regions?: readonly string[];
  plan: CollectionPlan;
  skipUserData: boolean;
  perResourceConcurrency: number;
  log: CollectLog;
  /** For error messages: what the credentials are (profile, role). */
  credentialSources?: { profile?: string; roleArn?: string };
  iam?: IamUsersOptions;
}

export interface CallerIdentity extends AccountContext {
  arn: string;
  userId?: string;
}

const CREDENTIAL_CODES = new Set([
  'CredentialsProviderError',
  'ProviderError',
  'TokenProviderError',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'ExpiredToken',
  'ExpiredTokenException',
  'RequestExpired',
  'AccessDenied', // AssumeRole refused
]);

/** STS GetCallerIdentity: needs no permission (aws-facts §6.3), so failure means the credentials. */
export async function callerIdentity(
  sts: STSClient,
  sources: CollectAccountOptions['credentialSources'] = {},
): Promise<CallerIdentity> {
  try {
    return await getCallerIdentity(sts);
  } catch (error) {
    const { code, message, category } = classifyError(error);
    const tried = describeCredentialSources(sources);
    if (CREDENTIAL_CODES.has(code) || category === 'expired-credentials' || category === 'access-denied') {
      throw new CredentialError(`no usable AWS credentials (tried ${tried}): ${message}`);
    }
    throw new CredentialError(
      `cannot confirm the AWS identity with sts:GetCallerIdentity (${code}: ${message}; credentials from ${tried})`,
    );
  }
}

/** Kinds in the plan that (transitively) depend on `kind`: a failure leaves them incomplete too. */
function dependentsOf(
  kind: ResourceKind,
  planned: readonly ResourceKind[],
  collectorOf: (k: ResourceKind) => Collector,
): ResourceKind[] {
  const out: ResourceKind[] = [];
  for (const other of planned) {
    if (other === kind) continue;
    const deps = collectorOf(other).dependsOn;
    if (deps.includes(kind) || deps.some((d) => out.includes(d))) out.push(other);
  }
  return out;
}

/** Turns failures into errors; per-resource failures of one (operation, code) are folded into one. */
function errorsFrom(
  failures: readonly CallFailure[],
  region: string,
  kinds: ResourceKind[],
  classify: ClassifyContext,
): CollectionError[] {
  const grouped = new Map<
    string,
    { first: CallFailure; count: number; classified: ReturnType<typeof classifyError> }
  >();
  for (const failure of failures) {
    const classified = classifyError(failure.cause, classify);
    const key = `${failure.operation}\u0000${classified.code}`;
    const entry = grouped.get(key);
    if (entry) entry.count += 1;
    else grouped.set(key, { first: failure, count: 1, classified });
  }
  return [...grouped.values()].map(({ first, count, classified }) => ({
    service: first.service,
    operation: first.operation,
    region,
    category: classified.category,
    code: classified.code,
    message: count > 1 ? `${classified.message} (and ${count - 1} more resources)` : classified.message,
    kinds,
    ...(first.resourceId ? { resourceId: first.resourceId } : {}),
  }));
}

function asFailure(error: unknown, collector: Collector): CallFailure {
  if (error instanceof CallFailure) return error;
  return new CallFailure(collector.service, collector.operations[0] ?? 'Unknown', error);
}

interface KindRunner<K extends ResourceKind, C extends Collector> {
  kinds: readonly K[];
  collectorOf: (kind: K) => C;
  run: (collector: C, recordFailures: (failures: readonly CallFailure[]) => void) => Promise<number>;
  state: Partial<Record<K, 'collected' | 'failed' | 'skipped'>>;
  skip?: (kind: K) => boolean;
  errors: CollectionError[];
  region: string;
  classify: ClassifyContext;
  onDone: (kind: K, count: number, state: 'collected' | 'failed' | 'skipped') => void;
}

/** The planned kinds in an order that runs dependencies first; throws on a cycle. */
function dependencyOrder<K extends ResourceKind>(
  kinds: readonly K[],
  collectorOf: (kind: K) => Collector,
): K[] {
  const pending = new Set(kinds);
  const order: K[] = [];
  while (pending.size > 0) {
    const ready = [...pending].filter((kind) =>
      collectorOf(kind).dependsOn.every((dep) => !pending.has(dep as K)),
    );
    if (ready.length === 0) throw new Error(`dependency cycle among ${[...pending].join(', ')}`);
    for (const kind of ready) pending.delete(kind);
    order.push(...ready);
  }
  return order;
}

/**
 * Runs every kind concurrently, each as soon as the kinds it depends on are done — not in whole
 * waves: a kind never waits for an unrelated slower one (VPC attributes start when the VPCs are
 * read, not when ECS's three-call chain ends), so a scope takes its longest dependency chain.
 */
async function runKinds<K extends ResourceKind, C extends Collector>(
  runner: KindRunner<K, C>,
): Promise<void> {
  const collectorOf = runner.collectorOf as unknown as (k: ResourceKind) => Collector;
  const runOne = async (kind: K): Promise<void> => {
    const collector = runner.collectorOf(kind);
    if (runner.skip?.(kind)) {
      runner.state[kind] = 'skipped';
      runner.onDone(kind, 0, 'skipped');
      return;
    }
    // A kind whose input failed cannot be trusted; the input's error already names it.
    if (collector.dependsOn.some((dep) => runner.state[dep as K] === 'failed')) {
      runner.state[kind] = 'failed';
      runner.onDone(kind, 0, 'failed');
      return;
    }
    const affected = [kind, ...dependentsOf(kind, runner.kinds, collectorOf)];
    let partial = false;
    try {
      const count = await runner.run(collector, (failures) => {
        if (failures.length === 0) return;
        partial = true;
        // The kind is then `failed`, and so is every kind that depends on it: name them all.
        runner.errors.push(...errorsFrom(failures, runner.region, affected, runner.classify));
      });
      runner.state[kind] = partial ? 'failed' : 'collected';
      runner.onDone(kind, count, partial ? 'failed' : 'collected');
    } catch (error) {
      runner.state[kind] = 'failed';
      runner.errors.push(
        ...errorsFrom([asFailure(error, collector)], runner.region, affected, runner.classify),
      );
      runner.onDone(kind, 0, 'failed');
    }
  };
  const planned = new Set(runner.kinds);
  const finished = new Map<K, Promise<void>>();
  // Dependencies first, so each kind finds its inputs' promises already made.
  for (const kind of dependencyOrder(runner.kinds, runner.collectorOf)) {
    const inputs = runner
      .collectorOf(kind)
      .dependsOn.filter((dep): dep is K => planned.has(dep as K))
      .flatMap((dep) => finished.get(dep) ?? []);
    finished.set(
      kind,
      Promise.all(inputs).then(() => runOne(kind)),
    );
  }
  await Promise.all(finished.values());
}

/** A region where every call failed for the same reason is unavailable, not just incomplete. */
function availabilityFrom(
  attempted: number,
  failed: number,
  errors: readonly CollectionError[],
): RegionAvailability {
  if (attempted === 0 || failed < attempted || errors.length === 0) return 'enabled';
  if (errors.every((e) => e.category === 'opt-in-required')) return 'not-opted-in';
  if (errors.every((e) => e.category === 'network' || e.category === 'timeout')) return 'unreachable';
  return 'enabled';
}

export async function collectRegion(
  target: RegionTarget,
  account: AccountContext,
  options: CollectAccountOptions,
): Promise<{ region: RegionSnapshot; errors: CollectionError[] }> {
  const context: RegionContext = { ...account, region: target.region };
  if (target.optIn === 'not-opted-in') {
    options.log.note(`${target.region}: not enabled for this account, skipped`);
    return { region: blankRegion(target.region, 'not-opted-in'), errors: [] };
  }
  const region = blankRegion(target.region);
  const clients = createRegionClients(target.region, options.clients);
  const errors: CollectionError[] = [];
  const classify: ClassifyContext = { regionMayBeDisabled: target.optIn === 'unknown' };
  const kinds = options.plan.regional;
  await runKinds<RegionalKind, RegionalCollector>({
    kinds,
    collectorOf: (kind) => REGIONAL_COLLECTORS[kind],
    state: region.collection,
    skip: (kind) => kind === 'instanceUserData' && options.skipUserData,
    errors,
    region: target.region,
    classify,
    run: (collector, recordFailures) =>
      collector.collect({
        clients,
        context,
        region,
        options: {
          skipUserData: options.skipUserData,
          perResourceConcurrency: options.perResourceConcurrency,
        },
        log: options.log,
        recordFailures,
      }),
    onDone: (kind, count, state) =>
      options.log.progress({
        region: target.region,
        service: REGIONAL_COLLECTORS[kind].service,
        kind,
        count,
        state,
      }),
  });
  const attempted = kinds.filter((k) => region.collection[k] !== 'skipped').length;
  const failed = kinds.filter((k) => region.collection[k] === 'failed').length;
  region.availability = availabilityFrom(attempted, failed, errors);
  if (region.availability === 'not-opted-in') {
    // Recorded as not enabled, which coverage lists apart from gaps; the errors stay as evidence.
    options.log.note(
      `${target.region}: not enabled for this account (${errors[0]?.code ?? 'opt-in required'})`,
    );
  } else if (region.availability === 'unreachable') {
    options.log.note(`${target.region}: unreachable (${errors[0]?.code ?? 'network'})`);
  }
  return { region, errors };
}

export async function collectGlobal(
  account: AccountContext,
  options: CollectAccountOptions,
): Promise<{ global: GlobalSnapshot; errors: CollectionError[] }> {
  const global = blankGlobal();
  const errors: CollectionError[] = [];
  if (options.plan.global.length === 0) return { global, errors };
  const clients = createGlobalClients(account.partition, options.homeRegion, options.clients);
  const collectors = globalCollectors(options.iam ?? {});
  const context: RegionContext = { ...account, region: 'global' };
  await runKinds<GlobalKind, GlobalCollector>({
    kinds: options.plan.global,
    collectorOf: (kind) => collectors[kind],
    state: global.collection,
    errors,
    region: 'global',
    classify: {},
    run: (collector, recordFailures) =>
      collector.collect({ clients, context, global, account, log: options.log, recordFailures }),
    onDone: (kind, count, state) =>
      options.log.progress({ region: 'global', service: 'iam', kind, count, state }),
  });
  return { global, errors };
}

/** Reads one account: the programmatic entry point Organizations fan-out builds on. */
export async function collectAccount(options: CollectAccountOptions): Promise<AccountSnapshot> {
  const sts = createStsClient(options.homeRegion, options.clients);
  const identity = await callerIdentity(sts, options.credentialSources);
  const account: AccountContext = { accountId: identity.accountId, partition: identity.partition };
  const home: RegionContext = { ...account, region: options.homeRegion };
  // IAM needs only the account id and partition, so it starts now, alongside DescribeRegions rather
  // than after it: one round trip off its chain (bench/critical-path.ts). IAM reports each global
  // kind once; every read region each planned regional kind once (collected, failed or skipped).
  options.log.planned?.(options.plan.global.length);
  const global = collectGlobal(account, options);
  // Handled here so a failure while the regions are still being listed is not an unhandled
  // rejection; `await global` below still sees it.
  global.catch(() => undefined);
  let targets: RegionTarget[];
  try {
    targets = await resolveRegions(
      createEc2Client(options.homeRegion, options.clients),
      options.regions,
      home,
      options.log,
    );
  } catch (error) {
    // No calls of this account outlive its result: IAM's are finished before the error is thrown.
    await global.catch(() => undefined);
    throw error;
  }
  const readRegions = targets.filter((target) => target.optIn !== 'not-opted-in').length;
  options.log.planned?.(readRegions * options.plan.regional.length);
  const [regionResults, globalResult] = await Promise.all([
    Promise.all(targets.map((target) => collectRegion(target, account, options))),
    global,
  ]);
  return {
    accountId: account.accountId,
    partition: account.partition,
    identity: { arn: identity.arn, ...(identity.userId ? { userId: identity.userId } : {}) },
    regions: regionResults.map((r) => r.region),
    global: globalResult.global,
    errors: [...regionResults.flatMap((r) => r.errors), ...globalResult.errors],
  };
}

export { operationName };
